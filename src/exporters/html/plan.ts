// The plan: from what the store holds to the list of files of the site, each with its output
// path and the data its template needs. Pure: no store, no filesystem, no clock. Like
// Eleventy's pagination, lists are chunked first and the pager links filled in from the
// known page count, so no page links to a page that does not exist.
import type { Language } from '../../core/records.js';
import { pagerWindow } from '../../core/paginate.js';
import { checkLinkUrl } from '../../core/link-url.js';
import { embedHostsOf } from '../../core/embed-hosts.js';
import { fastHash } from './hash.js';
import { articleOutputPath, outputPath, segmentFor } from './routes.js';
import type { IndexedArticle, SiteIndex } from './source.js';
import { english } from '../../i18n/issues.js';

export const FEED_SIZE = 20;
export const OTHER_ARTICLES = 10;
export const PORTLET_PHOTOS = 4;
export const SITEMAP_LIMIT = 50_000;

export interface MenuNode {
  title: string;
  path: string;
  children: MenuNode[];
}

export interface LinkGroup {
  title: string;
  links: Array<{ title: string; url: string }>;
}

export interface Photo {
  /** Output path of the image file. */
  src: string;
  alt: string;
  caption: string;
  articlePath: string;
  articleTitle: string;
}

/** What every page shares: banner, menu, links, newest photos, footer. */
export interface LayoutData {
  title: string;
  language: Language;
  timezone: string;
  baseUrl: string | null;
  homePath: string;
  photosPath: string;
  feedPath: string;
  stylesheetPath: string;
  /** Hosts whose video players article bodies may embed (the site's embed_hosts). */
  embedHosts: string[];
  menu: MenuNode[];
  links: LinkGroup[];
  photos: Photo[];
}

export type PagerLink = { kind: 'page'; page: number; path: string; current: boolean } | { kind: 'gap' };

export interface Pager {
  page: number;
  pages: number;
  first?: string;
  previous?: string;
  next?: string;
  last?: string;
  window: PagerLink[];
}

export interface Teaser {
  /** The article's fingerprint: stands for every field here in page fingerprints. */
  hash: string;
  title: string;
  path: string;
  publishedAt: number;
  summary: string;
  thumb?: string;
}

export type Figure =
  | { kind: 'local'; src: string; alt: string; caption: string }
  | { kind: 'remote'; url: string; alt: string; caption: string };

export interface HomePage {
  kind: 'home';
  outputPath: string;
  source: string;
  /** When set, stands for `data` in the page's fingerprint (see LazyPage). */
  key?: string;
  readonly data: { items: Teaser[]; pager: Pager };
}

export interface SectionPage {
  kind: 'section';
  outputPath: string;
  source: string;
  /** When set, stands for `data` in the page's fingerprint (see LazyPage). */
  key?: string;
  readonly data: {
    title: string;
    description: string;
    trail: Array<{ title: string; path: string }>;
    subsections: Array<{ title: string; path: string }>;
    items: Teaser[];
    pager: Pager;
  };
}

export interface ArticleData {
  id: number;
  hash: string;
  title: string;
  summary: string;
  author: string;
  source: string;
  publishedAt: number;
  section: { title: string; path: string } | null;
  figures: Figure[];
  /** Stored media the body names, as linked ('' when missing): the body renders with them. */
  bodyMedia: string[];
  others: Teaser[];
}

export interface ArticlePage {
  kind: 'article';
  /** The article's id (also in data, which is built later). */
  id: number;
  outputPath: string;
  source: string;
  /**
   * Stands for `data` in the page's fingerprint, made from the fingerprints of the article
   * and its neighbours; `data` itself is built only when the page is rendered, so a
   * re-export does not build ten thousand pages' data to render one.
   */
  key: string;
  readonly data: ArticleData;
}

export interface PhotosPage {
  kind: 'photos';
  outputPath: string;
  source: string;
  data: { items: Photo[]; pager: Pager };
}

export interface FeedEntry {
  id: number;
  hash: string;
  bodyMedia: string[];
  title: string;
  path: string;
  summary: string;
  author: string;
  publishedAt: number;
  updatedAt: number;
}

export interface FeedPage {
  kind: 'feed';
  outputPath: string;
  source: string;
  data: { entries: FeedEntry[] };
}

