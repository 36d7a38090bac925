// JSON input: an array of records, or a full newsdesk export document. Streamed: a byte-level
// scanner finds where each record starts and ends (tracking strings and nesting), and only one
// record at a time is parsed, so a large document needs no more memory than its largest record
// and every record knows the line it starts on.
import { parseJsonRecord } from './ndjson.js';
import { BOM, InputError, MAX_RECORD_BYTES, recordTooLarge, type ReadItem, type RecordKind } from './types.js';
import { english } from '../i18n/issues.js';

/** The lists of a full export and the kind of record each holds. */
const DOC_LISTS: Record<string, RecordKind> = { sections: 'section', links: 'link', media: 'media', articles: 'article', trash: 'trashed', revisions: 'revision' };
const isDocList = (key: string): boolean => Object.hasOwn(DOC_LISTS, key);
export const EXPORT_FORMAT = 'newsdesk';
export const EXPORT_VERSION = 1;

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d, COMMA = 0x2c, COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

type Event =
  | { type: 'element'; list: string | null; line: number; bytes: Buffer }
  | { type: 'value'; key: string; line: number; bytes: Buffer }
  | { type: 'stray'; line: number; message: string };

interface Span {
  kind: 'element' | 'value' | 'key';
  line: number;
  parts: Buffer[];
  len: number;
  start: number; // in the current chunk
}

class Scanner {
  line = 1;
  private depth = 0;
  private inStr = false;
  private esc = false;
  top: 'none' | 'array' | 'object' | 'closed' = 'none';
  /** The input is an object (an export document), not an array. */
  isDocument = false;
  private state: 'key' | 'colon' | 'value' | 'after' = 'key';
  private key = '';
  private list: string | null = null; // the export list we are inside (elements at depth 2)
  private span: Span | null = null;
  private first = true;

  private startSpan(kind: Span['kind'], i: number): void {
    this.span = { kind, line: this.line, parts: [], len: 0, start: i };
  }

  private endSpan(buf: Buffer, end: number): Buffer {
    const s = this.span!;
    this.span = null;
    const tail = buf.subarray(s.start, end);
    if (s.parts.length === 0) return tail;
    s.parts.push(tail);
    return Buffer.concat(s.parts, s.len + tail.length);
  }

  /** Where spans (records, document values) begin and end. */
  private get spanDepth(): number {
    return this.list !== null ? 2 : 1;
  }

  scan(input: Buffer, out: Event[]): void {
    let buf = input;
    if (this.first) {
      this.first = false;
      if (buf.subarray(0, 3).equals(BOM)) buf = buf.subarray(3);
    }
    if (this.span) this.span.start = 0;
    const n = buf.length;
    for (let i = 0; i < n; i++) {
      const c = buf[i]!;
      if (c === 0x0a) this.line++;
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === BACKSLASH) this.esc = true;
        else if (c === QUOTE) {
          this.inStr = false;
          if (this.span?.kind === 'key') {
            const bytes = this.endSpan(buf, i + 1);
            try {
              this.key = JSON.parse(bytes.toString('utf8')) as string;
            } catch {
              throw new InputError(this.line, english('issue.jsonBadName'));
            }
            this.state = 'colon';
          }
        }
        continue;
      }
      if (isSpace(c)) continue;

      if (this.top === 'none') {
        if (c === LBRACKET) this.top = 'array';
        else if (c === LBRACE) {
          this.top = 'object';
          this.isDocument = true;
        }
        else throw new InputError(this.line, english('issue.jsonExpected'));
        this.depth = 1;
        continue;
      }
      if (this.top === 'closed') throw new InputError(this.line, english('issue.jsonMoreText'));

      const atSpanDepth = this.depth === this.spanDepth;
      // A separator or a closing bracket at span depth ends the record or value in progress.
      if (this.span && atSpanDepth && (c === COMMA || c === RBRACKET || c === RBRACE)) {
        const kind = this.span.kind;
        const line = this.span.line;
        const bytes = this.endSpan(buf, i);
        if (kind === 'element') out.push({ type: 'element', list: this.list, line, bytes });
        else {
          out.push({ type: 'value', key: this.key, line, bytes });
          this.state = c === COMMA ? 'key' : 'after';
        }
      } else if (atSpanDepth && !this.span) {
        this.notInSpan(c, i, out);
        if (c !== RBRACKET && c !== RBRACE) continue;
      }

