// The entries of `links` sections on PostgreSQL, ordered by position 1..n within their section.
import type { LinkRow } from '../rows.js';
import type { Queryable } from './conn.js';

const COLUMNS = 'id, section_id, title, url, position';

export class PgLinks {
  constructor(private readonly db: Queryable) {}

  async find(id: number): Promise<LinkRow | undefined> {
    return (await this.db.query<LinkRow>(`SELECT ${COLUMNS} FROM links WHERE id = $1`, [id]))[0];
  }

  inSection(sectionId: number): Promise<LinkRow[]> {
    return this.db.query<LinkRow>(`SELECT ${COLUMNS} FROM links WHERE section_id = $1 ORDER BY position, id`, [sectionId]);
  }

  all(): Promise<LinkRow[]> {
    return this.db.query<LinkRow>(`SELECT ${COLUMNS} FROM links ORDER BY section_id, position, id`);
  }

  async insert(sectionId: number, title: string, url: string, position?: number): Promise<number> {
    const count = (await this.inSection(sectionId)).length;
    const [{ id }] = (await this.db.query<{ id: number }>(
      'INSERT INTO links (id, section_id, title, url, position) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM links), $1, $2, $3, $4) RETURNING id',
      [sectionId, title, url, count + 1],
    )) as [{ id: number }];
    if (position !== undefined) await this.place(id, sectionId, position);
    return id;
  }

  async insertWithId(id: number, sectionId: number, title: string, url: string): Promise<number> {
    const count = (await this.inSection(sectionId)).length;
    await this.db.query('INSERT INTO links (id, section_id, title, url, position) VALUES ($1, $2, $3, $4, $5)', [id, sectionId, title, url, count + 1]);
    return id;
  }

  async update(id: number, sectionId: number, title: string, url: string): Promise<void> {
    const before = await this.find(id);
    await this.db.query('UPDATE links SET section_id = $1, title = $2, url = $3 WHERE id = $4', [sectionId, title, url, id]);
    if (before && before.section_id !== sectionId) {
      await this.place(id, sectionId, Number.MAX_SAFE_INTEGER);
      await this.renumber(before.section_id);
    }
  }

  private async setPosition(sectionId: number, position: number, id: number): Promise<void> {
    await this.db.query('UPDATE links SET section_id = $1, position = $2 WHERE id = $3', [sectionId, position, id]);
  }

  async place(id: number, sectionId: number, position: number): Promise<void> {
    const list = (await this.inSection(sectionId)).filter((l) => l.id !== id);
    const at = Math.max(0, Math.min(list.length, position - 1));
    list.splice(at, 0, { id, section_id: sectionId, title: '', url: '', position: 0 });
    for (const [i, l] of list.entries()) {
      if (l.id === id || l.position !== i + 1) await this.setPosition(sectionId, i + 1, l.id);
    }
  }

  private async renumber(sectionId: number): Promise<void> {
    for (const [i, l] of (await this.inSection(sectionId)).entries()) {
      if (l.position !== i + 1) await this.setPosition(sectionId, i + 1, l.id);
    }
  }

  async delete(id: number): Promise<void> {
    const row = await this.find(id);
    await this.db.query('DELETE FROM links WHERE id = $1', [id]);
    if (row) await this.renumber(row.section_id);
  }

  async moveAll(fromSection: number, toSection: number): Promise<void> {
    for (const l of await this.inSection(fromSection)) await this.place(l.id, toSection, Number.MAX_SAFE_INTEGER);
  }
}