export interface SitemapPage {
  kind: 'sitemap';
  outputPath: string;
  source: string;
  data: { urls: Array<{ path: string; lastmod?: number }> } | { parts: string[] };
}

export type Page = HomePage | SectionPage | ArticlePage | PhotosPage | FeedPage | SitemapPage;

export interface MediaFile {
  hash: string;
  outputPath: string;
}

export interface SitePlan {
  layout: LayoutData;
  /** Everything every page depends on besides its own data: templates, the plan's code, the layout. */
  layoutKey: string;
  pages: Page[];
  media: MediaFile[];
  stylesheetPath: string;
}

export interface PlanOptions {
  perPage: number;
  baseUrl: string | null;
  /** The templates' fingerprint: part of every page's key (render/index.ts TEMPLATE_FINGERPRINT). */
  templates?: string;
}

export class DuplicateOutputPathError extends Error {
  constructor(path: string, a: string, b: string) {
    super(english('issue.twoPages', { path, a, b }));
    this.name = 'DuplicateOutputPathError';
  }
}

/** An article page whose data is built on first use (and kept). */
class LazyArticlePage implements ArticlePage {
  readonly kind = 'article';
  readonly id: number;
  readonly outputPath: string;
  readonly key: string;
  private readonly slug: string;
  private readonly build: () => ArticleData;
  private built: ArticleData | undefined;

  constructor(id: number, outputPath: string, slug: string, key: string, build: () => ArticleData) {
    this.id = id;
    this.outputPath = outputPath;
    this.slug = slug;
    this.key = key;
    this.build = build;
  }

  /** Named only in errors: not built for every article of every export. */
  get source(): string {
    return `article ${this.id} "${this.slug}"`;
  }

  get data(): ArticleData {
    this.built ??= this.build();
    return this.built;
  }

  /** Forgets the data once the page is written: a site's pages hold no more than one page's data at a time. */
  release(): void {
    this.built = undefined;
  }
}

/**
 * A list page whose data (teasers, pager) is built on first use, like an article page's: its
 * fingerprint needs only the page number, the page count and the listed articles'
 * fingerprints, so a re-export builds the data of the few list pages it renders.
 */
class LazyPage<K extends 'home' | 'section', D> {
  readonly kind: K;
  readonly outputPath: string;
  readonly source: string;
  readonly key: string;
  private readonly build: () => D;
  private built: D | undefined;

  constructor(kind: K, outputPath: string, source: string, key: string, build: () => D) {
    this.kind = kind;
    this.outputPath = outputPath;
    this.source = source;
    this.key = key;
    this.build = build;
  }

  get data(): D {
    this.built ??= this.build();
    return this.built;
  }

  /** See ArticlePage.release. */
  release(): void {
    this.built = undefined;
  }
}

/** Pages of `items` in chunks of `size`; an empty list still has its first page. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The pager of page `page` of `pages`, linking only to pages that exist. */
export function buildPager(page: number, pages: number, pathOf: (n: number) => string): Pager {
  const pager: Pager = {
    page,
    pages,
    window: pagerWindow(page, pages).map((w) => (w.kind === 'gap' ? w : { kind: 'page', page: w.page, path: pathOf(w.page), current: w.current })),
  };
  if (page > 1) {
    pager.first = pathOf(1);
    pager.previous = pathOf(page - 1);
  }
  if (page < pages) {
    pager.next = pathOf(page + 1);
    pager.last = pathOf(pages);
  }
  return pager;
}

const NONE: string[] = [];
const STORED = /^media\/([0-9a-f]{64})\.[a-z0-9]{2,5}$/;
const REMOTE = /^https?:\/\//i;

