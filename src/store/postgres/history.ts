// Revisions and the trash on PostgreSQL (migration 6, as on SQLite): the rows history.ts
// describes, stored and read with parameterised statements.
import { firstRevision, planChange, type Change, type Head, type HistoryWrites, type RevisionInfo, type RevisionRow, type TrashEntry, type TrashRow } from '../history.js';
import { originText } from '../history.js';
import { english } from '../../i18n/issues.js';
import type { ArticleRow } from '../rows.js';
import type { Origin } from '../store.js';
import type { Queryable } from './conn.js';

export const HISTORY_PG_SQL = `
  ALTER TABLE articles ADD COLUMN revision integer NOT NULL DEFAULT 1;
  CREATE TABLE article_revisions (
    article_id bigint NOT NULL,
    number     integer NOT NULL,
    at         bigint NOT NULL,
    by         text NOT NULL,
    message    text NOT NULL DEFAULT '',
    changed    text NOT NULL DEFAULT '',
    hash       text NOT NULL,
    delta      bytea,
    PRIMARY KEY (article_id, number)
  );
  CREATE TABLE article_trash (
    id         bigint PRIMARY KEY,
    slug       text COLLATE "C" NOT NULL UNIQUE,
    section_id bigint NOT NULL,
    title      text NOT NULL,
    deleted_at bigint NOT NULL,
    deleted_by text NOT NULL,
    row        text NOT NULL,
    origin     text
  );
  CREATE INDEX article_trash_by_section ON article_trash (section_id);
  CREATE INDEX article_trash_by_origin ON article_trash (origin) WHERE origin IS NOT NULL;`;

const STATE_COLUMNS = 'id, slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags';

