// Which format an input is in: from the file's extension, or sniffed from its first bytes.
import { extname } from 'node:path';
import { BOM, type Format } from './types.js';

/** .json, .ndjson/.jsonl, .csv, .rss, .atom; undefined for anything else (.xml is sniffed). */
export function formatFromPath(path: string): Format | undefined {
  switch (extname(path).toLowerCase()) {
    case '.json':
      return 'json';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.csv':
      return 'csv';
    case '.rss':
      return 'rss';
    case '.atom':
      return 'atom';
    default:
      return undefined;
  }
}

export const SNIFF_BYTES = 4096;

/**
 * `[` → a JSON array; `{"format"` (or a `{` alone on its line: pretty-printed) → a JSON
 * document; `{` → NDJSON, one object a line; `<` → XML: an Atom `<feed>`, a WordPress export
 * (RSS declaring the wp namespace) or RSS (the reader checks the root element); anything else
 * → CSV. Undefined when the input holds nothing but blanks.
 */
export function sniffFormat(head: Buffer): Format | undefined {
  let text = head.subarray(head.subarray(0, 3).equals(BOM) ? 3 : 0).toString('utf8');
  text = text.replace(/^\s+/, '');
  if (text === '') return undefined;
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('<')) {
    if (/<feed[\s>]/.test(text)) return 'atom';
    if (/xmlns:[A-Za-z0-9_-]+\s*=\s*["']https?:\/\/wordpress\.org\/export\/1\.[0-2]\/["']/.test(text)) return 'wxr';
    return 'rss';
  }
  if (text.startsWith('{')) {
    const rest = text.slice(1);
    if (/^\s*"format"\s*:/.test(rest)) return 'json';
    const nl = rest.indexOf('\n');
    if (nl !== -1 && rest.slice(0, nl).trim() === '') return 'json';
    return 'ndjson';
  }
  return 'csv';
}
