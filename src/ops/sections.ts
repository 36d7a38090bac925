// Section operations: the tree of the portal's menu.
import { ConflictError, UsageError, ValidationError } from '../core/errors.js';
import { sectionInput, type SectionRecord } from '../core/records.js';
import { slugify, uniqueSlug } from '../core/slug.js';
import type { SectionRow } from '../store/sections.js';
import type { Store } from '../store/store.js';
import { parseOrThrow, requireSection } from './common.js';

export function sectionRecord(store: Store, row: SectionRow, slugs?: Map<number, string>): SectionRecord {
  const map = slugs ?? store.sectionSlugs();
  return store.sections.toRecord(row, (id) => map.get(id));
}

function chooseSectionSlug(store: Store, given: string | undefined, title: string, exceptId?: number): string {
  const taken = (slug: string): boolean => {
    const s = store.sections.find(slug);
    return s !== undefined && s.slug === slug && s.id !== exceptId;
  };
  if (given !== undefined) {
    if (taken(given)) throw new ConflictError(`the slug "${given}" is already taken by another section`, 'choose another --slug');
    return given;
  }
  const base = slugify(title) || 'chuyen-muc';
  return uniqueSlug(/^\d+$/.test(base) ? `chuyen-muc-${base}` : base, taken);
}

function parentId(store: Store, ref: string | number | null | undefined): number | null {
  if (ref === undefined || ref === null || ref === '') return null;
  return requireSection(store, ref).id;
}

export function addSection(store: Store, raw: unknown): SectionRow {
  const input = parseOrThrow(sectionInput, raw);
  return store.tx(() => {
    const parent = parentId(store, input.parent);
    const slug = chooseSectionSlug(store, input.slug, input.title);
    const row = { slug, title: input.title, kind: input.kind ?? 'articles', parent_id: parent, description: input.description ?? '' } as const;
    const id = input.id !== undefined ? insertWithId(store, input.id, row) : store.sections.insert(row, input.position);
    if (input.id !== undefined && input.position !== undefined) store.sections.place(id, parent, input.position);
    return store.sections.find(id)!;
  });
}

function insertWithId(store: Store, id: number, row: Omit<SectionRow, 'id' | 'position'>): number {
  const position = store.sections.children(row.parent_id).length + 1;
  store.db
    .prepare('INSERT INTO sections (id, slug, title, kind, parent_id, position, description) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, row.slug, row.title, row.kind, row.parent_id, position, row.description);
  return id;
}

export function editSection(store: Store, ref: string, raw: Record<string, unknown>): SectionRow {
  const input = parseOrThrow(sectionInput.partial(), raw);
  return store.tx(() => {
    const current = requireSection(store, ref);
    const slug = input.slug !== undefined && input.slug !== current.slug ? chooseSectionSlug(store, input.slug, current.title, current.id) : current.slug;
    const kind = input.kind ?? current.kind;
    if (kind !== current.kind) {
      const c = store.sections.contents(current.id);
      if (c.articles > 0 || c.links > 0) {
        throw new ConflictError(`section "${current.slug}" holds ${c.articles} articles and ${c.links} links; its kind cannot change while it is not empty`);
      }
    }
    store.sections.update(current.id, {
      slug,
      title: input.title ?? current.title,
      kind,
      description: input.description ?? current.description,
    });
    if (input.parent !== undefined || input.position !== undefined) {
      moveSectionInTx(store, current, {
        ...(input.parent !== undefined ? { parent: input.parent } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      });
    }
    return store.sections.find(current.id)!;
  });
}

export interface MoveTarget {
  before?: string;
  after?: string;
  parent?: string | number | null;
  position?: number;
}

export function moveSection(store: Store, ref: string, target: MoveTarget): SectionRow {
  const given = ['before', 'after', 'parent', 'position'].filter((k) => target[k as keyof MoveTarget] !== undefined);
  if (given.length === 0) throw new UsageError('section move needs --before, --after, --parent or --position');
  if ((target.before !== undefined || target.after !== undefined) && given.length > 1) {
    throw new UsageError('--before and --after go alone (they take the parent of the section named)');
  }
  return store.tx(() => {
    const current = requireSection(store, ref);
    moveSectionInTx(store, current, target);
    return store.sections.find(current.id)!;
  });
}

function moveSectionInTx(store: Store, current: SectionRow, target: MoveTarget): void {
  let parent: number | null = current.parent_id;
  let position: number;
  if (target.before !== undefined || target.after !== undefined) {
    const other = requireSection(store, (target.before ?? target.after)!);
    if (other.id === current.id) throw new ValidationError([{ field: 'section', message: 'a section cannot be placed next to itself' }]);
    parent = other.parent_id;
    const siblings = store.sections.children(parent).filter((s) => s.id !== current.id);
    const index = siblings.findIndex((s) => s.id === other.id);
    position = index + 1 + (target.after !== undefined ? 1 : 0);
  } else {
    if (target.parent !== undefined) parent = parentId(store, target.parent);
    position = target.position ?? (parent === current.parent_id ? current.position : Number.MAX_SAFE_INTEGER);
  }
  if (parent !== null && store.sections.isInSubtree(parent, current.id)) {
    throw new ValidationError([{ field: 'parent', message: `"${current.slug}" cannot be moved under itself or one of its subsections` }]);
  }
  store.sections.place(current.id, parent, position);
}

export interface RemoveSectionResult {
  section: SectionRow;
  movedArticles: number;
  movedLinks: number;
  movedChildren: number;
}

/** Removes an empty section; with `moveTo`, first moves its articles, links and subsections there. */
export function removeSection(store: Store, ref: string, moveTo: string | undefined, now: number): RemoveSectionResult {
  return store.tx(() => {
    const section = requireSection(store, ref);
    const c = store.sections.contents(section.id);
    const nonEmpty = c.articles + c.links + c.children > 0;
    if (nonEmpty && moveTo === undefined) {
      throw new ConflictError(
        `section "${section.slug}" still holds ${c.articles} article${c.articles === 1 ? '' : 's'}, ${c.links} link${c.links === 1 ? '' : 's'} and ${c.children} subsection${c.children === 1 ? '' : 's'}`,
        'move them first, or give --move-articles-to <section>',
      );
    }
    let movedArticles = 0, movedLinks = 0;
    if (moveTo !== undefined) {
      const dest = requireSection(store, moveTo);
      if (store.sections.isInSubtree(dest.id, section.id)) {
        throw new ValidationError([{ field: 'move-articles-to', message: `"${dest.slug}" is the section being removed or lies below it` }]);
      }
      if (c.articles > 0 && dest.kind !== 'articles') throw new ValidationError([{ field: 'move-articles-to', message: `"${dest.slug}" is a links section and cannot take articles` }]);
      if (c.links > 0 && dest.kind !== 'links') throw new ValidationError([{ field: 'move-articles-to', message: `"${dest.slug}" is an articles section and cannot take links` }]);
      movedArticles = store.articles.moveSection(section.id, dest.id, now);
      movedLinks = c.links;
      store.links.moveAll(section.id, dest.id);
      for (const child of store.sections.children(section.id)) store.sections.place(child.id, dest.id, Number.MAX_SAFE_INTEGER);
    }
    store.sections.delete(section.id);
    return { section, movedArticles, movedLinks, movedChildren: c.children };
  });
}
