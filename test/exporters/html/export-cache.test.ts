// The re-export with nothing to do (export-cache.ts): known from the cache the last export
// left and the articles' heads, without reading the manifest or planning a page — and never trusted when the cache
// is stale, gone, or another folder's, when a file was deleted by hand, or when a program
// other than newsdesk wrote the database.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportHtml, type ExportHtmlOptions, type ExportHtmlResult } from '../../../src/exporters/html/export.js';
import { exportCachePath, readExportCache } from '../../../src/exporters/html/export-cache.js';
import { MANIFEST_NAME } from '../../../src/exporters/html/routes.js';
import { addArticle, editArticle } from '../../../src/ops/articles.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import type { Store } from '../../../src/store/store.js';
import { SiteWriter } from '../../../src/exporters/html/write.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { buildSmallPortal } from './fixture.js';
import { listFiles } from './site.js';

// The manifest's patch watched as it runs (the real function, called through).
const patchCalls = vi.hoisted(() => ({ results: [] as Array<string | undefined> }));
vi.mock('../../../src/exporters/html/manifest-patch.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/exporters/html/manifest-patch.js')>();
  return {
    ...real,
    patchedManifest: (...args: Parameters<typeof real.patchedManifest>) => {
      const result = real.patchedManifest(...args);
      patchCalls.results.push(result);
      return result;
    },
  };
});

/** Exports that took the full path (opened the folder's manifest), counted from `since`. */
const opened = vi.spyOn(SiteWriter, 'open');
function fullPaths(since: number): number {
  return opened.mock.calls.length - since;
}

async function setup(): Promise<{ store: SqliteStore; dir: string; run: (opts?: Partial<ExportHtmlOptions>) => Promise<{ result: ExportHtmlResult; passes: number }> }> {
  const store = await freshStore();
  await buildSmallPortal(store);
  const dir = join(tempDir(), 'site');
  return {
    store,
    dir,
    run: async (opts = {}) => {
      const since = opened.mock.calls.length;
      const result = await exportHtml(store, { outDir: dir, force: false, clean: false, now: FIXED_NOW, ...opts });
      return { result, passes: fullPaths(since) };
    },
  };
}

/** The folder holds what a first export of the store writes into an empty one, byte for byte. */
async function expectFresh(store: Store, dir: string, now = FIXED_NOW): Promise<void> {
  const fresh = join(tempDir(), 'fresh');
  await exportHtml(store, { outDir: fresh, force: false, clean: false, now });
  expect(listFiles(dir)).toEqual(listFiles(fresh));
  for (const f of listFiles(fresh)) {
    if (f === MANIFEST_NAME) continue;
    expect(readFileSync(join(dir, f)).equals(readFileSync(join(fresh, f))), f).toBe(true);
  }
}

/** A result without its timings. */
function counts(r: ExportHtmlResult): Omit<ExportHtmlResult, 'ms' | 'images'> & { images: Omit<ExportHtmlResult['images'], 'ms'> } {
  const { ms: _ms, images, ...rest } = r;
  const { ms: _ims, ...imageCounts } = images;
  return { ...rest, images: imageCounts };
}

