// Site settings on PostgreSQL: the key/value table, merged over the defaults as on SQLite.
import type { SiteSettings } from '../../core/records.js';
import { siteSettingsOf } from '../rows.js';
import type { Queryable } from './conn.js';

export class PgSettings {
  constructor(private readonly db: Queryable) {}

  async get(): Promise<SiteSettings> {
    return siteSettingsOf(await this.db.query<{ key: string; value: string }>('SELECT key, value FROM settings'));
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