      if (c === LBRACE || c === LBRACKET) this.depth++;
      else if (c === RBRACE || c === RBRACKET) {
        this.depth--;
        if (this.depth === 0) {
          if (this.top === 'object' && (this.state === 'colon' || this.state === 'value')) {
            throw new InputError(this.line, english('issue.jsonNoValue'));
          }
          this.top = 'closed';
        } else if (this.depth === 1 && this.list !== null) {
          this.list = null;
          this.state = 'after';
        }
      } else if (c === QUOTE) this.inStr = true;
    }
    if (this.span) {
      this.span.parts.push(buf.subarray(this.span.start));
      this.span.len += n - this.span.start;
      if (this.span.len > MAX_RECORD_BYTES) throw recordTooLarge(this.span.line);
    }
  }

  /** A byte at span depth with no span open: the start of one, a separator, or a field name. */
  private notInSpan(c: number, i: number, out: Event[]): void {
    if (this.top === 'array' || this.list !== null) {
      if (c === COMMA) out.push({ type: 'stray', line: this.line, message: english('issue.jsonEmptyElement') });
      else if (c !== RBRACKET && c !== RBRACE) {
        this.startSpan('element', i);
        if (c === QUOTE) this.inStr = true;
        else if (c === LBRACE || c === LBRACKET) this.depth++;
      }
      return;
    }
    // The top-level object of an export document.
    switch (this.state) {
      case 'key':
        if (c === QUOTE) {
          this.startSpan('key', i);
          this.inStr = true;
          return;
        }
        if (c === RBRACE) return;
        throw new InputError(this.line, english('issue.jsonFieldName'));
      case 'colon':
        if (c === COLON) {
          this.state = 'value';
          return;
        }
        throw new InputError(this.line, english('issue.jsonColon', { key: String(this.key) }));
      case 'after':
        if (c === COMMA) {
          this.state = 'key';
          return;
        }
        if (c === RBRACE) return;
        throw new InputError(this.line, english('issue.jsonBetween'));
      case 'value':
        if (c === COMMA || c === RBRACE || c === RBRACKET) throw new InputError(this.line, english('issue.jsonKeyNoValue', { key: String(this.key) }));
        if (c === LBRACKET && isDocList(this.key)) {
          this.list = this.key;
          this.depth++;
          return;
        }
        this.startSpan('value', i);
        if (c === QUOTE) this.inStr = true;
        else if (c === LBRACE || c === LBRACKET) this.depth++;
        return;
    }
  }

  finish(): void {
    if (this.top === 'none' || this.top === 'closed') return;
    throw new InputError(this.span?.line ?? this.line, english('issue.jsonEndsEarly'));
  }
}

function docValue(key: string, bytes: Buffer, line: number, seen: Set<string>): ReadItem | undefined {
  const parsed = parseJsonValue(bytes);
  if (!parsed.ok) return { line, errors: [{ field: key, message: parsed.message }] };
  const v = parsed.value;
  switch (key) {
    case 'format':
      if (v !== EXPORT_FORMAT) throw new InputError(line, english('issue.notExport', { value: JSON.stringify(v) }));
      seen.add(key);
      return undefined;
    case 'version':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(line, english('issue.versionNumber'));
      if (v > EXPORT_VERSION) throw new InputError(line, english('issue.exportNewer', { version: v, latest: EXPORT_VERSION }));
      return undefined;
    case 'exported_at':
      return undefined;
    case 'site':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return { line, errors: [{ field: 'site', message: english('issue.jsonObject') }] };
      return { line, record: v, kind: 'site' };
    default:
      if (isDocList(key)) return { line, errors: [{ field: key, message: english('issue.mustBeList') }] };
      return { line, errors: [{ field: key, message: english('issue.notExportField') }] };
  }
}

function parseJsonValue(bytes: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false, message: english('issue.invalidJson') };
  }
}

export async function* readJson(chunks: AsyncIterable<Buffer>): AsyncGenerator<ReadItem> {
  const scanner = new Scanner();
  const seen = new Set<string>();
  const out: Event[] = [];
  for await (const chunk of chunks) {
    scanner.scan(chunk, out);
    for (const e of out) {
      if (e.type === 'stray') yield { line: e.line, errors: [{ field: '', message: e.message }] };
      else if (e.type === 'element') {
        const item = parseJsonRecord(e.bytes, e.line);
        if (e.list !== null && 'record' in item) yield { ...item, kind: DOC_LISTS[e.list]! };
        else yield item;
      } else {
        const item = docValue(e.key, e.bytes, e.line, seen);
        if (item) yield item;
      }
    }
    out.length = 0;
  }
  scanner.finish();
  if (scanner.isDocument && !seen.has('format')) {
    throw new InputError(1, english('issue.objectMustBeExport'));
  }
}
