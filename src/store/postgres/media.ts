// Images kept inside the portal on PostgreSQL, one row per distinct content (sha-256).
import { hashOf, mediaSrc, type MediaRow } from '../rows.js';
import type { Queryable } from './conn.js';

export class PgMedia {
  constructor(private readonly db: Queryable) {}

  async put(data: Buffer, mime: string, now: number): Promise<string> {
    const hash = hashOf(data);
    await this.db.query('INSERT INTO media (hash, mime, size, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING', [hash, mime, data.length, data, now]);
    return mediaSrc(hash, mime);
  }

  async get(hash: string): Promise<MediaRow | undefined> {
    return (await this.db.query<MediaRow>('SELECT hash, mime, size, data, created_at FROM media WHERE hash = $1', [hash]))[0];
  }

  async mimeOf(hash: string): Promise<string | undefined> {
    return (await this.db.query<{ mime: string }>('SELECT mime FROM media WHERE hash = $1', [hash]))[0]?.mime;
  }

  async has(hash: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM media WHERE hash = $1', [hash])).length > 0;
  }

  batchAfter(after: string, n: number): Promise<MediaRow[]> {
    return this.db.query<MediaRow>('SELECT hash, mime, size, data, created_at FROM media WHERE hash > $1 ORDER BY hash LIMIT $2', [after, n]);
  }
}
