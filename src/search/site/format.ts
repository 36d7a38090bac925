// The files of the exported site's search, shared by the builder (Node, at export) and the
// engine (the browser): where each file lives, which file holds a token, and the compact
// number encoding inside them. Pure; no I/O, no DOM.

/** Bump when the layout of the files changes: the engine refuses data of another version. */
export const FORMAT_VERSION = 4;

/** The search page and its files, below the site root. */
export const SEARCH_DIR = 'tim-kiem';
export const SEARCH_PAGE = `${SEARCH_DIR}/index.html`;
export const ENGINE_FILE = `${SEARCH_DIR}/tim-kiem.js`;
export const DATA_DIR = `${SEARCH_DIR}/du-lieu`;

/** The global function every data file calls: classic scripts work from file:// too. */
export const LOAD_FUNCTION = 'newsdeskSearchData';

/** Articles per file of result data (title, link, date, texts for the snippet). */
export const DOCS_PER_FILE = 16;
/** Characters of the body kept for snippets: the rest is searched, not shown. */
export const BODY_EXCERPT = 300;
/** Results kept beside a frequent word's postings, at most (see topCount). */
const TOP_MAX = 20;
/** Postings files grow in number with the site (by powers of two), up to this many. */
export const MAX_SHARDS = 2048;
/** Articles per postings file when the site is small. */
const DOCS_PER_SHARD = 64;
/** From this many articles on, words are filed in the word lists by two letters instead of one. */
const VOCAB_TWO_LETTERS = 20_000;
/** Word lists (for prefix*) at most. */
const MAX_VOCAB_FILES = 256;

// The heads of the big words (heads.ts): which words have one, known to the engine too.
/** Postings in a head on a site of up to HEAD_SCALE_SHARDS postings files (see headPostings). */
export const HEAD_POSTINGS = 512;
/**
 * Past this many postings files (from 1,024 on, over 32,768 articles), a head grows with the layout:
 * a big word's postings there run to tens of thousands, and two such words' pages lie deeper
 * in their heads than 512 postings and 10 results reach (a compound like "hội đồng", whose
 * syllables are each in many other compounds). It moves with the layout only, so an update
 * that keeps the layout keeps it.
 */
export const HEAD_SCALE_SHARDS = 512;

/** How many times the base a head holds on a site of `shards` postings files: 1, 2 at 1,024, 4 at 2,048. */
export function headScale(shards: number): number {
  return Math.max(1, Math.floor(shards / HEAD_SCALE_SHARDS));
}

/** Postings in a head, for a site of `shards` postings files. */
export function headPostings(shards: number): number {
  return HEAD_POSTINGS * headScale(shards);
}

/**
 * How many of a frequent word's best articles its postings file carries the result data of
 * (and its head, if it has one, among them): a page (topCount), or for a big word as many
 * pages as its head is times the base, so that a query of two big words finds the result
 * data of its first page in their heads and not in a result file per article.
 */
export function bestCount(docs: number, shards: number, perPage: number): number {
  return docs >= bigWordDocs(shards) ? topCount(perPage) * headScale(shards) : topCount(perPage);
}
/**
 * A word is big from this many articles on (8 times a head: below, its postings are small
 * enough to load, and a head would cost more room than it saves), and from 8 per postings
 * file (a share of the site that moves with the layout only).
 */
export const BIG_MIN_DOCS = 8 * HEAD_POSTINGS;

/** How many articles make a word big, for a site of `shards` postings files (it moves with the layout only). */
export function bigWordDocs(shards: number): number {
  return Math.max(BIG_MIN_DOCS, shards * 8);
}

/**
 * m: meta, t: postings, p: positions, v: word lists, d: result data, h: heads of the most
 * frequent words (heads.ts), b: the whole postings of the words with a head (postings.ts).
 */
export type DataKind = 'm' | 't' | 'p' | 'v' | 'd' | 'h' | 'b';

/**
 * Whether the words with a head keep their whole postings apart (b/<shard>.js, postings.ts):
 * on a site of 1,024 postings files and more, where a big word's postings run to hundreds of
 * KB and would weigh on every query of another word of its postings file. The layout only.
 */
