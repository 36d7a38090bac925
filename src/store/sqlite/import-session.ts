// A streamed import on SQLite: one transaction held across the reading of the input (a manual
// BEGIN IMMEDIATE: better-sqlite3's db.transaction() cannot span an await), a crash leaving
// only an uncommitted transaction that SQLite discards.
//
// The search index listens to article writes; during an import it is detached, and brought up
// to date once, just before COMMIT: a large import rebuilds it in batches (cheaper than row by
// row), a small one replays each article written. With no articles at the start, the entries
// are made from each row as it is inserted and written in batches, which saves reading every
// row back (a third of the indexing time). A failed import is rolled back without indexing.
import type { Statement } from 'better-sqlite3';
import { DatabaseError } from '../../core/errors.js';
import type { Change } from '../history.js';
import type { ArticleRow, NewArticleRow } from '../rows.js';
import type { ArticlesApi, ImportSession } from '../store.js';
import type { ArticleWriteListener } from './articles.js';
import { SqliteData, type DataApis, type UnitQueue } from './data.js';
import { translateSqliteError } from './errors.js';
import { prepareEntry, type PreparedEntry, type SearchIndex } from './fts.js';
import type { SqliteHandle } from './handle.js';
import { english } from '../../i18n/issues.js';

/** Entries made while reading, written to the index this many at a time. */
const INDEX_BATCH = 500;

/**
 * The keys an input has used so far, with the line of each: in a temporary table of the same
 * connection, not in a Map, so that memory stays flat on a million records (a Map of a million
 * slugs holds some 200 MB). It lives in SQLite's temporary database, also in a dry run (the
 * main database stays read-only), and goes when the import ends.
 */
class SeenKeys {
  private readonly insert: Statement<[number, string, number]>;
  private readonly lineOf: Statement<[number, string], number>;

