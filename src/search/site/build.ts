// Builds the exported site's search files from the published articles, in one pass over
// their texts: per token (folded as core/fold folds for the CLI's index) the articles that
// hold it with what bm25 needs, the positions for phrases, the spellings for "the spelling
// typed first"; per article the little a result shows. Pure: articles in, files out.
import { createHash } from 'node:crypto';
import { fold, forEachToken, markedToken } from '../../core/fold.js';
import {
  BODY_EXCERPT,
  COLUMN_WEIGHTS,
  dataFile,
  dataPath,
  bestCount,
  bigWordDocs,
  DIGIT_VALUE,
  docFileOf,
  encodeNumberInto,
  FORMAT_VERSION,
  frequentWordCount,
  headsFileCount,
  headsFileOf,
  packedDataFile,
  shardCount,
  shardOf,
  vocabFileCount,
  vocabFileOf,
  vocabKeyLength,
  vocabKeyOf,
  topCount,
  type DocRecord,
  type SearchMeta,
  type ShardData,
  type ShardFile,
  type TermEntry,
} from './format.js';
import { HEADS_FINGERPRINT, headsOf, type HeadsData } from './heads.js';
import { joinShard, splitShard } from './postings.js';
import { encodeBytes, packJson, packJsonAsync, packUtf8, packUtf8Async } from './pack.js';

/** A published article as the search sees it. */
export interface SearchDoc {
  id: number;
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
  /** Output path of its page, from the site root. */
  path: string;
  /** The date as the site prints it. */
  date: string;
  /** Its section's title ('' when none). */
  section: string;
  /** Epoch ms: the order of articles tied in rank, newest first. */
  publishedAt: number;
}

export interface SearchFile {
  path: string;
  /** The file's text, or the way to make it: packed files are deflated only when written. */
  content: string | (() => string);
  /** What the content is made from, when it is made on demand: tells whether it changed without making it. */
  source?: string;
  /** The content made on the thread pool (packed files). */
  pack?: () => Promise<string>;
  /** The hash that names the file (of `source` when given, else of the content), when already known. */
  hash?: string;
}

/** Names the packing in the source of a packed file, so that a change of packing is a change of file. */
export const PACKING = `deflate+base85 ${FORMAT_VERSION}`;

/** A data file packed on demand (pack.ts). */
export function packed(kind: 't' | 'p' | 'v' | 'd' | 'h' | 'b', name: number, data: unknown): SearchFile {
  const path = dataPath(kind, name);
  const json = JSON.stringify(data);
  return {
    path,
    source: `${PACKING}\n${json}`,
    content: () => packedDataFile(kind, name, packJson(json)),
    pack: async () => packedDataFile(kind, name, await packJsonAsync(json)),
  };
}

// How a BMP code unit takes part in tokens, as core/fold's foldJoined has it: the ASCII code it
// folds to when that is one letter or digit (most Latin letters: ắ → a), else SEP (its fold has
// no letter or digit: space, punctuation), MARK (it folds to nothing: a combining mark) or
// OTHER (anything else: a fold to several or non-ASCII letters, a mix like ¼, a surrogate),
// which leaves the text to forEachToken. 0: not yet known.
const SEP = 0x80;
const MARK = 0x81;
const OTHER = 0x82;
const TOKEN_CHAR = /^[\p{L}\p{N}]$/u;
const FOLD_CLASS = new Uint8Array(0x10000);

function foldClass(c: number): number {
  let a = FOLD_CLASS[c]!;
  if (a === 0) FOLD_CLASS[c] = a = computeFoldClass(c);
  return a;
}

function computeFoldClass(c: number): number {
  if (c >= 0xd800 && c < 0xe000) return OTHER;
  const f = fold(String.fromCharCode(c));
  if (f === '') return MARK;
  let letters = 0;
  let others = 0;
  for (const ch of f) {
    if (TOKEN_CHAR.test(ch)) letters++;
    else others++;
  }
  if (others > 0) return letters === 0 ? SEP : OTHER;
  return f.length === 1 && f.charCodeAt(0) < 0x80 ? f.charCodeAt(0) : OTHER;
}

/** Bound of a builder's raw tokens (each as spelled in a text, folded once): past it they are learnt again. */
const RAW_TOKENS_MAX = 1 << 21;

/** The codes of the digits that end a number (format.ts), by value. */
const LAST_DIGIT = Uint8Array.from({ length: 32 }, (_, n) => {
  const one = new Uint8Array(1);
  encodeNumberInto(n, one, 0);
  return one[0]!;
});

/** Numbers encoded (format.ts) into a growing byte buffer: no string per number. */
export class Digits {
  bytes = new Uint8Array(16);
  length = 0;

  /** Digits already encoded (the text of a data file's entry). */
  static of(text: string): Digits {
    const d = new Digits();
    d.bytes = Uint8Array.from(Buffer.from(text, 'latin1'));
    d.length = d.bytes.length;
    return d;
  }

