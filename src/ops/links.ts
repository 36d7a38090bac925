// Link operations: the entries of `links` sections (the portal's "Liên kết Website").
import { ValidationError } from '../core/errors.js';
import { linkInput, type LinkRecord } from '../core/records.js';
import type { LinkRow } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { NotFoundError } from '../core/errors.js';
import { parseOrThrow, requireSection } from './common.js';
import { english } from '../i18n/issues.js';

async function linksSection(store: StoreData, ref: string | number): Promise<number> {
  const s = await requireSection(store, ref);
  if (s.kind !== 'links') throw new ValidationError([{ field: 'section', message: english('issue.articlesSectionNoLinks', { slug: s.slug }) }]);
  return s.id;
}

export async function requireLink(store: StoreData, id: string | number): Promise<LinkRow> {
  const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : NaN;
  const row = Number.isFinite(n) ? await store.links.find(n) : undefined;
  if (!row) throw new NotFoundError(english('issue.noLink', { id }), english('issue.noLinkHint'));
  return row;
}

export function linkRecord(row: LinkRow, slugs: Map<number, string>): LinkRecord {
  return { id: row.id, section: slugs.get(row.section_id) ?? String(row.section_id), title: row.title, url: row.url, position: row.position };
}

export async function addLink(store: StoreData, raw: unknown): Promise<LinkRow> {
  const input = parseOrThrow(linkInput, raw);
  return store.transaction(async (tx) => {
    const sectionId = await linksSection(tx, input.section);
    let id: number;
    if (input.id !== undefined) {
      id = await tx.links.insertWithId(input.id, sectionId, input.title, input.url);
      if (input.position !== undefined) await tx.links.place(id, sectionId, input.position);
    } else id = await tx.links.insert(sectionId, input.title, input.url, input.position);
    return (await tx.links.find(id))!;
  });
}

export async function editLink(store: StoreData, id: string, raw: Record<string, unknown>): Promise<LinkRow> {
  const input = parseOrThrow(linkInput.partial(), raw);
  return store.transaction(async (tx) => {
    const current = await requireLink(tx, id);
    const sectionId = input.section !== undefined ? await linksSection(tx, input.section) : current.section_id;
    await tx.links.update(current.id, sectionId, input.title ?? current.title, input.url ?? current.url);
    if (input.position !== undefined) await tx.links.place(current.id, sectionId, input.position);
    return (await tx.links.find(current.id))!;
  });
}

export async function removeLink(store: StoreData, id: string): Promise<LinkRow> {
  return store.transaction(async (tx) => {
    const current = await requireLink(tx, id);
    await tx.links.delete(current.id);
    return current;
  });
}
