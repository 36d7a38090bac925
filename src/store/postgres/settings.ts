// Site settings on PostgreSQL: the key/value table, merged over the defaults as on SQLite.
import { DEFAULT_SITE } from '../../core/defaults.js';
import type { SiteKey, SiteSettings } from '../../core/records.js';
import type { Queryable } from './conn.js';

export class PgSettings {
  constructor(private readonly db: Queryable) {}

  async get(): Promise<SiteSettings> {
    const site: SiteSettings = { ...DEFAULT_SITE };
    for (const { key, value } of await this.db.query<{ key: string; value: string }>('SELECT key, value FROM settings')) {
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
      }
    }
    return site;
  }

  async isInitialised(): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM settings LIMIT 1')).length > 0;
  }

  async set(values: { [K in keyof SiteSettings]?: SiteSettings[K] | undefined }): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (value === null) await this.db.query('DELETE FROM settings WHERE key = $1', [key]);
      else await this.db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, String(value)]);
    }
  }
}
