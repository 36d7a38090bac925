// Articles: rows, lists with filters and a total order, and the one write path for each
// change (so the search index and every other derived table can be kept in step here).
import type { Database, Statement } from 'better-sqlite3';
import { NotFoundError } from '../../core/errors.js';
import { RevisionConflictError } from '../../core/revision-conflict.js';
import type { Change } from '../history.js';
import type { ArticleFilter, ArticleRow, ArticleSort, ListWindow, NewArticleRow } from '../rows.js';
import { pageRead, SORT_FIELDS } from '../rows.js';
import type { HistoryRepo } from './history.js';
import { isWellFormed, SHARED_TEXT_MIN, sharedUtf8 } from '../hash-input.js';
import { english } from '../../i18n/issues.js';

const COLUMNS = 'id, slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags, revision';
/** COLUMNS with the body left empty: for a caller that shows no body (ArticlesApi.page's `body: false`). */
const COLUMNS_NO_BODY = COLUMNS.replace('body,', "'' AS body,");

/** A new article's row as bound to its INSERT: the body as text or as its UTF-8. */
type InsertValues = Omit<NewArticleRow, 'body' | 'revision'> & { body: string | Buffer; revision: number };

/** Called inside the write transaction after every change to an article row. */
export interface ArticleWriteListener {
  written(id: number): void;
  removed(id: number): void;
}

export class ArticlesRepo {
  private readonly db: Database;
  private readonly byId: Statement<[number], ArticleRow>;
  private readonly bySlug: Statement<[string], ArticleRow>;
  private readonly slugExists: Statement<[{ slug: string }]>;
  private readonly insertStmt: Statement<InsertValues>;
  private readonly insertWithId: Statement<InsertValues>;
  private readonly putBackStmt: Statement<ArticleRow>;
  private readonly updateStmt: Statement<ArticleRow>;
  private readonly idsInSection: Statement<[number], number>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly cache = new Map<string, Statement>();
  /** CAST reads a blob's bytes in the database's own encoding: UTF-8 bytes only suit a UTF-8 file. */
  private readonly bodyAsBytes: boolean;
  readonly listeners: ArticleWriteListener[] = [];