export function planSite(index: SiteIndex, opts: PlanOptions): SitePlan {
  const perPage = opts.perPage;
  const mediaPath = (hash: string): string | undefined => {
    const ext = index.media.get(hash);
    return ext === undefined ? undefined : outputPath({ kind: 'media', hash, ext });
  };
  const bodyMediaOf = (a: IndexedArticle): string[] => a.bodyMedia.map((h) => mediaPath(h) ?? '');
  const localSrc = (src: string): string | undefined => {
    const m = STORED.exec(src);
    return m ? mediaPath(m[1]!) : undefined;
  };

  // Sections: the articles kind gets a page; links sections feed the links portlet.
  const sectionById = new Map(index.sections.map((s) => [s.id, s]));
  const sectionPath = new Map<number, string>();
  const sectionSegment = new Map<number, string>();
  for (const s of index.sections) {
    if (s.kind !== 'articles') continue;
    const segment = segmentFor(s.slug, s.id, 'chuyen-muc');
    sectionSegment.set(s.id, segment);
    sectionPath.set(s.id, outputPath({ kind: 'section', segment, page: 1 }));
  }
  const childrenOf = new Map<number | null, number[]>();
  for (const s of index.sections) {
    const list = childrenOf.get(s.parent_id) ?? [];
    list.push(s.id);
    childrenOf.set(s.parent_id, list);
  }

  // The menu: each top-level articles section a portlet with its subsections in tree order.
  // Articles sections below a links section are lifted to the level of that section, so
  // every section page stays reachable from the menu.
  const menuNodes = (parent: number | null): MenuNode[] => {
    const out: MenuNode[] = [];
    for (const id of childrenOf.get(parent) ?? []) {
      const s = sectionById.get(id)!;
      if (s.kind === 'articles') out.push({ title: s.title, path: sectionPath.get(id)!, children: menuNodes(id) });
      else out.push(...menuNodes(id));
    }
    return out;
  };
  const menu = menuNodes(null);

  const linksBySection = new Map<number, Array<{ title: string; url: string }>>();
  for (const l of index.links) {
    // Only absolute web and mail links: a relative one would break at every folder depth,
    // and a row edited behind the store's back must not smuggle in a javascript: URL.
    if (checkLinkUrl(l.url) !== undefined || !/^(?:https?:\/\/|mailto:)/i.test(l.url)) continue;
    const list = linksBySection.get(l.section_id) ?? [];
    list.push({ title: l.title, url: l.url });
    linksBySection.set(l.section_id, list);
  }
  const links: LinkGroup[] = [];
  for (const s of index.sections) {
    if (s.kind !== 'links') continue;
    const list = linksBySection.get(s.id);
    if (list && list.length > 0) links.push({ title: s.title, links: list });
  }

  // Articles: paths, and what stands for a teaser in list fingerprints. Teasers themselves
  // are built when a page that shows them is rendered (once, then shared).
  const articlePath = new Map<number, string>();
  const teaserKeyOf = new Map<number, string>();
  for (const a of index.articles) {
    articlePath.set(a.id, articleOutputPath(a.slug, a.id));
    const thumb = a.images.length === 0 ? undefined : firstLocal(a, localSrc);
    teaserKeyOf.set(a.id, thumb === undefined ? a.hash : `${a.hash}:${thumb}`);
  }
  const teasers = new Map<number, Teaser>();
  const teaserOf = (a: IndexedArticle): Teaser => {
    let t = teasers.get(a.id);
    if (t === undefined) {
      const thumb = firstLocal(a, localSrc);
      t = { hash: a.hash, title: a.title, path: articlePath.get(a.id)!, publishedAt: a.publishedAt, summary: a.summary };
      if (thumb !== undefined) t.thumb = thumb;
      // Shared by the list pages that show the article, but bounded: memory stays flat.
      if (teasers.size >= 50_000) teasers.clear();
      teasers.set(a.id, t);
    }
    return t;
  };
  // The same teaser without summary or thumbnail, for "other articles" lists.
  const shortTeaserOf = (a: IndexedArticle): Teaser => ({ hash: a.hash, title: a.title, path: articlePath.get(a.id)!, publishedAt: a.publishedAt, summary: '' });
  // Set once the layout is known (below), before any page's key is made.
  let layoutKey = '';
  /**
   * A list page's key: the layout, its path, its place and its articles', hashed once (the
   * page's whole fingerprint: see pageKey).
   */
  const listKey = (path: string, page: number, pages: number, items: readonly IndexedArticle[], shared = ''): string => {
    const key = [layoutKey, '\u0000', path, '\u0000', shared, '|', String(page), '/', String(pages), '|'];
    for (const a of items) key.push(teaserKeyOf.get(a.id)!, ',');
    return digest(key);
  };

  // Every stored image of a published article, newest article first.
  const allPhotos: Photo[] = [];
  for (const a of index.articles) {
    for (const img of a.images) {
      const src = localSrc(img.src);
      if (src === undefined) continue;
      allPhotos.push({ src, alt: img.alt || img.caption || a.title, caption: img.caption, articlePath: articlePath.get(a.id)!, articleTitle: a.title });
    }
  }

  const stylesheetPath = outputPath({ kind: 'stylesheet' });
  const layout: LayoutData = {
    title: index.site.title,
    language: index.site.language,
    timezone: index.site.timezone,
    baseUrl: opts.baseUrl,
    homePath: outputPath({ kind: 'home', page: 1 }),
    photosPath: outputPath({ kind: 'photos', page: 1 }),
    feedPath: outputPath({ kind: 'feed' }),
    stylesheetPath,
    embedHosts: embedHostsOf(index.site.embed_hosts),
    menu,
    links,
    photos: allPhotos.slice(0, PORTLET_PHOTOS),
  };
  layoutKey = fastHash(`${opts.templates ?? ''}\u0000${PLAN_FINGERPRINT}\u0000${JSON.stringify(layout)}`);

  const pages: Page[] = [];

  // Home.
  const homeChunks = chunk(index.articles, perPage);
  const homePathOf = (n: number): string => outputPath({ kind: 'home', page: n });
  homeChunks.forEach((items, i) => {
    const n = homeChunks.length;
    const path = homePathOf(i + 1);
    pages.push(
      new LazyPage('home', path, `home page ${i + 1}`, listKey(path, i + 1, n, items), () => ({
        items: items.map(teaserOf),
        pager: buildPager(i + 1, n, homePathOf),
      })),
    );
  });

  // Sections: each lists its own articles and those of its subsections.
  const bySection = new Map<number, IndexedArticle[]>();
  for (const a of index.articles) {
    const list = bySection.get(a.sectionId) ?? [];
    list.push(a);
    bySection.set(a.sectionId, list);
  }
  const trailOf = (id: number): Array<{ title: string; path: string }> => {
    const trail: Array<{ title: string; path: string }> = [];
    const seen = new Set<number>();
    for (let s = sectionById.get(id)?.parent_id ?? null; s !== null && !seen.has(s); s = sectionById.get(s)?.parent_id ?? null) {
      seen.add(s);
      const p = sectionPath.get(s);
      if (p !== undefined) trail.unshift({ title: sectionById.get(s)!.title, path: p });
    }
    return trail;
  };
  for (const s of index.sections) {
    if (s.kind !== 'articles') continue;
    const ids = subtree(s.id, childrenOf);
    const items = ids.length === 1 ? (bySection.get(s.id) ?? []) : mergeNewest(ids.map((id) => bySection.get(id) ?? []));
    const chunks = chunk(items, perPage);
    const segment = sectionSegment.get(s.id)!;
    const pathOf = (n: number): string => outputPath({ kind: 'section', segment, page: n });
    const subsections = menuNodes(s.id).map((n) => ({ title: n.title, path: n.path }));
    const trail = trailOf(s.id);
    // What every page of the section shows besides its list and pager.
    const shared = fastHash(JSON.stringify({ title: s.title, description: s.description, trail, subsections }));
    chunks.forEach((list, i) => {
      const n = chunks.length;
      const path = pathOf(i + 1);
      pages.push(
        new LazyPage('section', path, `section "${s.slug}" page ${i + 1}`, listKey(path, i + 1, n, list, shared), () => ({
          title: s.title,
          description: s.description,
          trail,
          subsections,
          items: list.map(teaserOf),
          pager: buildPager(i + 1, n, pathOf),
        })),
      );
    });
  }

  // Articles, with "other articles": the neighbours in their own section, older ones first
  // (so publishing a new article does not change older pages), filled with newer ones.
  const sectionRefs = new Map<number, { title: string; path: string } | null>();
  // The section as article keys name it: hashed once, so that keys stay short ASCII.
  const sectionKeys = new Map<number, string>();
  for (const s of index.sections) {
    const sp = sectionPath.get(s.id);
    sectionRefs.set(s.id, sp === undefined ? null : { title: s.title, path: sp });
    sectionKeys.set(s.id, sp === undefined ? '' : fastHash(`${sp}|${s.title}`));
  }
  for (const list of bySection.values()) {
    // The list's fingerprints joined once ("h,h,…,"): an article's neighbours are two slices of it.
    const joined = list.map((a) => `${a.hash},`).join('');
    const offsets = new Array<number>(list.length + 1);
    offsets[0] = 0;
    for (let j = 0; j < list.length; j++) offsets[j + 1] = offsets[j]! + list[j]!.hash.length + 1;
    list.forEach((a, i) => {
      // Neighbours: up to OTHER_ARTICLES older ones, then the nearest newer ones before them.
      const olderTo = Math.min(list.length, i + 1 + OTHER_ARTICLES);
      const newerFrom = Math.max(0, i - (OTHER_ARTICLES - (olderTo - i - 1)));
      const sectionRef = sectionRefs.get(a.sectionId) ?? null;
      const bodyMedia = a.bodyMedia.length ? bodyMediaOf(a) : NONE;
      const path = articlePath.get(a.id)!;
      // Built as one string and hashed once (cheaper than parts joined, for every article).
      let key = `${layoutKey}\u0000${path}\u0000${a.hash}${sectionKeys.get(a.sectionId) ?? ''}|`;
      for (const img of a.images) key += `${localSrc(img.src) ?? (REMOTE.test(img.src) ? 'r' : '-')},`;
      key += `|${bodyMedia.join(',')}|`;
      key += joined.slice(offsets[newerFrom]!, offsets[i]!) + joined.slice(offsets[i + 1]!, offsets[olderTo]!);
      const build = (): ArticleData => ({
        id: a.id,
        hash: a.hash,
        title: a.title,
        summary: a.summary,
        author: a.author,
        source: a.source,
        publishedAt: a.publishedAt,
        section: sectionRef,
        figures: a.images.flatMap((img): Figure[] => {
          const src = localSrc(img.src);
          if (src !== undefined) return [{ kind: 'local', src, alt: img.alt, caption: img.caption }];
          if (REMOTE.test(img.src)) return [{ kind: 'remote', url: img.src, alt: img.alt, caption: img.caption }];
          return [];
        }),
        bodyMedia,
        others: [...list.slice(newerFrom, i), ...list.slice(i + 1, olderTo)].map(shortTeaserOf),
      });
      pages.push(new LazyArticlePage(a.id, path, a.slug, fastHash(key), build));
    });
  }

  // Photo library.
  const photoChunks = chunk(allPhotos, perPage);
  const photosPathOf = (n: number): string => outputPath({ kind: 'photos', page: n });
  photoChunks.forEach((items, i) => {
    pages.push({
      kind: 'photos',
      outputPath: photosPathOf(i + 1),
      source: `photo library page ${i + 1}`,
      data: { items, pager: buildPager(i + 1, photoChunks.length, photosPathOf) },
    });
  });

  pages.push({
    kind: 'feed',
    outputPath: outputPath({ kind: 'feed' }),
    source: 'feed',
    data: {
      entries: index.articles.slice(0, FEED_SIZE).map((a) => ({
        id: a.id,
        hash: a.hash,
        bodyMedia: bodyMediaOf(a),
        title: a.title,
        path: articlePath.get(a.id)!,
        summary: a.summary,
        author: a.author,
        publishedAt: a.publishedAt,
        updatedAt: a.updatedAt,
      })),
    },
  });

  if (opts.baseUrl !== null) pages.push(...sitemaps(pages, index, articlePath));

  const media = [...index.media].map(([hash, ext]): MediaFile => ({ hash, outputPath: outputPath({ kind: 'media', hash, ext }) }));
  media.sort((a, b) => (a.outputPath < b.outputPath ? -1 : a.outputPath > b.outputPath ? 1 : 0));

  checkDuplicates(pages, media, stylesheetPath);
  return { layout, layoutKey, pages, media, stylesheetPath };
}

