// The site's search, written with the pages: the search page, the engine (the bundle built
// from src/search/site, with the CLI's folding, query language and snippets) and the index
// files. Published articles only, read in one streamed pass; every file goes through the
// writer's write-if-changed, so a re-export rewrites only the files an edit changed. After a
// few changes the index is updated from the state the last export left (incremental.ts)
// instead: only the changed articles are read.
import { closeSync, constants, openSync, readFileSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { IOError } from '../../core/errors.js';
import type { ArticleRow, SectionRow } from '../../store/rows.js';
import { BUILD_FINGERPRINT, PACKING, SiteSearchBuilder, type BuiltIndex, type SearchDoc, type SearchFile } from '../../search/site/build.js';
import { bigPostingsApart, bigWordDocs, dataPath, headsFileCount, docFileOf, ENGINE_FILE, SEARCH_PAGE, LOAD_FUNCTION, shardCount, vocabFileCount, type DataKind } from '../../search/site/format.js';
import { updateIndex, type OldFiles } from '../../search/site/incremental.js';
import { decodeEncodedBytes } from '../../search/site/pack.js';
import { decodeState, encodeState, type SavedSearch } from '../../search/site/state.js';
import { writeCacheFile } from './cache-file.js';
import { fastHash } from './hash.js';
import { buildOnThread, SearchThread, useSearchThread } from './search-thread.js';
import type { IndexedArticle } from './source.js';
import type { Page } from './plan.js';
import { DateCache } from './render/dates.js';
import { contentHash, type SiteWriter } from './write.js';
import { english } from '../../i18n/issues.js';

const ENGINE_CANDIDATES = [
  // dist/exporters/html/ → dist/site-search.js
  '../../site-search.js',
  // src/exporters/html/ (tests run the sources) → dist/site-search.js
  '../../../dist/site-search.js',
];

let engine: string | undefined;

/** The browser bundle of the search engine (scripts/build-site-search.js). */
export function searchEngineScript(): string {
  if (engine !== undefined) return engine;
  for (const rel of ENGINE_CANDIDATES) {
    try {
      engine = readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
      return engine;
    } catch {
      // try the next place
    }
  }
  throw new IOError(english('issue.noSearchScript'), english('issue.runBuild'));
}

export interface SearchInputs {
  /** Published articles in id order, bodies included (drafts must not be given). */
  articles: Iterable<ArticleRow> | AsyncIterable<ArticleRow>;
  sections: readonly SectionRow[];
  /** The planned pages: an article is searchable when it has a page. */
  pages: readonly Page[];
  timezone: string;
  perPage: number;
  /** The search page, rendered in the site's layout. */
  page: string;
  /** The search's thread, when the export started it ahead (searchThreadAhead): the build is made on it. */
  thread?: SearchThread | undefined;
}

/** The files of a full build, and (once they were all taken) the index it leaves for the next export. */
export interface BuiltSearch {
  files: Iterable<SearchFile> | AsyncIterable<SearchFile>;
  built: () => BuiltIndex;
  /** Stops what still makes the files (the search's thread), whether or not they were all taken. */
  close?: () => Promise<void>;
}

/**
 * Every file of the search: the page, the engine, the index (made one at a time as they are
 * taken). A large portal's index is built on a thread of its own (search-thread.ts) while the
 * articles are read, the same files as on this thread.
 */
export async function searchFiles(input: SearchInputs): Promise<BuiltSearch> {
  const paths = new Map<number, string>();
  for (const p of input.pages) if (p.kind === 'article') paths.set(p.id, p.outputPath);
  const docs = searchDocs(input, paths);
  let index: Iterable<SearchFile> | AsyncIterable<SearchFile>;
  let built: () => BuiltIndex;
  let close: (() => Promise<void>) | undefined;
  if (input.thread) ({ files: index, built, close } = await input.thread.build(docs));
  else if (useSearchThread(paths.size)) ({ files: index, built, close } = await buildOnThread(docs, input.perPage));
  else {
    const builder = new SiteSearchBuilder();
    for await (const doc of docs) builder.add(doc);
    index = builder.files(input.perPage);
    built = () => builder.built();
  }
  const files = (async function* () {
    yield { path: SEARCH_PAGE, content: input.page };
    yield { path: ENGINE_FILE, content: searchEngineScript() };
    yield* index;
  })();
  return close ? { files, built, close } : { files, built };
}

/**
 * The search's thread, started at the export's start when the search will be built in full on
 * it: a large portal (`published()` counts its published articles, the scheduled ones too, so
 * a portal just under the threshold in pages may get the thread: the same files either way)
 * exported into a folder holding no search of the last export's, or with --clean (nothing is
 * kept; --force still keeps an unchanged search). Its start-up then runs beside the reading of
 * the index and the plan instead of after them. An export that may keep or update the search
 * starts none here (searchFiles decides later).
 */
export async function searchThreadAhead(writer: SiteWriter, rebuild: boolean, published: () => Promise<number>, perPage: number): Promise<SearchThread | undefined> {
  if (!rebuild && writer.previousKey(dataPath('m', 'meta')) !== undefined) return undefined;
  if (!useSearchThread(await published())) return undefined;
  return new SearchThread(perPage);
}

/** The searchable articles of `input` as the builder takes them: only what has a page (`paths`, by id). */
async function* searchDocs(input: SearchInputs, paths: ReadonlyMap<number, string>): AsyncGenerator<SearchDoc> {
  const sections = new Map(input.sections.map((s) => [s.id, s.title]));
  const dates = new DateCache(input.timezone);
  for await (const a of input.articles) {
    const path = paths.get(a.id);
    // Only what has a page (a published article); anything else is never read into the index.
    if (path === undefined || a.status !== 'published' || a.published_at === null) continue;
    yield {
      id: a.id,
      title: a.title,
      summary: a.summary,
      body: a.body,
      author: a.author,
      source: a.source,
      path,
      date: dates.get(a.published_at).display,
      section: sections.get(a.section_id) ?? '',
      publishedAt: a.published_at,
    };
  }
}

type PlannedArticle = Pick<IndexedArticle, 'id' | 'hash' | 'sectionId' | 'publishedAt' | 'title' | 'summary' | 'author' | 'source'>;

/** The search files an export will write, and the fingerprint of everything they are made from. */
export interface SearchPlan {
  paths: string[];
  key: string;
  /** Fingerprint of what shapes the data files besides the articles (see SavedSearch). */
  dataKey: string;
  /** The searchable articles in id order, each with the fingerprint of what the search holds of it. */
  articles: Array<{ article: PlannedArticle; key: string; path: string; section: string }>;
  timezone: string;
  /** The search page. */
  page: string;
}

export interface SearchPlanInput {
  /** The published articles as the export indexed them (id, fingerprint of the shown text …). */
  articles: readonly PlannedArticle[];
  sections: readonly SectionRow[];
  pages: readonly Page[];
  timezone: string;
  perPage: number;
  /** The search page. */
  page: string;
}

/**
 * A searchable article of the plan. Its key is made when first asked: only an update of the
 * search compares them, and a re-export whose search is unchanged makes none.
 */
class SearchableArticle {
  private made: string | undefined;

  constructor(
    readonly article: PlannedArticle,
    readonly path: string,
    readonly section: string,
  ) {}

  get key(): string {
    this.made ??= fastHash(`${this.article.hash}\u0000${this.article.publishedAt}\u0000${this.path}\u0000${this.section}`);
    return this.made;
  }
}

/**
 * The paths and the fingerprint, known without reading any text: when the fingerprint is
 * the last export's, every search file is what it was and the index is not built at all.
 */
export function planSearch(input: SearchPlanInput): SearchPlan {
  const paths = new Map<number, string>();
  for (const p of input.pages) if (p.kind === 'article') paths.set(p.id, p.outputPath);
  const docFiles = new Set<number>();
  const h: string[] = [BUILD_FINGERPRINT, contentHash(searchEngineScript()), input.page, String(input.perPage), input.timezone];
  for (const s of input.sections) h.push(`${s.id}\u0000${s.title}`);
  const sections = new Map(input.sections.map((s) => [s.id, s.title]));
  const searchable: SearchPlan['articles'] = [];
  let articles = 0;
  for (const a of input.articles) {
    const path = paths.get(a.id);
    if (path === undefined) continue;
    articles++;
    docFiles.add(docFileOf(a.id));
    h.push(`${a.id} ${a.hash} ${a.sectionId} ${a.publishedAt} ${path}`);
    searchable.push(new SearchableArticle(a, path, sections.get(a.sectionId) ?? ''));
  }
  searchable.sort((x, y) => x.article.id - y.article.id);
  const shards = shardCount(articles);
  const out = [SEARCH_PAGE, ENGINE_FILE, dataPath('m', 'meta')];
  for (let i = 0; i < shards; i++) out.push(dataPath('t', i), dataPath('p', i));
  // The heads of the big words (search/site/heads.ts), once the site is large enough to have any.
  if (articles >= bigWordDocs(shards)) for (let i = 0; i < headsFileCount(shards); i++) out.push(dataPath('h', i));
  // Their whole postings apart, on a large site (search/site/postings.ts).
  if (bigPostingsApart(shards)) for (let i = 0; i < shards; i++) out.push(dataPath('b', i));
  for (let i = 0; i < vocabFileCount(articles); i++) out.push(dataPath('v', i));
  for (const f of [...docFiles].sort((x, y) => x - y)) out.push(dataPath('d', f));
  const dataKey = fastHash(`${STATE_FORMAT}\n${BUILD_FINGERPRINT}\n${input.perPage}\n${input.timezone}`);
  return { paths: out, key: fastHash(h.join('\n')), dataKey, articles: searchable, timezone: input.timezone, page: input.page };
}

/** Packed files being deflated at once, at most. */
const PACKING_AHEAD = 8;

/**
 * Where the index an export leaves for the next one is kept (state.ts): in the user's cache,
 * named by the output folder, so that the folder holds the site and its manifest only (a
 * static host is given exactly what the site is). A state that is gone, or left by another
 * folder's export, only costs a full build: it is checked against the manifest's hashes.
 */
export function searchStatePath(outDir: string): string {
  return join(cacheFolder(), 'site-search', `${fastHash(resolve(outDir))}.state`);
}

/** newsdesk's folder in the user's cache: $NEWSDESK_CACHE_DIR, else $XDG_CACHE_HOME/newsdesk, else ~/.cache/newsdesk. */
export function cacheFolder(): string {
  // An empty value is unset, as for XDG_CACHE_HOME (else the cache would land in the current folder).
  return process.env.NEWSDESK_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'newsdesk');
}
/** Named in the state's key: a state left by another layout of it is not read. */
const STATE_FORMAT = 'state 4';

