// Reading the store for an export: one streamed pass over the published articles that keeps
// what the lists need (no bodies) plus a fingerprint of each, so that a re-export can tell
// which pages changed without rendering them. Drafts are never read, so they cannot leak
// into pages, feeds or the photo library.
import type { ImageRecord, SiteSettings } from '../../core/records.js';
import type { Statement } from 'better-sqlite3';
import { parseImages } from '../../store/articles.js';
import { extensionFor } from '../../store/media.js';
import type { LinkRow } from '../../store/links.js';
import type { SectionRow } from '../../store/sections.js';
import type { Store } from '../../store/store.js';
import { fastHash } from './hash.js';
import { mediaRefs } from './markdown.js';

export interface IndexedArticle {
  id: number;
  slug: string;
  title: string;
  summary: string;
  author: string;
  source: string;
  sectionId: number;
  publishedAt: number;
  updatedAt: number;
  images: ImageRecord[];
  /** Hashes of stored media named in the body. */
  bodyMedia: string[];
  /** Fingerprint of every field an HTML page shows, body included (not updated_at or tags). */
  hash: string;
}

export interface SiteIndex {
  site: SiteSettings;
  sections: SectionRow[];
  links: LinkRow[];
  /** Published articles, newest first (published_at, then id, both descending). */
  articles: IndexedArticle[];
  /** Stored media that published articles name: hash → file extension. */
  media: Map<string, string>;
}

const STORED = /^media\/([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

/** What the index reads of a published article: the body as raw UTF-8, never decoded here. */
interface IndexRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  author: string;
  source: string;
  section_id: number;
  published_at: number;
  updated_at: number;
  images: string;
  body: Buffer;
}

// Read through the store's connection, with a query of our own: the articles repository
// returns bodies as strings, and decoding (then re-encoding, to hash) every body on every
// re-export is most of its cost. Published only, newest first, straight from the
// (status, list_at, id) index: drafts are never even read.
const INDEX_SQL = `SELECT id, slug, title, summary, author, source, section_id, published_at, updated_at, images,
    CAST(body AS BLOB) AS body
  FROM articles WHERE status = 'published' AND published_at IS NOT NULL
  ORDER BY list_at DESC, id DESC`;
const BODY_SQL = "SELECT body FROM articles WHERE id = ? AND status = 'published'";
const BODIES_SQL = "SELECT id, body FROM articles WHERE status = 'published' ORDER BY id";

function fingerprint(row: IndexRow): string {
  // The short fields (joined by a character no text field can hold) and the raw body apart,
  // then the two together: three one-shot hashes cost less than one incremental Hash.
  const fields = fastHash(`${row.id} ${row.section_id} ${row.published_at}\u0001${row.slug}\u0001${row.title}\u0001${row.summary}\u0001${row.author}\u0001${row.source}\u0001${row.images}`);
  return fastHash(fields + fastHash(row.body));
}

function indexArticle(row: IndexRow): IndexedArticle {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    author: row.author,
    source: row.source,
    sectionId: row.section_id,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    images: row.images === '[]' ? [] : parseImages(row.images).filter((i) => typeof i?.src === 'string'),
    bodyMedia: row.body.includes('media/') ? mediaRefs(row.body.toString('utf8')) : [],
    hash: fingerprint(row),
  };
}

/** The Markdown body of a published article ('' when it is gone). */
export function readBody(store: Store, id: number): string {
  let stmt = bodyStatements.get(store);
  if (!stmt) {
    stmt = store.db.prepare<[number], { body: string }>(BODY_SQL);
    bodyStatements.set(store, stmt);
  }
  return stmt.get(id)?.body ?? '';
}

const bodyStatements = new WeakMap<Store, Statement<[number], { body: string }>>();

/** Every published article's body, by id, streamed. */
export function iterateBodies(store: Store): IterableIterator<{ id: number; body: string }> {
  return store.db.prepare<[], { id: number; body: string }>(BODIES_SQL).iterate();
}

/** Everything the plan needs, read in one pass; bodies are read again only to render. */
export function readSite(store: Store): SiteIndex {
  const articles: IndexedArticle[] = [];
  for (const row of store.db.prepare<[], IndexRow>(INDEX_SQL).iterate()) articles.push(indexArticle(row));

  const media = new Map<string, string>();
  const known = new Map<string, boolean>();
  const exists = (hash: string): boolean => {
    let ok = known.get(hash);
    if (ok === undefined) {
      ok = store.media.has(hash);
      known.set(hash, ok);
    }
    return ok;
  };
  for (const a of articles) {
    for (const img of a.images) {
      const m = STORED.exec(img.src);
      if (m && !media.has(m[1]!) && exists(m[1]!)) media.set(m[1]!, m[2]!);
    }
    for (const hash of a.bodyMedia) if (!media.has(hash) && exists(hash)) media.set(hash, 'bin');
  }
  // A hash named only in a body takes its extension from the stored type.
  for (const [hash, ext] of media) {
    if (ext !== 'bin') continue;
    const row = store.media.get(hash);
    media.set(hash, row ? extensionFor(row.mime) : 'bin');
  }

  return { site: store.site(), sections: store.sections.tree(), links: store.links.all(), articles, media };
}
