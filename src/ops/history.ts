// An article's history: its revisions, the state at any of them, and making an old state
// current again (as a new revision, so that nothing is lost by a restore either).
import { ConflictError, NotFoundError } from '../core/errors.js';
import { english } from '../i18n/issues.js';
import { stateOf, walkBack, type RevisionInfo } from '../store/history.js';
import type { ArticleRow } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { changeOf, chooseSlug, expectRevision, type WriteOptions } from './articles.js';
import { trashedRow } from './trash.js';

/** An article by id or slug, or (by id) one in the trash: its history outlives its removal. */
export async function articleOrTrashed(store: StoreData, ref: string): Promise<{ row: ArticleRow; trashed: boolean }> {
  const live = await store.articles.find(ref);
  if (live) return { row: live, trashed: false };
  const entry = /^\d+$/.test(ref) && Number.isSafeInteger(Number(ref)) ? await store.trash.get(Number(ref)) : undefined;
  if (entry) return { row: trashedRow(entry), trashed: true };
  throw new NotFoundError(english('issue.noArticle', { ref }), english('issue.noArticleHint'));
}

export async function historyOf(store: StoreData, ref: string): Promise<{ row: ArticleRow; trashed: boolean; revisions: RevisionInfo[] }> {
  const found = await articleOrTrashed(store, ref);
  return { ...found, revisions: await store.history.list(found.row.id) };
}

/** The article as it was at revision `n` (its id; `revision` is n). */
export async function rowAtRevision(store: StoreData, current: ArticleRow, n: number): Promise<ArticleRow> {
  if (n === current.revision) return current;
  const chain = await store.history.chain(current.id, n);
  const oldest = chain[chain.length - 1];
  if (n > current.revision || n < 1 || oldest === undefined || oldest.number !== n) {
    const kept = chain.length ? `${oldest!.number}–${current.revision}` : `${current.revision}`;
    throw new NotFoundError(english('issue.noRevision', { id: current.id, n }), english('issue.noRevisionHint', { kept, id: current.id }));
  }
  const text = walkBack(current, chain).get(n)!;
  return { id: current.id, ...stateOf(text), revision: n };
}

/** Makes the state of revision `n` current again, as a new revision; returns the row saved. */
export async function restoreRevision(store: StoreData, ref: string, n: number, opts: WriteOptions): Promise<ArticleRow> {
  return store.transaction(async (tx) => {
    const current = await tx.articles.find(ref);
    if (!current) {
      const trashed = /^\d+$/.test(ref) ? await tx.trash.get(Number(ref)) : undefined;
      if (trashed) throw new ConflictError(english('issue.inTrash', { id: trashed.id }), english('issue.inTrashHint', { id: trashed.id }));
      throw new NotFoundError(english('issue.noArticle', { ref }), english('issue.noArticleHint'));
    }
    expectRevision(current, opts);
    const old = await rowAtRevision(tx, current, n);
    const section = await tx.sections.find(old.section_id);
    const next: ArticleRow = { ...old, id: current.id, revision: current.revision, updated_at: opts.now };
    // A section since removed: the article stays where it is now.
    if (!section || section.kind !== 'articles') next.section_id = current.section_id;
    // Its old slug taken since by another article: it keeps the one it has.
    if (old.slug !== current.slug) {
      next.slug = await chooseSlug(tx, old.slug, old.title, current.id).catch((err: unknown) => {
        if (err instanceof ConflictError) return current.slug;
        throw err;
      });
    }
    next.revision = await tx.articles.update(next, changeOf({ ...opts, message: opts.message ?? `restored revision ${n}` }));
    return next;
  });
}
