// Permalink rules: the one place that knows where each page is written and how any page
// links to any other. Every route is a path below the output folder built from fixed folder
// names and checked slugs, so no input can name a file outside it.
import { isValidSlug, slugify } from '../../core/slug.js';
import { english } from '../../i18n/issues.js';

export type Route =
  | { kind: 'home'; page: number }
  | { kind: 'section'; segment: string; page: number }
  | { kind: 'article'; segment: string }
  | { kind: 'photos'; page: number }
  | { kind: 'feed' }
  | { kind: 'sitemap'; part?: number }
  | { kind: 'media'; hash: string; ext: string }
  | { kind: 'stylesheet' };

/** Fixed folder names: sections and articles live under their own prefix, so no slug can
 * collide with `page/`, `media/`, `assets/` or a file at the root. */
export const FOLDERS = {
  section: 'chuyen-muc',
  article: 'bai-viet',
  photos: 'thu-vien-anh',
  media: 'media',
  /** Right-sized copies of stored images ("ảnh"), named by content hash and size. */
  images: 'anh',
  assets: 'assets',
  page: 'page',
} as const;

export const MANIFEST_NAME = '.newsdesk-manifest.json';

export class UnsafeRouteError extends Error {
  constructor(what: string) {
    super(english('issue.unsafePath', { what }));
    this.name = 'UnsafeRouteError';
  }
}

function paged(base: string, page: number): string {
  if (!Number.isInteger(page) || page < 1) throw new UnsafeRouteError(english('issue.pageNumber', { page: String(page) }));
  // Page 1 keeps the base path; page N goes to a numbered subfolder (Eleventy's rule).
  return page === 1 ? `${base}index.html` : `${base}${FOLDERS.page}/${page}/index.html`;
}

/** The file a route is written to, relative to the output folder, with forward slashes. */
export function outputPath(route: Route): string {
  switch (route.kind) {
    case 'home':
      return paged('', route.page);
    case 'section':
      return paged(`${FOLDERS.section}/${checkSegment(route.segment)}/`, route.page);
    case 'article':
      return `${FOLDERS.article}/${checkSegment(route.segment)}.html`;
    case 'photos':
      return paged(`${FOLDERS.photos}/`, route.page);
    case 'feed':
      return 'feed.xml';
    case 'sitemap':
      return route.part === undefined ? 'sitemap.xml' : `sitemap-${route.part}.xml`;
    case 'media':
      if (!/^[0-9a-f]{64}$/.test(route.hash) || !/^[a-z0-9]{2,5}$/.test(route.ext)) throw new UnsafeRouteError(english('issue.mediaFile', { file: `${route.hash}.${route.ext}` }));
      return `${FOLDERS.media}/${route.hash}.${route.ext}`;
    case 'stylesheet':
      return `${FOLDERS.assets}/style.css`;
  }
}

function checkSegment(segment: string): string {
  if (!isValidSlug(segment)) throw new UnsafeRouteError(JSON.stringify(segment));
  return segment;
}

/**
 * The path segment for a record: its slug when it is a valid slug (the store guarantees this),
 * else a safe name derived from it and made unique by the id, so that a corrupt row can
 * neither escape the folder nor take another record's page.
 */
export function segmentFor(slug: string, id: number, fallback: string): string {
  if (isValidSlug(slug)) return slug;
  const base = slugify(slug, 80) || fallback;
  return `${base}-${id}`;
}

/**
 * An article's output path: outputPath of segmentFor, with a valid slug (the store's rule)
 * checked once rather than twice — thousands of articles are planned on every export.
 */
export function articleOutputPath(slug: string, id: number): string {
  if (isValidSlug(slug)) return `${FOLDERS.article}/${slug}.html`;
  return outputPath({ kind: 'article', segment: segmentFor(slug, id, FOLDERS.article) });
}

/** "../" once per folder between `from` and the output root ('' at the root). */
export function rootPrefix(fromOutputPath: string): string {
  let depth = 0;
  for (let i = 0; i < fromOutputPath.length; i++) if (fromOutputPath.charCodeAt(i) === 47) depth++;
  return '../'.repeat(depth);
}

/**
 * The relative link from one page to another, naming the file (a folder link would open a
 * directory listing from disk). Every route is relative to the root, so going up to the
 * root and down again is always right, from file://, any server and any base path.
 */
export function relativeHref(fromOutputPath: string, toOutputPath: string, fragment?: string): string {
  const target = fromOutputPath === toOutputPath ? lastSegment(toOutputPath) : rootPrefix(fromOutputPath) + toOutputPath;
  return fragment === undefined ? target : `${target}#${fragment}`;
}

function lastSegment(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The public URL path of a page for canonical links and sitemaps: `x/index.html` → `x/`. */
export function publicPath(outputPath: string): string {
  if (outputPath === 'index.html') return '';
  return outputPath.endsWith('/index.html') ? outputPath.slice(0, -'index.html'.length) : outputPath;
}

/** An absolute URL under a base URL that ends with a slash. */
export function absoluteUrl(baseUrl: string, outputPath: string): string {
  return baseUrl + publicPath(outputPath);
}

const SAFE_PATH = /^(?:[a-z0-9][a-z0-9._-]*\/)*[a-z0-9][a-z0-9._-]*$/;

/** True for a path the writer may create or remove: relative, lower-case, no `..`, no dot files. */
export function isSafeOutputPath(p: string): boolean {
  // Every segment starts with a letter or digit, so none can be "." or "..".
  return p.length <= 400 && SAFE_PATH.test(p);
}
