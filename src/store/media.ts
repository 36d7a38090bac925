// Images kept inside the database, one row per distinct content (sha-256), so that copying
// the database file copies everything.
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

export interface MediaRow {
  hash: string;
  mime: string;
  size: number;
  data: Buffer;
  created_at: number;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
};

/** The image type from the file's first bytes; SVG and anything unknown are refused. */
export function sniffImageType(data: Uint8Array): string | undefined {
  const b = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 16));
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && (b.toString('latin1', 0, 6) === 'GIF87a' || b.toString('latin1', 0, 6) === 'GIF89a')) return 'image/gif';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.toString('latin1', 4, 12) === 'ftypavif') return 'image/avif';
  return undefined;
}

export function extensionFor(mime: string): string {
  return EXTENSIONS[mime] ?? 'bin';
}

/** "media/<sha-256>.<ext>": how an article's image names stored media. */
export function mediaSrc(hash: string, mime: string): string {
  return `media/${hash}.${extensionFor(mime)}`;
}

export const MEDIA_SRC = /^media\/([0-9a-f]{64})\.[a-z]{2,5}$/;

export function hashOf(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export class MediaRepo {
  private readonly insertStmt: Statement<[string, string, number, Buffer, number]>;
  private readonly getStmt: Statement<[string], MediaRow>;
  private readonly hasStmt: Statement<[string]>;
  private readonly mimeStmt: Statement<[string], string>;
  private readonly allStmt: Statement<[], MediaRow>;

  constructor(db: Database) {
    this.insertStmt = db.prepare('INSERT INTO media (hash, mime, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING');
    this.getStmt = db.prepare('SELECT hash, mime, size, data, created_at FROM media WHERE hash = ?');
    this.hasStmt = db.prepare('SELECT 1 FROM media WHERE hash = ?').pluck();
    this.mimeStmt = db.prepare<[string], string>('SELECT mime FROM media WHERE hash = ?').pluck();
    this.allStmt = db.prepare('SELECT hash, mime, size, data, created_at FROM media ORDER BY hash');
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

  all(): IterableIterator<MediaRow> {
    return this.allStmt.iterate();
  }
}
