// CSV input (RFC 4180 with a header row), streamed through csv-parse. Fields come out as bytes
// so that invalid UTF-8 is one rejected record, not a silently mangled one. Line numbers are
// counted here from byte offsets, because a quoted field may hold newlines (and csv-parse
// counts \r\n inside quotes twice).
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { LineIndex } from './source.js';
import { BOM, InputError, MAX_RECORD_BYTES, type ReadItem } from './types.js';
import { english } from '../i18n/issues.js';

/** Columns whose digits become numbers (zod then checks them). */
const NUMERIC = new Set(['id', 'position', 'per_page', 'version']);

interface CsvInfo {
  bytes: number;
}
interface CsvRow {
  record: Array<Buffer | string>;
  info: CsvInfo;
}

function cellText(v: Buffer | string): string | undefined {
  if (typeof v === 'string') return v;
  return isUtf8(v) ? v.toString('utf8') : undefined;
}

const CSV_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: english('issue.csvQuoteNotClosed'),
  CSV_INVALID_CLOSING_QUOTE: english('issue.csvClosingQuote'),
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: english('issue.csvAfterQuote'),
  CSV_MAX_RECORD_SIZE: english('issue.csvRecordSize', { mb: MAX_RECORD_BYTES / 1024 / 1024 }),
  INVALID_OPENING_QUOTE: english('issue.csvOpeningQuote'),
};

/** A row as a record: empty cells are absent, tags split on ";", images from JSON or columns. */
export function csvRecord(header: string[], cells: string[]): { record: Record<string, unknown>; issues: Array<{ field: string; message: string }> } {
  const record: Record<string, unknown> = {};
  const issues: Array<{ field: string; message: string }> = [];
  let image: { src?: string; caption?: string; alt?: string } | undefined;
  header.forEach((name, i) => {
    const raw = cells[i] ?? '';
    if (raw.trim() === '') return;
    switch (name) {
      case 'tags':
        record.tags = raw
          .split(';')
          .map((t) => t.trim())
          .filter((t) => t !== '');
        return;
      case 'images':
        try {
          record.images = JSON.parse(raw) as unknown;
        } catch {
          issues.push({ field: 'images', message: english('issue.csvImages') });
        }
        return;
      case 'image':
        (image ??= {}).src = raw.trim();
        return;
      case 'caption':
      case 'alt':
        (image ??= {})[name] = raw;
        return;
      default:
        record[name] = NUMERIC.has(name) && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    }
  });
  if (image) {
    if (image.src === undefined) issues.push({ field: 'image', message: english('issue.csvImageRequired') });
    else if (record.images !== undefined) issues.push({ field: 'image', message: english('issue.csvImagesBoth') });
    else record.images = [image];
  }
  return { record, issues };
}

export async function* readCsv(chunks: AsyncIterable<Buffer>): AsyncGenerator<ReadItem> {
  const { parse, CsvError } = await import('csv-parse');
  const index = new LineIndex();
  let first = true;
  const feed = Readable.from(
    (async function* () {
      for await (let chunk of chunks) {
        if (first) {
          first = false;
          if (chunk.subarray(0, 3).equals(BOM)) chunk = chunk.subarray(3);
        }
        index.add(chunk);
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  const parser = parse({
    info: true,
    encoding: null,
    bom: false,
    relax_column_count: true,
    // In characters; one endless quoted field cannot exhaust memory.
    max_record_size: MAX_RECORD_BYTES,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  feed.on('error', (err) => parser.destroy(err));
  feed.pipe(parser);

  // Rows are queued as csv-parse emits them (pausing it when the queue is full), so the rows
  // before a syntax error are all seen before the error is.
  const queue: CsvRow[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  parser.on('data', (row: CsvRow) => {
    queue.push(row);
    if (queue.length >= 512) parser.pause();
    wake?.();
  });
  parser.on('error', (err) => {
    failure = err;
    wake?.();
  });
  parser.on('end', () => {
    ended = true;
    wake?.();
  });
  async function* rows(): AsyncGenerator<CsvRow> {
    for (;;) {
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
      if (failure !== undefined) throw failure;
      if (ended) return;
      parser.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (queue.length > 0 || failure !== undefined || ended) resolve();
      });
      wake = undefined;
    }
  }

  let header: string[] | undefined;
  let headerLine = 0;
  let prevEnd = 0; // where the next record starts
  let records = 0;
  try {
    for await (const row of rows()) {
      const line = index.lineAt(prevEnd);
      prevEnd = row.info.bytes;
      const cells: string[] = [];
      let badUtf8 = false;
      for (const v of row.record) {
        const t = cellText(v);
        if (t === undefined) badUtf8 = true;
        cells.push(t ?? '');
      }
      if (cells.every((c) => c.trim() === '')) continue; // blank line
      if (!header) {
        if (badUtf8) throw new InputError(line, english('issue.csvHeaderUtf8'));
        header = cells.map((c) => c.trim().toLowerCase());
        headerLine = line;
        const seen = new Set<string>();
        for (const h of header) {
          if (h === '') throw new InputError(line, english('issue.csvEmptyColumn'));
          if (seen.has(h)) throw new InputError(line, english('issue.csvColumnTwice', { column: h }));
          seen.add(h);
        }
        continue;
      }
      records++;
      if (badUtf8) {
        yield { line, errors: [{ field: '', message: english('issue.notUtf8') }] };
        continue;
      }
      if (cells.length !== header.length) {
        yield {
          line,
          errors: [{ field: '', message: english('issue.csvFieldCount', { count: cells.length, header: header.length }) }],
          raw: JSON.stringify(cells),
        };
        continue;
      }
      const { record, issues } = csvRecord(header, cells);
      if (issues.length) {
        yield { line, errors: issues, raw: JSON.stringify(record) };
        continue;
      }
      yield { line, record };
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Every syntax error of csv-parse is a CsvError; not all their codes start with CSV_
    // (INVALID_OPENING_QUOTE does not).
    const e = err as { code?: string; message?: string };
    if (err instanceof CsvError && e.code !== undefined) {
      throw new InputError(index.lineAt(prevEnd), english('issue.invalidCsv', { reason: CSV_MESSAGES[e.code] ?? e.message ?? e.code }));
    }
    throw err;
  } finally {
    feed.destroy();
    parser.destroy();
  }
  if (header && records === 0) throw new InputError(headerLine, english('issue.csvNoRecords'));
}
