// Site settings: a key/value table read once per command and merged over the defaults.
import type { Database, Statement } from 'better-sqlite3';
import type { SiteSettings } from '../../core/records.js';
import { siteSettingsOf } from '../rows.js';

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
    return siteSettingsOf(this.selectAll.all());
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