  push(n: number): void {
    let bytes = this.bytes;
    const at = this.length;
    if (at + 8 > bytes.length) {
      const grown = new Uint8Array(bytes.length * 2);
      grown.set(bytes);
      this.bytes = bytes = grown;
    }
    // Most numbers (deltas, counts, positions) are one digit (format.ts encodeNumberInto).
    if (n < 32) {
      bytes[at] = LAST_DIGIT[n]!;
      this.length = at + 1;
    } else this.length = encodeNumberInto(n, bytes, at);
  }

  text(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length).toString('latin1');
  }
}

/**
 * The articles of a term that hold one spelling. While the spelling is in every article of
 * the term so far (the common case: one spelling), only a count is kept.
 */
export interface SpellingDocs {
  count: number;
  last: number;
  list: Digits | undefined;
}

/** One token across the site, articles in id order. */
export interface Term {
  /** Per article: id delta, token count of the article, weighted frequency. */
  postings: Digits;
  /** Per article: column mask, then per column present: count, position deltas. */
  positions: Digits;
  docs: number;
  lastId: number;
  spellings: Map<string, SpellingDocs>;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Strings as small integers (their ids, in order of first use), looked up from a span of a
 * string without making a substring (a string is made once per distinct text): open
 * addressing on a hash of its code units.
 */
class SpanTable {
  private hashes = new Int32Array(1 << 12);
  /** id + 1; 0 for an empty slot. */
  private slots = new Int32Array(1 << 12);
  texts: string[] = [];

  /** The id of s[from, to) (hash h), or -1. */
  findSpan(s: string, from: number, to: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (this.hashes[i] === h && same(this.texts[slot - 1]!, s, from, to)) return slot - 1;
    }
  }

  /** Adds s[from, to) (hash h), not in the table, as the next id. */
  protected insert(s: string, from: number, to: number, h: number): number {
    const id = this.texts.length;
    this.texts.push(s.slice(from, to));
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = id + 1;
    this.hashes[i] = h;
    if (this.texts.length * 2 > this.slots.length) this.grow();
    return id;
  }

  /** Forgets every text: ids start again from 0. */
  protected clear(): void {
    this.texts = [];
    this.slots.fill(0);
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const hashes = new Int32Array(size);
    const slots = new Int32Array(size);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      if (slot === 0) continue;
      const h = this.hashes[i]!;
      let j = h & (size - 1);
      while (slots[j] !== 0) j = (j + 1) & (size - 1);
      slots[j] = slot;
      hashes[j] = h;
    }
    this.hashes = hashes;
    this.slots = slots;
  }
}

/** Folded tokens (terms) as small integers. */
class TermTable extends SpanTable {
  /** By id, the token's hash (hashOf). */
  readonly hashById: number[] = [];

  /** The id of s[from, to), whose hash is h; a new id when it is new. */
  idOf(s: string, from: number, to: number, h: number): number {
    const id = this.findSpan(s, from, to, h);
    if (id >= 0) return id;
    this.hashById.push(h);
    return this.insert(s, from, to, h);
  }

  /** The id of a whole string, or -1 when it is not known. */
  find(s: string): number {
    return this.findSpan(s, 0, s.length, hashOf(s, 0, s.length));
  }
}

function hashOf(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function same(a: string, s: string, from: number, to: number): boolean {
  if (a.length !== to - from) return false;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== s.charCodeAt(from + i)) return false;
  return true;
}

