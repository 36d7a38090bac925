// Reading the store for an export: one streamed pass over the published articles that keeps
// what the plan needs (no bodies, no texts: those are read when a page is rendered) plus a
// fingerprint of each, so that a re-export can tell which pages changed without rendering them. Drafts are never read, so they cannot leak
// into pages, feeds or the photo library; scheduled articles (dated later than the export's
// clock) are left out here, the one place the site's content is chosen (core/schedule.ts).
import type { ImageRecord, SiteSettings } from '../../core/records.js';
import { ReleaseGate, type ScheduleSummary } from '../../core/schedule.js';
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

/** The site as read at one moment: what is out, and what was held back as scheduled. */
export interface SiteAt extends SiteIndex {
  /** The published articles left out because their time has not come. */
  scheduled: ScheduleSummary;
}

const STORED = /^media\/([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

/** What the index reads of a published article (raw row: columns in this order). */
type IndexRow = [
  id: number,
  slug: string,
  sectionId: number,
  publishedAt: number,
  updatedAt: number,
  images: string,
  /** Every field a page shows, body included, as the bytes to fingerprint. */
  shown: Buffer,
  /** Bytes of the body, which ends `shown`. */
  bodyBytes: number,
];

// Read through the store's connection, with a query of our own: the articles repository
// returns bodies as strings, and decoding every body on every re-export is most of its cost.
// SQLite joins the fields a page shows, body included, into one blob, so each article costs
// one hash of bytes, and a body is decoded only when it may name stored media. The byte
// lengths up front keep the join unambiguous. Published only, newest first, straight from
// the (status, list_at, id) index: drafts are never even read.
const INDEX_SQL = `SELECT id, slug, section_id, published_at, updated_at, images,
    CAST(printf('%d %d %d %d %d %d %d %d %d %d ', id, section_id, published_at, octet_length(slug), octet_length(title),
      octet_length(summary), octet_length(author), octet_length(source), octet_length(images), octet_length(body))
      || slug || title || summary || author || source || images || body AS BLOB),
    octet_length(body)
  FROM articles WHERE status = 'published' AND published_at IS NOT NULL
  ORDER BY list_at DESC, id DESC`;
const BODY_SQL = "SELECT body FROM articles WHERE id = ? AND status = 'published'";
const BODIES_SQL = "SELECT id, body FROM articles WHERE status = 'published' ORDER BY id";

const TEXTS_SQL = 'SELECT title, summary, author, source FROM articles WHERE id = ?';
type Texts = [title: string, summary: string, author: string, source: string];

/**
 * A published article as indexed. Its texts are read when first asked for (inside the
 * export's read transaction, so from the same snapshot): a re-export needs them only for
 * the few pages it renders, and ten thousand summaries held through the plan cost more in
 * garbage collection than the lookups.
 */
/**
 * The shown texts of articles, read when a page needs them and kept for the pages after it
 * (a title appears on a dozen list pages): bounded, so that memory does not grow with the site.
 */
class TextCache {
  private readonly kept = new Map<number, Texts>();
  constructor(private readonly read: Statement<[number], Texts>) {}

  of(id: number): Texts {
    let t = this.kept.get(id);
    if (t === undefined) {
      // A row gone since the index was read cannot be (one transaction); '' if it were.
      t = this.read.get(id) ?? ['', '', '', ''];
      if (this.kept.size >= TEXT_CACHE_MAX) this.kept.clear();
      this.kept.set(id, t);
    }
    return t;
  }
}

const TEXT_CACHE_MAX = 50_000;

class StoredArticle implements IndexedArticle {
  readonly id: number;
  readonly slug: string;
  readonly sectionId: number;
  readonly publishedAt: number;
  readonly updatedAt: number;
  readonly images: ImageRecord[];
  readonly bodyMedia: string[];
  readonly hash: string;
  private readonly texts: TextCache;

  constructor(row: IndexRow, texts: TextCache) {
    const images = row[5];
    const shown = row[6];
    const bodyFrom = shown.length - row[7];
    this.id = row[0];
    this.slug = row[1];
    this.sectionId = row[2];
    this.publishedAt = row[3];
    this.updatedAt = row[4];
    this.images = images === '[]' ? [] : parseImages(images).filter((i) => typeof i?.src === 'string');
    this.bodyMedia = shown.includes('media/', bodyFrom) ? mediaRefs(shown.toString('utf8', bodyFrom)) : [];
    this.hash = fastHash(shown);
    this.texts = texts;
  }

  private text(i: number): string {
    return this.texts.of(this.id)[i]!;
  }

  get title(): string {
    return this.text(0);
  }
  get summary(): string {
    return this.text(1);
  }
  get author(): string {
    return this.text(2);
  }
  get source(): string {
    return this.text(3);
  }
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

/**
 * Everything the plan needs, read in one pass; bodies are read again only to render. Only
 * the articles out at `now` (epoch ms) are kept: scheduled ones leave no trace in the index,
 * its media or its fingerprints, so the site is the same as if they did not exist yet.
 */
export function readSite(store: Store, now: number = Date.now()): SiteAt {
  const articles: IndexedArticle[] = [];
  const texts = store.db.prepare<[number], Texts>(TEXTS_SQL).raw(true);
  const cache = new TextCache(texts);
  const gate = new ReleaseGate(now);
  for (const row of store.db.prepare<[], IndexRow>(INDEX_SQL).raw(true).iterate()) {
    if (gate.admits(row[3])) articles.push(new StoredArticle(row, cache));
  }

  // Each stored file named by a published article, with the extension of its stored type:
  // never the one a reference gives, so that no image can be written as a page (.html, .svg).
  const media = new Map<string, string>();
  const name = (hash: string): void => {
    if (media.has(hash)) return;
    const mime = store.media.mimeOf(hash);
    if (mime !== undefined) media.set(hash, extensionFor(mime));
  };
  for (const a of articles) {
    for (const img of a.images) {
      const m = STORED.exec(img.src);
      if (m) name(m[1]!);
    }
    for (const hash of a.bodyMedia) name(hash);
  }

  return { site: store.site(), sections: store.sections.tree(), links: store.links.all(), articles, media, scheduled: gate.summary() };
}