/** What an export may reuse of the last one's search (see writeSearch). */
export interface SearchReuse {
  /** The bodies of published articles, by id. */
  bodiesOf: (ids: readonly number[]) => Promise<Map<number, string>>;
}

/** Above this share of the articles changed, a full build is cheaper than an update. */
const UPDATE_AT_MOST = 1 / 16;

/**
 * Keeps the search files when nothing they are made from changed. Otherwise, given `reuse`
 * and the state the last export left, updates the index for the articles that changed
 * (incremental.ts): only those are read and folded, and only the files they touch are made.
 * Failing that, builds it all (`build`). Writes the files whose content differs; `tick` is
 * called once per file and says when to yield to the event loop. Returns how many were written.
 */
export async function writeSearch(
  writer: SiteWriter,
  plan: SearchPlan,
  build: () => Promise<BuiltSearch>,
  tick: () => boolean = () => false,
  reuse?: SearchReuse,
): Promise<number> {
  const pause = (): Promise<void> => new Promise((r) => setImmediate(r));
  const kept = new Set<string>();
  for (const path of plan.paths) {
    if (!writer.keepIfFresh(path, plan.key)) continue;
    kept.add(path);
    if (tick()) await pause();
  }
  if (kept.size === plan.paths.length) return 0;
  const saved = reuse ? readState(writer.outDir, plan) : undefined;
  // Whatever happens next, the state on disk no longer describes the files.
  dropState(writer.outDir);
  const update = saved && reuse ? await updateFromState(writer, plan, saved, reuse) : undefined;
  let files: Iterable<SearchFile> | AsyncIterable<SearchFile>;
  let built: () => BuiltIndex;
  let close: (() => Promise<void>) | undefined;
  /** Files kept as the last export wrote them (the update did not touch them), with their hash. */
  const held = new Map<string, string>();
  if (update) {
    files = update.files;
    built = () => update.built;
    for (const [path, hash] of update.held) held.set(path, hash);
  } else {
    const full = await build();
    files = full.files;
    built = full.built;
    close = full.close;
  }
  try {
    return await writeFiles();
  } finally {
    // A write that failed before the index files were taken must not leave the thread running.
    await close?.();
  }

  async function writeFiles(): Promise<number> {
    const planned = new Set(plan.paths);
    writer.claim(plan.paths.filter((p) => !kept.has(p) && !held.has(p)));
    let written = 0;
    const hashes: Record<string, string> = {};
    for (const [path, hash] of held) {
      // The writer knows it holds this content (checked by the update): nothing is made.
      writer.put(path, () => {
        throw new Error(`search file ${path} should be held`);
      }, plan.key, hash);
      hashes[path] = hash;
      if (tick()) await pause();
    }
    // Packed files are deflated on the thread pool, a few at a time, while the next are made.
    const packing: Array<{ file: SearchFile; hash: string; made: Promise<string> }> = [];
    const putPacked = async (): Promise<void> => {
      const { file, hash, made } = packing.shift()!;
      if (writer.put(file.path, await made, plan.key, hash)) written++;
    };
    for await (const file of files) {
      if (kept.has(file.path)) continue;
      // Only claimed files may be written (see SiteWriter.claim): the plan must name them all.
      if (!planned.has(file.path)) throw new Error(`search file ${file.path} was not planned`);
      // Unchanged content is not rewritten: put compares its hash with the last export's, so
      // the hash is always recorded, on a first export too. A packed file is named by what it
      // is made from, and made only when it is written.
      const hash = file.hash ?? contentHash(file.source ?? (typeof file.content === 'string' ? file.content : file.content()));
      hashes[file.path] = hash;
      // An update makes a few files: deflated here, where the thread pool's hand-offs would
      // cost more than they overlap.
      if (file.pack && !update && !writer.holds(file.path, hash)) {
        const made = file.pack();
        // Its failure is met when its turn comes; not a rejection left unhandled meanwhile.
        made.catch(() => undefined);
        packing.push({ file, hash, made });
        if (packing.length >= PACKING_AHEAD) await putPacked();
      } else if (writer.put(file.path, file.content, plan.key, hash)) written++;
      if (tick()) await pause();
    }
    while (packing.length > 0) await putPacked();
    if (reuse) saveState(writer.outDir, { key: plan.dataKey, files: hashes, keys: plan.articles.map((a) => a.key), index: built() });
    return written;
  }
}

