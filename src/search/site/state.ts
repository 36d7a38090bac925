// The search index an export leaves beside its manifest for the next one (incremental.ts):
// a compact binary file. What it holds is read from the output folder, so it is checked as
// input: anything malformed reads as no state (the next export then builds in full).
//
// Layout: the magic line, the byte length of each section (uint32), then the sections: a
// small JSON header; the tokens, the articles' keys and the frequent words' postings as
// lines of text; the per-article numbers and the term ids as 32-bit integers. Only the header
// goes through JSON: the numbers and the postings (most of the bytes) are read as they lie.
import { COLUMN_HASHES, SPELLING_HASHES, type BuiltIndex, type FrequentTerm } from './build.js';

// 4: each article's body digest 128 bits (BuiltIndex.spellings), numbers and postings out of
// the JSON header; a state of an older layout reads as no state, so the next export builds in full.
const MAGIC = 'newsdesk site search state 4\n';

export interface SavedSearch {
  /** Fingerprint of everything that shapes the data besides the articles (code, settings). */
  key: string;
  /** Hash of each data file as written (what the manifest records for it). */
  files: Record<string, string>;
  /** Per article of `index.ids`: the fingerprint of everything of it that the search holds. */
  keys: string[];
  index: BuiltIndex;
}

interface Header {
  key: string;
  files: Record<string, string>;
  n: number;
  tokens: number;
  perPage: number;
  /** The frequent words and how many articles hold each; their postings are a section of their own. */
  frequent: Array<[string, number]>;
  reserve: Array<[string, number]>;
  bound: [number, string] | null;
  tops: number[][];
}

/** Sections after the magic line, in order. */
const SECTIONS = 10;

