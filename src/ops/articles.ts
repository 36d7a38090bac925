// Article operations: the one path every add, edit, publish and remove goes through,
// whether it comes from flags, prompts or an import.
import { ConflictError, ValidationError } from '../core/errors.js';
import { RevisionConflictError } from '../core/revision-conflict.js';
import { articleInput, articlePatch, type ArticleInput, type ArticleRecord, type ArticleStatus, type ImageRecord } from '../core/records.js';
import { isValidSlug, slugify, uniqueSlugAsync } from '../core/slug.js';
import { originText, type Change } from '../store/history.js';
import { articleRecord, type ArticleRow, type NewArticleRow } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { parseOrThrow, requireArticle, requireSection } from './common.js';
import { storeImages, type ImageSourceOptions } from './images.js';
import { english } from '../i18n/issues.js';

export interface WriteOptions {
  now: number;
  /** Who makes the change, and why: kept with the revision it makes. */
  by?: string;
  message?: string;
  /** The revision the caller read: when the article has moved on, nothing is written. */
  ifRevision?: number;
  /** Where relative image paths are read from (default: the current folder). */
  imageBaseDir?: string;
  imageConfineTo?: string;
}

/** The change a write makes, as its revision records it. */
export function changeOf(opts: WriteOptions): Change {
  return { at: opts.now, by: opts.by ?? '', ...(opts.message !== undefined ? { message: opts.message } : {}) };
}

/** Fails (nothing written) when the caller expects a revision the article is no longer at. */
export function expectRevision(row: ArticleRow, opts: WriteOptions): void {
  if (opts.ifRevision !== undefined && row.revision !== opts.ifRevision) throw new RevisionConflictError(row.id, opts.ifRevision, row.revision);
}

function imageOptions(opts: WriteOptions): ImageSourceOptions {
  return {
    baseDir: opts.imageBaseDir ?? process.cwd(),
    now: opts.now,
    ...(opts.imageConfineTo !== undefined ? { confineTo: opts.imageConfineTo } : {}),
  };
}

async function articlesSection(store: StoreData, ref: string | number): Promise<number> {
  const s = await requireSection(store, ref);
  if (s.kind !== 'articles') {
    throw new ValidationError([{ field: 'section', message: english('issue.linksSectionNoArticles', { slug: s.slug }) }]);
  }
  return s.id;
}

/** A slug for a new article: the one given (which must be free) or one derived from the title. */
export async function chooseSlug(store: StoreData, given: string | undefined, title: string, exceptId?: number): Promise<string> {
  const takenByOther = async (slug: string): Promise<boolean> => {
    // A new article: slugTaken counts the trash too (a slug stays reserved there).
    // A new article: a look-up in the index of slugs alone. (Reading whole rows here made
    // each add of a common title — "Thông báo" — read every earlier one, body and all,
    // while holding the write lock.)
    if (exceptId === undefined) return store.articles.slugTaken(slug);
    const a = await store.articles.findBySlug(slug);
    if (a === undefined) return store.trash.slugTaken(slug);
    return a.id !== exceptId;
  };
  if (given !== undefined) {
    if (await takenByOther(given)) throw new ConflictError(english('issue.slugTakenArticle', { slug: given }), english('issue.slugTakenArticleHint'));
    return given;
  }
  const base = slugify(title) || 'bai-viet';
  return uniqueSlugAsync(/^\d+$/.test(base) ? `bai-viet-${base}` : base, takenByOther);
}

export async function toRecord(store: StoreData, row: ArticleRow, slugs?: Map<number, string>): Promise<ArticleRecord> {
  const slug = (slugs ?? (await store.sectionSlugs())).get(row.section_id) ?? String(row.section_id);
  const record = articleRecord(row, slug, (await store.site()).timezone);
  const origin = await store.origins.of(row.id);
  if (origin) record.origin = origin;
  return record;
}

/** Validates and inserts one article; returns its row. Runs inside the caller's transaction if any. */
export async function addArticle(store: StoreData, raw: unknown, opts: WriteOptions): Promise<ArticleRow> {
  const input = parseOrThrow(articleInput((await store.site()).timezone), raw);
  return store.transaction(async (tx) => {
    const sectionId = await articlesSection(tx, input.section);
    const slug = await chooseSlug(tx, input.slug, input.title);
    const images = await storeImages(tx, input.images ?? [], imageOptions(opts));
    const row = newArticleRow(input, { slug, sectionId, images, now: opts.now });
    const id = await tx.articles.insert(row, changeOf(opts));
    return { ...row, id, revision: 1 };
  });
}

/**
 * The row of a new article from its validated input: the defaults of the record (a draft;
 * published now when published without a date; updated when created). Shared with imports.
 */