describe('a re-export with nothing to do', () => {
  it('reads no article and reports what the full path reports', async () => {
    const { dir, run } = await setup();
    expect((await run()).passes).toBe(1);
    const second = await run();
    expect(second.passes).toBe(0);
    expect(second.result.written).toBe(0);
    // The same answer as the full path gives (the cache removed, so that it is taken).
    unlinkSync(exportCachePath(dir));
    const full = await run();
    expect(full.passes).toBe(1);
    expect(counts(second.result)).toEqual(counts(full.result));
    expect(existsSync(exportCachePath(dir))).toBe(true);
  });

  it('writes again a page deleted by hand', async () => {
    const { store, dir, run } = await setup();
    await run();
    rmSync(join(dir, 'bai-viet/kinh-te-bai-2.html'));
    const r = await run();
    expect(r.passes).toBe(1);
    expect(r.result.written).toBe(1);
    await expectFresh(store, dir);
    // A pager's page, alone in its folder, and a page replaced by a folder.
    rmSync(join(dir, 'page/2/index.html'));
    expect((await run()).result.written).toBe(1);
    rmSync(join(dir, 'feed.xml'));
    mkdirSync(join(dir, 'feed.xml'));
    await expect(run()).rejects.toThrow(/feed\.xml/);
  });

  it('is not taken after an edit, a setting changed, or a scheduled article come due', async () => {
    const { store, dir, run } = await setup();
    await run();
    await editArticle(store, 'kinh-te-bai-2', { title: 'Kinh tế: bài hai' }, { now: FIXED_NOW + 60_000 });
    const edited = await run();
    expect(edited.passes).toBe(1);
    expect(edited.result.written).toBeGreaterThan(0);
    await expectFresh(store, dir);
    expect((await run()).passes).toBe(0);

    await store.transaction(async (tx) => tx.settings.set({ ...(await tx.site()), title: 'Cổng mới' }));
    expect((await run()).passes).toBe(1);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('Cổng mới');
    await expectFresh(store, dir);

    const due = FIXED_NOW + 3_600_000;
    await addArticle(store, { title: 'Tin hẹn giờ', section: 'kinh-te', status: 'published', published_at: new Date(due).toISOString(), body: 'Đến giờ.' }, { now: FIXED_NOW });
    // Not yet due: nothing to do.
    const before = await run();
    expect(before.passes).toBe(0);
    expect(before.result.scheduled.count).toBe(1);
    const after = await run({ now: due + 1 });
    expect(after.passes).toBe(1);
    expect(after.result.scheduled.count).toBe(0);
    await expectFresh(store, dir, due + 1);
    // Options are part of what the pages are made from.
    expect((await run({ now: due + 1, perPage: 2 })).passes).toBe(1);
  });

  it('leaves after an edit the key a full path over the same portal leaves (made once, from the heads read for the check)', async () => {
    const { store, dir, run } = await setup();
    await run();
    await editArticle(store, 'kinh-te-bai-2', { title: 'Kinh tế: bài hai, sửa' }, { now: FIXED_NOW + 60_000 });
    expect((await run()).passes).toBe(1);
    const fromHeads = readExportCache(dir)!.key;
    // No cache: no heads are read before the full path, which makes the key from what it read.
    unlinkSync(exportCachePath(dir));
    expect((await run()).passes).toBe(1);
    expect(readExportCache(dir)!.key).toBe(fromHeads);
    // And an article with images, edited outside newsdesk, changes it.
    const before = readExportCache(dir)!.key;
    store.handle.db.prepare("UPDATE articles SET images = ? WHERE slug = 'kinh-te-bai-2'").run(JSON.stringify([{ src: 'https://example.com/a.jpg', alt: 'ảnh', caption: '' }]));
    expect((await run()).passes).toBe(1);
    expect(readExportCache(dir)!.key).not.toBe(before);
    await expectFresh(store, dir);
  });

  it('after an edit, saves the manifest a whole serialisation would write (patched from the last one)', async () => {
    const { store, dir, run } = await setup();
    // A second folder exported alike, its cache removed before each export: its manifest is serialised whole.
    const whole = join(tempDir(), 'whole');
    const runWhole = async (): Promise<void> => {
      if (existsSync(exportCachePath(whole))) unlinkSync(exportCachePath(whole));
      await exportHtml(store, { outDir: whole, force: false, clean: false, now: FIXED_NOW });
    };
    await run();
    await runWhole();
    for (const [i, title] of ['Kinh tế: bài hai, sửa', 'Kinh tế: bài hai, sửa lần nữa', 'Kinh tế: bài hai'].entries()) {
      const before = readFileSync(join(dir, MANIFEST_NAME), 'utf8');
      await editArticle(store, 'kinh-te-bai-2', { title }, { now: FIXED_NOW + 60_000 * (i + 1) });
      patchCalls.results.length = 0;
      expect((await run()).result.written).toBeGreaterThan(0);
      // The manifest was patched, not written whole (else this test compares two whole writes).
      expect(patchCalls.results.length).toBe(1);
      expect(typeof patchCalls.results[0]).toBe('string');
      patchCalls.results.length = 0;
      await runWhole();
      expect(patchCalls.results).toEqual([]);
      const text = readFileSync(join(dir, MANIFEST_NAME), 'utf8');
      expect(text).not.toBe(before);
      expect(text).toBe(readFileSync(join(whole, MANIFEST_NAME), 'utf8'));
      await expectFresh(store, dir);
    }
  });

  it('never patches a manifest edited by hand, even once a re-export kept it', async () => {
    const { store, dir, run } = await setup();
    await run();
    // A hand edit JSON.parse reads alike but this code would not write: the article page's entry
    // repeated at the end of the files (the last one counts), with spaces.
    const path = join(dir, MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, { h?: string; k?: string }> };
    const page = Object.keys(manifest.files).find((f) => f.includes('kinh-te-bai-2'))!;
    const entry = manifest.files[page]!;
    expect(page).toMatch(/kinh-te-bai-2.*\.html$/);
    const text = readFileSync(path, 'utf8');
    const filesEnd = text.indexOf('},"articles":');
    expect(filesEnd).toBeGreaterThan(0);
    writeFileSync(path, `${text.slice(0, filesEnd)}, ${JSON.stringify(page)}: ${JSON.stringify(entry)}${text.slice(filesEnd)}`);
    // Nothing changed: the hand-edited text is kept as it is.
    expect((await run()).result.written).toBe(0);
    expect(readExportCache(dir)!.ours).toBe(false);
    // An edit, then the edit taken back: the page is written twice, never kept stale.
    for (const [i, title] of ['Kinh tế: bài hai, sửa', 'Kinh tế: bài 2'].entries()) {
      await editArticle(store, 'kinh-te-bai-2', { title }, { now: FIXED_NOW + 60_000 * (i + 1) });
      patchCalls.results.length = 0;
      expect((await run()).result.written).toBeGreaterThan(0);
      expect(patchCalls.results).toEqual(i === 0 ? [] : [expect.any(String)]);
      expect(readExportCache(dir)!.ours).toBe(true);
      await expectFresh(store, dir);
    }
  });

  it('catches an edit made by another program writing the database', async () => {
    const { store, dir, run } = await setup();
    await run();
    const id = (await store.articles.findBySlug('kinh-te-bai-2'))!.id;
    store.handle.db.prepare("UPDATE articles SET title = 'Sửa ngoài newsdesk' WHERE id = ?").run(id);
    expect((await run()).passes).toBe(1);
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Sửa ngoài newsdesk');
    await expectFresh(store, dir);
    // A section renamed by hand, too.
    store.handle.db.prepare("UPDATE sections SET title = 'Kinh tế (sửa tay)' WHERE slug = 'kinh-te'").run();
    expect((await run()).passes).toBe(1);
    await expectFresh(store, dir);
  });

  it('catches a row put back by another program with its version kept and other fields', async () => {
    const { store, dir, run } = await setup();
    await run();
    const db = store.handle.db;
    const id = (await store.articles.findBySlug('kinh-te-bai-2'))!.id;
    const versionOf = async (): Promise<string | undefined> =>
      store.snapshot(async (r) => {
        for await (const batch of r.publishedHeads()) for (const h of batch) if (h.id === id) return h.version;
        return undefined;
      });
    const before = await versionOf();
    // REPLACE removes the row without its delete triggers (recursive_triggers is off): the
    // schema counts no write, and the row comes back with its revision and dates as they were.
    const row = db.prepare('SELECT * FROM articles WHERE id = ?').get(id) as Record<string, unknown>;
    const other = db.prepare("SELECT id FROM sections WHERE slug = 'van-hoa'").pluck().get() as number;
    const put: Record<string, unknown> = { ...row, title: 'Đặt lại ngoài newsdesk', section_id: other };
    // Stored columns only (generated ones are made by the row).
    const stored = new Set((db.prepare('PRAGMA table_xinfo(articles)').all() as { name: string; hidden: number }[]).filter((c) => c.hidden === 0).map((c) => c.name));
    const cols = Object.keys(put).filter((c) => stored.has(c));
    db.prepare(`INSERT OR REPLACE INTO articles (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(Object.fromEntries(cols.map((c) => [c, put[c]])));
    expect(await versionOf()).toBe(before);
    expect((await run()).passes).toBe(1);
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Đặt lại ngoài newsdesk');
    // The full path itself trusts the version for what it made of an article last time (the
    // lists' teasers among it): such a write is made whole by --clean.
    expect((await run({ clean: true })).passes).toBe(1);
    await expectFresh(store, dir);
  });

  it('is not taken with force or clean', async () => {
    const { run } = await setup();
    await run();
    expect((await run({ force: true })).passes).toBe(1);
    expect((await run({ clean: true })).passes).toBe(1);
  });
});

describe('the cache, when it cannot be trusted', () => {
  it('a stale cache (the folder changed since) is not used, though its key is right', async () => {
    const { store, dir, run } = await setup();
    await run();
    const stale = readFileSync(exportCachePath(dir));
    // Another export into the folder (other options: other pages), then the first's cache put back.
    await run({ perPage: 2 });
    writeFileSync(exportCachePath(dir), stale);
    const r = await run();
    expect(r.passes).toBe(1);
    expect(r.result.written).toBeGreaterThan(0);
    await expectFresh(store, dir);
  });

  it('a deleted or damaged cache means the full path', async () => {
    const { store, dir, run } = await setup();
    await run();
    unlinkSync(exportCachePath(dir));
    expect((await run()).passes).toBe(1);
    expect((await run()).passes).toBe(0);
    writeFileSync(exportCachePath(dir), readFileSync(exportCachePath(dir), 'utf8').replace('bai-viet/', '../bai-viet/'));
    expect(readExportCache(dir)?.paths()).toBeUndefined();
    expect((await run()).passes).toBe(1);
    writeFileSync(exportCachePath(dir), 'not a cache\n');
    expect((await run()).passes).toBe(1);
    await expectFresh(store, dir);
  });

  it('a cache cut short or with a line removed is not trusted to list every file', async () => {
    const { store, dir, run } = await setup();
    await run();
    const text = readFileSync(exportCachePath(dir), 'utf8');
    const lines = text.split('\n');
    const last = lines[lines.length - 2]!;
    // Cut at a line's end, the last file listed gone from the list and from the folder.
    writeFileSync(exportCachePath(dir), `${lines.slice(0, -2).join('\n')}\n`);
    rmSync(join(dir, last));
    expect(readExportCache(dir)).toBeUndefined();
    const r = await run();
    expect(r.passes).toBe(1);
    expect(existsSync(join(dir, last))).toBe(true);
    await expectFresh(store, dir);
  });

  it('a cache folder that cannot be written leaves no cache, and every export still succeeds', async () => {
    const { store, dir, run } = await setup();
    const was = process.env.NEWSDESK_CACHE_DIR;
    const notAFolder = join(tempDir(), 'a-file');
    writeFileSync(notAFolder, 'x');
    process.env.NEWSDESK_CACHE_DIR = notAFolder;
    try {
      expect((await run()).result.written).toBeGreaterThan(0);
      const again = await run();
      expect(again.passes).toBe(1);
      expect(again.result.written).toBe(0);
      expect(readFileSync(notAFolder, 'utf8')).toBe('x');
    } finally {
      process.env.NEWSDESK_CACHE_DIR = was;
    }
    await expectFresh(store, dir);
  });

  it('an empty NEWSDESK_CACHE_DIR is unset, not the current folder', () => {
    const was = process.env.NEWSDESK_CACHE_DIR;
    process.env.NEWSDESK_CACHE_DIR = '';
    try {
      expect(isAbsolute(exportCachePath('site'))).toBe(true);
    } finally {
      process.env.NEWSDESK_CACHE_DIR = was;
    }
  });

  it("another folder's cache is not used, nor one made from another portal", async () => {
    const { store, dir, run } = await setup();
    await run();
    // The same site exported into a second folder, whose cache is then replaced by the first's.
    const other = join(tempDir(), 'other');
    await exportHtml(store, { outDir: other, force: false, clean: false, now: FIXED_NOW });
    copyFileSync(exportCachePath(dir), exportCachePath(other));
    expect(readExportCache(other)).toBeUndefined();
    rmSync(join(other, 'index.html'));
    await exportHtml(store, { outDir: other, force: false, clean: false, now: FIXED_NOW });
    expect(existsSync(join(other, 'index.html'))).toBe(true);

    // A copy of the portal, changed since on its own, exported into the first folder.
    const copy = await freshStore();
    await buildSmallPortal(copy);
    await editArticle(copy, 'kinh-te-bai-2', { body: 'Cổng khác.' }, { now: FIXED_NOW + 1 });
    const since = opened.mock.calls.length;
    await exportHtml(copy, { outDir: dir, force: false, clean: false, now: FIXED_NOW });
    expect(fullPaths(since)).toBe(1);
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Cổng khác.');
    await expectFresh(copy, dir);
  });

  it('a manifest edited by hand means the full path', async () => {
    const { dir, run } = await setup();
    await run();
    const path = join(dir, MANIFEST_NAME);
    const m = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, { h?: string; k?: string }> };
    delete m.files['index.html']!.k;
    writeFileSync(path, JSON.stringify(m));
    const r = await run();
    expect(r.passes).toBe(1);
    expect((await run()).passes).toBe(0);
  });
});
