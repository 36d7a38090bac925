// Reading the store for an export: one streamed pass over the published articles that keeps
// what the plan needs (no bodies, no texts: those are read when a page is rendered) plus a
// fingerprint of each, so that a re-export can tell which pages changed without rendering them. Drafts are never read, so they cannot leak
// into pages, feeds or the photo library; scheduled articles (dated later than the export's
// clock) are left out here, the one place the site's content is chosen (core/schedule.ts).
import type { ImageRecord, SiteSettings } from '../../core/records.js';
import { ReleaseGate, type ScheduleSummary } from '../../core/schedule.js';
import { extensionFor, parseImages, shownLayout, type LinkRow, type SectionRow } from '../../store/rows.js';
import type { PublishedEntry, PublishedHead, SnapshotReader } from '../../store/store.js';
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
  /** Media that published articles name but the store does not hold (by hash). */
  missing?: Set<string>;
}

/** The site as read at one moment: what is out, and what was held back as scheduled. */
export interface SiteAt extends SiteIndex {
  /** The published articles left out because their time has not come. */
  scheduled: ScheduleSummary;
  /** What the next export needs to read only the articles that change meanwhile (kept in the manifest). */
  known: KnownArticles;
  /** Articles read in full (body included) by this pass. */
  reread: number;
}

/** What an export knew of an article: its version, and what was made from its full read. */
export interface KnownArticle {
  version: string;
  hash: string;
  bodyMedia: string[];
}

/** The articles an export read, by id. */
export interface KnownArticles {
  byId: Map<number, KnownArticle>;
}

