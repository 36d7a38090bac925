// Articles on PostgreSQL: rows, lists in the same total orders as on SQLite, and the one write
// path of each change, which writes the article's search columns (search-text.ts) with it.
import { NotFoundError } from '../../core/errors.js';
import { RevisionConflictError } from '../../core/revision-conflict.js';
import type { Change } from '../history.js';
import type { ArticleFilter, ArticleRow, ArticleSort, ListWindow, NewArticleRow } from '../rows.js';
import { pageRead, SORT_FIELDS } from '../rows.js';
import type { Queryable } from './conn.js';
import type { PgHistory } from './history.js';
import { searchColumns } from './search-text.js';
import { TREE_SLUGS_JSON } from './sections.js';
import { english } from '../../i18n/issues.js';

export const COLUMNS = 'id, slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags, revision';

/** The WHERE of a filter, its parameters numbered from `from`. */
export function articleWhere(filter: ArticleFilter, from = 1, prefix = ''): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${from + params.length - 1}`;
  };
  if (filter.sectionIds) sql.push(`${prefix}section_id = ANY(${p(filter.sectionIds)}::bigint[])`);
  if (filter.status) sql.push(`${prefix}status = ${p(filter.status)}`);
  if (filter.author !== undefined) sql.push(`${prefix}author = ${p(filter.author)}`);
  if (filter.since !== undefined) sql.push(`${prefix}published_at >= ${p(filter.since)}`);
  if (filter.until !== undefined) sql.push(`${prefix}published_at <= ${p(filter.until)}`);
  // list_at is published_at for published articles: a range of the (status, list_at) index.
  if (filter.scheduledAt !== undefined) sql.push(`${prefix}status = 'published' AND ${prefix}list_at > ${p(filter.scheduledAt)}`);
  return { sql, params };
}

const where = (parts: string[]): string => (parts.length ? `WHERE ${parts.join(' AND ')}` : '');

/** The count of a filter: status and section alone from the counts kept by triggers (migration 4), not a scan. */
function countSql(filter: ArticleFilter, parts: string[]): string {
  // Being scheduled depends on the clock: no count can be kept for it.
  const kept = filter.author === undefined && filter.since === undefined && filter.until === undefined && filter.scheduledAt === undefined;
  return kept ? `SELECT coalesce(sum(n), 0)::bigint AS n FROM article_counts ${where(parts)}` : `SELECT count(*) AS n FROM articles ${where(parts)}`;
}

/** A list's total order (SQLite's), or its reverse: a page read from the end. */
function orderBy(sort: ArticleSort, flip: boolean): string {
  const column = sort.field === 'default' ? 'list_at' : SORT_FIELDS[sort.field];
  const dir = sort.desc !== flip ? 'DESC' : 'ASC';
  const nulls = column === 'published_at' ? `${column} IS NULL${flip ? ' DESC' : ''}, ` : '';
  return `${nulls}${column} ${dir}, id ${dir}`;
}

/** The values of an article row with its search columns, in INSERT order ($1 = id). */
export function insertValues(id: number, row: NewArticleRow & { revision?: number }): unknown[] {
  const s = searchColumns(row);
  return [id, row.slug, row.title, row.summary, row.body, row.author, row.source, row.section_id, row.status, row.published_at, row.created_at, row.updated_at, row.images, row.tags, row.revision ?? 1, s.doc, s.spelling, s.hash];
}

/** A row without its body (a listing that does not show it): the longest field, not sent. */
const COLUMNS_BUT_BODY = COLUMNS.replace('body', "''::text AS body");

/** A row of page(): its total, the slugs (on one row), then the COLUMNS in their order. */
function rowOfColumns(a: unknown[]): ArticleRow {
  return {
    id: a[2],
    slug: a[3],
    title: a[4],
    summary: a[5],
    body: a[6],
    author: a[7],
    source: a[8],
    section_id: a[9],
    status: a[10],
    published_at: a[11],
    created_at: a[12],
    updated_at: a[13],
    images: a[14],
    tags: a[15],
    revision: a[16],
  } as ArticleRow;
}

const PREFIXED_COLUMNS = COLUMNS.split(', ')
  .map((c) => `a.${c}`)
  .join(', ');

export const INSERT_COLUMNS = `${COLUMNS}, search_doc, search_spelling, search_hash`;

export class PgArticles {
  /** The count last seen of each filter: which end of the list a page is nearer (page()). */
  private readonly totals = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly history: PgHistory,
  ) {}

  private async one(sql: string, params: unknown[]): Promise<ArticleRow | undefined> {
    return (await this.db.query<ArticleRow>(sql, params))[0];
  }

  async find(ref: string | number): Promise<ArticleRow | undefined> {
    const byId = (id: number) => this.one(`SELECT ${COLUMNS} FROM articles WHERE id = $1`, [id]);
    if (typeof ref === 'number') return byId(ref);
    if (/^\d+$/.test(ref) && Number.isSafeInteger(Number(ref))) return (await byId(Number(ref))) ?? this.findBySlug(ref);
    return this.findBySlug(ref);
  }

  /** The articles of these ids that exist, in the order of `ids`, in one query. */
  async findMany(ids: readonly number[]): Promise<ArticleRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<ArticleRow>(`SELECT ${COLUMNS} FROM articles WHERE id = ANY($1::bigint[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  findBySlug(slug: string): Promise<ArticleRow | undefined> {
    return this.one(`SELECT ${COLUMNS} FROM articles WHERE slug = $1`, [slug]);
  }

  /** Taken by an article, or reserved by one in the trash. */
  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM articles WHERE slug = $1 UNION ALL SELECT 1 FROM article_trash WHERE slug = $1', [slug])).length > 0;
  }

  /** The slugs `base` and `base-N` that are taken (N digits). */
  async slugFamily(base: string): Promise<string[]> {
    const like = `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
    const rows = await this.db.query<{ slug: string }>(
      "SELECT slug FROM articles WHERE slug = $1 OR (slug LIKE $2 AND slug ~ '-[0-9]+$') UNION ALL SELECT slug FROM article_trash WHERE slug = $1 OR (slug LIKE $2 AND slug ~ '-[0-9]+$')",
      [base, like],
    );
    return rows.map((r) => r.slug);
  }

  /**
   * The id a new article gets: one past the largest here or in the trash, as SQLite gives
   * (writers hold the lock); a trashed article keeps its id for its return.
   */
  async nextId(): Promise<number> {
    const [row] = await this.db.query<{ id: number }>(
      'SELECT greatest(coalesce((SELECT max(id) FROM articles), 0), coalesce((SELECT max(id) FROM article_trash), 0)) + 1 AS id',
    );
    return row!.id;
  }

  async insert(row: NewArticleRow, change: Change): Promise<number> {
    const id = row.id ?? (await this.nextId());
    await this.insertRow(id, row);
    await this.history.first(id, row, change);
    return id;
  }

  private async insertRow(id: number, row: NewArticleRow & { revision?: number }): Promise<void> {
    await this.db.query(
      `INSERT INTO articles (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::tsvector, $17::tsvector, $18)`,
      insertValues(id, row),
    );
  }

  async putBack(row: ArticleRow, change?: Change, previous?: ArticleRow): Promise<number> {
    await this.insertRow(row.id, row);
    if (change && (await this.history.adopt(row, change, previous))) return (await this.one(`SELECT ${COLUMNS} FROM articles WHERE id = $1`, [row.id]))!.revision;
    return row.revision;
  }

  /** See ArticlesApi.update; `keep` is the site's keep_revisions. Runs inside the caller's unit. */
  async update(row: ArticleRow, change: Change, keep?: number): Promise<number> {
    // The row and its newest revision in one round trip (an import may update thousands).
    const [found] = await this.db.query<ArticleRow & { head_number: number | null; head_hash: string | null }>(
      `SELECT ${PREFIXED_COLUMNS}, h.number AS head_number, h.hash AS head_hash FROM articles a
         LEFT JOIN LATERAL (SELECT number, hash FROM article_revisions r WHERE r.article_id = a.id ORDER BY number DESC LIMIT 1) h ON true
        WHERE a.id = $1 FOR UPDATE OF a`,
      [row.id],
    );
    if (!found) throw new NotFoundError(english('issue.noArticle', { ref: row.id }));
    const { head_number, head_hash, ...previous } = found;
    if (previous.revision !== row.revision) throw new RevisionConflictError(row.id, row.revision, previous.revision);
    const head = head_number === null || head_hash === null ? undefined : { number: head_number, hash: head_hash };
    const revision = await this.history.record(previous, row, change, keep, head);
    const s = searchColumns(row);
    await this.db.query(
      `UPDATE articles SET slug = $2, title = $3, summary = $4, body = $5, author = $6, source = $7, section_id = $8, status = $9,
         published_at = $10, created_at = $11, updated_at = $12, images = $13, tags = $14,
         search_doc = $15::tsvector, search_spelling = $16::tsvector, search_hash = $17, revision = $18 WHERE id = $1`,
      [row.id, row.slug, row.title, row.summary, row.body, row.author, row.source, row.section_id, row.status, row.published_at, row.created_at, row.updated_at, row.images, row.tags, s.doc, s.spelling, s.hash, revision],
    );
    return revision;
  }

  async delete(id: number): Promise<void> {
    await this.db.query('DELETE FROM articles WHERE id = $1', [id]);
  }

  /** Each article moved is a change of its own (a revision), as on SQLite. */
  async moveSection(from: number, to: number, change: Change, keep?: number): Promise<number> {
    const rows = await this.db.query<ArticleRow>(`SELECT ${COLUMNS} FROM articles WHERE section_id = $1 ORDER BY id`, [from]);
    for (const row of rows) await this.update({ ...row, section_id: to, updated_at: change.at }, change, keep);
    return rows.length;
  }

  async count(filter: ArticleFilter): Promise<number> {
    const w = articleWhere(filter);
    const [row] = await this.db.query<{ n: number }>(countSql(filter, w.sql), w.params);
    return Number(row!.n);
  }

  /** The same total orders as SQLite's ArticlesRepo.list, a page past the middle read from the end. */
  async list(filter: ArticleFilter, sort: ArticleSort, window?: ListWindow): Promise<ArticleRow[]> {
    const w = articleWhere(filter);
    const { flip, limit, offset, empty } = pageRead(window);
    if (empty) return [];
    let sql = `SELECT ${COLUMNS} FROM articles ${where(w.sql)} ORDER BY ${orderBy(sort, flip)}`;
    const params = [...w.params];
    if (window) {
      sql += ` LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
      params.push(limit, offset);
    }
    const rows = await this.db.query<ArticleRow>(sql, params);
    return flip ? rows.reverse() : rows;
  }

  /**
   * A page and the count of its filter in one statement (one round trip, one snapshot by
   * itself), with the section slugs the page's rows are shown with (brought along for
   * sectionSlugs: conn.ts). The page is read from the end nearer to it (pageRead's rule): the
   * first page from the start, whatever the count; another from the end the count last seen for
   * this filter says, and with none seen yet, both reads are written out and the server takes
   * the one the count names (the other is never run, but planned: dearer). The limits and
   * offsets are computed from the count by the server, so either direction gives the right rows
   * whatever the count became; and the planner, not seeing a constant offset, cannot plan a deep
   * offset's sort (with parallel workers) for a read the count leaves out. The rows come as
   * arrays, in the list's order (the outer ORDER BY), one row object made from each.
   */
  async page(filter: ArticleFilter, sort: ArticleSort, window: { limit: number; offset: number }, options: { body?: boolean } = {}): Promise<{ total: number; rows: ArticleRow[] }> {
    const w = articleWhere(filter);
    const params = [...w.params, window.limit, window.offset];
    const l = `$${params.length - 1}::bigint`;
    const o = `$${params.length}::bigint`;
    const n = '(SELECT n FROM c)';
    const end = `least(${o} + ${l}, ${n})`;
    const read = (conditions: string[], flip: boolean, limit: string, offset: string) =>
      `SELECT ${options.body === false ? COLUMNS_BUT_BODY : COLUMNS}, list_at FROM articles ${where([...w.sql, ...conditions])} ORDER BY ${orderBy(sort, flip)} LIMIT ${limit} OFFSET ${offset}`;
    const key = JSON.stringify(filter);
    const seen = this.totals.get(key);
    let pageSql: string;
    if (window.offset === 0 || seen !== undefined) {
      // One read, in its own order (the outer ORDER BY below puts the rows in the list's).
      const flip = pageRead({ ...window, total: seen ?? 0 }).flip;
      pageSql = flip ? read([], true, `greatest(${end} - ${o}, 0)`, `greatest(${n} - ${end}, 0)`) : read([], false, l, `least(${o}, ${n})`);
    } else {
      const forward = read([`${o} * 2 <= ${n}`], false, l, `least(${o}, ${n})`);
      const backward = read([`${o} * 2 > ${n}`], true, `greatest(${end} - ${o}, 0)`, `greatest(${n} - ${end}, 0)`);
      pageSql = `(${forward}) UNION ALL (${backward})`;
    }
    // The slugs on one row only (numbered as they come, before the order is put on them).
    const sql = `WITH c AS MATERIALIZED (${countSql(filter, w.sql)}), p AS (${pageSql})
      SELECT ${n} AS total, CASE WHEN row_number() OVER () = 1 THEN ${TREE_SLUGS_JSON} END AS slugs, ${COLUMNS} FROM p ORDER BY ${orderBy(sort, false)}`;
    // Prepared (parsed and planned once) when no value can change the best plan: no filter
    // but the status (either of two values, each a large part of the portal).
    const prepared = Object.keys(filter).every((k) => k === 'status');
    const answer = this.db.query<unknown[]>(sql, params, { prepared, arrays: true });
    // (A page past the end has no row to carry them: the reader then asks for them itself.)
    this.db.bringsSlugs?.(answer.then((rows) => (rows.length ? ((rows.find((r) => r[1] !== null)?.[1] as Array<[number, string]> | undefined) ?? []) : undefined)));
    const rows = await answer;
    const total = rows.length ? Number(rows[0]![0]) : await this.count(filter);
    this.totals.set(key, total);
    return { total, rows: rows.map(rowOfColumns) };
  }

  /** The ids of the published articles dated later than `now`: the scheduled ones. */
  async scheduledIds(now: number): Promise<number[]> {
    const w = articleWhere({ scheduledAt: now });
    return (await this.db.query<{ id: number }>(`SELECT id FROM articles ${where(w.sql)} ORDER BY id`, w.params)).map((r) => r.id);
  }

  batchAfter(filter: ArticleFilter, after: number, n: number): Promise<ArticleRow[]> {
    const w = articleWhere(filter);
    const parts = [...w.sql, `id > $${w.params.length + 1}`];
    return this.db.query<ArticleRow>(`SELECT ${COLUMNS} FROM articles ${where(parts)} ORDER BY id LIMIT $${w.params.length + 2}`, [...w.params, after, n]);
  }
}