/** A copy of `a` in a new array of `size` (at least its length). */
function grownTo(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * The tokens of the texts as they are spelled there (case, marks, Unicode form), each with the
 * term it folds to and its spelling id: a text repeats its words, so a token is folded once
 * per build and then found by a hash of its code units, with no string made.
 */
class RawTokens extends SpanTable {
  term = new Int32Array(1 << 13);
  spelling = new Int32Array(1 << 13);

  add(s: string, from: number, to: number, h: number, term: number, spelling: number): number {
    if (this.texts.length >= RAW_TOKENS_MAX) this.clear();
    const id = this.insert(s, from, to, h);
    if (id >= this.term.length) {
      this.term = grownTo(this.term, this.term.length * 2);
      this.spelling = grownTo(this.spelling, this.spelling.length * 2);
    }
    this.term[id] = term;
    this.spelling[id] = spelling;
    return id;
  }
}

/** Articles as the data files hold them (SiteSearchBuilder.contents). */
export interface AddedArticles {
  terms: Map<string, { entry: TermEntry; positions: string }>;
  records: DocRecord[];
  articles: Array<{ id: number; length: number; columns: number[]; spellings: number[]; tokens: string[] }>;
}

/**
 * Terms ranked next after the frequent words, kept in the state: an update can then tell
 * the new frequent words while that many terms at most leave the list (incremental.ts).
 */
export const RESERVE = 64;

/** Hashes per article in BuiltIndex.columns: two for each of the five columns. */
export const COLUMN_HASHES = 10;

/** 32-bit words per article in BuiltIndex.spellings: the first 128 bits of its body's SHA-256. */
export const SPELLING_HASHES = 4;

/**
 * The first 128 bits of the SHA-256 of a body's text, as four 32-bit integers: the text the
 * index reads, so the same digest means the same tokens, positions and spellings. Hashed as
 * its UTF-16 code units, which the string holds already (half the CPU of encoding UTF-8).
 */
export function bodyDigest(body: string): number[] {
  const d = createHash('sha256').update(body, 'utf16le').digest();
  return [d.readInt32LE(0), d.readInt32LE(4), d.readInt32LE(8), d.readInt32LE(12)];
}

/** A frequent token: the token, how many articles hold it, its postings (see Term). */
export type FrequentTerm = [token: string, docs: number, postings: string];

/** What a build leaves for the next export to update incrementally (incremental.ts). */
export interface BuiltIndex {
  n: number;
  tokens: number;
  perPage: number;
  /** Every token, by term id. */
  texts: string[];
  /** Per article in id order: id, token count, and (terms[ends[i-1] .. ends[i]]) its term ids. */
  ids: number[];
  lengths: number[];
  /** Per article, per column (title, summary, body, author, source): two hashes of its token sequence. */
  columns: number[];
  /**
   * Per article: a digest of its body's text (bodyDigest). While it and the token count stay,
   * an edit elsewhere leaves the data of the body's tokens as it was (incremental.ts); a
   * strong digest, as anyone who edits an article could craft two bodies of one weak hash.
   */
  spellings: number[];
  terms: Int32Array;
  ends: number[];
  frequent: FrequentTerm[];
  /** The terms ranked next after `frequent` (token, docs), a few. */
  reserve: Array<[token: string, docs: number]>;
  /** Every term in neither list ranks at this one (docs, token) or after it; null: there is none. */
  bound: [docs: number, token: string] | null;
  /** Per postings file, the articles whose records it carries. */
  tops: number[][];
}

export class SiteSearchBuilder {
  private readonly table = new TermTable();
  /** Terms by id. */
  private readonly terms: Array<Term | undefined> = [];
  private readonly docs = new Map<number, DocRecord[]>();
  private count = 0;
  private tokens = 0;
  private lastId = 0;
  // One article's tokens while it is read, reused from one article to the next: by term id,
  // the article it was last seen in and its index there; by that index, the term id.
  private seenIn = new Int32Array(4096);
  private localOf = new Int32Array(4096);
  private localTerm = new Int32Array(1024);
  private localWeighted = new Int32Array(1024);
  private localSpelling: Array<string | undefined> = [];
  private localMore: Array<Set<string> | undefined> = [];
  private occToken = new Int32Array(4096);
  private occColumn = new Uint8Array(4096);
  private occPosition = new Int32Array(4096);
  private start = new Int32Array(1024);
  private next = new Int32Array(1024);
  private order = new Int32Array(4096);
  // What a later export needs to update the index without reading every article again
  // (incremental.ts): per article, its id, token count and the ids of its distinct tokens.
  private readonly articleIds: number[] = [];
  private readonly articleTokens: number[] = [];
  /** Per article, per column: two hashes of its token sequence. */
  private readonly articleColumns: number[] = [];
  /** Per article: its body's digest (BuiltIndex.spellings). */
  private readonly articleSpellingHashes: number[] = [];
  private articleTerms = new Int32Array(1 << 16);
  private readonly articleEnds: number[] = [];
  private termsUsed = 0;
  private state: BuiltIndex | undefined;
  /** By term id, the first spelling of its last article and that spelling's articles. */
  private readonly lastSpelling: Array<string | undefined> = [];
  private readonly lastSpellingDocs: Array<SpellingDocs | undefined> = [];
  private readonly raw = new RawTokens();
  // Spellings by id: the text, the term it folds to (-1: none yet, its fold kept to look it
  // up again), the article it was last seen in.
  private readonly spellingIds = new Map<string, number>();
  private readonly spellingTexts: string[] = [];
  private readonly spellingFolds: Array<string | undefined> = [];
  private spellingTerm = new Int32Array(1 << 13);
  private spellingSeen = new Int32Array(1 << 13);
  /** One article's distinct spellings (ids), in order of first use. */
  private articleSpellings = new Int32Array(1024);
  // One column's tokens: term id and spelling id.
  private columnTerm = new Int32Array(4096);
  private columnSpelling = new Int32Array(4096);

  /** The id of a spelling of the token `folded` (term `term`), made when new. */
  private spellingIdOf(spelling: string, folded: string, term: number): number {
    let id = this.spellingIds.get(spelling);
    if (id !== undefined) return id;
    id = this.spellingTexts.length;
    this.spellingIds.set(spelling, id);
    this.spellingTexts.push(spelling);
    if (id >= this.spellingTerm.length) {
      this.spellingTerm = grownTo(this.spellingTerm, this.spellingTerm.length * 2);
      this.spellingSeen = grownTo(this.spellingSeen, this.spellingSeen.length * 2);
    }
    // A spelling belongs to the token it folds to: mostly the token it spells.
    const f = fold(spelling);
    if (f === folded) {
      this.spellingTerm[id] = term;
      this.spellingFolds.push(undefined);
    } else {
      this.spellingTerm[id] = this.table.find(f);
      this.spellingFolds.push(f);
    }
    return id;
  }

  /** The term id a spelling belongs to, -1 when no article holds that term yet. */
  private termOfSpelling(sp: number): number {
    let id = this.spellingTerm[sp]!;
    if (id < 0) this.spellingTerm[sp] = id = this.table.find(this.spellingFolds[sp]!);
    return id;
  }

  /** A token seen for the first time as spelled at s[from, to) (hash h): folded, its term and spelling found. */
  private learn(s: string, from: number, to: number, h: number): number {
    let folded = '';
    let ascii = true;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) ascii = false;
      const a = FOLD_CLASS[c]!;
      if (a < SEP) folded += String.fromCharCode(a);
    }
    const term = this.table.idOf(folded, 0, folded.length, hashOf(folded, 0, folded.length));
    const spelling = ascii ? folded : markedToken(s, { folded, start: from, end: to });
    return this.raw.add(s, from, to, h, term, this.spellingIdOf(spelling, folded, term));
  }

  /**
   * The tokens of a text into columnTerm and columnSpelling, as core/fold's foldJoined finds
   * them; -1 when the text holds a code unit it leaves to forEachToken.
   */
  private scan(s: string): number {
    const raw = this.raw;
    const n = s.length;
    if (n > this.columnTerm.length) {
      this.columnTerm = new Int32Array(n);
      this.columnSpelling = new Int32Array(n);
    }
    const columnTerm = this.columnTerm;
    const columnSpelling = this.columnSpelling;
    let count = 0;
    let start = -1;
    let h = 0;
    for (let i = 0; i <= n; i++) {
      if (i < n) {
        const c = s.charCodeAt(i);
        let a = FOLD_CLASS[c]!;
        if (a === 0) a = foldClass(c);
        if (a < SEP) {
          if (start < 0) {
            start = i;
            h = FNV_OFFSET;
          }
          h = Math.imul(h ^ c, FNV_PRIME);
          continue;
        }
        if (a === MARK) {
          // A combining mark: part of the token it follows, else nothing.
          if (start >= 0) h = Math.imul(h ^ c, FNV_PRIME);
          continue;
        }
        if (a !== SEP) return -1;
      }
      if (start < 0) continue;
      let id = raw.findSpan(s, start, i, h);
      if (id < 0) id = this.learn(s, start, i, h);
      columnTerm[count] = raw.term[id]!;
      columnSpelling[count] = raw.spelling[id]!;
      count++;
      start = -1;
    }
    return count;
  }

  /** scan() through core/fold's forEachToken: text folding to anything but ASCII letters and digits. */
  private scanSlow(s: string): number {
    let count = 0;
    forEachToken(s, (folded, _start, _end, spelling) => {
      if (count >= this.columnTerm.length) {
        this.columnTerm = grownTo(this.columnTerm, this.columnTerm.length * 2);
        this.columnSpelling = grownTo(this.columnSpelling, this.columnSpelling.length * 2);
      }
      const term = this.table.idOf(folded, 0, folded.length, hashOf(folded, 0, folded.length));
      this.columnTerm[count] = term;
      this.columnSpelling[count] = this.spellingIdOf(spelling, folded, term);
      count++;
    });
    return count;
  }

  /** Adds an article; articles must come in increasing id order. */
  add(doc: SearchDoc): void {
    if (doc.id <= this.lastId) throw new Error(`search index: article ${doc.id} added out of order`);
    this.lastId = doc.id;
    const seq = this.count + 1;
    let n = 0;
    let occ = 0;
    let spellings = 0;
    const columns = [doc.title, doc.summary, doc.body, doc.author, doc.source];
    const sequences = this.articleColumns;
    const at0 = sequences.length;
    const hashById = this.table.hashById;
    for (let c = 0; c < columns.length; c++) sequences.push(0, 0);
    this.articleSpellingHashes.push(...bodyDigest(doc.body));
    for (let c = 0; c < columns.length; c++) {
      const text = columns[c]!;
      if (text.length === 0) continue;
      let count = this.scan(text);
      if (count < 0) count = this.scanSlow(text);
      if (count === 0) continue;
      // Two 32-bit hashes of the column's token sequence: its positions are the same as
      // long as they are (incremental.ts then leaves its positions files alone).
      let seqA = 0;
      let seqB = 0;
      const weight = COLUMN_WEIGHTS[c]!;
      this.reserve(occ + count, n + count);
      if (spellings + count > this.articleSpellings.length) this.articleSpellings = grownTo(this.articleSpellings, Math.max(spellings + count, this.articleSpellings.length * 2));
      const columnTerm = this.columnTerm;
      const columnSpelling = this.columnSpelling;
      const spellingSeen = this.spellingSeen;
      for (let t = 0; t < count; t++) {
        const id = columnTerm[t]!;
        const h = hashById[id]!;
        seqA = Math.imul(seqA ^ h, FNV_PRIME);
        seqB = Math.imul((seqB + h) | 0, 0x5bd1e995) ^ (seqB >>> 15);
        if (id >= this.seenIn.length) this.growTerms(id);
        let k: number;
        if (this.seenIn[id] !== seq) {
          this.seenIn[id] = seq;
          k = n++;
          this.localOf[id] = k;
          this.localTerm[k] = id;
          this.localWeighted[k] = 0;
          this.localSpelling[k] = undefined;
          this.localMore[k] = undefined;
        } else k = this.localOf[id]!;
        this.localWeighted[k]! += weight;
        this.occToken[occ] = k;
        this.occColumn[occ] = c;
        this.occPosition[occ] = t;
        occ++;
        const sp = columnSpelling[t]!;
        if (spellingSeen[sp] !== seq) {
          spellingSeen[sp] = seq;
          this.articleSpellings[spellings++] = sp;
        }
      }
      sequences[at0 + 2 * c] = seqA;
      sequences[at0 + 2 * c + 1] = seqB;
    }
    // Each spelling belongs to the token it folds to.
    for (let i = 0; i < spellings; i++) {
      const sp = this.articleSpellings[i]!;
      const id = this.termOfSpelling(sp);
      if (id < 0 || this.seenIn[id] !== seq) continue;
      const k = this.localOf[id]!;
      const text = this.spellingTexts[sp]!;
      if (this.localSpelling[k] === undefined) this.localSpelling[k] = text;
      else (this.localMore[k] ??= new Set()).add(text);
    }
    this.count++;
    this.tokens += occ;
    if (this.termsUsed + n > this.articleTerms.length) {
      const grown = new Int32Array(Math.max(this.termsUsed + n, this.articleTerms.length * 2));
      grown.set(this.articleTerms.subarray(0, this.termsUsed));
      this.articleTerms = grown;
    }
    this.articleTerms.set(this.localTerm.subarray(0, n), this.termsUsed);
    this.termsUsed += n;
    this.articleEnds.push(this.termsUsed);
    this.articleIds.push(doc.id);
    this.articleTokens.push(occ);

    // The occurrences of each token, in text order (column, then position): a counting sort.
    const start = this.start;
    const fill = this.next;
    const order = this.order;
    const occToken = this.occToken;
    const occColumn = this.occColumn;
    const occPosition = this.occPosition;
    start.fill(0, 0, n + 1);
    for (let i = 0; i < occ; i++) start[occToken[i]! + 1]!++;
    for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
    fill.set(start.subarray(0, n));
    for (let i = 0; i < occ; i++) order[fill[occToken[i]!]!++] = i;

    for (let k = 0; k < n; k++) {
      const id = this.localTerm[k]!;
      let term = this.terms[id];
      if (!term) {
        term = { postings: new Digits(), positions: new Digits(), docs: 0, lastId: 0, spellings: new Map() };
        this.terms[id] = term;
      }
      term.postings.push(doc.id - term.lastId);
      term.postings.push(occ);
      term.postings.push(this.localWeighted[k]!);
      // Column mask, then per column: count and position deltas.
      const from = start[k]!;
      const to = start[k + 1]!;
      let mask = 0;
      for (let i = from; i < to; i++) mask |= 1 << occColumn[order[i]!]!;
      const pos = term.positions;
      pos.push(mask);
      for (let i = from; i < to; ) {
        const c = occColumn[order[i]!]!;
        let j = i;
        while (j < to && occColumn[order[j]!] === c) j++;
        pos.push(j - i);
        let prev = 0;
        for (let m = i; m < j; m++) {
          const p = occPosition[order[m]!]!;
          pos.push(p - prev);
          prev = p;
        }
        i = j;
      }
      const index = term.docs;
      const first = this.localSpelling[k];
      if (first !== undefined) {
        // Mostly the spelling of the term's last article: its counts without a lookup.
        if (this.lastSpelling[id] === first) countSpelling(this.lastSpellingDocs[id]!, index);
        else {
          this.lastSpelling[id] = first;
          this.lastSpellingDocs[id] = addSpelling(term, first, index);
        }
      }
      const more = this.localMore[k];
      if (more) for (const s of more) addSpelling(term, s, index);
      term.docs++;
      term.lastId = doc.id;
    }

    const file = docFileOf(doc.id);
    let records = this.docs.get(file);
    if (!records) this.docs.set(file, (records = []));
    records.push([doc.id, doc.path, doc.title, doc.date, doc.section, doc.summary, excerpt(doc.body), doc.author, doc.source, doc.publishedAt]);
  }

  /**
   * The ids of the terms in the most articles (frequentWordCount), ties by token; for
   * incremental.ts, the next RESERVE terms and the one after them (it bounds every other's rank).
   */
  private frequentTerms(perPage: number): { frequent: Set<number>; reserve: number[]; bound: number | undefined } {
    const want = frequentWordCount(this.count, perPage);
    const texts = this.table.texts;
    const ids = texts.map((_, id) => id).filter((id) => this.terms[id] !== undefined);
    ids.sort((x, y) => this.terms[y]!.docs - this.terms[x]!.docs || (texts[x]! < texts[y]! ? -1 : 1));
    return { frequent: new Set(ids.slice(0, want)), reserve: ids.slice(want, want + RESERVE), bound: ids[want + RESERVE] };
  }

  /**
   * The articles added, as the data files hold them (incremental.ts, which adds a few
   * articles to an index made before): per token its entry and positions, the records, and
   * per article its token count and distinct tokens. Call instead of files().
   */
  contents(): AddedArticles {
    const texts = this.table.texts;
    const terms = new Map<string, { entry: TermEntry; positions: string }>();
    for (let id = 0; id < texts.length; id++) {
      const term = this.terms[id];
      if (term) terms.set(texts[id]!, { entry: spellingsOf(texts[id]!, term), positions: term.positions.text() });
    }
    const records = [...this.docs.values()].flat().sort((x, y) => x[0] - y[0]);
    const articles = this.articleIds.map((id, i) => ({
      id,
      length: this.articleTokens[i]!,
      columns: this.articleColumns.slice(i * COLUMN_HASHES, (i + 1) * COLUMN_HASHES),
      spellings: this.articleSpellingHashes.slice(i * SPELLING_HASHES, (i + 1) * SPELLING_HASHES),
      tokens: [...this.articleTerms.subarray(i === 0 ? 0 : this.articleEnds[i - 1]!, this.articleEnds[i]!)].map((t) => texts[t]!),
    }));
    return { terms, records, articles };
  }

  /** What the build leaves for an incremental update, once every file was taken from files(). */
  built(): BuiltIndex {
    if (!this.state) throw new Error('search index: the files were not all made');
    return this.state;
  }

  /** The result data of an article added. */
  private recordOf(id: number): DocRecord {
    const record = this.docs.get(docFileOf(id))?.find((r) => r[0] === id);
    if (!record) throw new Error(`search index: no record of article ${id}`);
    return record;
  }

  /** Room for term ids up to `id`. */
  private growTerms(id: number): void {
    const size = Math.max(id + 1, this.seenIn.length * 2);
    const seen = new Int32Array(size);
    seen.set(this.seenIn);
    this.seenIn = seen;
    const local = new Int32Array(size);
    local.set(this.localOf);
    this.localOf = local;
  }

  /** Room for `occurrences` token occurrences and `tokens` distinct tokens in the buffers of one article. */
  private reserve(occurrences: number, tokens: number): void {
    if (occurrences > this.occToken.length) {
      const size = Math.max(occurrences, this.occToken.length * 2);
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.occToken = grow(this.occToken, (m) => new Int32Array(m));
      this.occColumn = grow(this.occColumn, (m) => new Uint8Array(m));
      this.occPosition = grow(this.occPosition, (m) => new Int32Array(m));
      this.order = new Int32Array(size);
    }
    if (tokens + 1 > this.start.length || tokens > this.localTerm.length) {
      const size = Math.max(tokens + 1, this.start.length * 2);
      const weighted = new Int32Array(size);
      weighted.set(this.localWeighted);
      this.localWeighted = weighted;
      this.start = new Int32Array(size);
      this.next = new Int32Array(size);
      const term = new Int32Array(size);
      term.set(this.localTerm);
      this.localTerm = term;
    }
  }

  /** Every file of the search data, meta.js last. */
