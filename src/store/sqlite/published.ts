// What the HTML export reads of the published articles, by SQLite's own means.
//
// The articles repository returns bodies as strings, and decoding every body on every
// re-export is most of its cost. Here SQLite joins the fields a page shows, body included, into
// one blob in the layout of rows.ts (shownFields), so each article costs one hash of bytes and a
// body is decoded only when it may name stored media. Published only, newest first, straight
// from the (status, list_at, id) index: drafts are never even read.
import type { Database, Statement } from 'better-sqlite3';
import type { PublishedEntry, PublishedHead } from '../store.js';

/**
 * Migration 8: what tells an export which articles changed since it last read them. newsdesk
 * moves an article to its next revision with every change; these triggers count the changes
 * that do not (another program writing the file) and the removals (an id given again by hand),
 * so that an article's version (revision, that count, updated_at, created_at) changes with any
 * write.
 */
export const EXPORT_MARKS_SQL = `
  CREATE TABLE IF NOT EXISTS article_outside_changes (
    id INTEGER PRIMARY KEY,
    n  INTEGER NOT NULL
  ) STRICT;
  CREATE TRIGGER IF NOT EXISTS article_outside_update AFTER UPDATE ON articles WHEN NEW.revision IS OLD.revision BEGIN
    INSERT INTO article_outside_changes (id, n) VALUES (NEW.id, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER IF NOT EXISTS article_outside_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_outside_changes (id, n) VALUES (OLD.id, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
  END;`;

/** An article's version as the export records it: any write to the row changes it. */
const VERSION = `a.revision || '.' || coalesce((SELECT n FROM article_outside_changes c WHERE c.id = a.id), 0) || '.' || a.updated_at || '.' || a.created_at`;
const ENTRY_COLUMNS = `a.id, a.slug, a.section_id, a.published_at, a.updated_at, a.images,
    CAST(printf('%d %d %d %d %d %d %d %d %d %d ', a.id, a.section_id, a.published_at, octet_length(a.slug), octet_length(a.title),
      octet_length(a.summary), octet_length(a.author), octet_length(a.source), octet_length(a.images), octet_length(a.body))
      || a.slug || a.title || a.summary || a.author || a.source || a.images || a.body AS BLOB),
    octet_length(a.body), ${VERSION}`;
const PUBLISHED = "a.status = 'published' AND a.published_at IS NOT NULL";
const INDEX_SQL = `SELECT ${ENTRY_COLUMNS} FROM articles a WHERE ${PUBLISHED} ORDER BY a.list_at DESC, a.id DESC`;
const ENTRIES_OF_SQL = `SELECT ${ENTRY_COLUMNS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) AND ${PUBLISHED}`;
const HEADS_SQL = `SELECT a.id, a.slug, a.section_id, a.published_at, a.updated_at, a.images, ${VERSION},
    CAST(a.title || a.summary || a.author || a.source AS BLOB), octet_length(a.title), octet_length(a.summary), octet_length(a.author)
  FROM articles a WHERE ${PUBLISHED} ORDER BY a.list_at DESC, a.id DESC`;
const BODY_SQL = "SELECT body FROM articles WHERE id = ? AND status = 'published'";
const BODIES_SQL = "SELECT id, body FROM articles WHERE status = 'published' AND id > ? ORDER BY id LIMIT ?";

type IndexRow = [id: number, slug: string, sectionId: number, publishedAt: number, updatedAt: number, images: string, shown: Buffer, bodyBytes: number, version: string];
type HeadRow = [id: number, slug: string, sectionId: number, publishedAt: number, updatedAt: number, images: string, version: string, texts: Buffer, title: number, summary: number, author: number];

function entryOf(r: IndexRow): PublishedEntry {
  return { id: r[0], slug: r[1], sectionId: r[2], publishedAt: r[3], updatedAt: r[4], images: r[5], shown: r[6], bodyBytes: r[7], version: r[8] };
}

const BATCH = 1000;

export class PublishedReads {
  private readonly index: Statement<[], IndexRow>;
  private readonly entriesOf: Statement<[string], IndexRow>;
  private readonly heads: Statement<[], HeadRow>;
  private readonly body: Statement<[number], string>;
  private readonly bodies: Statement<[number, number], { id: number; body: string }>;

  constructor(db: Database) {
    this.index = db.prepare<[], IndexRow>(INDEX_SQL).raw(true);
    this.entriesOf = db.prepare<[string], IndexRow>(ENTRIES_OF_SQL).raw(true);
    this.heads = db.prepare<[], HeadRow>(HEADS_SQL).raw(true);
    this.body = db.prepare<[number], string>(BODY_SQL).pluck();
    this.bodies = db.prepare<[number, number], { id: number; body: string }>(BODIES_SQL);
  }

  /** One streamed pass, handed on in batches (the statement stays open between them: a read). */
  *entries(): Generator<PublishedEntry[]> {
    let batch: PublishedEntry[] = [];
    for (const r of this.index.iterate()) {
      batch.push(entryOf(r));
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  /** The same pass without bodies or hashes to make: what a re-export reads of every article. */
  *headEntries(): Generator<PublishedHead[]> {
    let batch: PublishedHead[] = [];
    for (const r of this.heads.iterate()) {
      const texts = r[7];
      batch.push({ id: r[0], slug: r[1], sectionId: r[2], publishedAt: r[3], updatedAt: r[4], images: r[5], version: r[6], texts, textLengths: [r[8], r[9], r[10], texts.length - r[8] - r[9] - r[10]] });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  /** The entries of some published articles (those a re-export must read again), in no order. */
  entriesOfIds(ids: readonly number[]): PublishedEntry[] {
    const out: PublishedEntry[] = [];
    for (let i = 0; i < ids.length; i += BATCH) for (const r of this.entriesOf.iterate(JSON.stringify(ids.slice(i, i + BATCH)))) out.push(entryOf(r));
    return out;
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
