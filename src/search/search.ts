// Search as a library: a query (text or parsed) and the filters of `article list` in, one page
// of articles (without body) out, each with its score, a snippet and the highlights in it.
import type { ArticleRecord } from '../core/records.js';
import { parseQuery, type SearchQuery } from '../core/search-query.js';
import { articleRecord } from '../store/rows.js';
import type { SearchFilter, StoreData } from '../store/store.js';
import { makeSnippet, type Span } from './snippet.js';

export interface SearchOptions {
  /** A section and its subsections (Store.sections.subtreeIds). */
  sectionIds?: number[];
  /** Published articles only (the default), or drafts too. */
  status?: 'published' | 'all';
  /**
   * The clock (epoch ms): with status `published`, articles dated later are scheduled and
   * left out, as the public site leaves them out. Not given: every published article.
   */
  now?: number;
  /** published_at bounds, epoch ms, inclusive; drafts without a date are then left out. */
  since?: number;
  until?: number;
  page?: number;
  perPage?: number;
  /** Every match, no pages. */
  all?: boolean;
  /** About how many characters a snippet holds. */
  snippetWidth?: number;
  /** false: the total is not shown, and may be left uncounted (SearchResult.total undefined). */
  total?: boolean;
}

export type SearchHit = Omit<ArticleRecord, 'body'> & {
  /** Higher is better: 1 + r for the spelling typed, r otherwise; r in (0, 1) grows with bm25. */
  score: number;
  snippet: string;
  highlights: Span[];
};

export interface SearchResult {
  items: SearchHit[];
  /** How many articles match; undefined only when asked with `total: false`. */
  total?: number;
  query: SearchQuery;
}

/**
 * The score shown to users, in the order of the results: bm25 (negative, lower is better)
 * squashed into (0, 1), plus 1 when the article holds the words as typed.
 */
export function scoreOf(bm25: number, exact: boolean): number {
  // Six significant digits: words found in most articles have bm25 near 0 (FTS5 floors their idf).
  const r = Math.min(0.999999, Number((-bm25 / (1 - bm25)).toPrecision(6)));
  return (exact ? 1 : 0) + r;
}

async function toFilter(store: StoreData, opts: SearchOptions): Promise<SearchFilter> {
  const filter: SearchFilter = {};
  if (opts.sectionIds) filter.sectionIds = opts.sectionIds;
  if ((opts.status ?? 'published') === 'published') {
    filter.status = 'published';
    if (opts.now !== undefined) {
      const scheduled = await store.articles.scheduledIds(opts.now);
      if (scheduled.length) filter.excludeIds = scheduled;
    }
  }
  if (opts.since !== undefined) filter.since = opts.since;
  if (opts.until !== undefined) filter.until = opts.until;
  return filter;
}

/** How many articles match (no ranking, no snippets). */
export async function searchCount(store: StoreData, query: string | SearchQuery, opts: SearchOptions = {}): Promise<number> {
  const q = typeof query === 'string' ? parseQuery(query) : query;
  return store.search.count(q, await toFilter(store, opts));
}

export async function searchArticles(store: StoreData, query: string | SearchQuery, opts: SearchOptions = {}): Promise<SearchResult> {
  const q = typeof query === 'string' ? parseQuery(query) : query;
  const filter = await toFilter(store, opts);
  const site = await store.site();
  const perPage = opts.perPage ?? site.per_page;
  const page = opts.page ?? 1;
  const { total, matches: hits } = await store.search.page({
    query: q,
    filter,
    ...(opts.all ? {} : { limit: perPage, offset: (page - 1) * perPage }),
    ...(opts.total === false ? { total: false } : {}),
  });
  if (hits.length === 0) return { items: [], ...(total !== undefined ? { total } : {}), query: q };
  const slugs = await store.sectionSlugs();
  const tz = site.timezone;
  const items: SearchHit[] = [];
  const rows = new Map((await store.articles.findMany(hits.map((h) => h.id))).map((r) => [r.id, r]));
  for (const h of hits) {
    const row = rows.get(h.id);
    if (!row) continue;
    const { body: _body, ...rest } = articleRecord(row, slugs.get(row.section_id) ?? String(row.section_id), tz);
    // The snippet prefers the summary, then the body; the title only when nothing else matched.
    const snip = makeSnippet([{ text: row.summary }, { text: row.body }, { text: row.title }, { text: row.source }, { text: row.author }], q, opts.snippetWidth);
    items.push({ ...rest, score: scoreOf(h.bm25, h.exact === 1), snippet: snip.text, highlights: snip.highlights });
  }
  return { items, ...(total !== undefined ? { total } : {}), query: q };
}
