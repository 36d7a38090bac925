// The site's search, written with the pages: the search page, the engine (the bundle built
// from src/search/site, with the CLI's folding, query language and snippets) and the index
// files. Published articles only, read in one streamed pass; every file goes through the
// writer's write-if-changed, so a re-export rewrites only the files an edit changed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IOError } from '../../core/errors.js';
import type { ArticleRow } from '../../store/articles.js';
import type { SectionRow } from '../../store/sections.js';
import { SiteSearchBuilder, type SearchFile } from '../../search/site/build.js';
import { dataFileCount, docFileOf, ENGINE_FILE, SEARCH_PAGE } from '../../search/site/format.js';
import type { Page } from './plan.js';
import { DateCache } from './render/dates.js';
import { contentHash, type SiteWriter } from './write.js';

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
  throw new IOError('the site search script dist/site-search.js is missing from this installation', 'run npm run build');
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

/** Every file of the search: the page, the engine, the index. */
export async function searchFiles(input: SearchInputs): Promise<SearchFile[]> {
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
    });
  }
  return [{ path: SEARCH_PAGE, content: input.page }, { path: ENGINE_FILE, content: searchEngineScript() }, ...builder.files(input.perPage)];
}

/** How many files searchFiles will return for these planned pages (known before it runs). */
export function searchFileCount(pages: readonly Page[]): number {
  let articles = 0;
  const docFiles = new Set<number>();
  for (const p of pages) {
    if (p.kind !== 'article') continue;
    articles++;
    docFiles.add(docFileOf(p.id));
  }
  return 2 + dataFileCount(articles, docFiles.size);
}

/**
 * Writes the files that differ from the last export's; `tick` is called once per file and
 * says when to yield to the event loop. Returns how many were written.
 */
export async function writeSearchFiles(writer: SiteWriter, files: readonly SearchFile[], tick: () => boolean = () => false): Promise<number> {
  const stale: Array<{ file: SearchFile; key: string }> = [];
  const pause = (): Promise<void> => new Promise((r) => setImmediate(r));
  for (const file of files) {
    const key = contentHash(file.content);
    if (!writer.keepIfFresh(file.path, key)) stale.push({ file, key });
    else if (tick()) await pause();
  }
  writer.claim(stale.map((s) => s.file.path));
  for (const { file, key } of stale) {
    writer.put(file.path, file.content, key);
    if (tick()) await pause();
  }
  return stale.length;
}
