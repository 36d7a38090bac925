// Link operations: the entries of `links` sections (the portal's "Liên kết Website").
import { ValidationError } from '../core/errors.js';
import { linkInput, type LinkRecord } from '../core/records.js';
import type { LinkRow } from '../store/links.js';
import type { Store } from '../store/store.js';
import { NotFoundError } from '../core/errors.js';
import { parseOrThrow, requireSection } from './common.js';

function linksSection(store: Store, ref: string | number): number {
  const s = requireSection(store, ref);
  if (s.kind !== 'links') throw new ValidationError([{ field: 'section', message: `"${s.slug}" is an articles section; links go in a links section` }]);
  return s.id;
}

export function requireLink(store: Store, id: string | number): LinkRow {
  const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : NaN;
  const row = Number.isFinite(n) ? store.links.find(n) : undefined;
  if (!row) throw new NotFoundError(`no link with id "${id}"`, 'newsdesk link list shows the links and their ids');
  return row;
}

export function linkRecord(row: LinkRow, slugs: Map<number, string>): LinkRecord {
  return { id: row.id, section: slugs.get(row.section_id) ?? String(row.section_id), title: row.title, url: row.url, position: row.position };
}

export function addLink(store: Store, raw: unknown): LinkRow {
  const input = parseOrThrow(linkInput, raw);
  return store.tx(() => {
    const sectionId = linksSection(store, input.section);
    let id: number;
    if (input.id !== undefined) {
      const position = store.links.inSection(sectionId).length + 1;
      store.db.prepare('INSERT INTO links (id, section_id, title, url, position) VALUES (?, ?, ?, ?, ?)').run(input.id, sectionId, input.title, input.url, position);
      id = input.id;
      if (input.position !== undefined) store.links.place(id, sectionId, input.position);
    } else id = store.links.insert(sectionId, input.title, input.url, input.position);
    return store.links.find(id)!;
  });
}

export function editLink(store: Store, id: string, raw: Record<string, unknown>): LinkRow {
  const input = parseOrThrow(linkInput.partial(), raw);
  return store.tx(() => {
    const current = requireLink(store, id);
    const sectionId = input.section !== undefined ? linksSection(store, input.section) : current.section_id;
    store.links.update(current.id, sectionId, input.title ?? current.title, input.url ?? current.url);
    if (input.position !== undefined) store.links.place(current.id, sectionId, input.position);
    return store.links.find(current.id)!;
  });
}

export function removeLink(store: Store, id: string): LinkRow {
  return store.tx(() => {
    const current = requireLink(store, id);
    store.links.delete(current.id);
    return current;
  });
}
