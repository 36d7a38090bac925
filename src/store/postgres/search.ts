// Search on PostgreSQL: the parsed query as a tsquery over the article's search columns
// (search-text.ts), ranked by the same rules as on SQLite — the spelling typed first, then
// relevance (ts_rank with the title above the summary above the body), then newest first,
// then id. The server sorts and pages; scores differ from SQLite's bm25, orders by rule do not.
import type { SearchQuery } from '../../core/search-query.js';
import type { IndexSize, SearchFilter, SearchMatch, SearchRequest } from '../store.js';
import type { ArticleRow } from '../rows.js';
import { COLUMNS } from './articles.js';
import type { PgConn } from './conn.js';
import { toPairQuery } from './search-pairs.js';
import { TREE_SLUGS_JSON } from './sections.js';
import { toRankQuery, toSpellingQuery, toTsQuery } from './search-text.js';

const INDEXED = { indexed: true };

/**
 * A page of a query typed with marks ending past this many matches is ranked from every match
 * (deep pages are rare; checking the spelling of thousands of candidates one by one would
 * cost more than the pass over every match's spellings).
 */
const CANDIDATE_PAGES_END = 200;

/** ts_rank's weights, {D, C, B, A}: body, author and source 1, summary 4, title 10 (as bm25's on SQLite). */
const WEIGHTS = '{0.1, 0.1, 0.4, 1.0}';

/**
 * The matches of the query: its words in `doc`, found by doc's index; or, when a phrase's word
 * pairs narrow them (search-pairs.ts), the candidates found by the pairs' index, each one's
 * `doc` then checked for the whole query. The check is written as a function call, which no
 * index serves, so that the pairs' index alone makes the candidates: with both indexes, a
 * phrase's recheck (its positions) would recheck every indexed condition, computing each
 * candidate's pairs again.
 */
function matchSql(query: SearchQuery, params: unknown[]): string {
  const pairs = toPairQuery(query.groups);
  const words = `$${params.push(toTsQuery(query))}::tsquery`;
  return pairs === undefined ? `doc @@ ${words}` : `word_pairs(doc) @@ $${params.push(pairs)}::tsquery AND ts_match_vq(doc, ${words})`;
}

function filterSql(filter: SearchFilter, params: unknown[]): string {
  const parts: string[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.status) parts.push(`status = ${p(filter.status)}`);
  if (filter.sectionIds) parts.push(`section_id = ANY(${p(filter.sectionIds)}::bigint[])`);
  if (filter.since !== undefined) parts.push(`published_at >= ${p(filter.since)}`);
  if (filter.until !== undefined) parts.push(`published_at <= ${p(filter.until)}`);
  if (filter.excludeIds?.length) parts.push(`id <> ALL(${p(filter.excludeIds)}::bigint[])`);
  return parts.map((s) => ` AND ${s}`).join('');
}

/** A candidate's row (fromCandidates): how many candidates there were, and how many spelled as typed. */
type CandidateRow = SearchMatch & { total: number; candidates: number; spelled: number };

/** The article's columns of a ranked row (the ranking's own columns left out). */
function articleOf(row: object): ArticleRow {
  const { bm25: _b, exact: _e, total: _t, candidates: _c, spelled: _s, slugs: _l, ...article } = row as Record<string, unknown>;
  return article as unknown as ArticleRow;
}

export class PgSearch {
  constructor(private readonly db: PgConn) {}

