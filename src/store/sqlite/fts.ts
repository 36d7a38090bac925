// The search index, kept in step with the articles inside every write transaction.
//
// search_fts      FTS5, contentless, detail=full: the folded tokens (core/fold) of title,
//                 summary, body, author and source, one column each, for matching and bm25.
//                 The text is folded and split in JS and joined with spaces, and the `ascii`
//                 tokenizer only splits on those spaces (every non-ASCII character is a token
//                 character to it), so FTS5 sees exactly the tokens core/fold defines.
// search_spelling FTS5, contentless, detail=none: the distinct tokens of the article in their
//                 canonical marked spelling ("hòa", "hoa"), one column. It answers "does this
//                 article hold the words as typed?" for the ranking, at a fraction of the size
//                 of a second positional index.
// search_docs     a hash of the indexed text (and FOLD_VERSION) per article: unchanged text is
//                 not re-indexed, and `check` finds entries that no longer match.
//
// An article's entries are filed under its key: its id when published, minus its id when a
// draft. A search of published articles then asks FTS5 for rowid > 0, which it answers by
// skipping through its lists, instead of SQLite looking up every match among the drafts
// (three times the cost of the count on a frequent word). Publishing refiles the entries.
import type { Database, Statement } from 'better-sqlite3';
import { foldJoined, SpellingList } from '../../core/fold.js';
import type { ArticleStatus } from '../../core/records.js';
import type { IndexSize, SearchFilter, SearchMatch as IndexHit } from '../store.js';
import type { ArticleWriteListener } from './articles.js';
import { textHash, type IndexedText } from '../index-text.js';
import { SpelledAsTyped } from '../spelled-as-typed.js';
import type { Term } from '../../core/search-query.js';
import { english } from '../../i18n/issues.js';

export { textHash, type IndexedText };

export type { IndexHit, IndexSize, SearchFilter };

