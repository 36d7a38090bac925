// What the HTML export reads of the published articles, by SQLite's own means.
//
// The articles repository returns bodies as strings, and decoding every body on every
// re-export is most of its cost. Here SQLite joins the fields a page shows, body included, into
// one blob in the layout of rows.ts (shownFields), so each article costs one hash of bytes and a
// body is decoded only when it may name stored media. Published only, newest first, straight
// from the (status, list_at, id) index: drafts are never even read.
import type { Database, Statement } from 'better-sqlite3';
import type { PublishedEntry } from '../store.js';

const INDEX_SQL = `SELECT id, slug, section_id, published_at, updated_at, images,
    CAST(printf('%d %d %d %d %d %d %d %d %d %d ', id, section_id, published_at, octet_length(slug), octet_length(title),
      octet_length(summary), octet_length(author), octet_length(source), octet_length(images), octet_length(body))
      || slug || title || summary || author || source || images || body AS BLOB),
    octet_length(body)
  FROM articles WHERE status = 'published' AND published_at IS NOT NULL
  ORDER BY list_at DESC, id DESC`;
const BODY_SQL = "SELECT body FROM articles WHERE id = ? AND status = 'published'";
const BODIES_SQL = "SELECT id, body FROM articles WHERE status = 'published' AND id > ? ORDER BY id LIMIT ?";

type IndexRow = [id: number, slug: string, sectionId: number, publishedAt: number, updatedAt: number, images: string, shown: Buffer, bodyBytes: number];

const BATCH = 1000;

export class PublishedReads {
  private readonly index: Statement<[], IndexRow>;
  private readonly body: Statement<[number], string>;
  private readonly bodies: Statement<[number, number], { id: number; body: string }>;

  constructor(db: Database) {
    this.index = db.prepare<[], IndexRow>(INDEX_SQL).raw(true);
    this.body = db.prepare<[number], string>(BODY_SQL).pluck();
    this.bodies = db.prepare<[number, number], { id: number; body: string }>(BODIES_SQL);
  }

  /** One streamed pass, handed on in batches (the statement stays open between them: a read). */
  *entries(): Generator<PublishedEntry[]> {
    let batch: PublishedEntry[] = [];
    for (const r of this.index.iterate()) {
      batch.push({ id: r[0], slug: r[1], sectionId: r[2], publishedAt: r[3], updatedAt: r[4], images: r[5], shown: r[6], bodyBytes: r[7] });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  bodyOf(id: number): string {
    return this.body.get(id) ?? '';
  }

  *allBodies(): Generator<Array<{ id: number; body: string }>> {
    let after = 0;
    for (;;) {
      const batch = this.bodies.all(after, BATCH);
      if (batch.length) yield batch;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]!.id;
    }
  }
}