files(perPage: number): Generator<SearchFile> {
    return this.generate(perPage);
  }

  /**
   * The files one at a time, each term's and each article's data dropped once written into
   * its file: memory holds the index once, not twice.
   */
  private *generate(perPage: number): Generator<SearchFile> {
    const shards = shardCount(this.count);
    const letters = vocabKeyLength(this.count);
    const vocabFiles = vocabFileCount(this.count);
    const texts = this.table.texts;
    const sorted = texts.map((_, id) => id).sort((x, y) => (texts[x]! < texts[y]! ? -1 : 1));
    const byShard: number[][] = Array.from({ length: shards }, () => []);
    const vocab: string[][] = Array.from({ length: vocabFiles }, () => []);
    for (const id of sorted) {
      const token = texts[id]!;
      byShard[shardOf(token, shards)]!.push(id);
      vocab[vocabFileOf(vocabKeyOf(token, letters), vocabFiles)]!.push(token);
    }
    const { frequent, reserve, bound } = this.frequentTerms(perPage);
    const frequentEntries: FrequentTerm[] = [...frequent].map((id) => [texts[id]!, this.terms[id]!.docs, this.terms[id]!.postings.text()]);
    const reserveEntries: Array<[string, number]> = reserve.map((id) => [texts[id]!, this.terms[id]!.docs]);
    const boundEntry: [number, string] | null = bound === undefined ? null : [this.terms[bound]!.docs, texts[bound]!];
    const tops: number[][] = [];
    const avgdl = this.count > 0 ? this.tokens / this.count : 1;
    // Every shard is written, empty or not: the engine may ask for any of them.
    for (let shard = 0; shard < shards; shard++) {
      const postings: Record<string, TermEntry> = {};
      const positions: Record<string, string> = {};
      const top = new Set<number>();
      for (const id of byShard[shard]!) {
        const token = texts[id]!;
        const term = this.terms[id]!;
        postings[token] = spellingsOf(token, term);
        positions[token] = term.positions.text();
        if (frequent.has(id)) for (const doc of bestArticles(term.postings, bestCount(term.docs, shards, perPage), avgdl)) top.add(doc);
        this.terms[id] = undefined;
      }
      const topIds = [...top].sort((x, y) => x - y);
      tops.push(topIds);
      const records = topIds.map((doc) => this.recordOf(doc));
      const data: ShardData = [postings, records];
      yield* shardFiles(shard, data, this.count >= bigWordDocs(shards) ? headsOf(data, shards, this.count, this.tokens, perPage) : undefined, shards);
      yield packed('p', shard, positions);
    }
    for (let file = 0; file < vocabFiles; file++) yield packed('v', file, vocab[file]!);
    for (const [file, records] of this.docs) {
      this.docs.delete(file);
      yield packed('d', file, records);
    }
    const meta: SearchMeta = { v: FORMAT_VERSION, n: this.count, tokens: this.tokens, shards, vocabKey: letters, vocabFiles, perPage };
    this.state = {
      n: this.count,
      tokens: this.tokens,
      perPage,
      texts,
      ids: this.articleIds,
      lengths: this.articleTokens,
      columns: this.articleColumns,
      spellings: this.articleSpellingHashes,
      terms: this.articleTerms.subarray(0, this.termsUsed),
      ends: this.articleEnds,
      frequent: frequentEntries,
      reserve: reserveEntries,
      bound: boundEntry,
      tops,
    };
    yield { path: dataPath('m', 'meta'), content: dataFile('m', 'meta', meta) };
  }
}