/** Migration 2: the search tables (filled by rebuild, so an existing database is indexed). */
export function createSearchTables(db: Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE search_fts USING fts5(
      title, summary, body, author, source,
      tokenize = 'ascii', content = '', contentless_delete = 1
    );
    CREATE VIRTUAL TABLE search_spelling USING fts5(
      tokens,
      tokenize = 'ascii', content = '', contentless_delete = 1, detail = none
    );
    CREATE TABLE search_docs (
      id   INTEGER PRIMARY KEY,
      hash TEXT NOT NULL
    ) STRICT;
    -- Section and date filters, and dates for ties, read this narrow index, never the article
    -- rows (their status and dates lie after the body, often in overflow pages): 3x faster.
    CREATE INDEX search_article_meta ON articles (id, status, section_id, published_at, list_at);
    -- 8 MB of pending terms before a flush (default 1 MB): bulk writes (imports, reindex)
    -- alternate between tables, and fewer, larger segments make them ~25% cheaper.
    INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 8388608);
    INSERT INTO search_spelling (search_spelling, rank) VALUES ('hashsize', 8388608);
  `);
  new SearchIndex(db).rebuild();
}

/** bm25 column weights: title above summary above body; author and source like body. */
export const BM25_WEIGHTS = { title: 10, summary: 4, body: 1, author: 1, source: 1 } as const;
// Trailing weights of 1 are left out: FTS5 gives 1.0 to a column without one (the same
// scores, bit for bit), and bm25 then reads no argument for each word found in those columns.
const BM25 = `bm25(${['search_fts', ...trimTrailingOnes([BM25_WEIGHTS.title, BM25_WEIGHTS.summary, BM25_WEIGHTS.body, BM25_WEIGHTS.author, BM25_WEIGHTS.source])].join(', ')})`;

function trimTrailingOnes(weights: number[]): number[] {
  let n = weights.length;
  while (n > 0 && weights[n - 1] === 1) n--;
  return weights.slice(0, n);
}

/** What goes into the two FTS tables for one article. */
export interface IndexEntry {
  folded: [string, string, string, string, string];
  spelling: string;
}

export function indexEntry(a: IndexedText): IndexEntry {
  const spellings = new SpellingList();
  return {
    folded: [
      foldJoined(a.title, spellings),
      foldJoined(a.summary, spellings),
      foldJoined(a.body, spellings),
      foldJoined(a.author, spellings),
      foldJoined(a.source, spellings),
    ],
    spelling: spellings.texts.join(' '),
  };
}

/** The rowid of an article's entries: its id, negated for a draft (see the top of this file). */
export function indexKey(id: number, status: ArticleStatus): number {
  return status === 'draft' ? -id : id;
}

/** What the index holds for one article, made as soon as its row is known (see addEntries). */
export interface PreparedEntry {
  key: number;
  hash: string;
  e: IndexEntry;
}

export function prepareEntry(row: IndexedRow): PreparedEntry {
  return { key: indexKey(row.id, row.status), hash: textHash(row), e: indexEntry(row) };
}

export interface IndexQuery {
  /** MATCH string for search_fts (core/search-query toFtsMatch). */
  match: string;
  /** MATCH string for search_spelling; when given, articles it finds rank first. */
  spelling?: string;
  /** The query's positive groups (core/search-query SearchQuery.groups), given with `spelling`. */
  typed?: readonly (readonly Term[])[];
  filter: SearchFilter;
  limit?: number;
  offset?: number;
}

/** An article's id, status and indexed text. */
export type IndexedRow = IndexedText & { id: number; status: ArticleStatus };
type Row = IndexedRow;
const TEXT_COLUMNS = 'id, status, title, summary, body, author, source';
const BATCH = 500;
/** FTS5's own default of 'automerge' (https://sqlite.org/fts5.html#the_automerge_configuration_option). */
const AUTOMERGE_DEFAULT = 4;
/** The last result a page from the candidates may end at (page 20 of 10). */
const CANDIDATE_PAGES_END = 200;
/** The SQL function that counts the rows whose sort key it makes (countingSortKey). */
const COUNTED = 'newsdesk_counted';
/** The page cache a connection that searches gets (KiB): see forSearching. */
const SEARCH_CACHE_KIB = 65_536;
/** Candidates checked for the spelling typed one by one, from their text, before the rest at once. */
const SPELLING_LOOKUPS = 48;
/** Candidates found not spelled as typed (their whole text read) after which the rest are checked at once. */
const SPELLING_MISSES = 4;

export class SearchIndex implements ArticleWriteListener {
  private readonly db: Database;
  private stmts: ReturnType<SearchIndex['prepare']> | undefined;
  private readonly cache = new Map<string, Statement>();
  private searched = false;

  constructor(db: Database) {
    this.db = db;
  }

  // Prepared on first use, so opening a store for other work costs nothing.
  private prepare() {
    const db = this.db;
    return {
      text: db.prepare<[number], Row>(`SELECT ${TEXT_COLUMNS} FROM articles WHERE id = ?`),
      batch: db.prepare<[number, number], Row>(`SELECT ${TEXT_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?`),
      // Under either key: the status may have changed since the article was indexed.
      entryOf: db.prepare<[number, number], { key: number; hash: string }>('SELECT id AS key, hash FROM search_docs WHERE id IN (?, ?)'),
      putHash: db.prepare<[number, string]>('INSERT OR REPLACE INTO search_docs (id, hash) VALUES (?, ?)'),
      delHash: db.prepare<[number]>('DELETE FROM search_docs WHERE id = ?'),
      insFts: db.prepare<[number, string, string, string, string, string]>(
        'INSERT INTO search_fts (rowid, title, summary, body, author, source) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      delFts: db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
      insSpelling: db.prepare<[number, string]>('INSERT INTO search_spelling (rowid, tokens) VALUES (?, ?)'),
      delSpelling: db.prepare<[number]>('DELETE FROM search_spelling WHERE rowid = ?'),
    };
  }

  /**
   * On the first search of a connection: a page cache of SEARCH_CACHE_KIB at least. The lists
   * of a few frequent words outgrow SQLite's default (16 MB here), and a process that searches
   * again would read them again from the file. Pages are cached only as they are read: a
   * search that reads less than the old limit costs no more memory than before.
   */
  private forSearching(): void {
    if (this.searched) return;
    this.searched = true;
    const size = this.db.pragma('cache_size', { simple: true }) as number;
    // Negative: KiB; positive: pages, of the file's page size.
    const kib = size < 0 ? -size : (size * (this.db.pragma('page_size', { simple: true }) as number)) / 1024;
    if (kib < SEARCH_CACHE_KIB) this.db.pragma(`cache_size = -${SEARCH_CACHE_KIB}`);
  }

  private get s(): ReturnType<SearchIndex['prepare']> {
    this.stmts ??= this.prepare();
    return this.stmts;
  }

  private statement(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  written(id: number): void {
    const row = this.s.text.get(id);
    if (!row) return this.removed(id);
    const key = indexKey(id, row.status);
    const hash = textHash(row);
    const had = this.s.entryOf.get(id, -id);
    if (had?.key === key && had.hash === hash) return; // a move, a new date: text and status are what is indexed
    if (had !== undefined) this.drop(had.key);
    this.add(row, key, hash);
  }

  removed(id: number): void {
    const had = this.s.entryOf.get(id, -id);
    if (had !== undefined) this.drop(had.key);
  }

  private drop(key: number): void {
    this.s.delFts.run(key);
    this.s.delSpelling.run(key);
    this.s.delHash.run(key);
  }

  private add(row: Row, key: number, hash: string): void {
    const e = indexEntry(row);
    this.s.insFts.run(key, ...e.folded);
    this.s.insSpelling.run(key, e.spelling);
    this.s.putHash.run(key, hash);
  }

  /**
   * Migration 3: the entries of drafts, filed under their ids until then, refiled under their
   * keys. FTS5 cannot move an entry, so each draft is indexed again (a few percent of a portal).
   */
  refileDrafts(): void {
    const drafts = this.db.prepare<[], number>("SELECT id FROM articles WHERE status = 'draft' ORDER BY id").pluck().all();
    for (const id of drafts) this.written(id);
  }

  /** Every article in id order, in batches (no statement stays open while we write). */
  private *batches(): Generator<Row[]> {
    let after = 0;
    for (;;) {
      const batch = this.s.batch.all(after, BATCH);
      if (batch.length) yield batch;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]!.id;
    }
  }

  /**
   * Indexes articles that have no entry yet (new ids, or after clear), table by table: writes
   * to one b-tree at a time are ~25% cheaper. The rows are what the articles table holds.
   */
  addNew(rows: readonly IndexedRow[]): void {
    this.addEntries(rows.map(prepareEntry));
  }

  /** addNew of entries made beforehand (an import makes them while the text is at hand). */
  addEntries(entries: readonly PreparedEntry[]): void {
    for (const { key, e } of entries) this.s.insFts.run(key, ...e.folded);
    for (const { key, e } of entries) this.s.insSpelling.run(key, e.spelling);
    for (const { key, hash } of entries) this.s.putHash.run(key, hash);
  }

  /** Empties the index (not the articles). */
  clear(): void {
    this.db.prepare("INSERT INTO search_fts (search_fts) VALUES ('delete-all')").run();
    this.db.prepare("INSERT INTO search_spelling (search_spelling) VALUES ('delete-all')").run();
    this.db.prepare('DELETE FROM search_docs').run();
  }

  /** Merges each FTS table into one segment (after bulk writes), and ends bulkLoad(). */
  optimize(): void {
    this.db.prepare("INSERT INTO search_fts (search_fts) VALUES ('optimize')").run();
    this.db.prepare("INSERT INTO search_spelling (search_spelling) VALUES ('optimize')").run();
    this.setAutomerge(AUTOMERGE_DEFAULT);
  }

  /**
   * Before bulk writes that end with optimize(): no merging of segments as they are flushed
   * (FTS5's automerge), since optimize() merges them all once. The setting lives in the
   * tables' config, inside the caller's transaction: a rollback takes it back too.
   */
  bulkLoad(): void {
    this.setAutomerge(0);
  }

  private setAutomerge(n: number): void {
    // FTS5 takes an integer only: a JS number would be bound as a real.
    this.db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?)").run(BigInt(n));
    this.db.prepare("INSERT INTO search_spelling (search_spelling, rank) VALUES ('automerge', ?)").run(BigInt(n));
  }

  /**
   * Empties and refills the index from the articles, then merges it into one segment.
   * Runs in the caller's transaction (Store.tx), or in its own.
   */
  rebuild(onProgress?: (done: number) => void): number {
    const run = (): number => {
      this.clear();
      this.bulkLoad();
      let n = 0;
      for (const batch of this.batches()) {
        this.addNew(batch);
        n += batch.length;
        onProgress?.(n);
      }
      this.optimize();
      return n;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  /** Problems of the index, as sentences for `newsdesk check`; empty when it is sound. */
  verify(): string[] {
    const problems: string[] = [];
    const db = this.db;
    for (const table of ['search_fts', 'search_spelling']) {
      try {
        const res = db.pragma(`integrity_check(${table})`) as Array<{ integrity_check: string }>;
        const bad = res.filter((r) => r.integrity_check !== 'ok');
        if (bad.length) problems.push(english('issue.check.ftsDamaged', { table, detail: bad[0]!.integrity_check }));
      } catch (err) {
        problems.push(english('issue.check.ftsDamaged', { table, detail: (err as Error).message }));
      }
    }
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    const missing = count('SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.id IN (a.id, -a.id))');
    if (missing) problems.push(english('issue.check.notIndexed', { count: missing, n: missing }));
    const misfiled = count(
      "SELECT count(*) FROM articles a WHERE EXISTS (SELECT 1 FROM search_docs d WHERE d.id = CASE a.status WHEN 'draft' THEN a.id ELSE -a.id END)",
    );
    if (misfiled) problems.push(english('issue.check.misfiled', { count: misfiled, n: misfiled }));
    const orphans = count('SELECT count(*) FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = abs(d.id))');
    if (orphans) problems.push(english('issue.check.orphans', { count: orphans, n: orphans }));
    for (const table of ['search_fts', 'search_spelling']) {
      const extra = count(`SELECT count(*) FROM (SELECT rowid FROM ${table} EXCEPT SELECT id FROM search_docs)`);
      const lacking = count(`SELECT count(*) FROM (SELECT id FROM search_docs EXCEPT SELECT rowid FROM ${table})`);
      if (extra || lacking) problems.push(english('issue.check.outOfStep', { table, extra, lacking }));
    }
    let stale = 0;
    const entryOf = this.s.entryOf;
    for (const batch of this.batches()) {
      for (const row of batch) {
        const had = entryOf.get(row.id, -row.id);
        if (had !== undefined && had.hash !== textHash(row)) stale++;
      }
    }
    if (stale) problems.push(english('issue.check.stale', { count: stale, n: stale }));
    return problems.map((message) => english('issue.check.rebuilds', { message }));
  }

  /**
   * The FROM and WHERE of a search. The status filter is the sign of the key, which FTS5
   * applies itself; the others read the narrow covering index, never the article rows.
   */
  private from(filter: SearchFilter, forceJoin = false): { sql: string; params: Record<string, unknown> } {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.status === 'published') parts.push('f.rowid > 0');
    if (filter.status === 'draft') parts.push('f.rowid < 0');
    // By key, which FTS5 checks itself: no join with the articles. Published keys are ids.
    if (filter.excludeIds?.length) {
      parts.push('f.rowid NOT IN (SELECT value FROM json_each(@exclude))');
      params.exclude = JSON.stringify(filter.excludeIds);
    }
    let join = forceJoin;
    if (filter.sectionIds) {
      join = true;
      parts.push('a.section_id IN (SELECT value FROM json_each(@sections))');
      params.sections = JSON.stringify(filter.sectionIds);
    }
    if (filter.since !== undefined) {
      join = true;
      parts.push('a.published_at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      join = true;
      parts.push('a.published_at <= @until');
      params.until = filter.until;
    }
    const id = filter.status === 'published' ? 'f.rowid' : filter.status === 'draft' ? '-f.rowid' : 'abs(f.rowid)';
    const from = join ? `search_fts f JOIN articles a INDEXED BY search_article_meta ON a.id = ${id}` : 'search_fts f';
    return { sql: `FROM ${from} WHERE search_fts MATCH @match${parts.map((p) => ` AND ${p}`).join('')}`, params };
  }

  /**
   * One page of matches in rank order: the spelling typed first (when `spelling` is given),
   * then bm25, then newest first, then id.
   *
   * Dates cost a lookup per match, so SQLite first ranks by the first two keys alone and
   * returns one row beyond the page: when that row is not tied with the page's last one, the
   * page holds the right articles and their dates only settle the order among them. Ties
   * across the edge of the page (articles found only by a short field, say) and --all take
   * the full order from SQLite.
   */
  query(q: IndexQuery): IndexHit[] {
    this.forSearching();
    if (q.limit !== undefined) {
      const page = this.pageFromCandidates(q, q.offset ?? 0, q.limit);
      if (page) return page;
    }
    return this.rankEveryMatch(q);
  }

  /**
   * How many articles match and one page of them (query's order); the total only when
   * `counting` (else undefined). A page taken from the candidates counts the matches in the
   * same pass; the full path counts them first.
   */
  page(q: IndexQuery, counting = true): { total: number | undefined; hits: IndexHit[] } {
    this.forSearching();
    const offset = q.offset ?? 0;
    const counted: { total?: number } = {};
    const page = q.limit !== undefined ? this.pageFromCandidates(q, offset, q.limit, counting ? counted : undefined) : undefined;
    const total = counted.total ?? (counting ? this.count(q.match, q.filter) : undefined);
    if (page) return { total, hits: page };
    const beyond = total === 0 || (total !== undefined && q.limit !== undefined && offset >= total);
    return { total, hits: beyond ? [] : this.rankEveryMatch(q) };
  }

  /** query() without the candidates: SQLite ranks every match. */
  private rankEveryMatch(q: IndexQuery): IndexHit[] {
    const exact = q.spelling !== undefined ? '(f.rowid IN (SELECT rowid FROM search_spelling WHERE search_spelling MATCH @spelling))' : '0';
    const select = (forceJoin: boolean) => {
      const w = this.from(q.filter, forceJoin);
      const params: Record<string, unknown> = { ...w.params, match: q.match };
      if (q.spelling !== undefined) params.spelling = q.spelling;
      return { sql: `SELECT abs(f.rowid) AS id, ${BM25} AS bm25, ${exact} AS exact ${w.sql}`, params };
    };
    const offset = q.offset ?? 0;
    if (q.limit !== undefined) {
      const k = offset + q.limit;
      const s = select(false);
      const rows = this.statement(`${s.sql} ORDER BY exact DESC, bm25 LIMIT @n`).all({ ...s.params, n: k + 1 }) as IndexHit[];
      const edge = rows[k - 1];
      const next = rows[k];
      if (!edge || !next || next.exact !== edge.exact || next.bm25 !== edge.bm25) return this.inFullOrder(rows.slice(0, k)).slice(offset, k);
    }
    const s = select(true);
    let sql = `${s.sql} ORDER BY exact DESC, bm25, a.list_at DESC, a.id DESC`;
    if (q.limit !== undefined) {
      sql += ' LIMIT @limit OFFSET @offset';
      s.params.limit = q.limit;
      s.params.offset = offset;
    }
    return this.statement(sql).all(s.params) as IndexHit[];
  }

  /**
   * The common case of a page, without a check per match. Deciding for each match whether it
   * holds the spelling typed costs as much as ranking it (a frequent word matches most
   * articles), so the best candidates are taken by bm25 alone and only they are checked.
   * Every article outside the candidates has a bm25 no better than the last of them: the page
   * is known when the articles before it and on it score strictly better (and are spelled as
   * typed, when the spelling counts). Otherwise, and for the filters that need the article
   * rows, undefined: the caller ranks every match. With `counted`, the total is put there
   * when the candidates were taken (whether or not they give the page).
   */
  private pageFromCandidates(q: IndexQuery, offset: number, limit: number, counted?: { total?: number }): IndexHit[] | undefined {
    const f = q.filter;
    if (f.sectionIds || f.since !== undefined || f.until !== undefined) return undefined;
    const k = offset + limit;
    // Deep pages take the full path: checking the spelling of thousands of candidates one by
    // one costs more than checking every match at once.
    if (k > CANDIDATE_PAGES_END) return undefined;
    // Room for the other spellings among the best.
    const n = 2 * k + 16;
    const w = this.from(f);
    const params = { ...w.params, match: q.match, n };
    let cand: Array<{ key: number; bm25: number }>;
    if (counted) {
      // Counted in the same pass: the sort key of every match calls COUNTED on its way to the
      // sorter (which keeps the best n). A second pass of FTS5 for the count
      // costs more: a phrase checks its positions again, a prefix merges its words again.
      const counter = countingSortKey(this.db);
      counter.seen = 0;
      cand = this.statement(`SELECT f.rowid AS key, ${BM25} AS bm25 ${w.sql} ORDER BY bm25 + ${COUNTED}() LIMIT @n`).all(params) as Array<{ key: number; bm25: number }>;
      counted.total = counter.seen;
    } else {
      cand = this.statement(`SELECT f.rowid AS key, ${BM25} AS bm25 ${w.sql} ORDER BY bm25 LIMIT @n`).all(params) as Array<{ key: number; bm25: number }>;
    }
    const complete = cand.length < n;
    const bound = complete ? Infinity : cand[n - 1]!.bm25;
    const hits = q.spelling === undefined ? cand.map((c) => ({ id: Math.abs(c.key), bm25: c.bm25, exact: 0 })) : this.spelledFirst(cand, q, complete ? Infinity : k + 1);
    // How many of the first hits no article outside the candidates can precede.
    let known = 0;
    if (complete) known = hits.length;
    else while (known < hits.length && (q.spelling === undefined || hits[known]!.exact === 1) && hits[known]!.bm25 < bound) known++;
    if (known < Math.min(k, hits.length)) return undefined;
    // A tie across the edge of the page is settled by dates: the full order decides it.
    const edge = hits[k - 1];
    const next = hits[k];
    if (edge && next && known > k && next.exact === edge.exact && next.bm25 === edge.bm25) return undefined;
    return this.inFullOrder(hits.slice(0, k)).slice(offset, k);
  }

  /** Hits sorted by the whole order: spelling, bm25, newest first, id. */
  private inFullOrder(top: IndexHit[]): IndexHit[] {
    top.sort((x, y) => y.exact - x.exact || x.bm25 - y.bm25);
    // The dates (a statement) only settle ties, which few pages have.
    let tied = false;
    for (let i = 1; i < top.length && !tied; i++) tied = top[i]!.exact === top[i - 1]!.exact && top[i]!.bm25 === top[i - 1]!.bm25;
    if (!tied) return top;
    const listAt = new Map<number, number>();
    for (const [id, at] of this.dates.all(JSON.stringify(top.map((r) => r.id))) as Array<[number, number]>) listAt.set(id, at);
    return top.sort((x, y) => y.exact - x.exact || x.bm25 - y.bm25 || (listAt.get(y.id) ?? 0) - (listAt.get(x.id) ?? 0) || y.id - x.id);
  }

  /**
   * The candidates (in bm25 order) in the order spelling typed, then bm25: those spelled as
   * typed, then the others. Only the first `want` of that order are asked for: the check stops
   * at the `want`-th candidate spelled as typed, since none after it can come before it, and
   * the hits are then those `want`.
   */
  private spelledFirst(cand: Array<{ key: number; bm25: number }>, q: IndexQuery, want: number): IndexHit[] {
    const spelled: IndexHit[] = [];
    const others: IndexHit[] = [];
    const isSpelled = this.spellingCheck(q, cand);
    for (const c of cand) {
      const exact = isSpelled(c.key);
      (exact ? spelled : others).push({ id: Math.abs(c.key), bm25: c.bm25, exact: exact ? 1 : 0 });
      if (spelled.length === want) return spelled;
    }
    return spelled.concat(others);
  }

  /**
   * Whether a candidate holds the spelling typed, as they are asked about. From the text of
   * the candidate (spelled-as-typed.ts): its title, summary, author and source, and its body
   * only when they do not show every word; a lookup in search_spelling opens every word's
   * list for the one key and costs several times more. While most of the best are spelled so
   * (and for at most SPELLING_LOOKUPS); then the keys left in one statement that reads the
   * articles so spelled: few, when the best are not.
   */
  private spellingCheck(q: IndexQuery, cand: Array<{ key: number }>): (key: number) => boolean {
    const spelling = q.spelling!;
    const known = new Map<number, boolean>();
    const typed = q.typed ? new SpelledAsTyped(q.typed) : undefined;
    let lookups = typed ? 0 : SPELLING_LOOKUPS;
    let misses = 0;
    const head = this.statement('SELECT title, summary, author, source FROM articles WHERE id = ?').raw();
    const body = this.statement('SELECT body FROM articles WHERE id = ?').pluck();
    const fromText = (id: number): boolean => {
      typed!.reset();
      const fields = head.get(id) as string[] | undefined;
      if (!fields) return false;
      for (const f of fields) if (typed!.scan(f)) return true;
      return typed!.scan((body.get(id) as string | undefined) ?? '');
    };
    return (key) => {
      let is = known.get(key);
      if (is !== undefined) return is;
      if (lookups < SPELLING_LOOKUPS && misses < SPELLING_MISSES) {
        lookups++;
        is = fromText(Math.abs(key));
        if (!is) misses++;
        known.set(key, is);
        return is;
      }
      const rest = cand.map((c) => c.key).filter((k) => !known.has(k));
      const found = new Set(
        this.statement('SELECT value FROM json_each(@keys) WHERE value IN (SELECT rowid FROM search_spelling WHERE search_spelling MATCH @spelling)')
          .pluck()
          .all({ keys: JSON.stringify(rest), spelling }) as number[],
      );
      for (const k of rest) known.set(k, found.has(k));
      return known.get(key)!;
    };
  }

  private get dates(): Statement {
    return this.statement('SELECT a.id, a.list_at FROM json_each(?) j JOIN articles a INDEXED BY search_article_meta ON a.id = j.value').raw();
  }

  count(match: string, filter: SearchFilter): number {
    this.forSearching();
    const w = this.from(filter);
    return this.statement(`SELECT count(*) ${w.sql}`).pluck().get({ ...w.params, match }) as number;
  }

  /** The ids of the articles holding every positive term as typed (tests and tools). */
  spellingMatches(spelling: string): number[] {
    return this.statement('SELECT abs(rowid) AS id FROM search_spelling WHERE search_spelling MATCH ? ORDER BY id').pluck().all(spelling) as number[];
  }

  size(): IndexSize {
    const articles = this.db.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
    const textBytes = this.db
      .prepare(
        `SELECT coalesce(sum(length(CAST(title AS BLOB)) + length(CAST(summary AS BLOB)) + length(CAST(body AS BLOB))
           + length(CAST(author AS BLOB)) + length(CAST(source AS BLOB))), 0) FROM articles`,
      )
      .pluck()
      .get() as number;
    let indexBytes = 0;
    try {
      indexBytes = this.db
        .prepare("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search\\_%' ESCAPE '\\'")
        .pluck()
        .get() as number;
    } catch {
      // dbstat is an optional part of SQLite; the size is then unknown.
    }
    return { articles, indexBytes, textBytes };
  }
}

const counters = new WeakMap<Database, { seen: number }>();

/**
 * The SQL function COUNTED of a connection (made on first use), and the count of its calls.
 * It takes nothing and returns the integer 0, which leaves a REAL sort key it is added to
 * unchanged (bm25 + 0 is bm25, bit for bit). In ORDER BY it is called once for each row that
 * reaches the sorter, which is every row the WHERE clause lets through (the columns of a row
 * that the sorter drops may be left uncomputed, its sort key never is). With no argument to
 * turn into a JavaScript number and a small integer back, a call costs ~20 % less than one
 * that passes bm25 through (the count is one call per match).
 */
function countingSortKey(db: Database): { seen: number } {
  let counter = counters.get(db);
  if (!counter) {
    const c = { seen: 0 };
    db.function(COUNTED, { deterministic: false }, () => {
      c.seen++;
      return 0;
    });
    counters.set(db, (counter = c));
  }
  return counter;
}

const indexes = new WeakMap<Database, SearchIndex>();

/** Registers the index as a listener of the articles (Store's constructor calls this). */
export function attachSearchIndex(db: Database, listeners: ArticleWriteListener[]): SearchIndex {
  const index = searchIndexOf(db);
  if (!listeners.includes(index)) listeners.push(index);
  return index;
}

/** The index of an open database (one per connection). */
export function searchIndexOf(db: Database): SearchIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new SearchIndex(db);
    indexes.set(db, index);
  }
  return index;
}
