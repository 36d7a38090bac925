// The site's search, written with the pages: the search page, the engine (the bundle built
// from src/search/site, with the CLI's folding, query language and snippets) and the index
// files. Published articles only, read in one streamed pass; every file goes through the
// writer's write-if-changed, so a re-export rewrites only the files an edit changed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IOError } from '../../core/errors.js';
import type { ArticleRow, SectionRow } from '../../store/rows.js';
import { BUILD_FINGERPRINT, SiteSearchBuilder, type SearchFile } from '../../search/site/build.js';
import { dataPath, docFileOf, ENGINE_FILE, SEARCH_PAGE, shardCount, vocabFileCount } from '../../search/site/format.js';
import { fastHash } from './hash.js';
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
}

/** Every file of the search: the page, the engine, the index (made one at a time as they are taken). */
export async function searchFiles(input: SearchInputs): Promise<Iterable<SearchFile>> {
  const paths = new Map<number, string>();
  for (const p of input.pages) if (p.kind === 'article') paths.set(p.id, p.outputPath);
  const sections = new Map(input.sections.map((s) => [s.id, s.title]));
  const dates = new DateCache(input.timezone);
  const builder = new SiteSearchBuilder();
  for await (const a of input.articles) {
    const path = paths.get(a.id);
    // Only what has a page (a published article); anything else is never read into the index.
    if (path === undefined || a.status !== 'published' || a.published_at === null) continue;
    builder.add({
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
    });
  }
  const index = builder.files(input.perPage);
  return (function* () {
    yield { path: SEARCH_PAGE, content: input.page };
    yield { path: ENGINE_FILE, content: searchEngineScript() };
    yield* index;
  })();
}

/** The search files an export will write, and the fingerprint of everything they are made from. */
export interface SearchPlan {
  paths: string[];
  key: string;
}

export interface SearchPlanInput {
  /** The published articles as the export indexed them (id, fingerprint of the shown text …). */
  articles: ReadonlyArray<Pick<IndexedArticle, 'id' | 'hash' | 'sectionId' | 'publishedAt'>>;
  sections: readonly SectionRow[];
  pages: readonly Page[];
  timezone: string;
  perPage: number;
  /** The search page. */
  page: string;
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
  let articles = 0;
  for (const a of input.articles) {
    const path = paths.get(a.id);
    if (path === undefined) continue;
    articles++;
    docFiles.add(docFileOf(a.id));
    h.push(`${a.id} ${a.hash} ${a.sectionId} ${a.publishedAt} ${path}`);
  }
  const shards = shardCount(articles);
  const out = [SEARCH_PAGE, ENGINE_FILE, dataPath('m', 'meta')];
  for (let i = 0; i < shards; i++) out.push(dataPath('t', i), dataPath('p', i));
  for (let i = 0; i < vocabFileCount(articles); i++) out.push(dataPath('v', i));
  for (const f of [...docFiles].sort((x, y) => x - y)) out.push(dataPath('d', f));
  return { paths: out, key: fastHash(h.join('\n')) };
}

/** Packed files being deflated at once, at most. */
const PACKING_AHEAD = 8;

/**
 * Keeps the search files when nothing they are made from changed; otherwise builds them
 * (`build`) and writes those whose content differs. `tick` is called once per file and says
 * when to yield to the event loop. Returns how many were written.
 */
export async function writeSearch(writer: SiteWriter, plan: SearchPlan, build: () => Promise<Iterable<SearchFile>>, tick: () => boolean = () => false): Promise<number> {
  const pause = (): Promise<void> => new Promise((r) => setImmediate(r));
  const kept = new Set<string>();
  for (const path of plan.paths) {
    if (!writer.keepIfFresh(path, plan.key)) continue;
    kept.add(path);
    if (tick()) await pause();
  }
  if (kept.size === plan.paths.length) return 0;
  const files = await build();
  const planned = new Set(plan.paths);
  writer.claim(plan.paths.filter((p) => !kept.has(p)));
  let written = 0;
  // Packed files are deflated on the thread pool, a few at a time, while the next are made.
  const packing: Array<{ file: SearchFile; hash: string; made: Promise<string> }> = [];
  const putPacked = async (): Promise<void> => {
    const { file, hash, made } = packing.shift()!;
    if (writer.put(file.path, await made, plan.key, hash)) written++;
  };
  for (const file of files) {
    if (kept.has(file.path)) continue;
    // Only claimed files may be written (see SiteWriter.claim): the plan must name them all.
    if (!planned.has(file.path)) throw new Error(`search file ${file.path} was not planned`);
    // Unchanged content is not rewritten: put compares its hash with the last export's, so
    // the hash is always recorded, on a first export too. A packed file is named by what it
    // is made from, and made only when it is written.
    const hash = contentHash(file.source ?? (typeof file.content === 'string' ? file.content : file.content()));
    if (file.pack && !writer.holds(file.path, hash)) {
      const made = file.pack();
      // Its failure is met when its turn comes; not a rejection left unhandled meanwhile.
      made.catch(() => undefined);
      packing.push({ file, hash, made });
      if (packing.length >= PACKING_AHEAD) await putPacked();
    } else if (writer.put(file.path, file.content, plan.key, hash)) written++;
    if (tick()) await pause();
  }
  while (packing.length > 0) await putPacked();
  return written;
}
