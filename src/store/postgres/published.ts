// The HTML export's reads of published articles on PostgreSQL: newest first (list date, then
// id, both descending), a keyset page at a time, each made into the shown-fields layout of
// rows.ts here (SQLite makes it in SQL; the bytes are the same).
import type { PublishedEntry } from '../store.js';
import type { Queryable } from './conn.js';

const BATCH = 1000;

interface PublishedRow {
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

export async function* publishedEntries(db: Queryable): AsyncGenerator<PublishedEntry[]> {
  const cols = 'id, slug, section_id, published_at, updated_at, list_at, title, summary, author, source, images, body';
  let last: [number, number] | undefined;
  for (;;) {
    const rows = last
      ? await db.query<PublishedRow>(
          `SELECT ${cols} FROM articles WHERE status = 'published' AND published_at IS NOT NULL AND (list_at, id) < ($1, $2) ORDER BY list_at DESC, id DESC LIMIT $3`,
          [last[0], last[1], BATCH],
        )
      : await db.query<PublishedRow>(`SELECT ${cols} FROM articles WHERE status = 'published' AND published_at IS NOT NULL ORDER BY list_at DESC, id DESC LIMIT $1`, [BATCH]);
    if (rows.length) {
      yield rows.map((r) => ({ id: r.id, slug: r.slug, sectionId: r.section_id, publishedAt: r.published_at, updatedAt: r.updated_at, images: r.images, ...shown(r) }));
    }
    if (rows.length < BATCH) return;
    const end = rows[rows.length - 1]!;
    last = [end.list_at, end.id];
  }
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