/**
 * The files of one postings file's data and its heads (undefined on a site too small for any):
 * the postings file, the whole postings of its words with a head when kept apart
 * (postings.ts), and the heads file.
 */
export function shardFiles(shard: number, data: ShardData, heads: HeadsData | undefined, shards: number): SearchFile[] {
  const { postings, apart } = splitShard(data, heads, shards);
  const out = [packed('t', shard, postings)];
  if (apart) out.push(packed('b', shard, apart));
  if (heads) for (const [file, part] of headsFiles(shard, heads, shards)) out.push(packed('h', file, part));
  return out;
}

/** A postings file's heads by heads file (format.ts headsFileOf), each in token order; every one of its heads files, empty or not. */
function headsFiles(shard: number, heads: HeadsData, shards: number): Array<[number, HeadsData]> {
  const files = new Map<number, HeadsData>();
  for (let f = shard; f < headsFileCount(shards); f += shards) files.set(f, {});
  for (const token of Object.keys(heads)) files.get(headsFileOf(token, shards))![token] = heads[token]!;
  return [...files];
}

/** A postings file's heads as written (shardFiles), from its heads files: `read` gives one by number. */
export async function writtenHeads(shard: number, shards: number, read: (file: number) => Promise<unknown>): Promise<HeadsData | undefined> {
  const out: HeadsData = {};
  for (let f = shard; f < headsFileCount(shards); f += shards) {
    const part = await read(f);
    if (typeof part !== 'object' || part === null || Array.isArray(part)) return undefined;
    Object.assign(out, part);
  }
  // In token order, as headsOf makes them.
  return Object.fromEntries(Object.keys(out).sort((x, y) => (x < y ? -1 : 1)).map((t) => [t, out[t]!]));
}

