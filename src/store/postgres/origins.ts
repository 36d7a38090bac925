// Where imported articles came from on PostgreSQL (migration 5, as on SQLite): the item's GUID
// (or Atom id) and the site that published it, one row per article, going with the article.
import type { Origin } from '../store.js';
import type { Queryable } from './conn.js';

export class PgOrigins {
  constructor(private readonly db: Queryable) {}

  async articleOf(origin: Origin): Promise<number | undefined> {
    return (await this.db.query<{ article_id: number }>('SELECT article_id FROM article_origins WHERE site = $1 AND guid = $2', [origin.site, origin.id]))[0]?.article_id;
  }

  async of(articleId: number): Promise<Origin | undefined> {
    const row = (await this.db.query<{ site: string; guid: string }>('SELECT site, guid FROM article_origins WHERE article_id = $1', [articleId]))[0];
    return row ? { site: row.site, id: row.guid } : undefined;
  }

  async set(articleId: number, origin: Origin): Promise<void> {
    await this.setMany([[articleId, origin]]);
  }

  /** Records many at once (an import's buffered articles), each replacing what its article had. */
  async setMany(entries: ReadonlyArray<[number, Origin]>): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO article_origins (article_id, site, guid) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])
         ON CONFLICT (article_id) DO UPDATE SET site = excluded.site, guid = excluded.guid`,
      [entries.map(([id]) => id), entries.map(([, o]) => o.site), entries.map(([, o]) => o.id)],
    );
  }
}
