// Site settings: a key/value table read once per command and merged over the defaults.
import type { Database, Statement } from 'better-sqlite3';
import { DEFAULT_SITE } from '../../core/defaults.js';
import type { SiteKey, SiteSettings } from '../../core/records.js';

export class SettingsRepo {
  private readonly selectAll: Statement<[], { key: string; value: string }>;
  private readonly upsert: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;

  constructor(db: Database) {
    this.selectAll = db.prepare('SELECT key, value FROM settings');
    this.upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get(): SiteSettings {
    const site: SiteSettings = { ...DEFAULT_SITE };
    for (const { key, value } of this.selectAll.all()) {
      switch (key as SiteKey) {
        case 'title':
          site.title = value;
          break;
        case 'language':
          if (value === 'vi' || value === 'en') site.language = value;
          break;
        case 'timezone':
          site.timezone = value;
          break;
        case 'base_url':
          site.base_url = value || null;
          break;
        case 'per_page': {
          const n = Number(value);
          if (Number.isInteger(n) && n > 0) site.per_page = n;
          break;
        }
        case 'embed_hosts':
          if (value !== '') site.embed_hosts = value;
          break;
      }
    }
    return site;
  }

  /** True once `init` (or an import of a full export) has stored settings. */
  isInitialised(): boolean {
    return this.selectAll.all().length > 0;
  }

  set(values: { [K in keyof SiteSettings]?: SiteSettings[K] | undefined }): void {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (value === null) this.remove.run(key);
      else this.upsert.run(key, String(value));
    }
  }
}