/** A postings file's whole data as written (shardFiles): the file and, when there is one, the file apart. */
export function writtenShard(postings: unknown, apart: unknown): ShardData | undefined {
  if (!Array.isArray(postings) || typeof postings[0] !== 'object' || postings[0] === null || !Array.isArray(postings[1])) return undefined;
  if (apart !== undefined && (!Array.isArray(apart) || typeof apart[0] !== 'object' || apart[0] === null || !Array.isArray(apart[1]))) return undefined;
  return joinShard(postings as ShardFile, apart as ShardData | undefined);
}

/**
 * The articles of a term's postings (base-32 digits, see format.ts: id delta, token count,
 * weighted frequency) that rank best for the term alone, by bm25's term frequency part
 * (the same for every article but the idf): at most `count`, best first, ties newest id first.
 */
export function bestArticles(postings: Digits, count: number, avgdl: number): number[] {
  const ids: number[] = [];
  const scores: number[] = [];
  const bytes = postings.bytes;
  let n = 0;
  let field = 0;
  let id = 0;
  let length = 0;
  for (let i = 0; i < postings.length; i++) {
    const v = DIGIT_VALUE[bytes[i]!]!;
    if (v < 32) {
      n = n * 32 + v;
      continue;
    }
    n = n * 32 + (v - 32);
    if (field === 0) id += n;
    else if (field === 1) length = n;
    else {
      const score = (n * (K1 + 1)) / (n + K1 * (1 - B + (B * length) / avgdl));
      // Kept best first; a later id wins a tie (ids come in increasing order).
      if (ids.length < count || score >= scores[ids.length - 1]!) {
        let at = ids.length < count ? ids.length : ids.length - 1;
        while (at > 0 && score >= scores[at - 1]!) {
          if (at < count) {
            ids[at] = ids[at - 1]!;
            scores[at] = scores[at - 1]!;
          }
          at--;
        }
        ids[at] = id;
        scores[at] = score;
      }
    }
    field = (field + 1) % 3;
    n = 0;
  }
  return ids;
}

