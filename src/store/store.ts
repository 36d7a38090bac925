// The store: one open database and its repositories. Every write goes through tx().
import type { Database } from 'better-sqlite3';
import type { SiteSettings } from '../core/records.js';
import { ArticlesRepo } from './articles.js';
import { BUSY_TIMEOUT_MS, openDatabase, type OpenMode } from './db.js';
import { translateSqliteError } from './errors.js';
import { attachSearchIndex } from './fts.js';
import { LinksRepo } from './links.js';
import { MediaRepo } from './media.js';
import { OriginsRepo } from './origins.js';
import { SectionsRepo } from './sections.js';
import { SettingsRepo } from './settings.js';

/** Something to wait on, for the pauses between tries of the write lock (Atomics.wait sleeps). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export class Store {
  readonly db: Database;
  readonly path: string;
  readonly readonly: boolean;
  readonly settings: SettingsRepo;
  readonly sections: SectionsRepo;
  readonly links: LinksRepo;
  readonly articles: ArticlesRepo;
  readonly media: MediaRepo;
  readonly origins: OriginsRepo;
  private siteCache: SiteSettings | undefined;

  constructor(db: Database, path: string, readonly: boolean) {
    this.db = db;
    this.path = path;
    this.readonly = readonly;
    this.settings = new SettingsRepo(db);
    this.sections = new SectionsRepo(db);
    this.links = new LinksRepo(db);
    this.articles = new ArticlesRepo(db);
    attachSearchIndex(db, this.articles.listeners);
    this.media = new MediaRepo(db);
    this.origins = new OriginsRepo(db);
  }

  static open(path: string, mode: OpenMode): Store {
    const h = openDatabase(path, mode);
    try {
      return new Store(h.db, h.path, h.readonly);
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
      for (;;) {
        try {
          begin.run();
          return;
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
        }
        Atomics.wait(PAUSE, 0, 0, 0.5 + Math.random() * 1.5);
      }
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** The slug of each section id, for turning rows into records. */
  sectionSlugs(): Map<number, string> {
    return new Map(this.sections.tree().map((s) => [s.id, s.slug]));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