/** The integers of a list, or undefined when one does not fit in 32 bits. */
function int32s(values: readonly number[]): Buffer | undefined {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if ((v | 0) !== v) return undefined;
    out[i] = v;
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The file's bytes, in pieces; undefined when something cannot be stored (a line break in a token, an id past 32 bits). */
export function encodeState(saved: SavedSearch): Buffer[] | undefined {
  const ix = saved.index;
  if (ix.texts.some((t) => t.includes('\n')) || saved.keys.some((k) => k.includes('\n'))) return undefined;
  const header: Header = {
    key: saved.key,
    files: saved.files,
    n: ix.n,
    tokens: ix.tokens,
    perPage: ix.perPage,
    frequent: ix.frequent.map(([token, docs]) => [token, docs]),
    reserve: ix.reserve,
    bound: ix.bound,
    tops: ix.tops,
  };
  const numbers = [ix.ids, ix.lengths, ix.ends, ix.columns, ix.spellings].map(int32s);
  if (numbers.some((b) => b === undefined)) return undefined;
  const sections: Buffer[] = [
    Buffer.from(JSON.stringify(header), 'utf8'),
    Buffer.from(ix.texts.join('\n'), 'utf8'),
    Buffer.from(saved.keys.join('\n'), 'utf8'),
    // Postings are base-32 digits (format.ts): one byte each.
    linesBuffer(ix.frequent.map((f) => f[2])),
    ...(numbers as Buffer[]),
    Buffer.from(ix.terms.buffer, ix.terms.byteOffset, ix.terms.byteLength),
  ];
  const sizes = Buffer.alloc(4 * SECTIONS);
  sections.forEach((s, i) => sizes.writeUInt32LE(s.length, 4 * i));
  return [Buffer.from(MAGIC, 'latin1'), sizes, ...sections];
}

/**
 * Lines of one-byte text (latin1), a line break between: written one by one into one buffer,
 * not joined into one string first (the frequent words' postings are 5 MB at 10,000 articles).
 */
function linesBuffer(lines: readonly string[]): Buffer {
  let size = Math.max(0, lines.length - 1);
  for (const l of lines) size += l.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) out[at++] = 0x0a;
    at += out.write(lines[i]!, at, 'latin1');
  }
  return out;
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The 32-bit integers of `bytes` (a copy: the file's buffer need not be aligned). */
function int32sOf(bytes: Buffer): Int32Array | undefined {
  if (bytes.length % 4 !== 0) return undefined;
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** A plain array of the integers (an indexed loop: Array.from walks an iterator). */
function arrayOf(values: Int32Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/** Whether every id of `terms` names one of `count` tokens. */
function termsWithin(terms: Int32Array, count: number): boolean {
  for (let i = 0; i < terms.length; i++) if (terms[i]! >>> 0 >= count) return false;
  return true;
}

/** Lines of text; none for an empty section. */
function linesOf(bytes: Buffer, encoding: 'utf8' | 'latin1'): string[] {
  return bytes.length === 0 ? [] : bytes.toString(encoding).split('\n');
}

/** The state in `bytes`, or undefined when they are not a well-formed one. */
export function decodeState(bytes: Buffer): SavedSearch | undefined {
  try {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const at = MAGIC.length;
    const parts: Buffer[] = [];
    let from = at + 4 * SECTIONS;
    for (let i = 0; i < SECTIONS; i++) {
      const size = bytes.readUInt32LE(at + 4 * i);
      if (from + size > bytes.length) return undefined;
      parts.push(bytes.subarray(from, from + size));
      from += size;
    }
    if (from !== bytes.length) return undefined;
    const h = JSON.parse(parts[0]!.toString('utf8')) as Header;
    const texts = linesOf(parts[1]!, 'utf8');
    const keys = linesOf(parts[2]!, 'utf8');
    // Read as one string split (measured faster here than a string per line taken from the bytes).
    const postings = linesOf(parts[3]!, 'latin1');
    const [ids, lengths, ends, columns, spellings, terms] = parts.slice(4).map(int32sOf);
    if (!ids || !lengths || !ends || !columns || !spellings || !terms) return undefined;
    const count = ids.length;
    if (typeof h.key !== 'string' || typeof h.files !== 'object' || h.files === null || !isInt(h.n) || !isInt(h.tokens) || !isInt(h.perPage)) return undefined;
    if (count !== h.n || keys.length !== count || lengths.length !== count || ends.length !== count) return undefined;
    let last = -1;
    let end = 0;
    for (let i = 0; i < count; i++) {
      if (ids[i]! <= last || lengths[i]! < 0 || ends[i]! < end) return undefined;
      last = ids[i]!;
      end = ends[i]!;
    }
    if (end !== terms.length) return undefined;
    if (columns.length !== count * COLUMN_HASHES || spellings.length !== count * SPELLING_HASHES) return undefined;
    // Every term id, not only the changed articles': an update copies the others' ids as they
    // are, and one out of range would come to name a token added later.
    if (!termsWithin(terms, texts.length)) return undefined;
    if (!Array.isArray(h.frequent) || h.frequent.length !== postings.length || !Array.isArray(h.tops)) return undefined;
    for (const f of h.frequent) if (!Array.isArray(f) || typeof f[0] !== 'string' || !isInt(f[1])) return undefined;
    for (const t of h.tops) if (!Array.isArray(t) || !t.every(isInt)) return undefined;
    if (!Array.isArray(h.reserve) || !h.reserve.every((r) => Array.isArray(r) && typeof r[0] === 'string' && isInt(r[1]))) return undefined;
    if (h.bound !== null && (!Array.isArray(h.bound) || !isInt(h.bound[0]) || typeof h.bound[1] !== 'string')) return undefined;
    for (const v of Object.values(h.files)) if (typeof v !== 'string') return undefined;
    const frequent: FrequentTerm[] = h.frequent.map(([token, docs], i) => [token, docs, postings[i]!]);
    return {
      key: h.key,
      files: h.files,
      keys,
      index: {
        n: h.n,
        tokens: h.tokens,
        perPage: h.perPage,
        texts,
        ids: arrayOf(ids),
        lengths: arrayOf(lengths),
        columns: arrayOf(columns),
        spellings: arrayOf(spellings),
        terms,
        ends: arrayOf(ends),
        frequent,
        reserve: h.reserve,
        bound: h.bound,
        tops: h.tops,
      },
    };
  } catch {
    return undefined;
  }
}