const K1 = 1.2;
const B = 0.75;

/**
 * A token's entry: its postings, and its spellings unless the only one is the token itself
 * (every unmarked word). A spelling every article of the token holds is written as "".
 */
export function spellingsOf(token: string, term: Term): TermEntry {
  const postings = term.postings.text();
  const only = term.spellings.get(token);
  if (term.spellings.size === 1 && only && only.list === undefined && only.count === term.docs) return [postings];
  const out: Record<string, string> = {};
  // In code unit order: the same however the articles came (an incremental update too).
  for (const s of [...term.spellings.keys()].sort((x, y) => (x < y ? -1 : 1))) {
    const sp = term.spellings.get(s)!;
    out[s] = sp.list === undefined && sp.count === term.docs ? '' : listOf(sp).text();
  }
  return [postings, out];
}

/** Records that the term's article number `index` holds the spelling `s`; returns that spelling's articles. */
export function addSpelling(term: Term, s: string, index: number): SpellingDocs {
  let sp = term.spellings.get(s);
  if (!sp) {
    sp = { count: 0, last: 0, list: undefined };
    term.spellings.set(s, sp);
  }
  countSpelling(sp, index);
  return sp;
}

/** Records that article number `index` of a term holds the spelling whose articles are `sp`. */
function countSpelling(sp: SpellingDocs, index: number): void {
  if (sp.list === undefined && sp.count === index) {
    // In every article of the term so far: a count is enough.
    sp.count++;
    sp.last = index;
    return;
  }
  const list = listOf(sp);
  list.push(index - sp.last);
  sp.last = index;
  sp.count++;
}