  constructor(
    db: Database,
    private readonly history: HistoryRepo,
  ) {
    this.db = db;
    this.bodyAsBytes = db.pragma('encoding', { simple: true }) === 'UTF-8';
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM articles WHERE id = ?`);
    this.bySlug = db.prepare(`SELECT ${COLUMNS} FROM articles WHERE slug = ?`);
    // A slug stays reserved while its article is in the trash.
    this.slugExists = db.prepare('SELECT 1 FROM articles WHERE slug = @slug UNION ALL SELECT 1 FROM article_trash WHERE slug = @slug').pluck();
    const fields = '@slug, @title, @summary, @body, @author, @source, @section_id, @status, @published_at, @created_at, @updated_at, @images, @tags';
    // A new article's body may come as its UTF-8 bytes (see insertNow): CAST makes them the
    // text they encode, as they are; a string is left as it is.
    const newFields = fields.replace('@body', 'CAST(@body AS TEXT)');
    // One past the largest id here or in the trash: a trashed article keeps its id for its return.
    this.insertStmt = db.prepare(
      `INSERT INTO articles (id, slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags, revision)
       VALUES (max(coalesce((SELECT max(id) FROM articles), 0), coalesce((SELECT max(id) FROM article_trash), 0)) + 1, ${newFields}, @revision)`,
    );
    this.insertWithId = db.prepare(`INSERT INTO articles (${COLUMNS}) VALUES (@id, ${newFields}, @revision)`);
    this.putBackStmt = db.prepare(`INSERT INTO articles (${COLUMNS}) VALUES (@id, ${fields}, @revision)`);
    this.updateStmt = db.prepare(
      `UPDATE articles SET slug = @slug, title = @title, summary = @summary, body = @body, author = @author, source = @source,
         section_id = @section_id, status = @status, published_at = @published_at, created_at = @created_at,
         updated_at = @updated_at, images = @images, tags = @tags, revision = @revision WHERE id = @id`,
    );
    this.idsInSection = db.prepare<[number], number>('SELECT id FROM articles WHERE section_id = ? ORDER BY id').pluck();
    this.deleteStmt = db.prepare('DELETE FROM articles WHERE id = ?');
  }

  /** An article by id (digits) or slug. */
  find(ref: string | number): ArticleRow | undefined {
    if (typeof ref === 'number') return this.byId.get(ref);
    if (/^\d+$/.test(ref)) return this.byId.get(Number(ref)) ?? this.bySlug.get(ref);
    return this.bySlug.get(ref);
  }

  /** The articles of these ids that exist, in the order of `ids` (in process: one lookup each). */
  findMany(ids: readonly number[]): ArticleRow[] {
    const rows: ArticleRow[] = [];
    for (const id of ids) {
      const row = this.byId.get(id);
      if (row) rows.push(row);
    }
    return rows;
  }

  /** By slug only (a slug of digits is not taken for an id). */
  findBySlug(slug: string): ArticleRow | undefined {
    return this.bySlug.get(slug);
  }

  slugTaken(slug: string): boolean {
    return this.slugExists.get({ slug }) !== undefined;
  }

  insert(row: NewArticleRow, change: Change): number {
    return this.whole(() => this.insertNow(row, change));
  }

  private insertNow(row: NewArticleRow, change: Change): number {
    // A long body goes as the UTF-8 its revision's hash and its index entry's hash then share
    // (store/hash-input.ts): encoded once, not three times. Not with a lone surrogate, which
    // the string binding stores otherwise (as three bytes that read back as three U+FFFD), nor
    // in a file of UTF-16 (a hand-made empty file that init accepted).
    const body = this.bodyAsBytes && row.body.length >= SHARED_TEXT_MIN && isWellFormed(row.body) ? sharedUtf8(row.body) : row.body;
    const values: InsertValues = { ...row, body, revision: row.revision ?? 1 };
    const info = row.id === undefined ? this.insertStmt.run(values) : this.insertWithId.run(values);
    const id = Number(info.lastInsertRowid);
    this.history.first(id, row, change);
    for (const l of this.listeners) l.written(id);
    return id;
  }

  /** See ArticlesApi.update; `keep` is the site's keep_revisions. */
  update(row: ArticleRow, change: Change, keep?: number): number {
    return this.whole(() => this.updateNow(row, change, keep));
  }

  /** Several statements as one: inside the caller's transaction, or one of their own. */
  private whole<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
  }

  private updateNow(row: ArticleRow, change: Change, keep?: number): number {
    const previous = this.byId.get(row.id);
    if (!previous) throw new NotFoundError(english('issue.noArticle', { ref: row.id }));
    if (previous.revision !== row.revision) throw new RevisionConflictError(row.id, row.revision, previous.revision);
    const revision = this.history.record(previous, row, change, keep);
    this.updateStmt.run({ ...row, revision });
    for (const l of this.listeners) l.written(row.id);
    return revision;
  }

  putBack(row: ArticleRow, change?: Change, previous?: ArticleRow): number {
    return this.whole(() => {
      this.putBackStmt.run(row);
      const adopted = change !== undefined && this.history.adopt(row, change, previous);
      for (const l of this.listeners) l.written(row.id);
      return adopted ? this.byId.get(row.id)!.revision : row.revision;
    });
  }

  delete(id: number): void {
    for (const l of this.listeners) l.removed(id);
    this.deleteStmt.run(id);
  }

  /** Moves every article of one section to another (section remove --move-articles-to), each a revision. */
  moveSection(from: number, to: number, change: Change, keep?: number): number {
    return this.whole(() => {
      const ids = this.idsInSection.all(from);
      for (const id of ids) {
        const row = this.byId.get(id)!;
        this.updateNow({ ...row, section_id: to, updated_at: change.at }, change, keep);
      }
      return ids.length;
    });
  }

  private where(filter: ArticleFilter): { sql: string; params: Record<string, unknown> } {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.sectionIds) {
      parts.push('section_id IN (SELECT value FROM json_each(@sections))');
      params.sections = JSON.stringify(filter.sectionIds);
    }
    if (filter.status) {
      parts.push('status = @status');
      params.status = filter.status;
    }
    if (filter.author !== undefined) {
      parts.push('author = @author');
      params.author = filter.author;
    }
    if (filter.since !== undefined) {
      parts.push('published_at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      parts.push('published_at <= @until');
      params.until = filter.until;
    }
    if (filter.scheduledAt !== undefined) {
      // list_at is published_at for published articles: a range of the (status, list_at) index.
      parts.push("status = 'published' AND list_at > @scheduled_at");
      params.scheduled_at = filter.scheduledAt;
    }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  private statement(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  count(filter: ArticleFilter): number {
    const w = this.where(filter);
    // Status and section alone: the counts kept by triggers (migration 4), not a scan.
    // Being scheduled depends on the clock, so no count can be kept for it: its filter reads
    // the index of published dates from now on (a few rows: the articles not out yet).
    const kept = filter.author === undefined && filter.since === undefined && filter.until === undefined && filter.scheduledAt === undefined;
    const sql = kept ? `SELECT coalesce(sum(n), 0) FROM article_counts ${w.sql}` : `SELECT count(*) FROM articles ${w.sql}`;
    return this.statement(sql).pluck().get(w.params) as number;
  }

  /** The kept counts that differ from the rows (for `check`); empty when they agree. */
  countProblems(): string[] {
    const wrong = this.db
      .prepare(
        `SELECT coalesce(c.status, a.status) AS status, coalesce(c.section_id, a.section_id) AS section_id, coalesce(c.n, 0) AS kept, coalesce(a.n, 0) AS actual
           FROM article_counts c FULL JOIN (SELECT status, section_id, count(*) AS n FROM articles GROUP BY status, section_id) a
             ON a.status = c.status AND a.section_id = c.section_id
          WHERE coalesce(c.n, 0) <> coalesce(a.n, 0)`,
      )
      .all() as Array<{ status: string; section_id: number; kept: number; actual: number }>;
    return wrong.map((w) => english('issue.check.count', { status: w.status, section: w.section_id, kept: w.kept, actual: w.actual }));
  }

  /** Counts every article again (reindex, after the counts were found out of step). */
  recount(): void {
    this.db.exec(`DELETE FROM article_counts; ${COUNT_ARTICLES_SQL}`);
  }

  /**
   * One page of articles in a total order: the sort field, then id in the same direction.
   * The default order is newest first by list_at (published_at, or updated_at for drafts).
   * Only published_at may be NULL, so only it carries an `IS NULL` term: every other order
   * is read straight from its index. A page past the middle (window.total given) is read in
   * the opposite order from the end and reversed, so the last page costs what the first does.
   */
  list(filter: ArticleFilter, sort: ArticleSort, window?: ListWindow, columns = COLUMNS): ArticleRow[] {
    const w = this.where(filter);
    const column = sort.field === 'default' ? 'list_at' : SORT_FIELDS[sort.field];
    const { flip, limit, offset, empty } = pageRead(window);
    if (empty) return [];
    const dir = sort.desc !== flip ? 'DESC' : 'ASC';
    // NULLs (drafts without a date) sort last whichever the direction.
    const nulls = column === 'published_at' ? `${column} IS NULL${flip ? ' DESC' : ''}, ` : '';
    let sql = `SELECT ${columns} FROM articles ${w.sql} ORDER BY ${nulls}${column} ${dir}, id ${dir}`;
    if (window) sql += ' LIMIT @limit OFFSET @offset';
    const params = window ? { ...w.params, limit, offset } : w.params;
    const rows = this.statement(sql).all(params) as ArticleRow[];
    return flip ? rows.reverse() : rows;
  }

  /** One page and the count of its filter (ArticlesApi.page). */
  page(filter: ArticleFilter, sort: ArticleSort, window: { limit: number; offset: number }, options?: { body?: boolean }): { total: number; rows: ArticleRow[] } {
    const total = this.count(filter);
    return { total, rows: this.list(filter, sort, { ...window, total }, options?.body === false ? COLUMNS_NO_BODY : COLUMNS) };
  }

  /** The ids of the published articles dated later than `now`: the scheduled ones (search leaves them out). */
  scheduledIds(now: number): number[] {
    const w = this.where({ scheduledAt: now });
    return this.statement(`SELECT id FROM articles ${w.sql} ORDER BY id`).pluck().all(w.params) as number[];
  }

  /** Streams the filtered rows in id order (export json) without holding them all. */
  iterate(filter: ArticleFilter): IterableIterator<ArticleRow> {
    const w = this.where(filter);
    return this.statement(`SELECT ${COLUMNS} FROM articles ${w.sql} ORDER BY id`).iterate(w.params) as IterableIterator<ArticleRow>;
  }

  /** Up to `n` filtered rows with an id above `after`, in id order (batches of whole-portal work). */
  batchAfter(filter: ArticleFilter, after: number, n: number): ArticleRow[] {
    const w = this.where(filter);
    // A status alone selects most of the portal: the ids are walked. Through the status index,
    // each batch would read every remaining row of that status and sort them (quadratic).
    const statusAlone = Object.keys(w.params).length === 1 && filter.status !== undefined;
    const sql = `SELECT ${COLUMNS} FROM articles${statusAlone ? ' NOT INDEXED' : ''} ${w.sql ? `${w.sql} AND` : 'WHERE'} id > @after ORDER BY id LIMIT @n`;
    return this.statement(sql).all({ ...w.params, after, n }) as ArticleRow[];
  }

  /** Streams rows in id order (exports, reindexing) without holding them all. */
  iterateAll(): IterableIterator<ArticleRow> {
    return this.statement(`SELECT ${COLUMNS} FROM articles ORDER BY id`).iterate() as IterableIterator<ArticleRow>;
  }
}

/** Fills article_counts from the rows (migration 4, reindex). */
export const COUNT_ARTICLES_SQL = 'INSERT INTO article_counts (status, section_id, n) SELECT status, section_id, count(*) FROM articles GROUP BY status, section_id';

