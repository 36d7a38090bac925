// A re-export reads in full only the articles whose version changed since the manifest's
// export (by newsdesk or by another program writing the database), and still makes the very
// site a fresh export makes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportHtml, type ExportHtmlOptions } from '../../../src/exporters/html/export.js';
import { MANIFEST_NAME } from '../../../src/exporters/html/routes.js';
import { addArticle, editArticle, publishArticle, removeArticles, unpublishArticle } from '../../../src/ops/articles.js';
import { editSection } from '../../../src/ops/sections.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import type { SnapshotReader, Store } from '../../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { buildSmallPortal } from './fixture.js';
import { listFiles } from './site.js';

interface Reads {
  /** Passes over every published article with its body. */
  full: number;
  /** Articles read in full one by one. */
  byId: number[];
}

/** The store, with the export's full reads of articles counted. */
function counting(store: Store): { store: Store; reads: Reads } {
  const reads: Reads = { full: 0, byId: [] };
  const pass = <T extends object>(target: T, p: string | symbol): unknown => {
    const v = Reflect.get(target, p, target) as unknown;
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  };
  const readerOf = (reader: SnapshotReader): SnapshotReader =>
    new Proxy(reader, {
      get(t, p) {
        if (p === 'published') return () => (reads.full++, t.published());
        if (p === 'publishedOf') return (ids: readonly number[]) => (reads.byId.push(...ids), t.publishedOf(ids));
        return pass(t, p);
      },
    });
  const wrapped = new Proxy(store, {
    get(t, p) {
      if (p === 'snapshot') return <T>(fn: (reader: SnapshotReader) => Promise<T>) => t.snapshot((reader) => fn(readerOf(reader)));
      return pass(t, p);
    },
  });
  return { store: wrapped, reads };
}

async function setup(): Promise<{ store: SqliteStore; dir: string; run: (opts?: Partial<ExportHtmlOptions>) => Promise<Reads> }> {
  const store = await freshStore();
  await buildSmallPortal(store);
  const dir = join(tempDir(), 'site');
  return {
    store,
    dir,
    run: async (opts = {}) => {
      const c = counting(store);
      await exportHtml(c.store, { outDir: dir, force: false, clean: false, now: FIXED_NOW, ...opts });
      return { full: c.reads.full, byId: c.reads.byId.sort((a, b) => a - b) };
    },
  };
}

/** The re-exported folder holds what a fresh export makes, file for file (the manifest aside). */
async function expectFresh(store: Store, dir: string, opts: Partial<ExportHtmlOptions> = {}): Promise<void> {
  const fresh = join(tempDir(), 'fresh');
  await exportHtml(store, { outDir: fresh, force: false, clean: false, now: FIXED_NOW, ...opts });
  expect(listFiles(dir)).toEqual(listFiles(fresh));
  for (const f of listFiles(fresh)) {
    if (f === MANIFEST_NAME) continue;
    expect(readFileSync(join(dir, f)).equals(readFileSync(join(fresh, f))), f).toBe(true);
  }
}

async function idOf(store: Store, slug: string): Promise<number> {
  return (await store.articles.findBySlug(slug))!.id;
}