/** The update of the last export's index, with the files it leaves as they are; undefined when a full build must be made. */
async function updateFromState(
  writer: SiteWriter,
  plan: SearchPlan,
  saved: SavedSearch,
  reuse: SearchReuse,
): Promise<{ files: SearchFile[]; held: Map<string, string>; built: BuiltIndex } | undefined> {
  const before = new Map<number, string>();
  saved.index.ids.forEach((id, i) => before.set(id, saved.keys[i]!));
  const changed = plan.articles.filter((a) => before.get(a.article.id) !== a.key);
  const now = new Set(plan.articles.map((a) => a.article.id));
  const removed = saved.index.ids.filter((id) => !now.has(id));
  if (changed.length + removed.length > Math.max(16, plan.articles.length * UPDATE_AT_MOST)) return undefined;
  const bodies = await reuse.bodiesOf(changed.map((a) => a.article.id));
  const dates = new DateCache(plan.timezone);
  const added: SearchDoc[] = changed.map(({ article: a, path, section }) => ({
    id: a.id,
    title: a.title,
    summary: a.summary,
    body: bodies.get(a.id) ?? '',
    author: a.author,
    source: a.source,
    path,
    date: dates.get(a.publishedAt).display,
    section,
    publishedAt: a.publishedAt,
  }));
  const old: OldFiles = async (kind: DataKind, name: number) => {
    const path = dataPath(kind, name);
    const hash = saved.files[path];
    if (hash === undefined) return undefined;
    const data = readDataFile(writer, path, hash);
    if (data === undefined) throw new StaleFile();
    return data;
  };
  let update;
  try {
    update = await updateIndex(saved.index, { added, removed: [...removed, ...changed.map((a) => a.article.id).filter((id) => before.has(id))] }, old);
  } catch {
    // A file not as written (StaleFile), or anything unforeseen: the full build is always right.
    return undefined;
  }
  if (!update) return undefined;
  const made = new Set(update.files.map((f) => f.path));
  const held = new Map<string, string>();
  for (const path of plan.paths) {
    if (made.has(path) || path === SEARCH_PAGE || path === ENGINE_FILE) continue;
    const hash = saved.files[path];
    // Every other data file must still be what the last export wrote.
    if (hash === undefined || !writer.holds(path, hash)) return undefined;
    held.set(path, hash);
  }
  const files: SearchFile[] = [
    { path: SEARCH_PAGE, content: plan.page },
    { path: ENGINE_FILE, content: searchEngineScript() },
    ...update.files,
  ];
  return { files, held, built: update.built };
}