  /**
   * The ranked matches; with their total in each row, for page(). Read from the search table
   * (migration 10, search-table.ts): a match costs a visit to its narrow row, not to the
   * article's. A match is ranked by its title and summary (`head`): by every term of the
   * query found there, any one of them counting (a match with one word in its title ranks
   * above one with none); a match found by its body, author or source alone ranks below,
   * those tied by date. The spelling typed is asked of the spellings' index once for the
   * whole query (the matches holding it), not of each match's spellings, stored out of line.
   */
  private ranked(req: SearchRequest, withTotal = false): { sql: string; params: unknown[] } {
    const params: unknown[] = [toRankQuery(req.query)];
    const match = matchSql(req.query, params);
    const filters = filterSql(req.filter, params);
    const exact = req.query.marked
      ? `(id IN (SELECT id FROM article_search WHERE spelling @@ $${params.push(toSpellingQuery(req.query))}::tsquery))::int`
      : '0';
    const matches = `SELECT id, list_at, -ts_rank('${WEIGHTS}', head, $1::tsquery) AS bm25, ${exact} AS exact
                       FROM article_search WHERE ${match}${filters}`;
    // The total over the ranked rows, kept apart (OFFSET 0) so that the count sees only ids
    // and ranks: flattened, it would hold every match's ranked column on its way.
    const from = withTotal ? `SELECT id, bm25, exact, count(*) OVER () AS total FROM (${matches} OFFSET 0) m` : `SELECT id, bm25, exact FROM (${matches}) m`;
    let sql = `${from} ORDER BY exact DESC, bm25, list_at DESC, id DESC`;
    if (req.limit !== undefined) sql += ` LIMIT $${params.push(req.limit)} OFFSET $${params.push(req.offset ?? 0)}`;
    return { sql, params };
  }

  /**
   * A page of a query typed with marks from its best candidates, as SQLite takes it (fts.ts):
   * the first `n` matches in the order without the spelling (relevance, newest, id), each
   * checked for the spelling typed on its own row, instead of a second pass over every match
   * holding the spelling (for a frequent word, its whole posting list and each one's row).
   * That order is total, so every other match comes after the last candidate in it: spelled
   * as typed, it follows every candidate spelled so; not, it follows them all. The page is
   * therefore the candidates' when they are all the matches, or when at least `k` (the page's
   * end) of them hold the spelling; `known` says which, and the caller otherwise ranks every
   * match. The total is counted over every match, in the same statement.
   */
  private fromCandidates(req: SearchRequest & { limit: number }): { sql: string; params: unknown[]; known: (row: CandidateRow) => boolean } {
    const k = (req.offset ?? 0) + req.limit;
    const n = 2 * k + 16;
    const params: unknown[] = [toRankQuery(req.query)];
    const match = matchSql(req.query, params);
    const filters = filterSql(req.filter, params);
    const spelling = `$${params.push(toSpellingQuery(req.query))}::tsquery`;
    const matches = `SELECT id, list_at, -ts_rank('${WEIGHTS}', head, $1::tsquery) AS bm25 FROM article_search WHERE ${match}${filters}`;
    const best = `SELECT id, list_at, bm25, count(*) OVER () AS total FROM (${matches} OFFSET 0) m ORDER BY bm25, list_at DESC, id DESC LIMIT $${params.push(n)}`;
    const sql = `SELECT id, bm25, exact, total, candidates, spelled FROM (
                   SELECT b.id, b.bm25, b.list_at, b.total, coalesce(s.spelling @@ ${spelling}, false)::int AS exact,
                          count(*) OVER () AS candidates, sum(coalesce(s.spelling @@ ${spelling}, false)::int) OVER () AS spelled
                     FROM (${best}) b JOIN article_search s ON s.id = b.id) e
                  ORDER BY exact DESC, bm25, list_at DESC, id DESC LIMIT $${params.push(req.limit)} OFFSET $${params.push(req.offset ?? 0)}`;
    return { sql, params, known: (row) => Number(row.candidates) < n || Number(row.spelled) >= k };
  }

  async query(req: SearchRequest): Promise<SearchMatch[]> {
    const { sql, params } = this.ranked(req);
    return this.db.query<SearchMatch>(sql, params, INDEXED);
  }

