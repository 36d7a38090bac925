// Builds the exported site's search files from the published articles, in one pass over
// their texts: per token (folded as core/fold folds for the CLI's index) the articles that
// hold it with what bm25 needs, the positions for phrases, the spellings for "the spelling
// typed first"; per article the little a result shows. Pure: articles in, files out.
import { fold, foldJoined, SpellingList } from '../../core/fold.js';
import {
  BODY_EXCERPT,
  COLUMN_WEIGHTS,
  dataFile,
  dataPath,
  docFileOf,
  encodeNumberInto,
  FORMAT_VERSION,
  shardCount,
  shardOf,
  vocabFileCount,
  vocabFileOf,
  vocabKeyLength,
  vocabKeyOf,
  type DocRecord,
  type SearchMeta,
  type TermEntry,
} from './format.js';

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
}

export interface SearchFile {
  path: string;
  content: string;
}

const folds = new Map<string, string>();
const FOLDS_MAX = 100_000;

/** fold() of a spelling, cached (an article repeats the spellings of the last). */
function foldOf(spelling: string): string {
  let f = folds.get(spelling);
  if (f === undefined) {
    if (folds.size >= FOLDS_MAX) folds.clear();
    folds.set(spelling, (f = fold(spelling)));
  }
  return f;
}

/** Numbers encoded (format.ts) into a growing byte buffer: no string per number. */
class Digits {
  bytes = new Uint8Array(16);
  length = 0;

  push(n: number): void {
    if (this.length + 8 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.length = encodeNumberInto(n, this.bytes, this.length);
  }

  text(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length).toString('latin1');
  }
}

/**
 * The articles of a term that hold one spelling. While the spelling is in every article of
 * the term so far (the common case: one spelling), only a count is kept.
 */
interface SpellingDocs {
  count: number;
  last: number;
  list: Digits | undefined;
}

/** One token across the site, articles in id order. */
interface Term {
  /** Per article: id delta, token count of the article, weighted frequency. */
  postings: Digits;
  /** Per article: column mask, then per column present: count, position deltas. */
  positions: Digits;
  docs: number;
  lastId: number;
  spellings: Map<string, SpellingDocs>;
}

export class SiteSearchBuilder {
  private readonly terms = new Map<string, Term>();
  private readonly docs = new Map<number, DocRecord[]>();
  private count = 0;
  private tokens = 0;
  private lastId = 0;
  // One article's tokens while it is read, reused from one article to the next.
  private readonly local = new Map<string, number>();
  private localTokens: string[] = [];
  private localWeighted = new Int32Array(1024);
  private localSpelling: Array<string | undefined> = [];
  private localMore: Array<Set<string> | undefined> = [];
  private occToken = new Int32Array(4096);
  private occColumn = new Uint8Array(4096);
  private occPosition = new Int32Array(4096);
  private start = new Int32Array(1024);
  private next = new Int32Array(1024);
  private order = new Int32Array(4096);

  /** Adds an article; articles must come in increasing id order. */
  add(doc: SearchDoc): void {
    if (doc.id <= this.lastId) throw new Error(`search index: article ${doc.id} added out of order`);
    this.lastId = doc.id;
    const local = this.local;
    local.clear();
    let n = 0;
    let occ = 0;
    const columns = [doc.title, doc.summary, doc.body, doc.author, doc.source];
    // The indexer's fast path (what the CLI's index is made of): folded tokens joined by
    // spaces, and the article's distinct spellings.
    const spellings = new SpellingList();
    for (let c = 0; c < columns.length; c++) {
      const joined = foldJoined(columns[c]!, spellings);
      if (joined === '') continue;
      const weight = COLUMN_WEIGHTS[c]!;
      const tokens = joined.split(' ');
      this.reserve(occ + tokens.length, n + tokens.length);
      for (let at = 0; at < tokens.length; at++) {
        const folded = tokens[at]!;
        let k = local.get(folded);
        if (k === undefined) {
          k = n++;
          local.set(folded, k);
          this.localTokens[k] = folded;
          this.localWeighted[k] = 0;
          this.localSpelling[k] = undefined;
          this.localMore[k] = undefined;
        }
        this.localWeighted[k]! += weight;
        this.occToken[occ] = k;
        this.occColumn[occ] = c;
        this.occPosition[occ] = at;
        occ++;
      }
    }
    // Each spelling belongs to the token it folds to.
    for (const sp of spellings.texts) {
      const k = local.get(foldOf(sp));
      if (k === undefined) continue;
      if (this.localSpelling[k] === undefined) this.localSpelling[k] = sp;
      else (this.localMore[k] ??= new Set()).add(sp);
    }
    this.count++;
    this.tokens += occ;

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
      const folded = this.localTokens[k]!;
      let term = this.terms.get(folded);
      if (!term) {
        term = { postings: new Digits(), positions: new Digits(), docs: 0, lastId: 0, spellings: new Map() };
        this.terms.set(folded, term);
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
      if (first !== undefined) addSpelling(term, first, index);
      const more = this.localMore[k];
      if (more) for (const s of more) addSpelling(term, s, index);
      term.docs++;
      term.lastId = doc.id;
    }

    const file = docFileOf(doc.id);
    let records = this.docs.get(file);
    if (!records) this.docs.set(file, (records = []));
    records.push([doc.id, doc.path, doc.title, doc.date, doc.section, doc.summary, excerpt(doc.body), doc.author, doc.source]);
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
    if (tokens + 1 > this.start.length) {
      const size = Math.max(tokens + 1, this.start.length * 2);
      const weighted = new Int32Array(size);
      weighted.set(this.localWeighted);
      this.localWeighted = weighted;
      this.start = new Int32Array(size);
      this.next = new Int32Array(size);
    }
  }