export function bigPostingsApart(shards: number): boolean {
  return headScale(shards) > 1;
}

/**
 * Heads files: one per postings file, or on a large site (bigPostingsApart) four, so that a
 * query seldom loads the head of a big word it does not hold beside its own (a head weighs
 * 30–60 KB there). The heads of a postings file's words are in the heads files whose number
 * is the postings file's modulo `shards` (headsFileOf).
 */
export function headsFileCount(shards: number): number {
  return bigPostingsApart(shards) ? 4 * shards : shards;
}

/**
 * The heads file that holds a token's head, if it has one: its postings file's first, or on a
 * large site one of its four, chosen by the hash's top bits (not the low bits that chose the
 * postings file, so that two words of one postings file part with odds of 3 in 4).
 */
export function headsFileOf(token: string, shards: number): number {
  const s = shardOf(token, shards);
  return bigPostingsApart(shards) ? s + shards * (tokenHash(token) >>> 30) : s;
}

/** What meta.js holds: the numbers every query needs, none of which grows with the site. */
export interface SearchMeta {
  v: number;
  /** Published articles indexed. */
  n: number;
  /** Tokens of all articles (bm25's average document length is total / n). */
  tokens: number;
  /** Postings files (a power of two). */
  shards: number;
  /** Letters of a word that choose its word list (1 or 2). */
  vocabKey: number;
  /** Word lists. */
  vocabFiles: number;
  perPage: number;
}

/**
 * How many of a frequent word's best articles (by its own bm25) its postings file carries the
 * result data of: a page of results, so that the first page of a query on frequent words
 * needs no file besides its postings files.
 */
export function topCount(perPage: number): number {
  return Math.max(1, Math.min(TOP_MAX, Math.floor(perPage)));
}

/**
 * How many words (the most frequent) carry their best articles' result data: as many as make
 * a quarter as many records as there are articles, so the copies cost a quarter of the
 * result files at most, whatever the size of the site.
 */
export function frequentWordCount(articles: number, perPage: number): number {
  return Math.floor(articles / (4 * topCount(perPage)));
}

export function shardCount(articles: number): number {
  let n = 1;
  while (n < MAX_SHARDS && n * DOCS_PER_SHARD < articles) n *= 2;
  return n;
}

export function vocabKeyLength(articles: number): number {
  return articles >= VOCAB_TWO_LETTERS ? 2 : 1;
}

