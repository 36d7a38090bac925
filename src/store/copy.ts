// A whole portal from one store into another, over the store interface alone, so it works
// between any two backends (newsdesk copy; backup of a PostgreSQL portal into an SQLite file).
// The source is read from one snapshot; the target is written in one import session, so it
// holds the whole portal or, if anything fails, nothing of it. Ids, positions and dates are
// kept as they are: `export json` of both sides is the same but for exported_at.
import { ConflictError } from '../core/errors.js';
import type { Store } from './store.js';
import { english } from '../i18n/issues.js';

/** True when the target holds no section, link, article or media (settings may be there: init). */
export async function isEmptyPortal(store: Store): Promise<boolean> {
  if ((await store.sections.tree()).length > 0) return false;
  if ((await store.articles.count({})) > 0) return false;
  if ((await store.links.all()).length > 0) return false;
  for await (const batch of store.media.batches(1)) if (batch.length > 0) return false;
  for await (const batch of store.trash.batches(1)) if (batch.length > 0) return false;
  return true;
}

export interface CopyCounts {
  sections: number;
  links: number;
  articles: number;
  media: number;
  revisions: number;
  trashed: number;
}

export async function copyPortal(source: Store, target: Store, onProgress?: (fraction: number) => void): Promise<CopyCounts> {
  if (!(await isEmptyPortal(target))) {
    throw new ConflictError(english('issue.holdsPortal', { location: target.location }), english('issue.holdsPortalHint'));
  }
  return source.snapshot(async (from) => {
    const counts: CopyCounts = { sections: 0, links: 0, articles: 0, media: 0, revisions: 0, trashed: 0 };
    const total = Math.max(1, await from.articles.count({}));
    const session = await target.importSession({ dryRun: false, wholePortal: true });
    try {
      if (await from.settings.isInitialised()) await session.settings.set(await from.settings.get());
      for (const s of await from.sections.tree()) {
        await session.sections.insertWithId(s.id, { slug: s.slug, title: s.title, kind: s.kind, parent_id: s.parent_id, description: s.description });
        counts.sections++;
      }
      for (const l of await from.links.all()) {
        await session.links.insertWithId(l.id, l.section_id, l.title, l.url);
        counts.links++;
      }
      for await (const batch of from.media.batches()) {
        for (const m of batch) await session.media.put(m.data, m.mime, m.created_at);
        counts.media += batch.length;
      }
      for await (const batch of from.articles.batches({})) {
        for (const a of batch) {
          // Its revision number and history as they are: the history follows below.
          await session.articles.putBack(a);
          // Where an imported article came from goes with it: a re-import stays idempotent.
          const origin = await from.origins.of(a.id);
          if (origin) await session.origins.set(a.id, origin);
        }
        counts.articles += batch.length;
        onProgress?.(Math.min(0.99, counts.articles / total));
      }
      for await (const batch of from.trash.batches()) {
        for (const t of batch) await session.trash.insert(t);
        counts.trashed += batch.length;
      }
      for await (const batch of from.history.batches()) {
        await session.history.insertRaw(batch);
        counts.revisions += batch.length;
      }
      await session.commit();
      onProgress?.(1);
      return counts;
    } finally {
      await session.end();
    }
  });
}
