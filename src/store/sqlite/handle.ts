// One open SQLite database and its repositories, synchronous (better-sqlite3). The SqliteStore
// (store.ts) is the asynchronous face of it that the rest of newsdesk sees; tests of the SQLite
// backend itself reach this through `handle`.
import type { Database, Statement } from 'better-sqlite3';
import type { SiteSettings } from '../../core/records.js';
import { ArticlesRepo } from './articles.js';
import { BUSY_TIMEOUT_MS, openDatabase, type OpenMode } from './db.js';
import { translateSqliteError } from './errors.js';
import { attachSearchIndex, type SearchIndex } from './fts.js';
import { HistoryRepo, TrashRepo } from './history.js';
import { LinksRepo } from './links.js';
import { MediaRepo } from './media.js';
import { OriginsRepo } from './origins.js';
import { SectionsRepo } from './sections.js';
import { SettingsRepo } from './settings.js';

/** Something to wait on, for the pauses between tries of the write lock (Atomics.wait sleeps). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export class SqliteHandle {
  readonly db: Database;
  readonly path: string;
  readonly readonly: boolean;
  readonly settings: SettingsRepo;
  readonly sections: SectionsRepo;
  readonly links: LinksRepo;
  readonly articles: ArticlesRepo;
  readonly media: MediaRepo;
  readonly origins: OriginsRepo;
  readonly history: HistoryRepo;
  readonly trash: TrashRepo;
  readonly index: SearchIndex;
  private siteCache: SiteSettings | undefined;

  constructor(db: Database, path: string, readonly: boolean) {
    this.db = db;
    this.path = path;
    this.readonly = readonly;
    this.settings = new SettingsRepo(db);
    this.sections = new SectionsRepo(db);
    this.links = new LinksRepo(db);
    this.history = new HistoryRepo(db);
    this.trash = new TrashRepo(db);
    this.articles = new ArticlesRepo(db, this.history);
    this.index = attachSearchIndex(db, this.articles.listeners);
    this.media = new MediaRepo(db);
    this.origins = new OriginsRepo(db);
  }

  static open(path: string, mode: OpenMode): SqliteHandle {
    const h = openDatabase(path, mode);
    try {
      return new SqliteHandle(h.db, h.path, h.readonly);
    } catch (err) {
      h.db.close();
      throw translateSqliteError(err, path);
    }
  }

  /** Site settings, read once per store. */
  site(): SiteSettings {
    this.siteCache ??= this.settings.get();
    return this.siteCache;
  }

  /** Runs fn in one immediate transaction: all of it is written, or none. */
  tx<T>(fn: () => T): T {
    try {
      // Inside a transaction already (an import): a savepoint of it.
      if (this.db.inTransaction) return this.db.transaction(fn)();
      this.beginImmediate();
      let result: T;
      try {
        // A savepoint inside our BEGIN: better-sqlite3 checks fn (no promise) and unwinds it.
        result = this.db.transaction(fn)();
        this.db.prepare('COMMIT').run();
      } catch (err) {
        // SQLite may have rolled back already (a full disk, an I/O error).
        if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
        throw err;
      }
      this.siteCache = undefined;
      return result;
    } catch (err) {
      throw translateSqliteError(err, this.path);
    }
  }

  /**
   * BEGIN IMMEDIATE: takes the write lock, waiting up to BUSY_TIMEOUT_MS for other writers.
   *
   * Not through SQLite's own busy handler: it sleeps longer and longer (up to 100 ms) between
   * tries, while a process writing in a loop takes the lock again within a millisecond of
   * releasing it, so with a few busy writers one of them could wait out the whole timeout and
   * fail with "database is locked". Here the lock is tried again every millisecond or two
   * (a random pause, so waiters do not move in step), which catches the moment it is free.
   */
  beginImmediate(): void {
    const begin = this.db.prepare('BEGIN IMMEDIATE');
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    this.db.pragma('busy_timeout = 0');
    try {
      while (!this.tryBegin(begin, deadline)) Atomics.wait(PAUSE, 0, 0, 0.5 + Math.random() * 1.5);
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** One try: false while another connection holds the write lock and there is time left. */
  private tryBegin(begin: Statement, deadline: number): boolean {
    try {
      begin.run();
      return true;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      return false;
    }
  }

  /**
   * beginImmediate for asynchronous callers: the same tries, but the pauses between them let the
   * event loop run (another connection of this process may be the one holding the lock).
   */
  async beginImmediateAsync(): Promise<void> {
    const begin = this.db.prepare('BEGIN IMMEDIATE');
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      this.db.pragma('busy_timeout = 0');
      try {
        if (this.tryBegin(begin, deadline)) return;
      } finally {
        this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await new Promise((r) => setTimeout(r, 0.5 + Math.random() * 1.5));
    }
  }

  /** Forgets the cached settings (after a write that may have changed them). */
  forgetSite(): void {
    this.siteCache = undefined;
  }

  /** The slug of each section id, for turning rows into records. */
  sectionSlugs(): Map<number, string> {
    return new Map(this.sections.tree().map((s) => [s.id, s.slug]));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
