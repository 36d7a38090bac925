// Revisions and the trash on SQLite (migration 6). The rows are written the way history.ts
// says; this file only stores and reads them. The trash holds whole article rows as JSON, out
// of the articles table, so that lists, search, counts and exports leave them out untouched.
import type { Database, Statement } from 'better-sqlite3';
import { firstRevision, planChange, type Change, type Head, type HistoryWrites, type RevisionInfo, type RevisionRow, type TrashEntry, type TrashRow } from '../history.js';
import { english } from '../../i18n/issues.js';
import type { ArticleRow } from '../rows.js';
import { originText } from '../history.js';
import type { Origin } from '../store.js';

export const HISTORY_SQL = `
  ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE article_revisions (
    article_id INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    by         TEXT NOT NULL,
    message    TEXT NOT NULL DEFAULT '',
    changed    TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,
    delta      BLOB,
    PRIMARY KEY (article_id, number)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE article_trash (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    section_id INTEGER NOT NULL,
    title      TEXT NOT NULL,
    deleted_at INTEGER NOT NULL,
    deleted_by TEXT NOT NULL,
    row        TEXT NOT NULL,
    origin     TEXT
  ) STRICT;
  CREATE INDEX article_trash_by_section ON article_trash (section_id);
  CREATE INDEX article_trash_by_origin ON article_trash (origin) WHERE origin IS NOT NULL;
`;

/** Gives every article there already is its revision 1 (migration 6), a batch at a time. */
export function firstRevisionsOfAll(db: Database): void {
  const batch = db.prepare<[number], ArticleRow>(
    'SELECT id, slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags FROM articles WHERE id > ? ORDER BY id LIMIT 1000',
  );
  const insert = db.prepare<RevisionRow>('INSERT INTO article_revisions (article_id, number, at, by, message, changed, hash, delta) VALUES (@article_id, @number, @at, @by, @message, @changed, @hash, @delta)');
  let after = 0;
  for (;;) {
    const rows = batch.all(after);
    for (const r of rows) insert.run(firstRevision(r.id, r, { at: r.updated_at, by: '' }));
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.id;
  }
}

const INFO = 'article_id, number, at, by, message, changed, hash';