const STORED = /^media\/([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

/**
 * The texts a page shows of an article (title, summary, author, source), kept as bytes one
 * after the other and decoded when a page first asks: a re-export decodes only the few it
 * renders, and bytes held outside the JavaScript heap cost the collector nothing.
 */
abstract class ArticleTexts {
  /** Title, summary, author and source, UTF-8, one after the other (the cache's key hashes them as they are). */
  readonly texts: Buffer;
  readonly lengths: readonly [number, number, number, number];
  private decoded: [string, string, string, string] | undefined;

  protected constructor(texts: Buffer, lengths: readonly [number, number, number, number]) {
    this.texts = texts;
    this.lengths = lengths;
  }

  private text(i: number): string {
    if (this.decoded === undefined) {
      const [t, s, a] = this.lengths;
      const b = this.texts;
      this.decoded = [b.toString('utf8', 0, t), b.toString('utf8', t, t + s), b.toString('utf8', t + s, t + s + a), b.toString('utf8', t + s + a)];
    }
    return this.decoded[i]!;
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

/** The texts of an entry, copied out of its shown bytes (the body is not kept). */
function textsOf(shown: Buffer): [Buffer, [number, number, number, number]] {
  const layout = shownLayout(shown);
  const [t, s, a, o] = layout.textLengths;
  return [Buffer.from(shown.subarray(layout.textsFrom, layout.textsFrom + t + s + a + o)), layout.textLengths];
}

/**
 * A published article as the plan sees it: its fields, and its texts as bytes. Made from a
 * full read (fromEntry: fingerprint and body media made here), from a head and what the last
 * export made of its body (fromHead).
 */
class StoredArticle extends ArticleTexts implements IndexedArticle {
  // Fields given one by one (no object spread per article: ten thousand of them per export).
  constructor(
    readonly id: number,
    readonly slug: string,
    readonly sectionId: number,
    readonly publishedAt: number,
    readonly updatedAt: number,
    readonly images: ImageRecord[],
    readonly bodyMedia: string[],
    readonly hash: string,
    texts: Buffer,
    lengths: readonly [number, number, number, number],
    /** The images as stored (JSON), for the re-export cache's key (export-cache.ts). */
    readonly imagesJson: string,
  ) {
    super(texts, lengths);
  }

  /** An article read in full: its fingerprint, and the media its body names. */
  static fromEntry(e: PublishedEntry): StoredArticle {
    const shown = e.shown;
    const bodyFrom = shown.length - e.bodyBytes;
    const bodyMedia = shown.includes('media/', bodyFrom) ? mediaRefs(shown.toString('utf8', bodyFrom)) : [];
    const [texts, lengths] = textsOf(shown);
    return new StoredArticle(e.id, e.slug, e.sectionId, e.publishedAt, e.updatedAt, imagesOf(e.images), bodyMedia, fastHash(shown), texts, lengths, e.images);
  }

  /** An article unchanged since the last export: its head, and what was made from its body then. */
  static fromHead(h: PublishedHead, known: KnownArticle): StoredArticle {
    return new StoredArticle(h.id, h.slug, h.sectionId, h.publishedAt, h.updatedAt, imagesOf(h.images), known.bodyMedia, known.hash, h.texts, h.textLengths, h.images);
  }
}

const NO_IMAGES: ImageRecord[] = [];

export function imagesOf(images: string): ImageRecord[] {
  // Shared and never changed: most articles have none.
  return images === '[]' ? NO_IMAGES : parseImages(images).filter((i) => typeof i?.src === 'string');
}

/** Past this share of articles changed, one pass over them all beats reading them by id. */
const REREAD_ALL_FROM = 0.25;

/**
 * The published articles out at `now`, newest first. With what the last export knew of this
 * portal, only the articles whose version changed since are read in full; the others are
 * known by their heads (no body read, no hash made).
 */
async function readArticles(store: SnapshotReader, now: number, previous: KnownArticles | undefined, given?: readonly PublishedHead[]): Promise<{ articles: IndexedArticle[]; gate: ReleaseGate; known: KnownArticles; reread: number }> {
  const byId = new Map<number, KnownArticle>();
  const readAll = async (): Promise<{ articles: IndexedArticle[]; gate: ReleaseGate; known: KnownArticles; reread: number }> => {
    const articles: StoredArticle[] = [];
    const gate = new ReleaseGate(now);
    for await (const batch of store.published()) {
      for (const e of batch) {
        if (!gate.admits(e.publishedAt)) continue;
        const a = StoredArticle.fromEntry(e);
        articles.push(a);
        byId.set(a.id, { version: e.version, hash: a.hash, bodyMedia: a.bodyMedia });
      }
    }
    return { articles, gate, known: { byId }, reread: articles.length };
  };
  if (previous === undefined) return readAll();

  const heads: PublishedHead[] = [];
  const stale: number[] = [];
  const gate = new ReleaseGate(now);
  for await (const batch of given !== undefined ? [given] : store.publishedHeads()) {
    for (const h of batch) {
      if (!gate.admits(h.publishedAt)) continue;
      heads.push(h);
      if (previous.byId.get(h.id)?.version !== h.version) stale.push(h.id);
    }
  }
  if (stale.length > heads.length * REREAD_ALL_FROM) return readAll();
  const fresh = new Map<number, { article: StoredArticle; version: string }>();
  for (const e of await store.publishedOf(stale)) fresh.set(e.id, { article: StoredArticle.fromEntry(e), version: e.version });
  const articles: IndexedArticle[] = [];
  for (const h of heads) {
    const read = fresh.get(h.id);
    if (read !== undefined) {
      const a = read.article;
      articles.push(a);
      byId.set(h.id, { version: read.version, hash: a.hash, bodyMedia: a.bodyMedia });
      continue;
    }
    const known = previous.byId.get(h.id);
    // Not read though stale: it cannot be, within one snapshot; left out like a row gone.
    if (known === undefined || known.version !== h.version) continue;
    articles.push(StoredArticle.fromHead(h, known));
    byId.set(h.id, known);
  }
  return { articles, gate, known: { byId }, reread: fresh.size };
}

/**
 * Everything the plan needs, read in one pass; bodies are read again only to render. Only
 * the articles out at `now` (epoch ms) are kept (`heads`: the published heads, when already read): scheduled ones leave no trace in the index,
 * its media or its fingerprints, so the site is the same as if they did not exist yet.
 */
export async function readSite(store: SnapshotReader, now: number = Date.now(), previous?: KnownArticles, heads?: readonly PublishedHead[]): Promise<SiteAt> {
  const { articles, gate, known, reread } = await readArticles(store, now, previous, heads);

  // Each stored file named by a published article, with the extension of its stored type:
  // never the one a reference gives, so that no image can be written as a page (.html, .svg).
  const media = new Map<string, string>();
  const missing = new Set<string>();
  const name = async (hash: string): Promise<void> => {
    if (media.has(hash) || missing.has(hash)) return;
    const mime = await store.media.mimeOf(hash);
    if (mime !== undefined) media.set(hash, extensionFor(mime));
    else missing.add(hash);
  };
  for (const a of articles) {
    for (const img of a.images) {
      const m = STORED.exec(img.src);
      if (m) await name(m[1]!);
    }
    for (const hash of a.bodyMedia) await name(hash);
  }

  return { site: await store.site(), sections: await store.sections.tree(), links: await store.links.all(), articles, media, missing, scheduled: gate.summary(), known, reread };
}
