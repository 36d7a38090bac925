// The store: one open database and its repositories. Every write goes through tx().
import type { Database } from 'better-sqlite3';
import type { SiteSettings } from '../core/records.js';
import { ArticlesRepo } from './articles.js';
import { openDatabase, type OpenMode } from './db.js';
import { translateSqliteError } from './errors.js';
import { LinksRepo } from './links.js';
import { MediaRepo } from './media.js';
import { SectionsRepo } from './sections.js';
import { SettingsRepo } from './settings.js';

export class Store {
  readonly db: Database;
  readonly path: string;
  readonly readonly: boolean;
  readonly settings: SettingsRepo;
  readonly sections: SectionsRepo;
  readonly links: LinksRepo;
  readonly articles: ArticlesRepo;
  readonly media: MediaRepo;
  private siteCache: SiteSettings | undefined;

  constructor(db: Database, path: string, readonly: boolean) {
    this.db = db;
    this.path = path;
    this.readonly = readonly;
    this.settings = new SettingsRepo(db);
    this.sections = new SectionsRepo(db);
    this.links = new LinksRepo(db);
    this.articles = new ArticlesRepo(db);
    this.media = new MediaRepo(db);
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
      const result = this.db.transaction(fn).immediate();
      this.siteCache = undefined;
      return result;
    } catch (err) {
      throw translateSqliteError(err, this.path);
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