  constructor(private readonly h: SqliteHandle) {
    h.db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_seen (
               kind INTEGER NOT NULL, key TEXT NOT NULL, line INTEGER NOT NULL,
               PRIMARY KEY (kind, key)) WITHOUT ROWID;
             DELETE FROM temp.import_seen;`);
    this.insert = h.db.prepare('INSERT INTO temp.import_seen (kind, key, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.lineOf = h.db.prepare<[number, string], number>('SELECT line FROM temp.import_seen WHERE kind = ? AND key = ?').pluck();
  }

  firstLine(kind: number, key: string, line: number): number | undefined {
    if (this.insert.run(kind, key, line).changes === 1) return undefined;
    return this.lineOf.get(kind, key);
  }

  drop(): void {
    this.h.db.exec('DROP TABLE IF EXISTS temp.import_seen');
  }
}

export class SqliteImportSession extends SqliteData implements ImportSession {
  private seen: SeenKeys | undefined;
  private readonly listeners: ArticleWriteListener[];
  private readonly articlesAtStart: number;
  /** Ids of the articles written, for the search index (numbers: a few MB for a million). */
  private readonly touched: number[] = [];
  private indexing: { search: SearchIndex; rows: PreparedEntry[]; cleared: boolean; replay: number[] } | undefined;
  private over = false;

  private constructor(h: SqliteHandle, units: UnitQueue, apis: DataApis, private readonly release: () => void, dryRun: boolean) {
    const self: { session?: SqliteImportSession } = {};
    super(h, units, { ...apis, articles: trackingArticles(apis.articles, (id, row) => self.session!.written(id, row)) }, true);
    self.session = this;
    const repo = h.articles;
    this.listeners = repo.listeners.splice(0);
    this.articlesAtStart = repo.count({});
    if (this.articlesAtStart === 0 && !dryRun && this.listeners.includes(h.index)) {
      this.indexing = { search: h.index, rows: [], cleared: false, replay: [] };
    }
  }

  static async begin(h: SqliteHandle, units: UnitQueue, apis: DataApis, options: { dryRun: boolean }, release: () => void): Promise<SqliteImportSession> {
    if (h.db.inTransaction) throw new DatabaseError(english('issue.importInTransaction'));
    try {
      // A dry run only reads: a deferred transaction gives it one consistent snapshot.
      if (options.dryRun) h.db.prepare('BEGIN DEFERRED').run();
      else await h.beginImmediateAsync();
    } catch (err) {
      throw translateSqliteError(err, h.path);
    }
    return new SqliteImportSession(h, units, apis, release, options.dryRun);
  }

  /** After each article write: remember it for the index (an insert with its row, to index it now). */
  private written(id: number, inserted: NewArticleRow | undefined): void {
    this.touched.push(id);
    const ix = this.indexing;
    if (!ix) return;
    if (inserted === undefined) {
      ix.replay.push(id);
      return;
    }
    // The row as stored: its text is what a read back would give.
    ix.rows.push(prepareEntry({ id, status: inserted.status, title: inserted.title, summary: inserted.summary, body: inserted.body, author: inserted.author, source: inserted.source }));
    if (ix.rows.length >= INDEX_BATCH) this.flushIndex();
  }

  async firstSeen(kind: number, key: string, line: number): Promise<number | undefined> {
    try {
      this.seen ??= new SeenKeys(this.h);
      return this.seen.firstLine(kind, key, line);
    } catch (err) {
      throw translateSqliteError(err, this.h.path);
    }
  }

  /** Indexes the rows queued since the last flush (the index emptied first, as rebuild does). */
  private flushIndex(): void {
    const ix = this.indexing!;
    if (ix.rows.length === 0) return;
    if (!ix.cleared) {
      ix.search.clear();
      ix.search.bulkLoad();
      ix.cleared = true;
    }
    ix.search.addEntries(ix.rows);
    ix.rows = [];
  }

  /** Tells the detached listeners about every article written. */
  private index(progress?: (done: number, total: number) => void): void {
    const ids = this.touched;
    if (ids.length === 0) return;
    const search = this.h.index;
    // Rebuilding costs about what the whole table holds; row by row, what was written.
    const rebuild = this.articlesAtStart * 4 <= ids.length;
    for (const l of this.listeners) {
      if (this.indexing && l === search) {
        // Indexed while reading: the last batch, any update, then the merge rebuild ends with.
        this.flushIndex();
        this.indexing.cleared = true;
        for (const id of this.indexing.replay) search.written(id);
        progress?.(ids.length, ids.length);
        search.optimize();
      } else if (rebuild && l === search) {
        const total = this.articlesAtStart + ids.length;
        search.rebuild(progress ? (done) => progress(Math.min(done, total), total) : undefined);
      } else {
        ids.forEach((id, i) => {
          l.written(id);
          if (progress && l === search && i % 256 === 255) progress(i + 1, ids.length);
        });
      }
    }
  }

  async commit(onIndexProgress?: (done: number, total: number) => void): Promise<void> {
    if (this.over) throw new Error('the import session is over');
    try {
      this.index(onIndexProgress);
      this.h.db.prepare('COMMIT').run();
    } catch (err) {
      throw translateSqliteError(err, this.h.path);
    } finally {
      await this.end();
    }
  }

  async end(): Promise<void> {
    if (this.over) return;
    this.over = true;
    const h = this.h;
    try {
      if (h.db.inTransaction) h.db.prepare('ROLLBACK').run();
      this.seen?.drop();
    } finally {
      for (const l of this.listeners) if (!h.articles.listeners.includes(l)) h.articles.listeners.push(l);
      h.forgetSite();
      this.release();
    }
  }
}

/** The articles API of a session: each write is also reported, for the index at commit. */
function trackingArticles(base: ArticlesApi, written: (id: number, inserted: NewArticleRow | undefined) => void): ArticlesApi {
  return {
    ...base,
    async insert(row: NewArticleRow, change: Change) {
      const id = await base.insert(row, change);
      written(id, row);
      return id;
    },
    async update(row: ArticleRow, change: Change) {
      const revision = await base.update(row, change);
      written(row.id, undefined);
      return revision;
    },
    async putBack(row: ArticleRow, change?: Change, previous?: ArticleRow) {
      const revision = await base.putBack(row, change, previous);
      written(row.id, row);
      return revision;
    },
    async delete(id: number) {
      await base.delete(id);
      written(id, undefined);
    },
    async moveSection(from: number, to: number, change: Change) {
      // A move changes no indexed text; the index keys on id and status alone.
      return base.moveSection(from, to, change);
    },
  };
}
