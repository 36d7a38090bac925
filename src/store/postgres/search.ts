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
import { toRankQuery, toSpellingQuery, toTsQuery } from './search-text.js';

const INDEXED = { indexed: true };

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
    const { sql, params } = this.ranked(req, true);
    const order = 'p.exact DESC, p.bm25, a.list_at DESC, p.id DESC';
    type Row = SearchMatch & ArticleRow & { total: number; slugs: Array<[number, string]> | null };
    const rows = await this.db.queryAhead<Row>(
      `SELECT p.bm25, p.exact, p.total, ${COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')},
              CASE WHEN row_number() OVER (ORDER BY ${order}) = 1 THEN (SELECT json_agg(json_build_array(id, slug)) FROM sections) END AS slugs
         FROM (${sql}) p JOIN articles a ON a.id = p.id
        ORDER BY ${order}`,
      params,
      (rows) => {
        if (rows.length === 0) return undefined;
        const articles = new Map<number, ArticleRow>();
        for (const { bm25: _b, exact: _e, total: _t, slugs: _s, ...row } of rows) articles.set(row.id, row);
        return { articles, sectionSlugs: rows[0]!.slugs ?? [] };
      },
      INDEXED,
    );
    if (rows.length === 0) return { total: req.offset ? await this.count(req.query, req.filter) : 0, matches: [] };
    return { total: Number(rows[0]!.total), matches: rows.map(({ id, bm25, exact }) => ({ id, bm25, exact })) };
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