export class HistoryRepo {
  private readonly insertStmt: Statement<RevisionRow>;
  private readonly setDelta: Statement<[Buffer, number, number]>;
  private readonly listStmt: Statement<[number], RevisionInfo>;
  private readonly chainStmt: Statement<[number, number], RevisionRow>;
  private readonly dropStmt: Statement<[number]>;
  private readonly keepStmt: Statement<[number, number, number]>;
  private readonly batchStmt: Statement<[number, number, number], RevisionRow>;
  private readonly headStmt: Statement<[number], Head>;
  private readonly setRevision: Statement<[number, number]>;
  private readonly dropBelowStmt: Statement<[number, number]>;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare('INSERT INTO article_revisions (article_id, number, at, by, message, changed, hash, delta) VALUES (@article_id, @number, @at, @by, @message, @changed, @hash, @delta)');
    this.headStmt = db.prepare<[number], Head>('SELECT number, hash FROM article_revisions WHERE article_id = ? ORDER BY number DESC LIMIT 1');
    this.dropBelowStmt = db.prepare('DELETE FROM article_revisions WHERE article_id = ? AND number < ?');
    this.setRevision = db.prepare('UPDATE articles SET revision = ? WHERE id = ?');
    this.setDelta = db.prepare('UPDATE article_revisions SET delta = ? WHERE article_id = ? AND number = ?');
    this.listStmt = db.prepare(`SELECT ${INFO} FROM article_revisions WHERE article_id = ? ORDER BY number DESC`);
    this.chainStmt = db.prepare(`SELECT ${INFO}, delta FROM article_revisions WHERE article_id = ? AND number >= ? ORDER BY number DESC`);
    this.dropStmt = db.prepare('DELETE FROM article_revisions WHERE article_id = ?');
    this.keepStmt = db.prepare('DELETE FROM article_revisions WHERE article_id = ? AND number <= ? - ? ');
    this.batchStmt = db.prepare(
      `SELECT ${INFO}, delta FROM article_revisions WHERE (article_id, number) > (?, ?) ORDER BY article_id, number LIMIT ?`,
    );
  }

  /** Revision 1 of a new article. */
  first(id: number, row: ArticleRow | Omit<ArticleRow, 'id' | 'revision'>, change: Change): void {
    this.insertStmt.run(firstRevision(id, row, change));
  }

  /**
   * The revisions a change makes (see ArticlesApi.update), an outside change first recorded as
   * its own; `keep` prunes what falls out. Returns the article's new revision number.
   */
  record(previous: ArticleRow, next: ArticleRow | undefined, change: Change, keep: number | undefined): number {
    const plan = planChange(previous, this.headStmt.get(previous.id), next, change);
    this.write(previous.id, plan);
    if (keep !== undefined && plan.inserts.length) this.keepStmt.run(previous.id, plan.revision, keep);
    return plan.revision;
  }

  private write(id: number, plan: HistoryWrites): void {
    if (plan.dropBelow !== undefined) this.dropBelowStmt.run(id, plan.dropBelow);
    if (plan.headDelta) this.setDelta.run(plan.headDelta.delta, id, plan.headDelta.number);
    for (const r of plan.inserts) this.insertStmt.run(r);
  }

  /**
   * Records the state a row holds as a revision when its history does not end there: a change
   * made outside newsdesk (reindex), or a row put back changed (the trash). True if there was one.
   */
  adopt(row: ArticleRow, change: Change, previous?: ArticleRow): boolean {
    const plan = planChange(row, this.headStmt.get(row.id), undefined, change, change, previous);
    if (plan.inserts.length === 0) return false;
    this.write(row.id, plan);
    this.setRevision.run(plan.revision, row.id);
    return true;
  }

  list(articleId: number): RevisionInfo[] {
    return this.listStmt.all(articleId);
  }

  chain(articleId: number, from: number): RevisionRow[] {
    return this.chainStmt.all(articleId, from);
  }

  drop(articleId: number): void {
    this.dropStmt.run(articleId);
  }

  /** See HistoryApi.prune: never an article's newest revision. */
  prune(options: { keep?: number; before?: number }): number {
    let n = 0;
    if (options.keep !== undefined) {
      n += this.db
        .prepare(
          `DELETE FROM article_revisions WHERE (article_id, number) IN (
             SELECT r.article_id, r.number FROM article_revisions r
               JOIN (SELECT article_id, max(number) AS last FROM article_revisions GROUP BY article_id) m ON m.article_id = r.article_id
              WHERE r.number <= m.last - ?)`,
        )
        .run(options.keep).changes;
    }
    if (options.before !== undefined) {
      // Older revisions hang on newer ones, never the other way: deleting from the first up to
      // the last one made before the time (never the newest) leaves each chain whole.
      n += this.db
        .prepare(
          `DELETE FROM article_revisions WHERE number < (SELECT max(number) FROM article_revisions m WHERE m.article_id = article_revisions.article_id)
             AND number <= (SELECT coalesce(max(o.number), 0) FROM article_revisions o WHERE o.article_id = article_revisions.article_id AND o.at < ?)`,
        )
        .run(options.before).changes;
    }
    return n;
  }

  batchAfter(afterId: number, afterNumber: number, n: number): RevisionRow[] {
    return this.batchStmt.all(afterId, afterNumber, n);
  }

  insertRaw(rows: RevisionRow[]): void {
    for (const r of rows) this.insertStmt.run(r);
  }

  /** Problems with the chains, for `check`: numbers with gaps, a current revision not the last. */
  problems(): string[] {
    const out: string[] = [];
    const gaps = this.db
      .prepare(
        `SELECT a.id, a.revision, min(r.number) AS lo, max(r.number) AS hi, count(r.number) AS n
           FROM articles a LEFT JOIN article_revisions r ON r.article_id = a.id
          GROUP BY a.id HAVING n = 0 OR hi <> a.revision OR hi - lo + 1 <> n`,
      )
      .all() as Array<{ id: number; revision: number; lo: number | null; hi: number | null; n: number }>;
    for (const g of gaps) {
      if (g.n === 0) out.push(english('issue.history.none', { id: g.id }));
      else if (g.hi !== g.revision) out.push(english('issue.history.behind', { id: g.id, revision: g.revision, last: g.hi }));
      else out.push(english('issue.history.gaps', { id: g.id, n: g.n, lo: g.lo, hi: g.hi }));
    }
    const orphans = this.db
      .prepare('SELECT DISTINCT article_id FROM article_revisions WHERE article_id NOT IN (SELECT id FROM articles) AND article_id NOT IN (SELECT id FROM article_trash) LIMIT 20')
      .pluck()
      .all() as number[];
    for (const id of orphans) out.push(english('issue.history.orphan', { id: id }));
    return out;
  }
}