/** A data file the last export wrote could not be read back as written. */
class StaleFile extends Error {}

/** The start of a packed data file (format.ts packedDataFile), up to its packed text. */
const PACKED_HEAD = new RegExp(`^${LOAD_FUNCTION}\\("[a-z]","[0-9]+","`);

/** The data of a packed file as written by the last export (its hash checked), or undefined. */
function readDataFile(writer: SiteWriter, path: string, hash: string): unknown {
  if (!writer.holds(path, hash)) return undefined;
  try {
    const bytes = readNoFollow(join(writer.outDir, path));
    // `newsdeskSearchData("t","12","…");\n`: the head checked, the packed text between.
    const head = PACKED_HEAD.exec(bytes.toString('latin1', 0, 64));
    if (!head || bytes.toString('latin1', bytes.length - 4) !== '");\n') return undefined;
    const json = inflateSync(decodeEncodedBytes(bytes, head[0].length, bytes.length - 4)).toString('utf8');
    if (contentHash(`${PACKING}\n${json}`) !== hash) return undefined;
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** A file's bytes, never through a symbolic link. */
export function readNoFollow(abs: string): Buffer {
  const fd = openSync(abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The state the last export left, when it was made by this code with these settings. */
function readState(outDir: string, plan: SearchPlan): SavedSearch | undefined {
  let bytes: Buffer;
  try {
    bytes = readNoFollow(searchStatePath(outDir));
  } catch {
    return undefined;
  }
  const saved = decodeState(bytes);
  return saved?.key === plan.dataKey ? saved : undefined;
}

function dropState(outDir: string): void {
  try {
    // unlink, not rmSync: a file is all there is, and rmSync's way to it costs more here.
    unlinkSync(searchStatePath(outDir));
  } catch {
    // Not there, or not ours to remove: a stale state is refused by its key and hashes anyway.
  }
}

/**
 * Saves the state for the next export, written beside and renamed over. It only saves work:
 * when it cannot be written, the next export builds the search in full.
 */
function saveState(outDir: string, saved: SavedSearch): void {
  const chunks = encodeState(saved);
  if (!chunks) return;
  writeCacheFile(searchStatePath(outDir), chunks);
}
