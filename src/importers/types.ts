// Types shared by the readers and the pipeline: what a reader yields, and how it fails.
import type { FieldIssue } from '../core/errors.js';
import { english } from '../i18n/issues.js';

export type Format = 'json' | 'ndjson' | 'csv' | 'wxr' | 'rss' | 'atom';
export const FORMATS: readonly Format[] = ['json', 'ndjson', 'csv', 'wxr', 'rss', 'atom'];

/** The kinds of record an input may carry; a full export carries all of them. */
export type RecordKind = 'site' | 'section' | 'link' | 'media' | 'article' | 'trashed' | 'revision';

/** `--type`: what untyped records (no "type" field, not inside a full export) are. */
export type ImportType = 'articles' | 'sections' | 'links';
export const IMPORT_TYPES: readonly ImportType[] = ['articles', 'sections', 'links'];

/**
 * One record of the input with the line where it starts, or a piece of the input that could
 * not be parsed (reading goes on after it). `kind` is set when the input says what it is
 * (a key of a full export document).
 */
export type ReadItem =
  | { line: number; record: unknown; kind?: RecordKind }
  | { line: number; errors: FieldIssue[]; raw?: unknown };

/** The input cannot be read any further (an unclosed quote, truncated JSON, …). */
export class InputError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'InputError';
    this.line = line;
  }
}

/** A reader turns the bytes of an input into records, streaming. */
export type Reader = (chunks: AsyncIterable<Buffer>) => AsyncIterable<ReadItem>;

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The largest record a reader gathers: a 5 MB body, or a 20 MB image as base64 in a full
 * export, with room to spare. Past it the input is refused, so that one endless line cannot
 * exhaust memory (the rest of the input stays streamed).
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export function recordTooLarge(line: number): InputError {
  return new InputError(line, english('issue.recordTooLarge', { mb: MAX_RECORD_BYTES / 1024 / 1024 }));
}

/** Where V8 says a JSON.parse error is, turned into "line L, column C" of the text. */
export function describeJsonError(err: unknown, text: string, firstLine: number): { line: number; message: string } {
  const raw = err instanceof Error ? err.message : String(err);
  const m = /at position (\d+)/.exec(raw);
  let line = firstLine;
  let column = 0;
  if (m) {
    const pos = Math.min(Number(m[1]), text.length);
    let col = 1;
    for (let i = 0; i < pos; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    column = col;
  }
  // V8's wording without the position, which we give as a column instead.
  const what = raw
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*at position \d+.*$/s, '')
    .replace(/^JSON\.parse:?\s*/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
  // V8's wording of what is wrong stays as V8 says it.
  return { line, message: column > 0 ? english('issue.invalidJsonAt', { what: what || 'syntax error', column }) : english('issue.invalidJsonWhat', { what: what || 'syntax error' }) };
}
