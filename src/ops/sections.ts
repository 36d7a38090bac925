// Section operations: the tree of the portal's menu.
import { ConflictError, UsageError, ValidationError } from '../core/errors.js';
import { sectionInput, type SectionRecord } from '../core/records.js';
import { slugify, uniqueSlugAsync } from '../core/slug.js';
import { sectionRecord as toSectionRecord, type SectionRow } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { parseOrThrow, requireSection } from './common.js';
import { english } from '../i18n/issues.js';

export async function sectionRecord(store: StoreData, row: SectionRow, slugs?: Map<number, string>): Promise<SectionRecord> {
  const map = slugs ?? (await store.sectionSlugs());
  return toSectionRecord(row, (id) => map.get(id));
}

async function chooseSectionSlug(store: StoreData, given: string | undefined, title: string, exceptId?: number): Promise<string> {
  const taken = async (slug: string): Promise<boolean> => {
    const s = await store.sections.find(slug);
    return s !== undefined && s.slug === slug && s.id !== exceptId;
  };
  if (given !== undefined) {
    if (await taken(given)) throw new ConflictError(english('issue.slugTakenSection', { slug: given }), english('issue.chooseSlug'));
    return given;
  }
  const base = slugify(title) || 'chuyen-muc';
  return uniqueSlugAsync(/^\d+$/.test(base) ? `chuyen-muc-${base}` : base, taken);
}

async function parentId(store: StoreData, ref: string | number | null | undefined): Promise<number | null> {
  if (ref === undefined || ref === null || ref === '') return null;
  return (await requireSection(store, ref)).id;
}

export async function addSection(store: StoreData, raw: unknown): Promise<SectionRow> {
  const input = parseOrThrow(sectionInput, raw);
  return store.transaction(async (tx) => {
    const parent = await parentId(tx, input.parent);
    const slug = await chooseSectionSlug(tx, input.slug, input.title);
    const row = { slug, title: input.title, kind: input.kind ?? 'articles', parent_id: parent, description: input.description ?? '' } as const;
    const id = input.id !== undefined ? await tx.sections.insertWithId(input.id, row) : await tx.sections.insert(row, input.position);
    if (input.id !== undefined && input.position !== undefined) await tx.sections.place(id, parent, input.position);
    return (await tx.sections.find(id))!;
  });
}

