// export html: read the store (one streamed pass), plan the site (pure), render the pages
// whose inputs changed (pure), write what differs (write.ts). A page's inputs are
// fingerprinted into the manifest, so a re-export renders only the pages an edit touched.
import { performance } from 'node:perf_hooks';
import { IOError, ValidationError } from '../../core/errors.js';
import type { ArticleRow } from '../../store/rows.js';
import type { PublishedHead, SnapshotReader, Store } from '../../store/store.js';
import { stylesheet } from './assets.js';
import { articlesKey, codeFingerprint, dropExportCache, mayHold, mediaNames, nothingToDo, readExportCache, saveExportCache, siteKey, type CachedExport, type KeyedArticle, type SiteInputs } from './export-cache.js';
import { ReleaseGate, type ScheduleSummary } from '../../core/schedule.js';
import { DuplicateOutputPathError, pageKey, PLAN_FINGERPRINT, planSite, type ArticlePage, type Page } from './plan.js';
import { Renderer, TEMPLATE_FINGERPRINT } from './render/index.js';
import { UnsafeRouteError } from './routes.js';
import { planSearch, searchEngineScript, searchFiles, searchThreadAhead, writeSearch } from './search.js';
import type { SearchThread } from './search-thread.js';
import { BUILD_FINGERPRINT } from '../../search/site/build.js';
import { readSite, type IndexedArticle, type KnownArticles } from './source.js';
import { fastHash } from './hash.js';
import { prepareImages } from './images.js';
import { imageWarnings } from './image-warnings.js';
import { SiteWriter } from './write.js';
import { PageThreads, threadsFor } from './parallel.js';
import { SEARCH_PAGE } from '../../search/site/format.js';
import { english } from '../../i18n/issues.js';
import { withFolderLock } from './folder-lock.js';

export interface ExportHtmlOptions {
  outDir: string;
  /** Overrides the site's base_url; enables canonical links and sitemap.xml. */
  baseUrl?: string | null;
  /** Overrides the site's per_page. */
  perPage?: number;
  force: boolean;
  clean: boolean;
  /** The export's clock (epoch ms): articles dated later are scheduled and left out. Default: now. */
  now?: number;
  onProgress?: (done: number, total: number) => void;
  /** Images to make (those already made are not counted), before the files are written. */
  onImageProgress?: (done: number, total: number) => void;
}

export interface ExportHtmlResult {
  written: number;
  unchanged: number;
  removed: number;
  /** Files of the site: pages, feeds, stylesheet and media. */
  files: number;
  /** HTML pages. */
  pages: number;
  ms: number;
  outDir: string;
  /** Scheduled articles left out: how many, and when the next is due. */
  scheduled: ScheduleSummary;
  /** The image work, apart: files made (encoded), images decoded, its time. */
  images: { made: number; decoded: number; failed: number; ms: number };
  /** One line per article that lost an image (unreadable, truncated, too large). */
  warnings: string[];
}

/** Below this many pages to re-render, bodies are fetched one by one instead of by a scan. */
const FETCH_ONE_BY_ONE = 2000;

