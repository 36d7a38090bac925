// The HTML export's reads of published articles on PostgreSQL: newest first (list date, then
// id, both descending), a keyset page at a time, each made into the shown-fields layout of
// rows.ts here (SQLite makes it in SQL; the bytes are the same).
import type { PublishedEntry, PublishedHead } from '../store.js';
import type { Queryable } from './conn.js';

const BATCH = 1000;

/** Migration 8, as on SQLite (sqlite/published.ts EXPORT_MARKS_SQL): what tells an export which articles changed. */
export const EXPORT_MARKS_PG_SQL = `
  CREATE TABLE IF NOT EXISTS article_outside_changes (
    id bigint PRIMARY KEY,
    n  bigint NOT NULL
  );
  -- Statement-level, over the rows a statement changed (as the counts of migration 4): an update
  -- counts when it left the revision as it was and changed what the article holds (not the
  -- search columns alone, which check's repair rewrites). The portal's schema is fixed here: the
  -- program writing the row may have another search_path.
  CREATE OR REPLACE FUNCTION article_outside_updated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    INSERT INTO article_outside_changes (id, n)
      SELECT n.id, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.revision IS NOT DISTINCT FROM o.revision
         AND (n.slug, n.title, n.summary, n.body, n.author, n.source, n.section_id, n.status, n.published_at, n.created_at, n.updated_at, n.images, n.tags)
             IS DISTINCT FROM (o.slug, o.title, o.summary, o.body, o.author, o.source, o.section_id, o.status, o.published_at, o.created_at, o.updated_at, o.images, o.tags)
      ON CONFLICT (id) DO UPDATE SET n = article_outside_changes.n + 1;
    RETURN NULL;
  END $$;
  CREATE OR REPLACE FUNCTION article_outside_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    INSERT INTO article_outside_changes (id, n) SELECT id, 1 FROM old_rows
      ON CONFLICT (id) DO UPDATE SET n = article_outside_changes.n + 1;
    RETURN NULL;
  END $$;
  DROP TRIGGER IF EXISTS article_outside_update ON articles;
  DROP TRIGGER IF EXISTS article_outside_delete ON articles;
  CREATE TRIGGER article_outside_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION article_outside_updated();
  CREATE TRIGGER article_outside_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION article_outside_deleted();`;

/** An article's version, as on SQLite. */
const VERSION = `a.revision || '.' || coalesce((SELECT n FROM article_outside_changes c WHERE c.id = a.id), 0) || '.' || a.updated_at || '.' || a.created_at AS version`;

interface PublishedRow {
  version: string;
  id: number;
  slug: string;
  section_id: number;
  published_at: number;
  updated_at: number;
  list_at: number;
  title: string;
  summary: string;
  author: string;
  source: string;
  images: string;
  body: string;
}

function shown(r: PublishedRow): { shown: Buffer; bodyBytes: number } {
  const fields = [r.slug, r.title, r.summary, r.author, r.source, r.images, r.body].map((s) => Buffer.from(s, 'utf8'));
  const header = `${r.id} ${r.section_id} ${r.published_at} ${fields.map((f) => `${f.length} `).join('')}`;
  return { shown: Buffer.concat([Buffer.from(header, 'latin1'), ...fields]), bodyBytes: fields[6]!.length };
}

function entryOf(r: PublishedRow): PublishedEntry {
  return { id: r.id, slug: r.slug, sectionId: r.section_id, publishedAt: r.published_at, updatedAt: r.updated_at, images: r.images, version: r.version, ...shown(r) };
}

const COLUMNS = `a.id, a.slug, a.section_id, a.published_at, a.updated_at, a.list_at, a.title, a.summary, a.author, a.source, a.images, a.body, ${VERSION}`;

/** The entries of some published articles, in no order. */
export async function publishedOf(db: Queryable, ids: readonly number[]): Promise<PublishedEntry[]> {
  const out: PublishedEntry[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db.query<PublishedRow>(
      `SELECT ${COLUMNS} FROM articles a WHERE a.id = ANY($1::bigint[]) AND a.status = 'published' AND a.published_at IS NOT NULL`,
      [ids.slice(i, i + BATCH)],
    );
    for (const r of rows) out.push(entryOf(r));
  }
  return out;
}

/** What a head reads: the entry's row without its body. */
type HeadRow = Omit<PublishedRow, 'body'>;

/** Published articles without bodies, newest first, a keyset page at a time. */
export async function* publishedHeads(db: Queryable): AsyncGenerator<PublishedHead[]> {
  const cols = `a.id, a.slug, a.section_id, a.published_at, a.updated_at, a.list_at, a.images, a.title, a.summary, a.author, a.source, ${VERSION}`;
  for await (const rows of publishedPages<HeadRow>(db, cols)) {
    yield rows.map((r) => {
      const parts = [r.title, r.summary, r.author, r.source].map((t) => Buffer.from(t, 'utf8'));
      return {
        id: r.id,
        slug: r.slug,
        sectionId: r.section_id,
        publishedAt: r.published_at,
        updatedAt: r.updated_at,
        images: r.images,
        version: r.version,
        texts: Buffer.concat(parts),
        textLengths: [parts[0]!.length, parts[1]!.length, parts[2]!.length, parts[3]!.length],
      };
    });
  }
}

/** The published articles' rows of `cols`, newest first, a keyset page (BATCH rows) at a time. */
async function* publishedPages<R extends { list_at: number; id: number }>(db: Queryable, cols: string): AsyncGenerator<R[]> {
  let last: [number, number] | undefined;
  for (;;) {
    const rows = last
      ? await db.query<R>(
          `SELECT ${cols} FROM articles a WHERE a.status = 'published' AND a.published_at IS NOT NULL AND (a.list_at, a.id) < ($1, $2) ORDER BY a.list_at DESC, a.id DESC LIMIT $3`,
          [last[0], last[1], BATCH],
        )
      : await db.query<R>(`SELECT ${cols} FROM articles a WHERE a.status = 'published' AND a.published_at IS NOT NULL ORDER BY a.list_at DESC, a.id DESC LIMIT $1`, [BATCH]);
    if (rows.length) yield rows;
    if (rows.length < BATCH) return;
    const end = rows[rows.length - 1]!;
    last = [end.list_at, end.id];
  }
}

export async function* publishedEntries(db: Queryable): AsyncGenerator<PublishedEntry[]> {
  for await (const rows of publishedPages<PublishedRow>(db, COLUMNS)) yield rows.map(entryOf);
}

export async function publishedBody(db: Queryable, id: number): Promise<string> {
  return (await db.query<{ body: string }>("SELECT body FROM articles WHERE id = $1 AND status = 'published'", [id]))[0]?.body ?? '';
}

/** Bodies of some published articles in one query; '' for an id that is not one. */
export async function publishedBodiesOf(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  const bodies = new Map<number, string>(ids.map((id) => [id, '']));
  if (ids.length === 0) return bodies;
  const rows = await db.query<{ id: number; body: string }>("SELECT id, body FROM articles WHERE id = ANY($1::bigint[]) AND status = 'published'", [ids]);
  for (const r of rows) bodies.set(r.id, r.body);
  return bodies;
}

export async function* publishedBodies(db: Queryable): AsyncGenerator<Array<{ id: number; body: string }>> {
  let after = 0;
  for (;;) {
    const batch = await db.query<{ id: number; body: string }>("SELECT id, body FROM articles WHERE status = 'published' AND id > $1 ORDER BY id LIMIT $2", [after, BATCH]);
    if (batch.length) yield batch;
    if (batch.length < BATCH) return;
    after = batch[batch.length - 1]!.id;
  }
}
