// A streamed import on PostgreSQL: one transaction held across the reading of the input, under
// the portal's lock (a dry run: one REPEATABLE READ, READ ONLY snapshot), rolled back by the
// server itself if the connection is lost.
//
// New articles are not sent one statement each: each gets its id at once (one past the
// largest, as SQLite gives; no other writer can take one while the lock is held) and waits in
// a buffer that COPY sends 250 rows at a time (rows held longer outlive the young
// generation of V8's heap, and the heap, not the live data, then grows with the corpus). A read that could see a buffered row
// (a slug, an id) is answered from the buffer first; any other read of the articles, and any
// write that could depend on them, sends the buffer first. Search columns are made with each
// row, and the kept counts follow by trigger, so commit only sends the last rows.
//
// The keys an input has used (firstSeen) are kept in memory up to a bound, then moved into a
// temporary table of the session, with only their 32-bit hashes kept here (SlugFilter), so
// memory stays flat on a million records and a new key is known new without asking the server.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatabaseError } from '../../core/errors.js';
import { firstRevision, type Change, type RevisionRow } from '../history.js';
import type { ArticleRow, NewArticleRow } from '../rows.js';
import type { ArticlesApi, ImportSession, ImportSessionOptions, Origin, OriginsApi } from '../store.js';
import type { PgConn } from './conn.js';
import { PgData, type PgRepos, type SiteCache } from './data.js';
import { translatePgError } from './errors.js';
import { INSERT_COLUMNS, insertValues } from './articles.js';
import { insertRevisions } from './history.js';
import { SlugFilter } from './slug-filter.js';
import { buildPairsIndex, deferPairsIndex } from './pairs-deferred.js';
import { english } from '../../i18n/issues.js';

const COPY_BATCH = 250;
const SEEN_IN_MEMORY = 16_384;
const SEEN_TABLE = 'CREATE TEMP TABLE IF NOT EXISTS import_seen (kind integer NOT NULL, key text NOT NULL, line integer NOT NULL, PRIMARY KEY (kind, key)); TRUNCATE import_seen';

const originKey = (o: Origin): string => `${o.site}\u0000${o.id}`;