/** FNV-1a over the UTF-16 code units, unsigned. */
function tokenHash(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Which postings file holds a folded token. */
export function shardOf(token: string, shards: number): number {
  return tokenHash(token) % shards;
}

/** The word-list key of a token: its first one or two code points. */
export function vocabKeyOf(token: string, letters: number): string {
  return Array.from(token).slice(0, letters).join('');
}

export function vocabFileCount(articles: number): number {
  return Math.max(1, Math.min(MAX_VOCAB_FILES, shardCount(articles) / 4));
}

/** Which word list holds the words starting with `key` (one or two letters, see vocabKeyOf). */
export function vocabFileOf(key: string, files: number): number {
  return shardOf(key, files);
}

/**
 * How many search data files an export of `articles` articles writes, `docFiles` being the
 * number of distinct docFileOf(id): known before the index is built (for the progress bar).
 */
export function dataFileCount(articles: number, docFiles: number): number {
  const shards = shardCount(articles);
  const heads = articles >= bigWordDocs(shards) ? headsFileCount(shards) : 0;
  return 1 + (bigPostingsApart(shards) ? 3 : 2) * shards + heads + vocabFileCount(articles) + docFiles;
}

export function dataPath(kind: DataKind, name: string | number): string {
  return kind === 'm' ? `${DATA_DIR}/meta.js` : `${DATA_DIR}/${kind}/${name}.js`;
}

export function docFileOf(id: number): number {
  return Math.floor(id / DOCS_PER_FILE);
}

// Numbers as base-32 digits, most significant first: a digit from the first half of the
// alphabet says more follow, one from the second half ends the number. Safe inside a JSON
// string, compact, and gzip finds its repeats.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** The value of each digit's character code; -1 for a character outside the alphabet. */
export const DIGIT_VALUE = new Int8Array(128).fill(-1);
const VALUE = DIGIT_VALUE;
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function encodeNumber(n: number): string {
  if (n < 32) return ALPHABET[32 + n]!;
  let out = ALPHABET[32 + (n % 32)]!;
  n = Math.floor(n / 32);
  while (n > 0) {
    out = ALPHABET[n % 32]! + out;
    n = Math.floor(n / 32);
  }
  return out;
}

/** encodeNumber written as character codes into `out` at `at`; returns the end. */
export function encodeNumberInto(n: number, out: Uint8Array, at: number): number {
  // Most numbers (deltas, counts) take one or two digits.
  if (n < 32) {
    out[at] = ALPHABET_CODES[32 + n]!;
    return at + 1;
  }
  if (n < 1024) {
    out[at] = ALPHABET_CODES[n >>> 5]!;
    out[at + 1] = ALPHABET_CODES[32 + (n & 31)]!;
    return at + 2;
  }
  let digits = 1;
  for (let m = Math.floor(n / 32); m > 0; m = Math.floor(m / 32)) digits++;
  let i = at + digits - 1;
  out[i--] = ALPHABET_CODES[32 + (n % 32)]!;
  n = Math.floor(n / 32);
  while (n > 0) {
    out[i--] = ALPHABET_CODES[n % 32]!;
    n = Math.floor(n / 32);
  }
  return at + digits;
}

export function encodeNumbers(ns: readonly number[]): string {
  let out = '';
  for (const n of ns) out += encodeNumber(n);
  return out;
}

/** Every number of an encoded string. Throws on a character outside the alphabet. */
export function decodeNumbers(s: string): number[] {
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? VALUE[code]! : -1;
    if (v < 0) throw new Error(`bad search data (character ${JSON.stringify(s[i])})`);
    if (v < 32) n = n * 32 + v;
    else {
      out.push(n * 32 + (v - 32));
      n = 0;
    }
  }
  return out;
}

/** The text of a data file: one call of the loader, with JSON (never evaluated as code). */
export function dataFile(kind: DataKind, name: string | number, data: unknown): string {
  return `${LOAD_FUNCTION}(${JSON.stringify(kind)},${JSON.stringify(String(name))},${JSON.stringify(data)});\n`;
}

/**
 * The 85 characters of packed data (pack.ts): printable ASCII from '#' on, without '\\' —
 * nothing a JavaScript string needs to escape.
 */
export const PACK_DIGITS = Array.from({ length: 86 }, (_, i) => String.fromCharCode(0x23 + i))
  .filter((c) => c !== '\\')
  .join('');

/** A packed data file: one call of the loader with the packed text (pack.ts), unpacked by the engine. */
export function packedDataFile(kind: DataKind, name: string | number, packed: string): string {
  return `${LOAD_FUNCTION}(${JSON.stringify(kind)},${JSON.stringify(String(name))},"${packed}");\n`;
}

/** A token's entry in a postings file: [postings, spellings?]. */
export type TermEntry = [postings: string, spellings?: Record<string, string>];
/** A postings file: its tokens' entries, and the result data of its frequent words' best articles (id order). */
export type ShardData = [entries: Record<string, TermEntry>, records: DocRecord[]];
/** Written in a postings file for a word whose entry is in the file of big postings (postings.ts). */
export const ENTRY_APART = 0;
/** A postings file as written: a word with a head may be ENTRY_APART (postings.ts). */
export type ShardFile = [entries: Record<string, TermEntry | typeof ENTRY_APART>, records: DocRecord[]];
/** One article's record in a result-data file. */
export type DocRecord = [id: number, path: string, title: string, date: string, section: string, summary: string, body: string, author: string, source: string, publishedAt: number];

/** bm25 column weights, as the CLI's index (store/fts.ts BM25_WEIGHTS): title, summary, body, author, source. */
export const COLUMN_WEIGHTS = [10, 4, 1, 1, 1] as const;
