// Re-exporting into the same folder: only what changed is written, what no longer belongs
// is removed, and nothing the export did not write is ever touched.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, IOError } from '../../../src/core/errors.js';
import { exportHtml, type ExportHtmlOptions } from '../../../src/exporters/html/export.js';
import { MANIFEST_NAME } from '../../../src/exporters/html/routes.js';
import { SiteWriter } from '../../../src/exporters/html/write.js';
import { editArticle, removeArticles } from '../../../src/ops/articles.js';
import type { Store } from '../../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { buildSmallPortal } from './fixture.js';
import { listFiles } from './site.js';
import { freeze, touched } from './mtimes.js';

async function setup(): Promise<{ store: Store; dir: string; run: (opts?: Partial<ExportHtmlOptions>) => ReturnType<typeof exportHtml> }> {
  const store = await freshStore();
  await buildSmallPortal(store);
  const dir = join(tempDir(), 'site');
  return { store, dir, run: (opts = {}) => exportHtml(store, { outDir: dir, force: false, clean: false, ...opts }) };
}

describe('incremental export', () => {
  it('writes nothing the second time', async () => {
    const { dir, run } = await setup();
    const first = await run();
    const before = freeze(dir);
    const second = await run();
    expect(second).toMatchObject({ written: 0, removed: 0, unchanged: first.written });
    expect(touched(dir, before)).toEqual([]);
  });

  it('rewrites only the pages that show an edited article', async () => {
    const { store, dir, run } = await setup();
    await run();
    const before = freeze(dir);
    await editArticle(store, 'kinh-te-bai-2', { title: 'Kinh tế: bài 2 (đã sửa)' }, { now: FIXED_NOW + 60_000 });
    const r = await run();
    const changed = touched(dir, before);
    // The search files it changed are checked in test/exporters/html/search.test.ts.
    expect(changed.filter((f) => !f.startsWith('tim-kiem/'))).toEqual(
      [
        'bai-viet/kinh-te-bai-2.html', // the article
        'bai-viet/kinh-te-bai-1.html', // its neighbours, whose "other articles" list it
        'bai-viet/kinh-te-bai-3.html',
        'bai-viet/kinh-te-bai-4.html',
        'bai-viet/kinh-te-bai-5.html',
        'chuyen-muc/kinh-te/page/2/index.html', // its section's list page
        'page/2/index.html', // the home page that lists it
        'feed.xml',
      ].sort(),
    );
    expect(r.written).toBe(changed.length);
    expect(readFileSync(join(dir, 'bai-viet/kinh-te-bai-2.html'), 'utf8')).toContain('Kinh tế: bài 2 (đã sửa)');
  });

  it('writes nothing when an edit changes nothing a page shows', async () => {
    const { store, dir, run } = await setup();
    await run();
    const before = freeze(dir);
    await editArticle(store, 'kinh-te-bai-2', { tags: ['mới'] }, { now: FIXED_NOW + 60_000 });
    await run();
    // Only the feed carries the article's "updated" time.
    expect(touched(dir, before)).toEqual(['feed.xml']);
  });

  it("removes a deleted article's page, and only files it wrote", async () => {
    const { store, dir, run } = await setup();
    await run();
    writeFileSync(join(dir, 'README.txt'), 'mine');
    mkdirSync(join(dir, 'bai-viet', 'extra'), { recursive: true });
    writeFileSync(join(dir, 'bai-viet', 'extra', 'notes.html'), 'mine too');
    writeFileSync(join(dir, 'bai-viet', 'hand-made.html'), 'kept');
    await removeArticles(store, ['kinh-te-bai-1']);
    const r = await run();
    expect(existsSync(join(dir, 'bai-viet/kinh-te-bai-1.html'))).toBe(false);
    expect(r.removed).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'bai-viet/extra/notes.html'), 'utf8')).toBe('mine too');
    expect(readFileSync(join(dir, 'bai-viet/hand-made.html'), 'utf8')).toBe('kept');
  });

  it('removes pages a shorter list no longer needs, and their empty folders', async () => {
    const { dir, run } = await setup();
    await run();
    expect(existsSync(join(dir, 'page/5/index.html'))).toBe(true);
    const r = await run({ perPage: 20 });
    expect(existsSync(join(dir, 'page'))).toBe(false);
    expect(r.removed).toBeGreaterThanOrEqual(4);
  });

  it('puts back a page that was deleted by hand', async () => {
    const { dir, run } = await setup();
    await run();
    rmSync(join(dir, 'bai-viet/kinh-te-bai-3.html'));
    const r = await run();
    expect(r.written).toBe(1);
    expect(existsSync(join(dir, 'bai-viet/kinh-te-bai-3.html'))).toBe(true);
  });

  it('rewrites everything with clean, keeping foreign files', async () => {
    const { dir, run } = await setup();
    const first = await run();
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const r = await run({ clean: true });
    expect(r).toMatchObject({ written: first.written, unchanged: 0, removed: 0 });
    expect(existsSync(join(dir, 'keep.txt'))).toBe(true);
  });
});