/** Revision 1 of every article there already is (migration 6), a batch at a time. */
export async function firstRevisionsOfAll(db: Queryable): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db.query<ArticleRow>(`SELECT ${STATE_COLUMNS} FROM articles WHERE id > $1 ORDER BY id LIMIT 1000`, [after]);
    await insertRevisions(db, rows.map((r) => firstRevision(r.id, r, { at: r.updated_at, by: '' })));
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Many revisions in one statement. */
export async function insertRevisions(db: Queryable, rows: RevisionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO article_revisions (article_id, number, at, by, message, changed, hash, delta)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[])`,
    [rows.map((r) => r.article_id), rows.map((r) => r.number), rows.map((r) => r.at), rows.map((r) => r.by), rows.map((r) => r.message), rows.map((r) => r.changed), rows.map((r) => r.hash), rows.map((r) => r.delta)],
  );
}

const INFO = 'article_id, number, at, by, message, changed, hash';

export class PgHistory {
  constructor(private readonly db: Queryable) {}

  async first(id: number, row: Omit<ArticleRow, 'id' | 'revision'>, change: Change): Promise<void> {
    await insertRevisions(this.db, [firstRevision(id, row, change)]);
  }

  private async head(articleId: number): Promise<Head | undefined> {
    return (await this.db.query<Head>('SELECT number, hash FROM article_revisions WHERE article_id = $1 ORDER BY number DESC LIMIT 1', [articleId]))[0];
  }

  private async write(id: number, plan: HistoryWrites): Promise<void> {
    if (plan.dropBelow !== undefined) await this.db.query('DELETE FROM article_revisions WHERE article_id = $1 AND number < $2', [id, plan.dropBelow]);
    if (plan.headDelta) await this.db.query('UPDATE article_revisions SET delta = $1 WHERE article_id = $2 AND number = $3', [plan.headDelta.delta, id, plan.headDelta.number]);
    await insertRevisions(this.db, plan.inserts);
  }

  /**
   * As on SQLite: the revisions a change makes, an outside change first; returns the new number.
   * `head` is the newest revision when the caller read it with the row (undefined: none).
   */
  async record(previous: ArticleRow, next: ArticleRow, change: Change, keep: number | undefined, head: Head | undefined): Promise<number> {
    const plan = planChange(previous, head, next, change);
    await this.write(previous.id, plan);
    if (keep !== undefined && plan.inserts.length) await this.db.query('DELETE FROM article_revisions WHERE article_id = $1 AND number <= $2', [previous.id, plan.revision - keep]);
    return plan.revision;
  }

  /** As on SQLite: the state a row holds recorded as a revision when its history does not end there. */
  async adopt(row: ArticleRow, change: Change, previous?: ArticleRow): Promise<boolean> {
    const plan = planChange(row, await this.head(row.id), undefined, change, change, previous);
    if (plan.inserts.length === 0) return false;
    await this.write(row.id, plan);
    await this.db.query('UPDATE articles SET revision = $1 WHERE id = $2', [plan.revision, row.id]);
    return true;
  }

  list(articleId: number): Promise<RevisionInfo[]> {
    return this.db.query<RevisionInfo>(`SELECT ${INFO} FROM article_revisions WHERE article_id = $1 ORDER BY number DESC`, [articleId]);
  }

  chain(articleId: number, from: number): Promise<RevisionRow[]> {
    return this.db.query<RevisionRow>(`SELECT ${INFO}, delta FROM article_revisions WHERE article_id = $1 AND number >= $2 ORDER BY number DESC`, [articleId, from]);
  }

  async drop(articleId: number): Promise<void> {
    await this.db.query('DELETE FROM article_revisions WHERE article_id = $1', [articleId]);
  }

  async prune(options: { keep?: number; before?: number }): Promise<number> {
    let n = 0;
    if (options.keep !== undefined) {
      n += (
        await this.db.query(
          `DELETE FROM article_revisions r USING (SELECT article_id, max(number) AS last FROM article_revisions GROUP BY article_id) m
            WHERE m.article_id = r.article_id AND r.number <= m.last - $1 RETURNING 1`,
          [options.keep],
        )
      ).length;
    }
    if (options.before !== undefined) {
      // As on SQLite: from the first up to the last one made before the time, never the newest.
      n += (
        await this.db.query(
          `DELETE FROM article_revisions r USING (
             SELECT article_id, max(number) AS last, max(number) FILTER (WHERE at < $1) AS upto FROM article_revisions GROUP BY article_id) m
            WHERE m.article_id = r.article_id AND r.number < m.last AND r.number <= m.upto RETURNING 1`,
          [options.before],
        )
      ).length;
    }
    return n;
  }

  batchAfter(afterId: number, afterNumber: number, n: number): Promise<RevisionRow[]> {
    return this.db.query<RevisionRow>(`SELECT ${INFO}, delta FROM article_revisions WHERE (article_id, number) > ($1, $2) ORDER BY article_id, number LIMIT $3`, [afterId, afterNumber, n]);
  }

  insertRaw(rows: RevisionRow[]): Promise<void> {
    return insertRevisions(this.db, rows);
  }

  /** As SqliteHistory.problems: chains with gaps, current revisions not the last, orphans. */
  async problems(): Promise<string[]> {
    const out: string[] = [];
    const gaps = await this.db.query<{ id: number; revision: number; lo: number | null; hi: number | null; n: number }>(
      `SELECT a.id, a.revision, min(r.number) AS lo, max(r.number) AS hi, count(r.number)::int AS n
         FROM articles a LEFT JOIN article_revisions r ON r.article_id = a.id
        GROUP BY a.id, a.revision HAVING count(r.number) = 0 OR max(r.number) <> a.revision OR max(r.number) - min(r.number) + 1 <> count(r.number)
        ORDER BY a.id`,
    );
    for (const g of gaps) {
      if (g.n === 0) out.push(english('issue.history.none', { id: g.id }));
      else if (g.hi !== g.revision) out.push(english('issue.history.behind', { id: g.id, revision: g.revision, last: g.hi }));
      else out.push(english('issue.history.gaps', { id: g.id, n: g.n, lo: g.lo, hi: g.hi }));
    }
    const orphans = await this.db.query<{ article_id: number }>(
      `SELECT DISTINCT article_id FROM article_revisions r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id)
          AND NOT EXISTS (SELECT 1 FROM article_trash t WHERE t.id = r.article_id) ORDER BY article_id LIMIT 20`,
    );
    for (const o of orphans) out.push(english('issue.history.orphan', { id: o.article_id }));
    return out;
  }
}

const TRASH_ENTRY = 'id, slug, section_id, title, deleted_at, deleted_by';

export class PgTrash {
  constructor(private readonly db: Queryable) {}

  list(): Promise<TrashEntry[]> {
    return this.db.query<TrashEntry>(`SELECT ${TRASH_ENTRY} FROM article_trash ORDER BY deleted_at DESC, id DESC`);
  }

  async get(id: number): Promise<TrashRow | undefined> {
    return (await this.db.query<TrashRow>(`SELECT ${TRASH_ENTRY}, row, origin FROM article_trash WHERE id = $1`, [id]))[0];
  }

  async insert(row: TrashRow): Promise<void> {
    await this.db.query('INSERT INTO article_trash (id, slug, section_id, title, deleted_at, deleted_by, row, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      row.id,
      row.slug,
      row.section_id,
      row.title,
      row.deleted_at,
      row.deleted_by,
      row.row,
      row.origin,
    ]);
  }

  async drop(id: number): Promise<void> {
    await this.db.query('DELETE FROM article_trash WHERE id = $1', [id]);
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM article_trash WHERE slug = $1', [slug])).length > 0;
  }

  async byOrigin(origin: Origin): Promise<number | undefined> {
    return (await this.db.query<{ id: number }>('SELECT id FROM article_trash WHERE origin = $1', [originText(origin)]))[0]?.id;
  }

  async countInSection(sectionId: number): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM article_trash WHERE section_id = $1', [sectionId]);
    return row?.n ?? 0;
  }

  async moveSection(from: number, to: number): Promise<number> {
    // The row stays as it was removed: a restore files it under section_id, as a revision.
    return (await this.db.query('UPDATE article_trash SET section_id = $1 WHERE section_id = $2 RETURNING 1', [to, from])).length;
  }

  batchAfter(after: number, n: number): Promise<TrashRow[]> {
    return this.db.query<TrashRow>(`SELECT ${TRASH_ENTRY}, row, origin FROM article_trash WHERE id > $1 ORDER BY id LIMIT $2`, [after, n]);
  }
}
