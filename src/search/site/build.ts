// Builds the exported site's search files from the published articles, in one pass over
// their texts: per token (folded as core/fold folds for the CLI's index) the articles that
// hold it with what bm25 needs, the positions for phrases, the spellings for "the spelling
// typed first"; per article the little a result shows. Pure: articles in, files out.
import { forEachToken } from '../../core/fold.js';
import {
  BODY_EXCERPT,
  COLUMN_WEIGHTS,
  dataFile,
  dataPath,
  docFileOf,
  encodeNumber,
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

/** One token of one article, while the article is read. */
interface DocToken {
  weighted: number;
  /** Positions per column (title, summary, body, author, source). */
  positions: number[][];
  spellings: Set<string>;
}

/** One token across the site, articles in id order. */
interface Term {
  /** Per article: id delta, token count of the article, weighted frequency. */
  postings: string;
  /** Per article: column mask, then per column present: count, position deltas. */
  positions: string;
  docs: number;
  lastId: number;
  /** Spelling → indexes (as deltas) of the articles, in postings order, that hold it. */
  spellings: Map<string, { list: string; count: number; last: number }>;
}

export class SiteSearchBuilder {
  private readonly terms = new Map<string, Term>();
  private readonly docs = new Map<number, DocRecord[]>();
  private count = 0;
  private tokens = 0;
  private lastId = 0;

  /** Adds an article; articles must come in increasing id order. */
  add(doc: SearchDoc): void {
    if (doc.id <= this.lastId) throw new Error(`search index: article ${doc.id} added out of order`);
    this.lastId = doc.id;
    const seen = new Map<string, DocToken>();
    let total = 0;
    const columns = [doc.title, doc.summary, doc.body, doc.author, doc.source];
    for (let c = 0; c < columns.length; c++) {
      let at = 0;
      const weight = COLUMN_WEIGHTS[c]!;
      forEachToken(columns[c]!, (folded, _start, _end, spelling) => {
        let t = seen.get(folded);
        if (t === undefined) {
          t = { weighted: 0, positions: [[], [], [], [], []], spellings: new Set() };
          seen.set(folded, t);
        }
        t.weighted += weight;
        t.positions[c]!.push(at++);
        t.spellings.add(spelling);
      });
      total += at;
    }
    this.count++;
    this.tokens += total;
    for (const [folded, t] of seen) this.post(folded, doc.id, total, t);

    const file = docFileOf(doc.id);
    let records = this.docs.get(file);
    if (!records) this.docs.set(file, (records = []));
    records.push([doc.id, doc.path, doc.title, doc.date, doc.section, doc.summary, excerpt(doc.body), doc.author, doc.source]);
  }

  private post(folded: string, id: number, total: number, t: DocToken): void {
    let term = this.terms.get(folded);
    if (!term) {
      term = { postings: '', positions: '', docs: 0, lastId: 0, spellings: new Map() };
      this.terms.set(folded, term);
    }
    term.postings += encodeNumber(id - term.lastId) + encodeNumber(total) + encodeNumber(t.weighted);
    let mask = 0;
    let pos = '';
    for (let c = 0; c < 5; c++) {
      const list = t.positions[c]!;
      if (list.length === 0) continue;
      mask |= 1 << c;
      pos += encodeNumber(list.length);
      let prev = 0;
      for (const p of list) {
        pos += encodeNumber(p - prev);
        prev = p;
      }
    }
    term.positions += encodeNumber(mask) + pos;
    const index = term.docs;
    for (const s of t.spellings) {
      let sp = term.spellings.get(s);
      if (!sp) term.spellings.set(s, (sp = { list: '', count: 0, last: 0 }));
      sp.list += encodeNumber(index - sp.last);
      sp.last = index;
      sp.count++;
    }
    term.docs++;
    term.lastId = id;
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
      q[token] = term.positions;
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
  if (term.spellings.size === 1 && term.spellings.has(token)) return [term.postings];
  const out: Record<string, string> = {};
  for (const [s, sp] of term.spellings) out[s] = sp.count === term.docs ? '' : sp.list;
  return [term.postings, out];
}

/** The start of the body, cut at a space so no word is split. */
function excerpt(body: string): string {
  if (body.length <= BODY_EXCERPT) return body;
  const cut = body.lastIndexOf(' ', BODY_EXCERPT);
  return body.slice(0, cut > BODY_EXCERPT / 2 ? cut : BODY_EXCERPT);
}