describe('the output folder', () => {
  it('refuses a non-empty folder without a manifest, and writes into it with force', async () => {
    const { dir, run } = await setup();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), 'someone else’s site');
    writeFileSync(join(dir, 'other.txt'), 'other');
    await expect(run()).rejects.toThrow(ConflictError);
    await expect(run()).rejects.toThrow(/not empty and holds no newsdesk export/);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('someone else’s site');
    const r = await run({ force: true });
    expect(r.written).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'other.txt'), 'utf8')).toBe('other');
    // From now on the folder is ours: no force needed.
    expect((await run()).written).toBe(0);
  });

  it('takes an empty folder, or a missing one, without force', async () => {
    const { dir, run } = await setup();
    mkdirSync(dir, { recursive: true });
    expect((await run()).written).toBeGreaterThan(0);
  });

  it('refuses an --out that is a file', async () => {
    const { dir, run } = await setup();
    mkdirSync(join(dir, '..'), { recursive: true });
    writeFileSync(dir, 'a file');
    await expect(run()).rejects.toThrow(IOError);
    await expect(run()).rejects.toThrow(/is a file, not a folder/);
  });

  it('refuses a manifest that is not ours unless forced', async () => {
    const { dir, run } = await setup();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, MANIFEST_NAME), '{"something": "else"}');
    await expect(run()).rejects.toThrow(/not a newsdesk manifest/);
    expect((await run({ force: true })).written).toBeGreaterThan(0);
  });

  it('never deletes outside the folder, whatever the manifest says', async () => {
    const { dir, run } = await setup();
    await run();
    const outside = join(dir, '..', 'precious.txt');
    writeFileSync(outside, 'precious');
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as { files: Record<string, unknown> };
    manifest.files['../precious.txt'] = { h: 'x' };
    manifest.files['/etc/hostname'] = { h: 'x' };
    manifest.files['a/../../precious.txt'] = { h: 'x' };
    writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify(manifest));
    await run();
    expect(readFileSync(outside, 'utf8')).toBe('precious');
  });

  it('does not delete through a folder replaced by a symbolic link', async () => {
    const { dir, run } = await setup();
    await run();
    const elsewhere = join(dir, '..', 'elsewhere-rm');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'old.html'), 'precious');
    symlinkSync(elsewhere, join(dir, 'decoy'));
    // The manifest says an earlier export wrote decoy/old.html; this one does not write it.
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as { files: Record<string, unknown> };
    manifest.files['decoy/old.html'] = { h: 'x' };
    writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify(manifest));
    await run();
    expect(readFileSync(join(elsewhere, 'old.html'), 'utf8')).toBe('precious');
  });

  it('does not write through a symbolic link planted in the folder', async () => {
    const { dir, run } = await setup();
    await run();
    const elsewhere = join(dir, '..', 'elsewhere');
    mkdirSync(elsewhere);
    rmSync(join(dir, 'bai-viet'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'bai-viet'));
    await expect(run()).rejects.toThrow(/symbolic link/);
    expect(listFiles(elsewhere)).toEqual([]);
  });
});

describe('an interrupted export', () => {
  it('leaves a manifest from which the next export makes exactly the site a fresh one makes', async () => {
    const { store, dir, run } = await setup();
    await run();
    await editArticle(store, 'kinh-te-bai-2', { title: 'Sửa lần một' }, { now: FIXED_NOW + 60_000 });
    // Stop the export at its first write, after the manifest claimed what it would write.
    const put = SiteWriter.prototype.put;
    SiteWriter.prototype.put = function (this: SiteWriter, ...args: Parameters<typeof put>) {
      const out = put.apply(this, args);
      if (out) throw new Error('killed');
      return out;
    };
    try {
      await expect(run()).rejects.toThrow('killed');
    } finally {
      SiteWriter.prototype.put = put;
    }
    // The pages that were to be rewritten are listed as not to be trusted; the others are not.
    const pending = readFileSync(join(dir, `${MANIFEST_NAME}.pending`), 'utf8');
    expect(pending).toContain('"bai-viet/kinh-te-bai-2.html"');
    expect(pending).not.toContain('"bai-viet/huyen-uy-tin-1.html"');
    // Put the title back: the next export must not keep what the interrupted one wrote.
    await editArticle(store, 'kinh-te-bai-2', { title: 'Kinh tế: bài 2' }, { now: FIXED_NOW + 120_000 });
    await run();
    const fresh = join(tempDir(), 'fresh');
    await exportHtml(store, { outDir: fresh, force: false, clean: false });
    for (const f of listFiles(fresh)) {
      if (f === MANIFEST_NAME) continue;
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(fresh, f), 'utf8'));
    }
    expect(listFiles(dir)).toEqual(listFiles(fresh));
    expect(existsSync(join(dir, `${MANIFEST_NAME}.pending`))).toBe(false);
  });
});

describe('a re-export with nothing to do', () => {
  it('leaves even the manifest alone', async () => {
    const { dir, run } = await setup();
    await run();
    const manifest = join(dir, MANIFEST_NAME);
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(manifest, past, past);
    await run();
    expect(statSync(manifest).mtimeMs).toBe(past.getTime());
    expect(existsSync(`${manifest}.pending`)).toBe(false);
  });
});