/** The explicit list of a spelling's articles (index deltas), made from its count when needed. */
function listOf(sp: SpellingDocs): Digits {
  if (sp.list === undefined) {
    const list = new Digits();
    // The first `count` articles: 0, then steps of 1.
    for (let i = 0; i < sp.count; i++) list.push(i === 0 ? 0 : 1);
    sp.list = list;
  }
  return sp.list;
}

/** The start of the body, cut at a space so no word is split. */
export function excerpt(body: string): string {
  if (body.length <= BODY_EXCERPT) return body;
  const cut = body.lastIndexOf(' ', BODY_EXCERPT);
  return body.slice(0, cut > BODY_EXCERPT / 2 ? cut : BODY_EXCERPT);
}

/** Part of the fingerprint of the search files: this code and the format's. */
export const BUILD_FINGERPRINT =
  [SiteSearchBuilder, TermTable, shardFiles, headsFiles, headsFileCount, headsFileOf, splitShard, joinShard, spellingsOf, addSpelling, countSpelling, listOf, excerpt, SpanTable, RawTokens, computeFoldClass, bestArticles, packed, packJson, packJsonAsync, packUtf8, packUtf8Async, encodeBytes, topCount, bestCount, frequentWordCount, headsOf].map(String).join('\n') +
  `\n${FORMAT_VERSION}\n${BODY_EXCERPT}\n${PACKING}\n${HEADS_FINGERPRINT}`;