/** A value in COPY's text format. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export class PgImportSession extends PgData implements ImportSession {
  /** How many keys of firstSeen are held whole in memory before they move to the table. */
  static seenInMemory = SEEN_IN_MEMORY;
  private readonly pending = new Map<number, ArticleRow>();
  private readonly pendingSlugs = new Map<string, ArticleRow>();
  /** Origins of buffered articles, sent after them (by article, and by key for look-ups). */
  private readonly pendingOrigins = new Map<number, Origin>();
  private readonly pendingOriginKeys = new Map<string, number>();
  /** Revision 1 of each buffered new article, sent after them. */
  private pendingRevisions: RevisionRow[] = [];
  private nextId = 0;
  private seen = new Map<string, number>();
  private seenSpilled = false;
  /** The 32-bit hashes of the keys moved to the temporary table (4 bytes a key, not a string's hundred). */
  private spilledKeys: SlugFilter | undefined;
  private written = 0;
  /** The word pairs' index dropped for this import into an empty portal, built at commit (pairs-deferred.ts). */
  private pairsDeferred = false;
  /** The slugs in the portal, loaded on the first question about one. */
  private slugs: SlugFilter | undefined;
  private over = false;

  private constructor(
    conn: PgConn,
    repos: PgRepos,
    cache: SiteCache,
    private readonly release: () => void,
    private readonly dryRun: boolean,
  ) {
    super(conn, repos, cache, true);
    const self = this;
    const base = this.articles;
    const flushFirst = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
      await self.flush();
      return fn(...a);
    };
    const articles: ArticlesApi = {
      find: async (ref) => {
        const asId = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
        if (asId !== undefined && self.pending.has(asId)) return { ...self.pending.get(asId)! };
        const stored = asId !== undefined ? await repos.articles.find(asId) : undefined;
        if (stored) return stored;
        if (typeof ref === 'string') return self.findBySlug(ref);
        return undefined;
      },
      findMany: async (ids) => {
        await self.flush();
        return repos.articles.findMany(ids);
      },
      findBySlug: (slug) => self.findBySlug(slug),
      slugTaken: async (slug) => self.pendingSlugs.has(slug) || ((await self.slugMayExist(slug)) && repos.articles.slugTaken(slug)),
      count: flushFirst(base.count),
      scheduledIds: flushFirst(base.scheduledIds),
      list: flushFirst(base.list),
      page: flushFirst(base.page),
      batches: (filter, size) => self.flushThen(() => base.batches(filter, size)),
      insert: async (row: NewArticleRow, change: Change) => self.buffer(row, change),
      putBack: async (row: ArticleRow, change?: Change, previous?: ArticleRow) => {
        if (change) {
          await self.flush();
          return base.putBack(row, change, previous);
        }
        await self.buffer(row, undefined);
        return row.revision;
      },
      update: async (row, change) => {
        await self.flush();
        self.slugs?.add(row.slug);
        const revision = await base.update(row, change);
        self.written++;
        return revision;
      },
      delete: async (id) => {
        await self.flush();
        await base.delete(id);
        self.written++;
        self.nextId = await repos.articles.nextId();
      },
      moveSection: flushFirst(base.moveSection),
    };
    (this as { articles: ArticlesApi }).articles = articles;
    const sections = this.sections;
    (this as { sections: typeof sections }).sections = { ...sections, contents: flushFirst(sections.contents), delete: flushFirst(sections.delete) };
    const origins: OriginsApi = {
      articleOf: async (o) => self.pendingOriginKeys.get(originKey(o)) ?? repos.origins.articleOf(o),
      of: async (id) => self.pendingOrigins.get(id) ?? repos.origins.of(id),
      set: async (id, o) => {
        if (!self.pending.has(id)) return repos.origins.set(id, o);
        const had = self.pendingOrigins.get(id);
        if (had) self.pendingOriginKeys.delete(originKey(had));
        self.pendingOrigins.set(id, o);
        self.pendingOriginKeys.set(originKey(o), id);
      },
    };
    (this as { origins: OriginsApi }).origins = origins;
    const search = this.search;
    (this as { search: typeof search }).search = {
      query: flushFirst(search.query),
      count: flushFirst(search.count),
      page: flushFirst(search.page),
      spellingMatches: flushFirst(search.spellingMatches),
      size: flushFirst(search.size),
    };
  }

  static async begin(conn: PgConn, repos: PgRepos, cache: SiteCache, options: ImportSessionOptions): Promise<PgImportSession> {
    const release = await conn.take();
    conn.busy = true;
    try {
      // Made before the session's transaction: a read-only one (a dry run) may write a
      // temporary table but not create one.
      await conn.query(`BEGIN READ WRITE; ${SEEN_TABLE}; COMMIT`);
      if (options.dryRun) await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      else {
        try {
          await conn.beginWrite();
        } catch (err) {
          throw translatePgError(err, conn.target);
        }
      }
      const session = new PgImportSession(conn, repos, cache, release, options.dryRun);
      session.nextId = await repos.articles.nextId();
      // Only for a portal a copy fills whole: readers of the table wait for the commit meanwhile.
      if (!options.dryRun && options.wholePortal === true) session.pairsDeferred = await deferPairsIndex(conn);
      return session;
    } catch (err) {
      await conn.rollbackQuietly();
      conn.busy = false;
      release();
      throw err;
    }
  }

  /** False when the slug is certainly not in the portal (asked once per session, not per record). */
  private async slugMayExist(slug: string): Promise<boolean> {
    this.slugs ??= await SlugFilter.load(this.conn);
    return this.slugs.mayExist(slug);
  }

  private async findBySlug(slug: string): Promise<ArticleRow | undefined> {
    const row = this.pendingSlugs.get(slug);
    if (row) return { ...row };
    return (await this.slugMayExist(slug)) ? this.repos.articles.findBySlug(slug) : undefined;
  }

  private async *flushThen<T>(make: () => AsyncIterable<T>): AsyncGenerator<T> {
    await this.flush();
    yield* make();
  }

  /** A new article (with its revision 1), or a row put back whole (change undefined). */
  private async buffer(row: NewArticleRow & { revision?: number }, change: Change | undefined): Promise<number> {
    if (this.dryRun) throw new DatabaseError(english('issue.dryRunWrites'));
    const id = row.id ?? this.nextId;
    if (id >= this.nextId) this.nextId = id + 1;
    const stored: ArticleRow = { ...row, id, revision: row.revision ?? 1 };
    // Two rows with one slug or id: the second fails as the database would make it fail.
    if (this.pending.has(id) || this.pendingSlugs.has(row.slug)) await this.flush();
    this.pending.set(id, stored);
    this.pendingSlugs.set(row.slug, stored);
    if (change) this.pendingRevisions.push(firstRevision(id, row, change));
    this.written++;
    if (this.pending.size >= COPY_BATCH) await this.flush();
    return id;
  }

  /** Sends the buffered articles with one COPY. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    const origins = [...this.pendingOrigins];
    const revisions = this.pendingRevisions;
    this.pendingRevisions = [];
    this.pending.clear();
    this.pendingSlugs.clear();
    this.pendingOrigins.clear();
    this.pendingOriginKeys.clear();
    for (const r of rows) this.slugs?.add(r.slug);
    const lines = rows.map((r) => `${insertValues(r.id, r).map(copyText).join('\t')}\n`);
    const { from: copyFrom } = await import('pg-copy-streams');
    try {
      await this.conn.unpipelined(async () => {
        const stream = this.conn.client.query(copyFrom(`COPY articles (${INSERT_COLUMNS}) FROM STDIN`));
        await pipeline(Readable.from(lines), stream);
      });
    } catch (err) {
      throw translatePgError(err, this.conn.target);
    }
    await this.repos.origins.setMany(origins);
    await insertRevisions(this.conn, revisions);
  }

  async firstSeen(kind: number, key: string, line: number): Promise<number | undefined> {
    const k = `${kind}\u0000${key}`;
    const inMemory = this.seen.get(k);
    if (inMemory !== undefined) return inMemory;
    // Asked of the table only when the key's hash is among those moved there (a key seen
    // before, or rarely another with the same hash): nearly every new key costs no round trip.
    if (this.spilledKeys?.mayExist(k)) {
      const [row] = await this.conn.query<{ line: number }>('SELECT line FROM import_seen WHERE kind = $1 AND key = $2', [kind, key]);
      if (row) return row.line;
    }
    this.seen.set(k, line);
    if (this.seen.size >= PgImportSession.seenInMemory) await this.spillSeen();
    return undefined;
  }

  /** Moves the keys held in memory into the session's temporary table. */
  private async spillSeen(): Promise<void> {
    this.seenSpilled = true;
    const entries = [...this.seen];
    this.seen = new Map();
    this.spilledKeys ??= new SlugFilter();
    for (const [k] of entries) this.spilledKeys.add(k);
    for (let i = 0; i < entries.length; i += 5000) {
      const part = entries.slice(i, i + 5000);
      await this.conn.query('INSERT INTO import_seen (kind, key, line) SELECT * FROM unnest($1::int[], $2::text[], $3::int[]) ON CONFLICT DO NOTHING', [
        part.map(([k]) => Number(k.slice(0, k.indexOf('\u0000')))),
        part.map(([k]) => k.slice(k.indexOf('\u0000') + 1)),
        part.map(([, l]) => l),
      ]);
    }
  }

  async commit(onIndexProgress?: (done: number, total: number) => void): Promise<void> {
    if (this.over) throw new Error('the import session is over');
    try {
      await this.flush();
      if (this.pairsDeferred) await buildPairsIndex(this.conn);
      // The search columns were made with each row: the index is whole already.
      if (this.written) onIndexProgress?.(this.written, this.written);
      // What is left in the search indexes' pending lists merged now: every search would
      // otherwise read it whole until the next merge.
      if (this.written && !this.dryRun) await this.conn.query("SELECT gin_clean_pending_list('article_search_doc'::regclass), gin_clean_pending_list('article_search_spelling'::regclass), gin_clean_pending_list('article_search_pairs'::regclass)");
      await this.conn.query('COMMIT');
      this.committed = true;
      // Many new rows: the planner's statistics brought up to date now, not when autovacuum
      // comes round (a search right after a large import would otherwise plan blind).
      if (this.written >= 1000) await this.conn.query('ANALYZE articles, article_search').catch(() => {});
    } finally {
      await this.end();
    }
  }

  private committed = false;

  async end(): Promise<void> {
    if (this.over) return;
    this.over = true;
    try {
      if (!this.committed) await this.conn.rollbackQuietly();
      if (this.seenSpilled) await this.conn.query('BEGIN READ WRITE; TRUNCATE import_seen; COMMIT').catch(() => {});
    } finally {
      this.cache.value = undefined;
      this.conn.busy = false;
      this.release();
    }
  }
}