/**
 * The fingerprint of a page's inputs, as the manifest keeps it: the layout's key, the page's
 * path and its data. A planned list or article page was given it whole when planned (one hash
 * per page); other pages' (photos, feed, sitemaps: a few) are made here.
 */
export function pageKey(layoutKey: string, page: Page): string {
  if ((page instanceof LazyPage || page instanceof LazyArticlePage) && page.key !== undefined) return page.key;
  return fastHash(`${layoutKey}\u0000${page.outputPath}\u0000${dataKey(page)}`);
}

/**
 * A page's key, hashed at once: a key joins a dozen fingerprints, and ten thousand of them
 * kept as built (strings of strings) until the manifest check cost more memory than the index.
 */
function digest(parts: string[]): string {
  return fastHash(parts.join(''));
}

function teaserKey(t: Teaser): string {
  return t.thumb === undefined ? t.hash : `${t.hash}:${t.thumb}`;
}

/**
 * A string that changes whenever the page's data does (the page's fingerprint, with the
 * layout's and PLAN_FINGERPRINT). Teasers stand in by their article's fingerprint, which
 * covers every field they show, so a list page is not serialised in full; a planned list
 * page carries its key (its pager follows from its path, number and page count).
 */
export function dataKey(page: Page): string {
  switch (page.kind) {
    case 'home':
      return page.key ?? `${JSON.stringify(page.data.pager)}|${page.data.items.map(teaserKey).join(',')}`;
    case 'section': {
      if (page.key !== undefined) return page.key;
      const { items, ...rest } = page.data;
      return `${JSON.stringify(rest)}|${items.map(teaserKey).join(',')}`;
    }
    case 'article':
      return page.key;
    default:
      return JSON.stringify(page.data);
  }
}