  /**
   * Each match is found and ranked once, the total counted over them in the same statement;
   * the page's articles and the section slugs (what a results page shows next) come with it,
   * read ahead for the connection's next reads (conn.ts), so a search is one round trip.
   */
  async page(req: SearchRequest): Promise<{ total: number; matches: SearchMatch[] }> {
    const limit = req.limit;
    if (req.query.marked && limit !== undefined && (req.offset ?? 0) + limit <= CANDIDATE_PAGES_END) {
      const page = await this.pageFromCandidates({ ...req, limit });
      if (page) return page;
    }
    const { sql, params } = this.ranked(req, true);
    return this.pageOf(req, await this.withArticles(sql, params, ''));
  }

  /** page() from the best candidates (fromCandidates); undefined when they do not settle it. */
  private async pageFromCandidates(req: SearchRequest & { limit: number }): Promise<{ total: number; matches: SearchMatch[] } | undefined> {
    const { sql, params, known } = this.fromCandidates(req);
    const rows = await this.withArticles<CandidateRow>(sql, params, ', p.candidates, p.spelled');
    if (rows.length > 0 && !known(rows[0]!)) return undefined;
    return this.pageOf(req, rows);
  }

  private async pageOf(req: SearchRequest, rows: Array<SearchMatch & { total: number }>): Promise<{ total: number; matches: SearchMatch[] }> {
    if (rows.length === 0) return { total: req.offset ? await this.count(req.query, req.filter) : 0, matches: [] };
    return { total: Number(rows[0]!.total), matches: rows.map(({ id, bm25, exact }) => ({ id, bm25, exact })) };
  }

  /**
   * The ranked page's rows with their articles and, on the first row, the section slugs (what
   * a results page shows next), read ahead for the connection's next reads (conn.ts), so that
   * a search is one round trip. `extra`: more columns of the ranked rows.
   */
  private async withArticles<R extends SearchMatch & { total: number } = SearchMatch & { total: number }>(sql: string, params: unknown[], extra: string): Promise<R[]> {
    const order = 'p.exact DESC, p.bm25, a.list_at DESC, p.id DESC';
    type Row = R & ArticleRow & { slugs: Array<[number, string]> | null };
    return this.db.queryAhead<Row>(
      `SELECT p.bm25, p.exact, p.total${extra}, ${COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')},
              CASE WHEN row_number() OVER (ORDER BY ${order}) = 1 THEN ${TREE_SLUGS_JSON} END AS slugs
         FROM (${sql}) p JOIN articles a ON a.id = p.id
        ORDER BY ${order}`,
      params,
      (rows) => {
        if (rows.length === 0) return undefined;
        const articles = new Map<number, ArticleRow>();
        for (const row of rows) articles.set(row.id, articleOf(row));
        return { articles, sectionSlugs: rows[0]!.slugs ?? [] };
      },
      INDEXED,
    );
  }

  async count(query: SearchQuery, filter: SearchFilter): Promise<number> {
    const params: unknown[] = [];
    const match = matchSql(query, params);
    const filters = filterSql(filter, params);
    const [row] = await this.db.query<{ n: number }>(`SELECT count(*) AS n FROM article_search WHERE ${match}${filters}`, params, INDEXED);
    return Number(row!.n);
  }

  async spellingMatches(query: SearchQuery): Promise<number[]> {
    const rows = await this.db.query<{ id: number }>('SELECT id FROM article_search WHERE spelling @@ $1::tsquery ORDER BY id', [toSpellingQuery(query)], INDEXED);
    return rows.map((r) => r.id);
  }

  async size(): Promise<IndexSize> {
    const [row] = await this.db.query<IndexSize>(
      `SELECT count(search_hash) AS articles,
              coalesce(sum(octet_length(title) + octet_length(summary) + octet_length(body) + octet_length(author) + octet_length(source)), 0) AS "textBytes",
              pg_relation_size('article_search_doc') + pg_relation_size('article_search_spelling') + pg_relation_size('article_search_pairs')
                + coalesce(sum(pg_column_size(search_doc) + pg_column_size(search_spelling)), 0) AS "indexBytes"
         FROM articles`,
    );
    return { articles: Number(row!.articles), indexBytes: Number(row!.indexBytes), textBytes: Number(row!.textBytes) };
  }
}
