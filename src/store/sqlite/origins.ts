// Where imported articles came from: the item's GUID (or Atom id) and the site that published
// it. An import finds the article it made before by this pair, whatever its title became.
// A table of its own, keyed by article, so that the articles table and its write path stay
// as they are; a row goes with its article (ON DELETE CASCADE).
import type { Database, Statement } from 'better-sqlite3';
import type { Origin } from '../store.js';

export class OriginsRepo {
  private readonly byKey: Statement<[string, string], number>;
  private readonly byArticle: Statement<[number], Origin>;
  private readonly upsert: Statement<[number, string, string]>;

  constructor(db: Database) {
    this.byKey = db.prepare<[string, string], number>('SELECT article_id FROM article_origins WHERE site = ? AND guid = ?').pluck();
    this.byArticle = db.prepare<[number], Origin>('SELECT site, guid AS id FROM article_origins WHERE article_id = ?');
    this.upsert = db.prepare(
      'INSERT INTO article_origins (article_id, site, guid) VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET site = excluded.site, guid = excluded.guid',
    );
  }

  /** The id of the article imported from this origin, if any. */
  articleOf(origin: Origin): number | undefined {
    return this.byKey.get(origin.site, origin.id);
  }

  of(articleId: number): Origin | undefined {
    const o = this.byArticle.get(articleId);
    return o ? { site: o.site, id: o.id } : undefined;
  }

  /** Records (or replaces) where an article came from; inside the caller's transaction. */
  set(articleId: number, origin: Origin): void {
    this.upsert.run(articleId, origin.site, origin.id);
  }
}

export const ORIGINS_SQL = `
  CREATE TABLE article_origins (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    site       TEXT NOT NULL,
    guid       TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX article_origins_by_key ON article_origins (site, guid);
`;
