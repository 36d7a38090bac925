// The entries of `links` sections, ordered by position 1..n within their section.
import type { Database, Statement } from 'better-sqlite3';

import type { LinkRow } from '../rows.js';

const COLUMNS = 'id, section_id, title, url, position';

export class LinksRepo {
  private readonly byId: Statement<[number], LinkRow>;
  private readonly bySection: Statement<[number], LinkRow>;
  private readonly allStmt: Statement<[], LinkRow>;
  private readonly insertStmt: Statement<[number, string, string, number]>;
  private readonly insertWithIdStmt: Statement<[number, number, string, string, number]>;
  private readonly updateStmt: Statement<[number, string, string, number]>;
  private readonly setPosition: Statement<[number, number, number]>;
  private readonly deleteStmt: Statement<[number]>;

  constructor(db: Database) {
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM links WHERE id = ?`);
    this.bySection = db.prepare(`SELECT ${COLUMNS} FROM links WHERE section_id = ? ORDER BY position, id`);
    this.allStmt = db.prepare(`SELECT ${COLUMNS} FROM links ORDER BY section_id, position, id`);
    this.insertStmt = db.prepare('INSERT INTO links (section_id, title, url, position) VALUES (?, ?, ?, ?)');
    this.insertWithIdStmt = db.prepare('INSERT INTO links (id, section_id, title, url, position) VALUES (?, ?, ?, ?, ?)');
    this.updateStmt = db.prepare('UPDATE links SET section_id = ?, title = ?, url = ? WHERE id = ?');
    this.setPosition = db.prepare('UPDATE links SET section_id = ?, position = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM links WHERE id = ?');
  }

  find(id: number): LinkRow | undefined {
    return this.byId.get(id);
  }

  inSection(sectionId: number): LinkRow[] {
    return this.bySection.all(sectionId);
  }

  all(): LinkRow[] {
    return this.allStmt.all();
  }

  insert(sectionId: number, title: string, url: string, position?: number): number {
    const count = this.bySection.all(sectionId).length;
    const id = Number(this.insertStmt.run(sectionId, title, url, count + 1).lastInsertRowid);
    if (position !== undefined) this.place(id, sectionId, position);
    return id;
  }

  /** Inserts with the id given (imports of a full export), appended to its section. */
  insertWithId(id: number, sectionId: number, title: string, url: string): number {
    const count = this.bySection.all(sectionId).length;
    this.insertWithIdStmt.run(id, sectionId, title, url, count + 1);
    return id;
  }

  update(id: number, sectionId: number, title: string, url: string): void {
    const before = this.byId.get(id);
    this.updateStmt.run(sectionId, title, url, id);
    if (before && before.section_id !== sectionId) {
      this.place(id, sectionId, Number.MAX_SAFE_INTEGER);
      this.renumber(before.section_id);
    }
  }

  /** Moves link `id` to `position` (1-based, clamped) in `sectionId`, renumbering the rest. */
  place(id: number, sectionId: number, position: number): void {
    const list = this.bySection.all(sectionId).filter((l) => l.id !== id);
    const at = Math.max(0, Math.min(list.length, position - 1));
    list.splice(at, 0, { id, section_id: sectionId, title: '', url: '', position: 0 });
    list.forEach((l, i) => {
      if (l.id === id || l.position !== i + 1) this.setPosition.run(sectionId, i + 1, l.id);
    });
  }

  renumber(sectionId: number): void {
    this.bySection.all(sectionId).forEach((l, i) => {
      if (l.position !== i + 1) this.setPosition.run(sectionId, i + 1, l.id);
    });
  }

  delete(id: number): void {
    const row = this.byId.get(id);
    this.deleteStmt.run(id);
    if (row) this.renumber(row.section_id);
  }

  /** Moves every link of one section to the end of another. */
  moveAll(fromSection: number, toSection: number): void {
    for (const l of this.bySection.all(fromSection)) this.place(l.id, toSection, Number.MAX_SAFE_INTEGER);
  }
}