export function normaliseBaseUrl(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url.trim() === '') return null;
  const s = url.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ValidationError([{ field: 'base_url', message: english('issue.notAUrl', { value: s }) }]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ValidationError([{ field: 'base_url', message: english('issue.httpUrl') }]);
  if (u.search || u.hash || u.username || u.password) throw new ValidationError([{ field: 'base_url', message: english('issue.urlExtras') }]);
  const href = u.href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** The articles out, newest first, as the cache's key takes them, with the versions they were read at. */
function* keyedArticles(articles: readonly IndexedArticle[], known: KnownArticles): Generator<KeyedArticle> {
  for (const a of articles) {
    const { id, slug, sectionId, publishedAt, updatedAt } = a;
    // The texts as bytes and the images as stored, as read (StoredArticle); made from the fields for any other.
    const held = a as Partial<{ texts: Buffer; lengths: readonly number[]; imagesJson: string }>;
    const parts = held.texts === undefined ? [a.title, a.summary, a.author, a.source].map((t) => Buffer.from(t, 'utf8')) : undefined;
    const texts = held.texts ?? Buffer.concat(parts!);
    const textLengths = held.lengths ?? parts!.map((p) => p.length);
    yield { id, version: known.byId.get(id)!.version, slug, sectionId, publishedAt, updatedAt, texts, textLengths, images: held.imagesJson ?? JSON.stringify(a.images) };
  }
}

/** The heads an export read for its no-change check, and the articles' key made from those out. */
interface HeadsRead {
  heads: readonly PublishedHead[];
  /** The heads out at the export's clock, newest first, and their articlesKey. */
  out: readonly PublishedHead[];
  key: string;
}

/** The articles' key of what was read: the one made from the heads when the articles are those heads, else made again. */
function articlesKeyOf(articles: readonly IndexedArticle[], known: KnownArticles, read: HeadsRead | undefined): string {
  if (read !== undefined && read.out.length === articles.length) {
    let same = true;
    for (let i = 0; i < articles.length && same; i++) {
      const h = read.out[i]!;
      same = h.id === articles[i]!.id && h.version === known.byId.get(h.id)?.version;
    }
    if (same) return read.key;
  }
  return articlesKey(keyedArticles(articles, known));
}

/** Drops a written page's data (built on first use), so that memory does not grow with the site. */
function release(page: Page): void {
  if ('release' in page && typeof page.release === 'function') page.release();
}

/** One export at a time into a folder: the whole run holds the folder's lock (folder-lock.ts). */
export async function exportHtml(store: Store, opts: ExportHtmlOptions): Promise<ExportHtmlResult> {
  return withFolderLock(opts.outDir, { force: opts.force === true }, () => exportUnlocked(store, opts));
}

async function exportUnlocked(store: Store, opts: ExportHtmlOptions): Promise<ExportHtmlResult> {
  const started = performance.now();
  const site = await store.site();
  const perPage = opts.perPage ?? site.per_page;
  const baseUrl = normaliseBaseUrl(opts.baseUrl === undefined ? site.base_url : opts.baseUrl);

  const code = codeFingerprint([TEMPLATE_FINGERPRINT, PLAN_FINGERPRINT, BUILD_FINGERPRINT, fastHash(searchEngineScript()), fastHash(stylesheet())]);
  const found = opts.force || opts.clean ? undefined : readExportCache(opts.outDir);
  const cached = found !== undefined && mayHold(found) ? found : undefined;
  // One clock for the check and the export: what is out is decided once.
  const clocked: ExportHtmlOptions = { ...opts, now: opts.now ?? Date.now() };
  // One snapshot: the index and the bodies read later come from the same state of the store.
  return store.snapshot(async (reader) => {
    let read: HeadsRead | undefined;
    if (cached !== undefined) {
      // Nothing to do is known from the heads and the cache; else the export goes on with the heads read.
      const heads: PublishedHead[] = [];
      for await (const batch of reader.publishedHeads()) for (const h of batch) heads.push(h);
      const gate = new ReleaseGate(clocked.now!);
      const out = heads.filter((h) => gate.admits(h.publishedAt));
      read = { heads, out, key: articlesKey(out) };
      const same = await unchanged(reader, cached, perPage, baseUrl, code, read.key, gate.summary(), clocked, started);
      if (same !== undefined) return same;
    }
    // Whatever happens next, the cache no longer describes the folder (saved again at the end).
    dropExportCache(opts.outDir);
    const writer = SiteWriter.open(opts.outDir, { force: opts.force, clean: opts.clean, written: found?.ours === true ? found.manifest : undefined });
    return run(reader, clocked, writer, perPage, baseUrl, started, code, read);
  });
}

/**
 * The result of an export with nothing to do, known from the cache the last export left
 * (export-cache.ts) without reading the manifest or planning a page; undefined when the
 * folder may need anything.
 */
async function unchanged(
  reader: SnapshotReader,
  cached: CachedExport,
  perPage: number,
  baseUrl: string | null,
  code: string,
  articles: string,
  scheduled: ScheduleSummary,
  opts: ExportHtmlOptions,
  started: number,
): Promise<ExportHtmlResult | undefined> {
  const inputs: SiteInputs = { site: await reader.site(), sections: await reader.sections.tree(), links: await reader.links.all(), perPage, baseUrl, code };
  const same = await nothingToDo(reader, cached, inputs, articles, scheduled);
  if (same === undefined) return undefined;
  opts.onProgress?.(0, cached.files);
  opts.onProgress?.(cached.files, cached.files);
  return {
    written: 0,
    unchanged: same.files,
    removed: 0,
    files: cached.files,
    pages: cached.pages,
    ms: Math.round(performance.now() - started),
    outDir: cached.outDir,
    scheduled: same.scheduled,
    images: { made: 0, decoded: 0, failed: 0, ms: 0 },
    warnings: [],
  };
}

async function run(
  store: SnapshotReader,
  opts: ExportHtmlOptions,
  writer: SiteWriter,
  perPage: number,
  baseUrl: string | null,
  started: number,
  code: string,
  read: HeadsRead | undefined,
): Promise<ExportHtmlResult> {
  const running: Running = {};
  try {
    return await render(store, opts, writer, perPage, baseUrl, started, running, code, read);
  } catch (err) {
    // Threads still at work are stopped: a failed export leaves nothing running.
    await running.threads?.stop();
    throw err;
  } finally {
    // Done with, or not needed after all.
    await running.search?.close();
  }
}

/** The threads an export started, to be stopped whatever happens. */
interface Running {
  threads?: PageThreads | undefined;
  search?: SearchThread | undefined;
}

async function render(
  store: SnapshotReader,
  opts: ExportHtmlOptions,
  writer: SiteWriter,
  perPage: number,
  baseUrl: string | null,
  started: number,
  running: Running,
  code: string,
  read: HeadsRead | undefined,
): Promise<ExportHtmlResult> {
  // A full build of a large portal's search: its thread starts now, beside the reading and the plan.
  running.search = await searchThreadAhead(writer, opts.clean === true, () => store.articles.count({ status: 'published' }), perPage);
  const index = await readSite(store, opts.now, writer.knownArticles(), read?.heads);
  writer.recordArticles(index.known, index.reread > 0);
  // What the next export compares with, to know it has nothing to do (export-cache.ts).
  const inputs: SiteInputs = { site: index.site, sections: index.sections, links: index.links, perPage, baseUrl, code };
  const cachedMedia = mediaNames(index.media, index.missing ?? []);
  const cacheKey = siteKey(articlesKeyOf(index.articles, index.known, read), cachedMedia, inputs);
  // Images first: one that cannot be read is left out of every page that would show it.
  const images = await prepareImages(index.media, {
    read: async (hash) => (await store.media.get(hash))?.data,
    previousKey: (path) => writer.previousKey(path),
    keepIfFresh: (path, key) => writer.keepIfFresh(path, key),
    claim: (paths) => writer.claim(paths),
    put: (path, content, key) => void writer.put(path, content, key),
  }, opts.onImageProgress ? { onProgress: opts.onImageProgress } : {});
  const warnings = imageWarnings(index, images.failed);
  if (images.unavailable !== undefined) warnings.push(english('issue.noImageLibrary', { reason: images.unavailable }));
  for (const hash of images.failed.keys()) index.media.delete(hash);
  let plan;
  try {
    plan = planSite(index, { perPage, baseUrl, templates: TEMPLATE_FINGERPRINT });
  } catch (err) {
    if (err instanceof DuplicateOutputPathError || err instanceof UnsafeRouteError) throw new IOError(err.message);
    throw err;
  }

  const mediaPaths = new Map(plan.media.map((m) => [m.hash, m.outputPath]));
  const renderer = new Renderer(plan.layout, mediaPaths, images.images);
  // Each page's key covers everything it depends on: templates, portlets, settings, its data.
  const keyOf = (page: Page): string => pageKey(plan.layoutKey, page);

  // The site's files: pages, stylesheet, each image's full-size copy and renditions, search.
  const imageFiles = Math.max(images.files, plan.media.length);
  const searchPage = renderer.renderSearchPage(SEARCH_PAGE);
  const search = planSearch({ articles: index.articles, sections: index.sections, pages: plan.pages, timezone: plan.layout.timezone, perPage, page: searchPage });
  const total = plan.pages.length + 1 + imageFiles + search.paths.length;
  let done = 0;
  let lastYield = performance.now();
  /** Counts one file; true now and then, when the caller should yield to the event loop. */
  const tick = (): boolean => {
    done++;
    if (opts.onProgress && (done === total || (done & 63) === 0)) opts.onProgress(done, total);
    if ((done & 31) !== 0) return false;
    // Let timers (a progress bar's redraw) run now and then during a long export.
    const now = performance.now();
    if (now - lastYield < 100) return false;
    lastYield = now;
    return true;
  };
  const pause = (): Promise<void> => new Promise((r) => setImmediate(r));
  opts.onProgress?.(0, total);

  // First the decisions: which files stay as they are (same inputs, still there).
  const css = stylesheet();
  const cssKey = fastHash(css);
  const cssStale = !writer.keepIfFresh(plan.stylesheetPath, cssKey);
  if (!cssStale && tick()) await pause();
  // Media files were kept or made with the images above.
  for (let i = 0; i < imageFiles; i++) if (tick()) await pause();
  const stalePages: Array<{ page: Page; key: string }> = [];
  for (const page of plan.pages) {
    const key = keyOf(page);
    if (!writer.keepIfFresh(page.outputPath, key)) stalePages.push({ page, key });
    else if (tick()) await pause();
  }
  writer.claim([...(cssStale ? [plan.stylesheetPath] : []), ...stalePages.map((p) => p.page.outputPath)]);

  // Then the writes.
  if (cssStale) {
    writer.put(plan.stylesheetPath, css, cssKey);
    if (tick()) await pause();
  }

  // Many pages to render: threads render and write them while this thread reads the store
  // and builds the search (parallel.ts); a small job does it all here.
  const threadCount = threadsFor(stalePages.length);
  const threads = threadCount > 0 ? new PageThreads(threadCount, { layout: plan.layout, media: mediaPaths, images: images.images }) : undefined;
  running.threads = threads;
  /** Renders and writes a page here, or hands it to a thread. True when the caller should pause. */
  const writePage = async (page: Exclude<Page, { kind: 'feed' | 'sitemap' }>, key: string, body?: string): Promise<boolean> => {
    if (threads === undefined) {
      writer.put(page.outputPath, renderer.render(page, body === undefined ? {} : { body }), key);
      release(page);
      return tick();
    }
    await threads.room();
    const path = page.outputPath;
    const job = { page: { kind: page.kind, outputPath: path, source: page.source, data: page.data } as Page, target: writer.delegate(path) };
    release(page);
    threads.submit(body === undefined ? job : { ...job, body }, (outcome) => {
      writer.settle(path, key, outcome);
      tick();
    });
    return false;
  };

  const staleArticles: Array<{ page: ArticlePage; key: string }> = [];
  /** With threads, the listing pages are handed over after the articles (see below). */
  const staleListings: Array<{ page: Exclude<Page, { kind: 'feed' | 'sitemap' | 'article' }>; key: string }> = [];
  for (const { page, key } of stalePages) {
    if (page.kind === 'article') {
      // Rendered below, with its body.
      staleArticles.push({ page, key });
      continue;
    }
    if (page.kind === 'feed' || page.kind === 'sitemap') {
      const bodies = page.kind === 'feed' ? await store.publishedBodiesOf(page.data.entries.map((e) => e.id)) : undefined;
      writer.put(page.outputPath, renderer.render(page, bodies ? { bodies } : {}), key);
      release(page);
      if (tick()) await pause();
    } else if (threads !== undefined) staleListings.push({ page, key });
    else if (await writePage(page, key)) await pause();
  }

  /** True when the caller should pause (see tick). */
  const renderArticle = ({ page, key }: { page: ArticlePage; key: string }, body: string): Promise<boolean> => writePage(page, key, body);
  const byId = new Map(staleArticles.map((a) => [a.page.id, a]));
  /** Renders the pages still in byId from one streamed scan of the bodies (none are held). */
  const renderFromScan = async (): Promise<void> => {
    if (byId.size === 0) return;
    for await (const batch of store.publishedBodies()) {
      for (const row of batch) {
        const a = byId.get(row.id);
        if (a === undefined) continue;
        byId.delete(row.id);
        if (await renderArticle(a, row.body)) await pause();
      }
    }
    // Not found by the scan (it cannot be, inside the read transaction): an empty body.
    for (const a of byId.values()) if (await renderArticle(a, '')) await pause();
    byId.clear();
  };
  if (staleArticles.length <= FETCH_ONE_BY_ONE) {
    for (const a of staleArticles) if (await renderArticle(a, await store.publishedBody(a.page.id))) await pause();
    byId.clear();
  } else if (threads === undefined) {
    // Many pages: one streamed scan beats a lookup per article.
    await renderFromScan();
  }
  /**
   * The published articles as the search reads them, bodies included. With threads, the many
   * pages still to render are handed to them from the same pass, so that the bodies are read
   * once and the threads render while this thread builds the search.
   */
  async function* renderingOnTheWay(batches: AsyncIterable<ArticleRow[]>): AsyncGenerator<ArticleRow> {
    for await (const batch of batches) {
      for (const row of batch) {
        const a = byId.get(row.id);
        if (a !== undefined) {
          byId.delete(row.id);
          if (await renderArticle(a, row.body)) await pause();
        }
        yield row;
      }
    }
    // Every article read: the threads take the listing pages while the search's files are made.
    handListings();
  }

  /**
   * The listing pages, handed over once (with threads: after the articles, so that they do not
   * keep this thread waiting for room while the search's thread is not yet fed). Started
   * without waiting, beside the search's files; a failure is thrown where it is awaited.
   */
  let listings: Promise<void> | undefined;
  const handListings = (): Promise<void> => {
    if (listings === undefined) {
      listings = (async () => {
        for (const { page, key } of staleListings) if (await writePage(page, key)) await pause();
      })();
      listings.catch(() => undefined);
    }
    return listings;
  };

  // The search: its page, engine and index, from the published articles (when they changed).
  await writeSearch(
    writer,
    search,
    () =>
      searchFiles({
        articles: renderingOnTheWay(store.articles.batches({ status: 'published' })),
        sections: index.sections,
        pages: plan.pages,
        timezone: plan.layout.timezone,
        perPage,
        page: searchPage,
        thread: running.search,
      }),
    tick,
    // With --force everything is made again, the search from all the articles too.
    opts.force ? undefined : { bodiesOf: (ids) => store.publishedBodiesOf(ids) },
  );
  // The search was unchanged: the threads' pages come from a scan of their own.
  await renderFromScan();
  await handListings();
  // The threads' pages, once the search (built meanwhile here) is written.
  await threads?.finish();

  const stats = writer.finish();
  // The search page is a page too.
  const pages = plan.pages.filter((p) => p.kind !== 'feed' && p.kind !== 'sitemap').length + 1;
  const manifest = writer.manifestHash();
  // An image that could not be made is tried again by every export: no cache then.
  if (manifest !== undefined && images.failed.size === 0 && warnings.length === 0) {
    saveExportCache({ outDir: writer.outDir, key: cacheKey, manifest, ours: writer.manifestIsOurs(), media: cachedMedia, paths: writer.files(), files: total, pages });
  }
  return {
    ...stats,
    files: total,
    pages,
    ms: Math.round(performance.now() - started),
    outDir: writer.outDir,
    scheduled: index.scheduled,
    images: { made: images.made, decoded: images.decoded, failed: images.failed.size, ms: images.ms },
    warnings,
  };
}