export async function editSection(store: StoreData, ref: string, raw: Record<string, unknown>): Promise<SectionRow> {
  const input = parseOrThrow(sectionInput.partial(), raw);
  return store.transaction(async (tx) => {
    const current = await requireSection(tx, ref);
    const slug = input.slug !== undefined && input.slug !== current.slug ? await chooseSectionSlug(tx, input.slug, current.title, current.id) : current.slug;
    const kind = input.kind ?? current.kind;
    if (kind !== current.kind) {
      const c = await tx.sections.contents(current.id);
      if (c.articles > 0 || c.links > 0) {
        throw new ConflictError(english('issue.kindNotEmpty', { slug: current.slug, articles: c.articles, links: c.links }));
      }
    }
    await tx.sections.update(current.id, {
      slug,
      title: input.title ?? current.title,
      kind,
      description: input.description ?? current.description,
    });
    if (input.parent !== undefined || input.position !== undefined) {
      await moveSectionInTx(tx, current, {
        ...(input.parent !== undefined ? { parent: input.parent } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      });
    }
    return (await tx.sections.find(current.id))!;
  });
}

export interface MoveTarget {
  before?: string;
  after?: string;
  parent?: string | number | null;
  position?: number;
}

export async function moveSection(store: StoreData, ref: string, target: MoveTarget): Promise<SectionRow> {
  const given = ['before', 'after', 'parent', 'position'].filter((k) => target[k as keyof MoveTarget] !== undefined);
  if (given.length === 0) throw new UsageError(english('issue.moveNeeds'));
  if ((target.before !== undefined || target.after !== undefined) && given.length > 1) {
    throw new UsageError(english('issue.beforeAfterAlone'));
  }
  return store.transaction(async (tx) => {
    const current = await requireSection(tx, ref);
    await moveSectionInTx(tx, current, target);
    return (await tx.sections.find(current.id))!;
  });
}

async function moveSectionInTx(store: StoreData, current: SectionRow, target: MoveTarget): Promise<void> {
  let parent: number | null = current.parent_id;
  let position: number;
  if (target.before !== undefined || target.after !== undefined) {
    const other = await requireSection(store, (target.before ?? target.after)!);
    if (other.id === current.id) throw new ValidationError([{ field: 'section', message: english('issue.nextToItself') }]);
    parent = other.parent_id;
    const siblings = (await store.sections.children(parent)).filter((s) => s.id !== current.id);
    const index = siblings.findIndex((s) => s.id === other.id);
    position = index + 1 + (target.after !== undefined ? 1 : 0);
  } else {
    if (target.parent !== undefined) parent = await parentId(store, target.parent);
    position = target.position ?? (parent === current.parent_id ? current.position : Number.MAX_SAFE_INTEGER);
  }
  if (parent !== null && (await store.sections.isInSubtree(parent, current.id))) {
    throw new ValidationError([{ field: 'parent', message: english('issue.underItself', { slug: current.slug }) }]);
  }
  await store.sections.place(current.id, parent, position);
}

export interface RemoveSectionResult {
  section: SectionRow;
  movedArticles: number;
  movedLinks: number;
  movedChildren: number;
}

/** Removes an empty section; with `moveTo`, first moves its articles, links and subsections there. */
export async function removeSection(store: StoreData, ref: string, moveTo: string | undefined, now: number, by = ''): Promise<RemoveSectionResult> {
  return store.transaction(async (tx) => {
    const section = await requireSection(tx, ref);
    const c = await tx.sections.contents(section.id);
    const nonEmpty = c.articles + c.links + c.children > 0;
    if (nonEmpty && moveTo === undefined) {
      throw new ConflictError(
        english('issue.stillHolds', {
          slug: section.slug,
          articles: english('issue.nArticles', { count: c.articles }),
          links: english('issue.nLinks', { count: c.links }),
          children: english('issue.nSubsections', { count: c.children }),
        }),
        english('issue.stillHoldsHint'),
      );
    }
    // Articles in the trash still name their section: a restore must find it.
    const trashed = await tx.trash.countInSection(section.id);
    if (trashed > 0 && moveTo === undefined) {
      throw new ConflictError(english('issue.sectionOnlyTrash', { slug: section.slug, count: trashed, n: trashed }), english('issue.sectionOnlyTrashHint'));
    }
    let movedArticles = 0, movedLinks = 0;
    if (moveTo !== undefined) {
      const dest = await requireSection(tx, moveTo);
      if (await tx.sections.isInSubtree(dest.id, section.id)) {
        throw new ValidationError([{ field: 'move-articles-to', message: english('issue.destRemoved', { slug: dest.slug }) }]);
      }
      if (c.articles > 0 && dest.kind !== 'articles') throw new ValidationError([{ field: 'move-articles-to', message: english('issue.destNoArticles', { slug: dest.slug }) }]);
      if (c.links > 0 && dest.kind !== 'links') throw new ValidationError([{ field: 'move-articles-to', message: english('issue.destNoLinks', { slug: dest.slug }) }]);
      if (trashed > 0 && dest.kind !== 'articles') throw new ValidationError([{ field: 'move-articles-to', message: english('issue.destNoTrashed', { slug: dest.slug }) }]);
      movedArticles = await tx.articles.moveSection(section.id, dest.id, { at: now, by, message: `section "${section.slug}" removed` });
      await tx.trash.moveSection(section.id, dest.id);
      movedLinks = c.links;
      await tx.links.moveAll(section.id, dest.id);
      for (const child of await tx.sections.children(section.id)) await tx.sections.place(child.id, dest.id, Number.MAX_SAFE_INTEGER);
    }
    await tx.sections.delete(section.id);
    return { section, movedArticles, movedLinks, movedChildren: c.children };
  });
}
