// The trash: what `article remove` took out, kept whole (row, revision, origin, history) until
// it is restored or removed for good.
import { ConflictError, NotFoundError } from '../core/errors.js';
import { english } from '../i18n/issues.js';
import type { TrashEntry, TrashRow } from '../store/history.js';
import type { ArticleRow } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { changeOf, expectRevision, type WriteOptions } from './articles.js';

export async function requireTrashed(store: StoreData, ref: string): Promise<TrashRow> {
  const id = /^\d+$/.test(ref) ? Number(ref) : NaN;
  const entry = Number.isSafeInteger(id) ? await store.trash.get(id) : undefined;
  if (!entry) {
    const live = await store.articles.find(ref);
    if (live) throw new NotFoundError(english('issue.notInTrash', { id: live.id }), english('issue.notInTrashHint', { id: live.id }));
    throw new NotFoundError(english('issue.noTrashed', { ref }), english('issue.noTrashedHint'));
  }
  return entry;
}

export function trashedRow(entry: TrashRow): ArticleRow {
  return JSON.parse(entry.row) as ArticleRow;
}

/** Puts trashed articles back whole, or none of them when one cannot come back. */
export async function restoreFromTrash(store: StoreData, refs: string[], opts: WriteOptions): Promise<ArticleRow[]> {
  return store.transaction(async (tx) => {
    const out: ArticleRow[] = [];
    for (const ref of refs) {
      const entry = await requireTrashed(tx, ref);
      if (out.some((r) => r.id === entry.id)) continue;
      const row = trashedRow(entry);
      expectRevision(row, opts);
      const section = await tx.sections.find(entry.section_id);
      if (!section || section.kind !== 'articles') {
        throw new ConflictError(english('issue.restoreSectionGone', { id: row.id, section: entry.section_id }), english('issue.restoreSectionGoneHint'));
      }
      if (await tx.articles.findBySlug(row.slug)) throw new ConflictError(english('issue.restoreSlugTaken', { id: row.id, slug: row.slug }));
      await tx.trash.drop(entry.id);
      if (entry.section_id === row.section_id) await tx.articles.putBack(row);
      else {
        // Its section was removed while it lay in the trash: filed where that section's
        // articles went, and the move is a revision of its own.
        const moved: ArticleRow = { ...row, section_id: entry.section_id, updated_at: opts.now };
        moved.revision = await tx.articles.putBack(moved, changeOf({ ...opts, message: opts.message ?? `restored from the trash into section "${section.slug}"` }), row);
        row.section_id = moved.section_id;
        row.updated_at = moved.updated_at;
        row.revision = moved.revision;
      }
      if (entry.origin) await tx.origins.set(row.id, JSON.parse(entry.origin) as { site: string; id: string });
      out.push(row);
    }
    return out;
  });
}

/**
 * Removes for good, history and all: live articles named, or (by id) entries of the trash.
 * None is removed when one of them is not found.
 */
export async function purgeArticles(store: StoreData, refs: string[], opts: WriteOptions): Promise<Array<{ id: number; slug: string; title: string }>> {
  return store.transaction(async (tx) => {
    const live: ArticleRow[] = [];
    const trashed: TrashRow[] = [];
    for (const ref of refs) {
      const row = await tx.articles.find(ref);
      if (row) {
        if (!live.some((r) => r.id === row.id)) live.push(row);
        continue;
      }
      const entry = /^\d+$/.test(ref) ? await tx.trash.get(Number(ref)) : undefined;
      if (!entry) throw new NotFoundError(english('issue.noArticle', { ref }), english('issue.noArticleOrTrashedHint'));
      if (!trashed.some((t) => t.id === entry.id)) trashed.push(entry);
    }
    for (const row of live) {
      expectRevision(row, opts);
      await tx.articles.delete(row.id);
      await tx.history.drop(row.id);
    }
    for (const entry of trashed) {
      expectRevision(trashedRow(entry), opts);
      await tx.trash.drop(entry.id);
      await tx.history.drop(entry.id);
    }
    return [...live, ...trashed].map((r) => ({ id: r.id, slug: r.slug, title: r.title }));
  });
}

/** Removes for good what the trash holds (only what went in before `before`, when given). */
export async function emptyTrash(store: StoreData, before?: number): Promise<TrashEntry[]> {
  return store.transaction(async (tx) => {
    const gone = (await tx.trash.list()).filter((e) => before === undefined || e.deleted_at < before);
    for (const e of gone) {
      await tx.trash.drop(e.id);
      await tx.history.drop(e.id);
    }
    return gone;
  });
}
