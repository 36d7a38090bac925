// NDJSON: one JSON object a line, streamed. Lines are split on the newline byte (which never
// occurs inside a UTF-8 sequence), so each line is checked and decoded on its own: a bad line
// is one rejected record and reading goes on. Blank lines are skipped.
import { isUtf8 } from 'node:buffer';
import { BOM, describeJsonError, MAX_RECORD_BYTES, recordTooLarge, type ReadItem } from './types.js';
import { english } from '../i18n/issues.js';
import { utf8Text } from './utf8-text.js';

export function parseJsonRecord(bytes: Buffer, line: number): ReadItem {
  if (!isUtf8(bytes)) {
    return { line, errors: [{ field: '', message: english('issue.notUtf8') }], raw: bytes.toString('utf8').slice(0, 2000) };
  }
  const text = utf8Text(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const d = describeJsonError(err, text, line);
    return { line: d.line, errors: [{ field: '', message: d.message }], raw: text.slice(0, 2000) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { line, errors: [{ field: '', message: english('issue.jsonObjectBraces') }], raw: text.slice(0, 2000) };
  }
  return { line, record: value };
}

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

export async function* readNdjson(chunks: AsyncIterable<Buffer>): AsyncGenerator<ReadItem> {
  // A line longer than a chunk is gathered in parts and joined once, not re-copied per chunk.
  let parts: Buffer[] = [];
  let partsLen = 0;
  let line = 0;
  let first = true;

  const finish = (bytes: Buffer): ReadItem | undefined => {
    line++;
    let b = bytes;
    if (first) {
      first = false;
      if (b.subarray(0, 3).equals(BOM)) b = b.subarray(3);
    }
    if (b.length > 0 && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    if (isBlank(b)) return undefined;
    return parseJsonRecord(b, line);
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      let bytes = chunk.subarray(start, nl);
      if (partsLen > 0) {
        parts.push(bytes);
        bytes = Buffer.concat(parts, partsLen + bytes.length);
        parts = [];
        partsLen = 0;
      }
      const item = finish(bytes);
      if (item) yield item;
      start = nl + 1;
    }
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      partsLen += chunk.length - start;
      if (partsLen > MAX_RECORD_BYTES) throw recordTooLarge(line + 1);
    }
  }
  if (partsLen > 0) {
    const item = finish(Buffer.concat(parts, partsLen));
    if (item) yield item;
  }
}