/**
 * Part of every page's fingerprint: the code that decides what a page's key covers, so that
 * a newsdesk whose plan differs re-renders every page without needing --clean.
 */
export const PLAN_FINGERPRINT = [planSite, buildPager, pagerWindow, dataKey, teaserKey, pageKey].map(String).join('\n');

function firstLocal(a: IndexedArticle, localSrc: (src: string) => string | undefined): string | undefined {
  for (const img of a.images) {
    const src = localSrc(img.src);
    if (src !== undefined) return src;
  }
  return undefined;
}

function subtree(id: number, childrenOf: Map<number | null, number[]>): number[] {
  const ids = [id];
  const seen = new Set(ids);
  for (let i = 0; i < ids.length; i++) {
    for (const c of childrenOf.get(ids[i]!) ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        ids.push(c);
      }
    }
  }
  return ids;
}

/** Merges lists that are each newest first into one list newest first. */
function mergeNewest(lists: IndexedArticle[][]): IndexedArticle[] {
  const all = lists.flat();
  all.sort((a, b) => b.publishedAt - a.publishedAt || b.id - a.id);
  return all;
}

function sitemaps(pages: Page[], index: SiteIndex, articlePath: Map<number, string>): SitemapPage[] {
  const updated = new Map<string, number>();
  for (const a of index.articles) updated.set(articlePath.get(a.id)!, a.updatedAt);
  const urls: Array<{ path: string; lastmod?: number }> = [];
  for (const p of pages) {
    if (p.kind === 'feed' || p.kind === 'sitemap') continue;
    const lastmod = updated.get(p.outputPath);
    urls.push(lastmod === undefined ? { path: p.outputPath } : { path: p.outputPath, lastmod });
  }
  if (urls.length <= SITEMAP_LIMIT) return [{ kind: 'sitemap', outputPath: outputPath({ kind: 'sitemap' }), source: 'sitemap', data: { urls } }];
  // Past the protocol's 50,000 URLs: numbered parts and an index naming them.
  const parts: SitemapPage[] = [];
  for (let i = 0; i < urls.length; i += SITEMAP_LIMIT) {
    const n = parts.length + 1;
    parts.push({ kind: 'sitemap', outputPath: outputPath({ kind: 'sitemap', part: n }), source: `sitemap part ${n}`, data: { urls: urls.slice(i, i + SITEMAP_LIMIT) } });
  }
  return [{ kind: 'sitemap', outputPath: outputPath({ kind: 'sitemap' }), source: 'sitemap index', data: { parts: parts.map((p) => p.outputPath) } }, ...parts];
}

/** Fails before anything is written when two files would share a path (Eleventy's check). */
function checkDuplicates(pages: Page[], media: MediaFile[], stylesheetPath: string): void {
  // What claimed each path, described only when two collide.
  const seen = new Map<string, Page | MediaFile | null>([[stylesheetPath, null]]);
  const describe = (x: Page | MediaFile | null): string => (x === null ? 'stylesheet' : 'kind' in x ? x.source : `media ${x.hash}`);
  const claim = (path: string, by: Page | MediaFile): void => {
    const other = seen.get(path);
    if (other !== undefined) throw new DuplicateOutputPathError(path, describe(other), describe(by));
    seen.set(path, by);
  };
  for (const p of pages) claim(p.outputPath, p);
  for (const m of media) claim(m.outputPath, m);
}