export function newArticleRow(
  input: ArticleInput,
  at: { slug: string; sectionId: number; images: ImageRecord[]; now: number },
): NewArticleRow {
  const status: ArticleStatus = input.status ?? 'draft';
  const created = input.created_at ?? at.now;
  return {
    ...(input.id !== undefined ? { id: input.id } : {}),
    // An exported article keeps its number when it comes back with its id.
    ...(input.id !== undefined && input.revision !== undefined ? { revision: input.revision } : {}),
    slug: at.slug,
    title: input.title,
    summary: input.summary ?? '',
    body: input.body ?? '',
    author: input.author ?? '',
    source: input.source ?? '',
    section_id: at.sectionId,
    status,
    published_at: input.published_at ?? (status === 'published' ? at.now : null),
    created_at: created,
    updated_at: input.updated_at ?? created,
    images: JSON.stringify(at.images),
    tags: JSON.stringify(dedupe(input.tags ?? [])),
  };
}

function dedupe(tags: string[]): string[] {
  return [...new Set(tags)];
}

/** Applies the fields present in `raw` to an article; the slug changes only when given. */
export async function editArticle(store: StoreData, ref: string, raw: unknown, opts: WriteOptions): Promise<ArticleRow> {
  const patch = parseOrThrow(articlePatch((await store.site()).timezone), raw);
  return store.transaction(async (tx) => {
    const current = await requireArticle(tx, ref);
    expectRevision(current, opts);
    const next: ArticleRow = { ...current };
    if (patch.slug !== undefined && patch.slug !== current.slug) next.slug = await chooseSlug(tx, patch.slug, current.title, current.id);
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.summary !== undefined) next.summary = patch.summary;
    if (patch.body !== undefined) next.body = patch.body;
    if (patch.author !== undefined) next.author = patch.author;
    if (patch.source !== undefined) next.source = patch.source;
    if (patch.section !== undefined) next.section_id = await articlesSection(tx, patch.section);
    if (patch.published_at !== undefined) next.published_at = patch.published_at;
    if (patch.status !== undefined) next.status = patch.status;
    if (next.status === 'published' && next.published_at === null) next.published_at = opts.now;
    if (patch.images !== undefined) next.images = JSON.stringify(await storeImages(tx, patch.images, imageOptions(opts)));
    if (patch.tags !== undefined) next.tags = JSON.stringify(dedupe(patch.tags));
    next.updated_at = opts.now;
    next.revision = await tx.articles.update(next, changeOf(opts));
    return next;
  });
}

export async function publishArticle(store: StoreData, ref: string, at: number | undefined, opts: WriteOptions): Promise<ArticleRow> {
  return store.transaction(async (tx) => {
    const current = await requireArticle(tx, ref);
    expectRevision(current, opts);
    const next: ArticleRow = {
      ...current,
      status: 'published',
      published_at: at ?? current.published_at ?? opts.now,
      updated_at: opts.now,
    };
    next.revision = await tx.articles.update(next, changeOf(opts));
    return next;
  });
}

export async function unpublishArticle(store: StoreData, ref: string, opts: WriteOptions): Promise<ArticleRow> {
  return store.transaction(async (tx) => {
    const current = await requireArticle(tx, ref);
    expectRevision(current, opts);
    const next: ArticleRow = { ...current, status: 'draft', updated_at: opts.now };
    next.revision = await tx.articles.update(next, changeOf(opts));
    return next;
  });
}

/**
 * Moves every article named to the trash, or none when one of them does not exist: they leave
 * lists, search, counts and the site; their slug, id and history stay for `trash restore`.
 */
export async function removeArticles(store: StoreData, refs: string[], opts: WriteOptions = { now: Date.now() }): Promise<ArticleRow[]> {
  return store.transaction(async (tx) => {
    const rows = await uniqueArticles(tx, refs);
    for (const row of rows) {
      expectRevision(row, opts);
      const origin = await tx.origins.of(row.id);
      await tx.trash.insert({
        id: row.id,
        slug: row.slug,
        section_id: row.section_id,
        title: row.title,
        deleted_at: opts.now,
        deleted_by: opts.by ?? '',
        row: JSON.stringify(row),
        origin: origin ? originText(origin) : null,
      });
      await tx.articles.delete(row.id);
    }
    return rows;
  });
}

/** Each article named, once, in the order first named; NotFound for the first that is not there. */
export async function uniqueArticles(store: StoreData, refs: string[]): Promise<ArticleRow[]> {
  const rows: ArticleRow[] = [];
  for (const r of refs) {
    const row = await requireArticle(store, r);
    if (!rows.some((x) => x.id === row.id)) rows.push(row);
  }
  return rows;
}

export { isValidSlug };