describe('a re-export reads only the articles that changed', () => {
  it('reads nothing again when nothing changed, and one article after an edit', async () => {
    const { store, dir, run } = await setup();
    expect(await run()).toEqual({ full: 1, byId: [] });
    expect(await run()).toEqual({ full: 0, byId: [] });
    await editArticle(store, 'kinh-te-bai-2', { body: 'Nội dung mới của bài 2.' }, { now: FIXED_NOW + 60_000 });
    expect(await run()).toEqual({ full: 0, byId: [await idOf(store, 'kinh-te-bai-2')] });
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Nội dung mới của bài 2.');
    await expectFresh(store, dir);
  });

  it('makes the site a fresh export makes after adds, removals, publishing, a section renamed, an article coming due', async () => {
    const { store, dir, run } = await setup();
    await run();
    const added = await addArticle(store, { title: 'Tin mới về kinh tế', section: 'kinh-te', status: 'published', published_at: '2020-10-20T08:00:00+07:00', body: 'Bài mới.' }, { now: FIXED_NOW });
    expect(await run()).toEqual({ full: 0, byId: [added.id] });
    await expectFresh(store, dir);

    await removeArticles(store, ['huyen-uy-tin-3'], { now: FIXED_NOW });
    expect(await run()).toEqual({ full: 0, byId: [] });
    await expectFresh(store, dir);

    await unpublishArticle(store, 'kinh-te-bai-1', { now: FIXED_NOW + 1 });
    expect(await run()).toEqual({ full: 0, byId: [] });
    await expectFresh(store, dir);
    await publishArticle(store, 'kinh-te-bai-1', undefined, { now: FIXED_NOW + 2 });
    expect((await run()).byId).toEqual([await idOf(store, 'kinh-te-bai-1')]);
    await expectFresh(store, dir);

    // A section's title shows on its articles' pages: no article changed, every page that shows it did.
    await editSection(store, 'kinh-te', { title: 'Kinh tế - Xã hội' });
    expect(await run()).toEqual({ full: 0, byId: [] });
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Kinh tế - Xã hội');
    await expectFresh(store, dir);

    // Scheduled: left out at the export's clock, read once its time has come.
    const later = await addArticle(store, { title: 'Tin hẹn giờ', section: 'kinh-te', status: 'published', published_at: new Date(FIXED_NOW + 3_600_000).toISOString(), body: 'Đến giờ.' }, { now: FIXED_NOW });
    expect(await run()).toEqual({ full: 0, byId: [] });
    await expectFresh(store, dir);
    expect(await run({ now: FIXED_NOW + 7_200_000 })).toEqual({ full: 0, byId: [later.id] });
    await expectFresh(store, dir, { now: FIXED_NOW + 7_200_000 });
  });

  it('catches a change made by another program writing the database, even one that keeps the revision and dates', async () => {
    const { store, dir, run } = await setup();
    await run();
    const db = store.handle.db;
    const id = await idOf(store, 'kinh-te-bai-2');
    db.prepare("UPDATE articles SET title = 'Sửa ngoài newsdesk' WHERE id = ?").run(id);
    expect(await run()).toEqual({ full: 0, byId: [id] });
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Sửa ngoài newsdesk');
    await expectFresh(store, dir);

    // Removed and put back under the same id, revision and dates, with another body.
    const row = db.prepare('SELECT * FROM articles WHERE id = ?').get(id) as Record<string, unknown>;
    db.prepare('DELETE FROM articles WHERE id = ?').run(id);
    const cols = Object.keys(row).filter((c) => c !== 'list_at');
    db.prepare(`INSERT INTO articles (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run({ ...Object.fromEntries(cols.map((c) => [c, row[c]])), body: 'Thân bài thay bằng tay.' });
    expect(await run()).toEqual({ full: 0, byId: [id] });
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Thân bài thay bằng tay.');
    await expectFresh(store, dir);
  });

  it('reads everything again with clean, or from a doctored record; another portal into the same folder makes its own site', async () => {
    const { dir, run } = await setup();
    await run();
    expect((await run({ clean: true })).full).toBe(1);

    // A copy of the portal, changed since on its own, exported into the same folder.
    const other = await freshStore();
    await buildSmallPortal(other);
    await editArticle(other, 'kinh-te-bai-2', { body: 'Cổng khác.' }, { now: FIXED_NOW + 1 });
    const c = counting(other);
    await exportHtml(c.store, { outDir: dir, force: false, clean: false, now: FIXED_NOW });
    expect(c.reads).toEqual({ full: 0, byId: [await idOf(other, 'kinh-te-bai-2')] });
    await expectFresh(other, dir);

    // A record naming a path where a media hash belongs is not trusted at all.
    const manifestPath = join(dir, MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { articles: Record<string, string[]> };
    const first = Object.keys(manifest.articles)[0]!;
    manifest.articles[first]!.push('../../outside');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const d = counting(other);
    await exportHtml(d.store, { outDir: dir, force: false, clean: false, now: FIXED_NOW });
    expect(d.reads.full).toBe(1);
    await expectFresh(other, dir);
  });
});
