// The search index an export leaves beside its manifest for the next one (incremental.ts):
// a compact binary file. What it holds is read from the output folder, so it is checked as
// input: anything malformed reads as no state (the next export then builds in full).
import { COLUMN_HASHES, SPELLING_HASHES, type BuiltIndex, type FrequentTerm } from './build.js';

// 3: with each article's body spellings hashed (BuiltIndex.spellings); a state of an older
// layout reads as no state, so the next export builds in full.
const MAGIC = 'newsdesk site search state 3\n';

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
  keys: string[];
  n: number;
  tokens: number;
  perPage: number;
  ids: number[];
  lengths: number[];
  columns: number[];
  spellings: number[];
  ends: number[];
  frequent: FrequentTerm[];
  reserve: Array<[string, number]>;
  bound: [number, string] | null;
  tops: number[][];
}

/** The file's bytes, in pieces; undefined when a token cannot be stored (a line break). */
export function encodeState(saved: SavedSearch): Buffer[] | undefined {
  const ix = saved.index;
  if (ix.texts.some((t) => t.includes('\n'))) return undefined;
  const header: Header = {
    key: saved.key,
    files: saved.files,
    keys: saved.keys,
    n: ix.n,
    tokens: ix.tokens,
    perPage: ix.perPage,
    ids: ix.ids,
    lengths: ix.lengths,
    columns: ix.columns,
    spellings: ix.spellings,
    ends: ix.ends,
    frequent: ix.frequent,
    reserve: ix.reserve,
    bound: ix.bound,
    tops: ix.tops,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const texts = Buffer.from(ix.texts.join('\n'), 'utf8');
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32LE(head.length, 0);
  sizes.writeUInt32LE(texts.length, 4);
  const terms = Buffer.from(ix.terms.buffer, ix.terms.byteOffset, ix.terms.byteLength);
  return [Buffer.from(MAGIC, 'latin1'), sizes, head, texts, terms];
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The state in `bytes`, or undefined when they are not a well-formed one. */
export function decodeState(bytes: Buffer): SavedSearch | undefined {
  try {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    let at = MAGIC.length;
    const headLength = bytes.readUInt32LE(at);
    const textsLength = bytes.readUInt32LE(at + 4);
    at += 8;
    const h = JSON.parse(bytes.toString('utf8', at, at + headLength)) as Header;
    at += headLength;
    const texts = textsLength === 0 ? [] : bytes.toString('utf8', at, at + textsLength).split('\n');
    at += textsLength;
    if ((bytes.length - at) % 4 !== 0 || at > bytes.length) return undefined;
    const terms = new Int32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + bytes.length));
    const count = h.ids?.length;
    if (typeof h.key !== 'string' || typeof h.files !== 'object' || h.files === null || !isInt(h.n) || !isInt(h.tokens) || !isInt(h.perPage)) return undefined;
    if (!Array.isArray(h.ids) || count !== h.n || h.keys?.length !== count || h.lengths?.length !== count || h.ends?.length !== count) return undefined;
    let last = -1;
    let end = 0;
    for (let i = 0; i < count; i++) {
      if (!isInt(h.ids[i]) || h.ids[i]! <= last || !isInt(h.lengths[i]) || !isInt(h.ends[i]) || h.ends[i]! < end || typeof h.keys[i] !== 'string') return undefined;
      last = h.ids[i]!;
      end = h.ends[i]!;
    }
    if (end !== terms.length) return undefined;
    if (!Array.isArray(h.columns) || h.columns.length !== count * COLUMN_HASHES || !h.columns.every((c) => Number.isSafeInteger(c))) return undefined;
    if (!Array.isArray(h.spellings) || h.spellings.length !== count * SPELLING_HASHES || !h.spellings.every((c) => Number.isSafeInteger(c))) return undefined;
    if (!termsWithin(terms, texts.length)) return undefined;
    if (!Array.isArray(h.frequent) || !Array.isArray(h.tops)) return undefined;
    for (const f of h.frequent) if (!Array.isArray(f) || typeof f[0] !== 'string' || !isInt(f[1]) || typeof f[2] !== 'string') return undefined;
    for (const t of h.tops) if (!Array.isArray(t) || !t.every(isInt)) return undefined;
    if (!Array.isArray(h.reserve) || !h.reserve.every((r) => Array.isArray(r) && typeof r[0] === 'string' && isInt(r[1]))) return undefined;
    if (h.bound !== null && (!Array.isArray(h.bound) || !isInt(h.bound[0]) || typeof h.bound[1] !== 'string')) return undefined;
    for (const v of Object.values(h.files)) if (typeof v !== 'string') return undefined;
    return {
      key: h.key,
      files: h.files,
      keys: h.keys,
      index: { n: h.n, tokens: h.tokens, perPage: h.perPage, texts, ids: h.ids, lengths: h.lengths, columns: h.columns, spellings: h.spellings, terms, ends: h.ends, frequent: h.frequent, reserve: h.reserve, bound: h.bound, tops: h.tops },
    };
  } catch {
    return undefined;
  }
}

/** Every term id in [0, count): one indexed pass (a million ids and more; for-of costs twice as much here). */
function termsWithin(terms: Int32Array, count: number): boolean {
  let low = 0;
  let high = -1;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (t < low) low = t;
    if (t > high) high = t;
  }
  return low >= 0 && high < count;
}
