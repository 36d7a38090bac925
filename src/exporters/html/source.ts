// Reading the store for an export: one streamed pass over the published articles that keeps
// what the plan needs (no bodies, no texts: those are read when a page is rendered) plus a
// fingerprint of each, so that a re-export can tell which pages changed without rendering them. Drafts are never read, so they cannot leak
// into pages, feeds or the photo library; scheduled articles (dated later than the export's
// clock) are left out here, the one place the site's content is chosen (core/schedule.ts).
import type { ImageRecord, SiteSettings } from '../../core/records.js';
import { ReleaseGate, type ScheduleSummary } from '../../core/schedule.js';
import { extensionFor, parseImages, shownLayout, type LinkRow, type SectionRow } from '../../store/rows.js';
import type { PublishedEntry, SnapshotReader } from '../../store/store.js';
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

/**
 * The texts a page shows of an article (title, summary, author, source), cut from the shown
 * bytes as they stream past and decoded when a page first asks: a re-export decodes only the
 * few it renders, and bytes held outside the JavaScript heap cost the collector nothing.
 */
class StoredArticle implements IndexedArticle {
  readonly id: number;
  readonly slug: string;
  readonly sectionId: number;
  readonly publishedAt: number;
  readonly updatedAt: number;
  readonly images: ImageRecord[];
  readonly bodyMedia: string[];
  readonly hash: string;
  /** title, summary, author and source, one after the other. */
  private readonly textBytes: Buffer;
  private readonly ends: [number, number, number, number];
  private decoded: [string, string, string, string] | undefined;

  constructor(e: PublishedEntry) {
    const shown = e.shown;
    const layout = shownLayout(shown);
    const bodyFrom = shown.length - e.bodyBytes;
    this.id = e.id;
    this.slug = e.slug;
    this.sectionId = e.sectionId;
    this.publishedAt = e.publishedAt;
    this.updatedAt = e.updatedAt;
    this.images = e.images === '[]' ? [] : parseImages(e.images).filter((i) => typeof i?.src === 'string');
    this.bodyMedia = shown.includes('media/', bodyFrom) ? mediaRefs(shown.toString('utf8', bodyFrom)) : [];
    this.hash = fastHash(shown);
    this.textBytes = Buffer.from(shown.subarray(layout.textsFrom, layout.textsFrom + layout.textLengths.reduce((a, b) => a + b, 0)));
    const [t, s, a, o] = layout.textLengths;
    this.ends = [t, t + s, t + s + a, t + s + a + o];
  }

  private text(i: number): string {
    this.decoded ??= [0, 1, 2, 3].map((k) => this.textBytes.toString('utf8', k === 0 ? 0 : this.ends[k - 1], this.ends[k])) as [string, string, string, string];
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

/**
 * Everything the plan needs, read in one pass; bodies are read again only to render. Only
 * the articles out at `now` (epoch ms) are kept: scheduled ones leave no trace in the index,
 * its media or its fingerprints, so the site is the same as if they did not exist yet.
 */
export async function readSite(store: SnapshotReader, now: number = Date.now()): Promise<SiteAt> {
  const articles: IndexedArticle[] = [];
  const gate = new ReleaseGate(now);
  for await (const batch of store.published()) for (const e of batch) if (gate.admits(e.publishedAt)) articles.push(new StoredArticle(e));

  // Each stored file named by a published article, with the extension of its stored type:
  // never the one a reference gives, so that no image can be written as a page (.html, .svg).
  const media = new Map<string, string>();
  const name = async (hash: string): Promise<void> => {
    if (media.has(hash)) return;
    const mime = await store.media.mimeOf(hash);
    if (mime !== undefined) media.set(hash, extensionFor(mime));
  };
  for (const a of articles) {
    for (const img of a.images) {
      const m = STORED.exec(img.src);
      if (m) await name(m[1]!);
    }
    for (const hash of a.bodyMedia) await name(hash);
  }

  return { site: await store.site(), sections: await store.sections.tree(), links: await store.links.all(), articles, media, scheduled: gate.summary() };
}
