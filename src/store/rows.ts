// What every backend of the store speaks: the rows it reads and writes, the filters and orders
// of lists, and the pure helpers that turn rows into the records of the spec. No database here.
import { createHash } from 'node:crypto';
import { formatIso } from '../core/dates.js';
import { DEFAULT_SITE } from '../core/defaults.js';
import type { ArticleRecord, ArticleStatus, ImageRecord, SectionKind, SectionRecord, SiteKey, SiteSettings } from '../core/records.js';

export interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
  section_id: number;
  status: ArticleStatus;
  published_at: number | null;
  created_at: number;
  updated_at: number;
  images: string;
  tags: string;
  /** The number of the article's current revision: 1 when created, one more on each change. */
  revision: number;
}

/** A new row; `revision` only when an import keeps an exported article's number (else 1). */
export type NewArticleRow = Omit<ArticleRow, 'id' | 'revision'> & { id?: number; revision?: number };

export interface ArticleFilter {
  sectionIds?: number[];
  status?: ArticleStatus;
  author?: string;
  since?: number;
  until?: number;
  /** Only the articles scheduled at this moment (epoch ms): published, dated later. */
  scheduledAt?: number;
}

/** The fields a list may be sorted by; each maps to a column named here, never by input. */
export const SORT_FIELDS = {
  published_at: 'published_at',
  updated_at: 'updated_at',
  created_at: 'created_at',
  title: 'title',
  slug: 'slug',
  author: 'author',
  id: 'id',
} as const;
export type SortField = keyof typeof SORT_FIELDS | 'default';

export interface ArticleSort {
  field: SortField;
  desc: boolean;
}

export interface ListWindow {
  limit: number;
  offset: number;
  /** The count of the filtered rows, when known: a page past the middle is then read from the end. */
  total?: number;
}

/**
 * How a backend reads a page: a page past the middle (window.total given) is read in the
 * opposite order from the end and reversed, so the last page costs what the first does.
 * `empty` when the page lies past the end.
 */
export function pageRead(window: ListWindow | undefined): { flip: boolean; limit?: number; offset?: number; empty: boolean } {
  if (!window) return { flip: false, empty: false };
  const flip = window.total !== undefined && window.offset > window.total / 2;
  if (!flip) return { flip, limit: window.limit, offset: window.offset, empty: false };
  const end = Math.min(window.offset + window.limit, window.total!);
  return { flip, limit: end - window.offset, offset: window.total! - end, empty: end <= window.offset };
}

/** Stored settings (key, value) merged over the defaults; values that do not parse are left out. */
export function siteSettingsOf(pairs: Iterable<{ key: string; value: string }>): SiteSettings {
  const site: SiteSettings = { ...DEFAULT_SITE };
  for (const { key, value } of pairs) {
    switch (key as SiteKey) {
      case 'title':
        site.title = value;
        break;
      case 'language':
        if (value === 'vi' || value === 'en') site.language = value;
        break;
      case 'timezone':
        site.timezone = value;
        break;
      case 'base_url':
        site.base_url = value || null;
        break;
      case 'per_page': {
        const n = Number(value);
        if (Number.isInteger(n) && n > 0) site.per_page = n;
        break;
      }
      case 'embed_hosts':
        if (value !== '') site.embed_hosts = value;
        break;
      case 'keep_revisions': {
        const n = Number(value);
        if (Number.isInteger(n) && n > 0) site.keep_revisions = n;
        break;
      }
    }
  }
  return site;
}


export function parseImages(json: string): ImageRecord[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as ImageRecord[]) : [];
  } catch {
    return [];
  }
}

export function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** The JSON form of the spec, dates in the site's time zone. */
export function articleRecord(row: ArticleRow, sectionSlug: string, timeZone: string): ArticleRecord {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body,
    author: row.author,
    source: row.source,
    section: sectionSlug,
    status: row.status,
    published_at: row.published_at === null ? null : formatIso(row.published_at, timeZone),
    created_at: formatIso(row.created_at, timeZone),
    updated_at: formatIso(row.updated_at, timeZone),
    images: parseImages(row.images),
    tags: parseTags(row.tags),
    revision: row.revision,
  };
}

export interface SectionRow {
  id: number;
  slug: string;
  title: string;
  kind: SectionKind;
  parent_id: number | null;
  position: number;
  description: string;
}

/** Sections (in position, id order) in menu order: depth first, siblings in the order given. */
export function menuOrder<T extends { id: number; parent_id: number | null }>(rows: readonly T[]): T[] {
  const children = new Map<number | null, T[]>();
  for (const r of rows) {
    const list = children.get(r.parent_id) ?? [];
    list.push(r);
    children.set(r.parent_id, list);
  }
  const out: T[] = [];
  const walk = (parent: number | null): void => {
    for (const r of children.get(parent) ?? []) {
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

/** The ids of a section and all its descendants. */
export function subtreeOf(rows: ReadonlyArray<{ id: number; parent_id: number | null }>, id: number): number[] {
  const ids = [id];
  for (let i = 0; i < ids.length; i++) for (const r of rows) if (r.parent_id === ids[i]) ids.push(r.id);
  return ids;
}

/** The sections whose chain of parents never reaches the top (for `check`). */
export function sectionsInCycles<T extends { id: number; parent_id: number | null }>(sections: readonly T[]): T[] {
  const parentOf = new Map(sections.map((s) => [s.id, s.parent_id]));
  return sections.filter((s) => {
    const seen = new Set<number>();
    let at: number | null | undefined = s.id;
    while (at !== null && at !== undefined && !seen.has(at)) {
      seen.add(at);
      at = parentOf.get(at);
    }
    return at !== null && at !== undefined;
  });
}

export interface SectionContents {
  articles: number;
  links: number;
  children: number;
}


export function sectionRecord(row: SectionRow, slugOf: (id: number) => string | undefined): SectionRecord {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    parent: row.parent_id === null ? null : (slugOf(row.parent_id) ?? null),
    position: row.position,
    description: row.description,
  };
}

export interface LinkRow {
  id: number;
  section_id: number;
  title: string;
  url: string;
  position: number;
}

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


/**
 * The shown fields of a published article, as one run of bytes (what the HTML export
 * fingerprints): a header of ten decimal numbers, each followed by a space — id, section id,
 * published_at, then the UTF-8 byte lengths of slug, title, summary, author, source, images
 * and body — then those seven fields, in that order, with nothing between them.
 */
export interface ShownLayout {
  /** Where the title starts (after the header and the slug). */
  textsFrom: number;
  /** Byte lengths of title, summary, author and source. */
  textLengths: [number, number, number, number];
}

export function shownLayout(shown: Buffer): ShownLayout {
  const numbers: number[] = [];
  let at = 0;
  while (numbers.length < 10) {
    const space = shown.indexOf(0x20, at);
    if (space < 0) throw new Error('the shown fields of an article lack their header');
    numbers.push(Number(shown.toString('latin1', at, space)));
    at = space + 1;
  }
  return { textsFrom: at + numbers[3]!, textLengths: [numbers[4]!, numbers[5]!, numbers[6]!, numbers[7]!] };
}