  /** Every file of the search data, meta.js last. */
  files(perPage: number): SearchFile[] {
    const shards = shardCount(this.count);
    const letters = vocabKeyLength(this.count);
    const postings = new Map<number, Record<string, TermEntry>>();
    const positions = new Map<number, Record<string, string>>();
    const vocabFiles = vocabFileCount(this.count);
    const vocab = new Map<number, string[]>();
    const sorted = [...this.terms.keys()].sort();
    for (const token of sorted) {
      const term = this.terms.get(token)!;
      const shard = shardOf(token, shards);
      let p = postings.get(shard);
      if (!p) postings.set(shard, (p = {}));
      let q = positions.get(shard);
      if (!q) positions.set(shard, (q = {}));
      p[token] = spellingsOf(token, term);
      q[token] = term.positions.text();
      const file = vocabFileOf(vocabKeyOf(token, letters), vocabFiles);
      let words = vocab.get(file);
      if (!words) vocab.set(file, (words = []));
      words.push(token);
    }

    const out: SearchFile[] = [];
    // Every shard is written, empty or not: the engine may ask for any of them.
    for (let shard = 0; shard < shards; shard++) {
      out.push({ path: dataPath('t', shard), content: dataFile('t', shard, postings.get(shard) ?? {}) });
      out.push({ path: dataPath('p', shard), content: dataFile('p', shard, positions.get(shard) ?? {}) });
    }
    for (let file = 0; file < vocabFiles; file++) out.push({ path: dataPath('v', file), content: dataFile('v', file, vocab.get(file) ?? []) });
    for (const [file, records] of this.docs) out.push({ path: dataPath('d', file), content: dataFile('d', file, records) });
    const meta: SearchMeta = { v: FORMAT_VERSION, n: this.count, tokens: this.tokens, shards, vocabKey: letters, vocabFiles, perPage };
    out.push({ path: dataPath('m', 'meta'), content: dataFile('m', 'meta', meta) });
    return out;
  }
}

/**
 * A token's entry: its postings, and its spellings unless the only one is the token itself
 * (every unmarked word). A spelling every article of the token holds is written as "".
 */
function spellingsOf(token: string, term: Term): TermEntry {
  const postings = term.postings.text();
  const only = term.spellings.get(token);
  if (term.spellings.size === 1 && only && only.list === undefined && only.count === term.docs) return [postings];
  const out: Record<string, string> = {};
  for (const [s, sp] of term.spellings) out[s] = sp.list === undefined && sp.count === term.docs ? '' : listOf(sp).text();
  return [postings, out];
}

/** Records that the term's article number `index` holds the spelling `s`. */
function addSpelling(term: Term, s: string, index: number): void {
  let sp = term.spellings.get(s);
  if (!sp) {
    sp = { count: 0, last: 0, list: undefined };
    term.spellings.set(s, sp);
  }
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
function excerpt(body: string): string {
  if (body.length <= BODY_EXCERPT) return body;
  const cut = body.lastIndexOf(' ', BODY_EXCERPT);
  return body.slice(0, cut > BODY_EXCERPT / 2 ? cut : BODY_EXCERPT);
}

/** Part of the fingerprint of the search files: this code and the format's. */
export const BUILD_FINGERPRINT = [SiteSearchBuilder, spellingsOf, addSpelling, listOf, excerpt, foldOf].map(String).join('\n') + `\n${FORMAT_VERSION}\n${BODY_EXCERPT}`;