const TRASH_ENTRY = 'id, slug, section_id, title, deleted_at, deleted_by';

export class TrashRepo {
  private readonly listStmt: Statement<[], TrashEntry>;
  private readonly getStmt: Statement<[number], TrashRow>;
  private readonly insertStmt: Statement<TrashRow>;
  private readonly dropStmt: Statement<[number]>;
  private readonly slugStmt: Statement<[string]>;
  private readonly inSectionStmt: Statement<[number], number>;
  private readonly byOriginStmt: Statement<[string], number>;
  private readonly moveStmt: Statement<[{ to: number; from: number }]>;
  private readonly batchStmt: Statement<[number, number], TrashRow>;

  constructor(db: Database) {
    this.listStmt = db.prepare(`SELECT ${TRASH_ENTRY} FROM article_trash ORDER BY deleted_at DESC, id DESC`);
    this.getStmt = db.prepare(`SELECT ${TRASH_ENTRY}, row, origin FROM article_trash WHERE id = ?`);
    this.insertStmt = db.prepare(
      'INSERT INTO article_trash (id, slug, section_id, title, deleted_at, deleted_by, row, origin) VALUES (@id, @slug, @section_id, @title, @deleted_at, @deleted_by, @row, @origin)',
    );
    this.dropStmt = db.prepare('DELETE FROM article_trash WHERE id = ?');
    this.slugStmt = db.prepare('SELECT 1 FROM article_trash WHERE slug = ?').pluck();
    this.byOriginStmt = db.prepare<[string], number>('SELECT id FROM article_trash WHERE origin = ?').pluck();
    this.inSectionStmt = db.prepare<[number], number>('SELECT count(*) FROM article_trash WHERE section_id = ?').pluck();
    // The row stays as it was removed: a restore files it under section_id, as a revision.
    this.moveStmt = db.prepare('UPDATE article_trash SET section_id = @to WHERE section_id = @from');
    this.batchStmt = db.prepare(`SELECT ${TRASH_ENTRY}, row, origin FROM article_trash WHERE id > ? ORDER BY id LIMIT ?`);
  }

  list(): TrashEntry[] {
    return this.listStmt.all();
  }

  get(id: number): TrashRow | undefined {
    return this.getStmt.get(id);
  }

  insert(row: TrashRow): void {
    this.insertStmt.run(row);
  }

  drop(id: number): void {
    this.dropStmt.run(id);
  }

  slugTaken(slug: string): boolean {
    return this.slugStmt.get(slug) !== undefined;
  }

  /** Trash rows keep their origin as the JSON of { site, id }, in that order. */
  byOrigin(origin: Origin): number | undefined {
    return this.byOriginStmt.get(originText(origin));
  }

  countInSection(sectionId: number): number {
    return this.inSectionStmt.get(sectionId) ?? 0;
  }

  moveSection(from: number, to: number): number {
    return this.moveStmt.run({ to, from }).changes;
  }

  batchAfter(after: number, n: number): TrashRow[] {
    return this.batchStmt.all(after, n);
  }
}
