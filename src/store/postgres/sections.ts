// The section tree on PostgreSQL: siblings ordered by position 1..n, as on SQLite. The whole
// tree is one small read; the walks over it are done here, in the same way.
import { menuOrder, subtreeOf, type SectionContents, type SectionRow } from '../rows.js';
import type { Queryable } from './conn.js';

const COLUMNS = 'id, slug, title, kind, parent_id, position, description';

/**
 * The slugs of the sections the menu tree holds, as JSON pairs [id, slug], for the reads that
 * bring them along with a page: those reachable from the top, as tree() (menuOrder) keeps them,
 * so that a loop of parents made outside newsdesk is left out here too.
 */
export const TREE_SLUGS_JSON = `(WITH RECURSIVE t AS (SELECT id, slug FROM sections WHERE parent_id IS NULL
  UNION ALL SELECT s.id, s.slug FROM sections s JOIN t ON s.parent_id = t.id) SELECT json_agg(json_build_array(t.id, t.slug)) FROM t)`;

export class PgSections {
  constructor(private readonly db: Queryable) {}

  private all(): Promise<SectionRow[]> {
    return this.db.query<SectionRow>(`SELECT ${COLUMNS} FROM sections ORDER BY position, id`, [], { prepared: true });
  }

  async tree(): Promise<SectionRow[]> {
    return menuOrder(await this.all());
  }

  private async byId(id: number): Promise<SectionRow | undefined> {
    return (await this.db.query<SectionRow>(`SELECT ${COLUMNS} FROM sections WHERE id = $1`, [id]))[0];
  }

  private async bySlug(slug: string): Promise<SectionRow | undefined> {
    return (await this.db.query<SectionRow>(`SELECT ${COLUMNS} FROM sections WHERE slug = $1`, [slug]))[0];
  }

  async find(ref: string | number): Promise<SectionRow | undefined> {
    if (typeof ref === 'number') return this.byId(ref);
    if (/^\d+$/.test(ref) && Number.isSafeInteger(Number(ref))) return (await this.byId(Number(ref))) ?? this.bySlug(ref);
    return this.bySlug(ref);
  }

  async children(parentId: number | null): Promise<SectionRow[]> {
    return parentId === null
      ? this.db.query<SectionRow>(`SELECT ${COLUMNS} FROM sections WHERE parent_id IS NULL ORDER BY position, id`)
      : this.db.query<SectionRow>(`SELECT ${COLUMNS} FROM sections WHERE parent_id = $1 ORDER BY position, id`, [parentId]);
  }

  async subtreeIds(id: number): Promise<number[]> {
    return subtreeOf(await this.all(), id);
  }

  async isInSubtree(candidate: number, id: number): Promise<boolean> {
    return (await this.subtreeIds(id)).includes(candidate);
  }

  async contents(id: number): Promise<SectionContents> {
    const [row] = await this.db.query<SectionContents>(
      `SELECT (SELECT count(*)::int FROM articles WHERE section_id = $1) AS articles,
              (SELECT count(*)::int FROM links WHERE section_id = $1) AS links,
              (SELECT count(*)::int FROM sections WHERE parent_id = $1) AS children`,
      [id],
    );
    return row!;
  }

  async insert(row: Omit<SectionRow, 'id' | 'position'>, position?: number): Promise<number> {
    const siblings = await this.children(row.parent_id);
    // The next id after the largest, as SQLite gives (writers hold the portal's lock).
    const [{ id }] = (await this.db.query<{ id: number }>(
      `INSERT INTO sections (id, slug, title, kind, parent_id, position, description)
       VALUES ((SELECT coalesce(max(id), 0) + 1 FROM sections), $1, $2, $3, $4, $5, $6) RETURNING id`,
      [row.slug, row.title, row.kind, row.parent_id, siblings.length + 1, row.description],
    )) as [{ id: number }];
    if (position !== undefined) await this.place(id, row.parent_id, position);
    return id;
  }

  async insertWithId(id: number, row: Omit<SectionRow, 'id' | 'position'>): Promise<number> {
    const position = (await this.children(row.parent_id)).length + 1;
    await this.db.query('INSERT INTO sections (id, slug, title, kind, parent_id, position, description) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      id,
      row.slug,
      row.title,
      row.kind,
      row.parent_id,
      position,
      row.description,
    ]);
    return id;
  }

  async update(id: number, row: Pick<SectionRow, 'slug' | 'title' | 'kind' | 'description'>): Promise<void> {
    await this.db.query('UPDATE sections SET slug = $1, title = $2, kind = $3, description = $4 WHERE id = $5', [row.slug, row.title, row.kind, row.description, id]);
  }

  private async setPlace(parentId: number | null, position: number, id: number): Promise<void> {
    await this.db.query('UPDATE sections SET parent_id = $1, position = $2 WHERE id = $3', [parentId, position, id]);
  }

  async place(id: number, parentId: number | null, position: number): Promise<void> {
    const current = await this.byId(id);
    if (!current) return;
    const target = (await this.children(parentId)).filter((r) => r.id !== id);
    const at = Math.max(0, Math.min(target.length, position - 1));
    target.splice(at, 0, { ...current, parent_id: parentId });
    for (const [i, r] of target.entries()) {
      if (r.id === id || r.position !== i + 1 || r.parent_id !== parentId) await this.setPlace(parentId, i + 1, r.id);
    }
    if (current.parent_id !== parentId) await this.renumber(current.parent_id);
  }

  private async renumber(parentId: number | null): Promise<void> {
    for (const [i, r] of (await this.children(parentId)).entries()) {
      if (r.position !== i + 1) await this.setPlace(parentId, i + 1, r.id);
    }
  }

  async delete(id: number): Promise<void> {
    const row = await this.byId(id);
    await this.db.query('DELETE FROM sections WHERE id = $1', [id]);
    if (row) await this.renumber(row.parent_id);
  }
}
