// Images kept inside the database, one row per distinct content (sha-256), so that copying
// the database file copies everything.
import type { Database, Statement } from 'better-sqlite3';
import { hashOf, mediaSrc, type MediaRow } from '../rows.js';

export class MediaRepo {
  private readonly insertStmt: Statement<[string, string, number, Buffer, number]>;
  private readonly getStmt: Statement<[string], MediaRow>;
  private readonly hasStmt: Statement<[string]>;
  private readonly mimeStmt: Statement<[string], string>;
  private readonly allStmt: Statement<[], MediaRow>;
  private readonly batchStmt: Statement<[string, number], MediaRow>;

  constructor(db: Database) {
    this.insertStmt = db.prepare('INSERT INTO media (hash, mime, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING');
    this.getStmt = db.prepare('SELECT hash, mime, size, data, created_at FROM media WHERE hash = ?');
    this.hasStmt = db.prepare('SELECT 1 FROM media WHERE hash = ?').pluck();
    this.mimeStmt = db.prepare<[string], string>('SELECT mime FROM media WHERE hash = ?').pluck();
    this.allStmt = db.prepare('SELECT hash, mime, size, data, created_at FROM media ORDER BY hash');
    this.batchStmt = db.prepare('SELECT hash, mime, size, data, created_at FROM media WHERE hash > ? ORDER BY hash LIMIT ?');
  }

  /** Stores the bytes once; returns the src articles use to name them. */
  put(data: Buffer, mime: string, now: number): string {
    const hash = hashOf(data);
    this.insertStmt.run(hash, mime, data.length, data, now);
    return mediaSrc(hash, mime);
  }

  get(hash: string): MediaRow | undefined {
    return this.getStmt.get(hash);
  }

  /** The stored type, without reading the bytes; undefined when the hash is not stored. */
  mimeOf(hash: string): string | undefined {
    return this.mimeStmt.get(hash);
  }

  has(hash: string): boolean {
    return this.hasStmt.get(hash) !== undefined;
  }

  /** Up to `n` stored files with a hash above `after`, by hash. */
  batchAfter(after: string, n: number): MediaRow[] {
    return this.batchStmt.all(after, n);
  }

  all(): IterableIterator<MediaRow> {
    return this.allStmt.iterate();
  }
}
