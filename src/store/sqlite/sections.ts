// The section tree (the portal's menu): siblings ordered by position 1..n, no cycles.
import type { Database, Statement } from 'better-sqlite3';
import type { SectionKind } from '../../core/records.js';
import type { SectionContents, SectionRow } from '../rows.js';

const COLUMNS = 'id, slug, title, kind, parent_id, position, description';

export class SectionsRepo {
  private readonly allStmt: Statement<[], SectionRow>;
  private readonly byId: Statement<[number], SectionRow>;
  private readonly bySlug: Statement<[string], SectionRow>;
  private readonly insertStmt: Statement<[string, string, SectionKind, number | null, number, string]>;
  private readonly insertWithIdStmt: Statement<[number, string, string, SectionKind, number | null, number, string]>;
  private readonly updateStmt: Statement<[string, string, SectionKind, string, number]>;
  private readonly setPlace: Statement<[number | null, number, number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly countArticles: Statement<[number]>;
  private readonly countLinks: Statement<[number]>;
  private readonly countChildren: Statement<[number]>;

  constructor(db: Database) {
    this.allStmt = db.prepare(`SELECT ${COLUMNS} FROM sections ORDER BY position, id`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM sections WHERE id = ?`);
    this.bySlug = db.prepare(`SELECT ${COLUMNS} FROM sections WHERE slug = ?`);
    this.insertStmt = db.prepare('INSERT INTO sections (slug, title, kind, parent_id, position, description) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertWithIdStmt = db.prepare('INSERT INTO sections (id, slug, title, kind, parent_id, position, description) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.updateStmt = db.prepare('UPDATE sections SET slug = ?, title = ?, kind = ?, description = ? WHERE id = ?');
    this.setPlace = db.prepare('UPDATE sections SET parent_id = ?, position = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM sections WHERE id = ?');
    this.countArticles = db.prepare('SELECT count(*) FROM articles WHERE section_id = ?').pluck();
    this.countLinks = db.prepare('SELECT count(*) FROM links WHERE section_id = ?').pluck();
    this.countChildren = db.prepare('SELECT count(*) FROM sections WHERE parent_id = ?').pluck();
  }

  /** Every section in menu order: depth first, siblings by position. */
  tree(): SectionRow[] {
    const rows = this.allStmt.all();
    const children = new Map<number | null, SectionRow[]>();
    for (const r of rows) {
      const list = children.get(r.parent_id) ?? [];
      list.push(r);
      children.set(r.parent_id, list);
    }
    const out: SectionRow[] = [];
    const walk = (parent: number | null): void => {
      for (const r of children.get(parent) ?? []) {
        out.push(r);
        walk(r.id);
      }
    };
    walk(null);
    return out;
  }

  /** A section by id (digits) or slug. */
  find(ref: string | number): SectionRow | undefined {
    if (typeof ref === 'number') return this.byId.get(ref);
    if (/^\d+$/.test(ref)) return this.byId.get(Number(ref)) ?? this.bySlug.get(ref);
    return this.bySlug.get(ref);
  }

  slugTaken(slug: string): boolean {
    return this.bySlug.get(slug) !== undefined;
  }

  children(parentId: number | null): SectionRow[] {
    return this.allStmt.all().filter((r) => r.parent_id === parentId);
  }

  /** The ids of a section and all its descendants. */
  subtreeIds(id: number): number[] {
    const rows = this.allStmt.all();
    const ids = [id];
    for (let i = 0; i < ids.length; i++) for (const r of rows) if (r.parent_id === ids[i]) ids.push(r.id);
    return ids;
  }

  /** True when `candidate` is `id` itself or lies below it. */
  isInSubtree(candidate: number, id: number): boolean {
    return this.subtreeIds(id).includes(candidate);
  }

  contents(id: number): SectionContents {
    return {
      articles: this.countArticles.get(id) as number,
      links: this.countLinks.get(id) as number,
      children: this.countChildren.get(id) as number,
    };
  }

  /** Inserts at `position` among the parent's children (1-based; beyond the end appends). */
  insert(row: Omit<SectionRow, 'id' | 'position'>, position?: number): number {
    const siblings = this.children(row.parent_id);
    const id = Number(this.insertStmt.run(row.slug, row.title, row.kind, row.parent_id, siblings.length + 1, row.description).lastInsertRowid);
    if (position !== undefined) this.place(id, row.parent_id, position);
    return id;
  }

  /** Inserts with the id given (imports of a full export), appended among its siblings. */
  insertWithId(id: number, row: Omit<SectionRow, 'id' | 'position'>): number {
    const position = this.children(row.parent_id).length + 1;
    this.insertWithIdStmt.run(id, row.slug, row.title, row.kind, row.parent_id, position, row.description);
    return id;
  }

  update(id: number, row: Pick<SectionRow, 'slug' | 'title' | 'kind' | 'description'>): void {
    this.updateStmt.run(row.slug, row.title, row.kind, row.description, id);
  }

  /**
   * Puts section `id` under `parentId` at `position` (1-based, clamped), renumbering the
   * siblings it leaves and joins so positions stay 1..n.
   */
  place(id: number, parentId: number | null, position: number): void {
    const current = this.byId.get(id);
    if (!current) return;
    const target = this.children(parentId).filter((r) => r.id !== id);
    const at = Math.max(0, Math.min(target.length, position - 1));
    target.splice(at, 0, { ...current, parent_id: parentId });
    target.forEach((r, i) => {
      if (r.id === id || r.position !== i + 1 || r.parent_id !== parentId) this.setPlace.run(parentId, i + 1, r.id);
    });
    if (current.parent_id !== parentId) this.renumber(current.parent_id);
  }

  renumber(parentId: number | null): void {
    this.children(parentId).forEach((r, i) => {
      if (r.position !== i + 1) this.setPlace.run(parentId, i + 1, r.id);
    });
  }

  delete(id: number): void {
    const row = this.byId.get(id);
    this.deleteStmt.run(id);
    if (row) this.renumber(row.parent_id);
  }
}
