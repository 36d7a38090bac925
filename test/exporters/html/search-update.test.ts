// A re-export updates the site search for the articles that changed (from the state it
// left beside the manifest) and writes exactly what a full export of the same portal writes:
// after each kind of change, every search file is compared byte for byte with a fresh export.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportHtml } from '../../../src/exporters/html/export.js';
import { searchStatePath } from '../../../src/exporters/html/search.js';
import { addArticle, editArticle, publishArticle, removeArticles, unpublishArticle } from '../../../src/ops/articles.js';
import { editSection } from '../../../src/ops/sections.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { ARTICLES, loadCorpus } from '../../search/corpus.js';
import { listFiles } from './site.js';
import { updateIndex } from '../../../src/search/site/incremental.js';

// Watched, to tell an update from a full build (they write the same bytes).
vi.mock('../../../src/search/site/incremental.js', async (original) => {
  const real = await original<typeof import('../../../src/search/site/incremental.js')>();
  return { ...real, updateIndex: vi.fn(real.updateIndex) };
});

/** How many updates made the search since the last call (not a full build). */
async function updatesMade(): Promise<number> {
  const mock = vi.mocked(updateIndex);
  let made = 0;
  for (const r of mock.mock.results) if (r.type === 'return' && (await r.value) !== undefined) made++;
  mock.mockClear();
  return made;
}

/** The articles the last update was given as changed (new versions, and ids whose old versions leave), since the last call. */
function changesGiven(): { added: number[]; removed: number[] } {
  const calls = vi.mocked(updateIndex).mock.calls;
  expect(calls.length).toBe(1);
  const [, changes] = calls[0]!;
  return { added: changes.added.map((d) => d.id), removed: [...changes.removed] };
}

const searchFiles = (dir: string): string[] => listFiles(dir).filter((f) => f.startsWith('tim-kiem/')).sort();

async function expectSameAsFullExport(store: Parameters<typeof exportHtml>[0], dir: string, now: number, step: string): Promise<void> {
  const fresh = tempDir();
  await exportHtml(store, { outDir: fresh, force: false, clean: false, now });
  expect(searchFiles(dir), step).toEqual(searchFiles(fresh));
  for (const f of searchFiles(fresh)) expect(readFileSync(join(dir, f), 'utf8'), `${f} after ${step}`).toBe(readFileSync(join(fresh, f), 'utf8'));
}

describe('a re-export after a change', () => {
  it('writes the search files a full export writes, change after change', async () => {
    const store = await freshStore();
    await loadCorpus(store, ARTICLES);
    const dir = tempDir();
    let now = FIXED_NOW;
    await exportHtml(store, { outDir: dir, force: false, clean: false, now });
    expect(statSync(searchStatePath(dir)).size).toBeGreaterThan(0);
    const published = await store.articles.list({ status: 'published' }, { field: 'id', desc: false }, { limit: 50, offset: 0 });
    const [a, b, c, d] = published;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['a title', () => editArticle(store, String(a!.id), { title: 'Hoà bình và đảng viên mới Quxyzzy' }, { now })],
      ['a body', () => editArticle(store, String(b!.id), { body: 'Kết nạp đảng viên, Hòa Bình hoà bình HOÀ BÌNH 2024.' }, { now })],
      ['a summary and author', () => editArticle(store, String(a!.id), { summary: 'Tóm tắt mới', author: 'Trần Thị Bé' }, { now })],
      // The same tokens in the same order, other marks: only the spelling lists change.
      ['a body respelt', () => editArticle(store, String(b!.id), { body: 'Ket nap đảng viên, Hoà Bình hòa bình HOA BINH 2024.' }, { now })],
      ['a title respelt', () => editArticle(store, String(a!.id), { title: 'Hòa bình va dang vien moi Quxyzzy' }, { now })],
      ['a section renamed', () => editSection(store, 'kinh-te', { title: 'Kinh tế và Đời sống' })],
      ['an unpublish', () => unpublishArticle(store, String(c!.id), { now })],
      ['a publish', () => publishArticle(store, String(c!.id), undefined, { now })],
      ['an addition', () => addArticle(store, { title: 'Tin mới Xyzzyđảng', body: 'Đảng viên kết nạp', section: 'kinh-te', status: 'published' }, { now })],
      ['a removal', () => removeArticles(store, [String(d!.id)], { now })],
      ['one coming due', () => addArticle(store, { title: 'Sắp đăng Quốc hội', body: 'Quốc hội họp', section: 'kinh-te', status: 'published', published_at: new Date(now + 30 * 60_000).toISOString() }, { now })],
    ];
    for (const [step, change] of steps) {
      now += 60_000;
      await change();
      await updatesMade();
      await exportHtml(store, { outDir: dir, force: false, clean: false, now });
      // Updated from the state, not built again (the fresh export below builds in full); a
      // scheduled article changes nothing yet, and the files are kept without an update.
      expect(await updatesMade(), step).toBe(step === 'one coming due' ? 0 : 1);
      await expectSameAsFullExport(store, dir, now, step);
    }
    // The scheduled one comes due: it enters the search with no change in the database.
    now += 60 * 60_000;
    await exportHtml(store, { outDir: dir, force: false, clean: false, now });
    expect(await updatesMade()).toBe(1);
    await expectSameAsFullExport(store, dir, now, 'coming due');
  });

  it('gives the update the articles whose key inputs changed, and no other', async () => {
    const store = await freshStore();
    await loadCorpus(store, ARTICLES);
    const dir = tempDir();
    let now = FIXED_NOW;
    await exportHtml(store, { outDir: dir, force: false, clean: false, now });
    const published = await store.articles.list({ status: 'published' }, { field: 'id', desc: false }, { limit: 50, offset: 0 });
    const [a, b, c] = published;
    const sameSection = published.filter((p) => p.section_id === a!.section_id && p.id !== c!.id).map((p) => p.id);

    /** Re-exports at `now`; what the update was given as changed. */
    const reexport = async (): Promise<{ added: number[]; removed: number[] }> => {
      vi.mocked(updateIndex).mockClear();
      await exportHtml(store, { outDir: dir, force: false, clean: false, now });
      return changesGiven();
    };

    // One edit: that article alone.
    now += 60_000;
    await editArticle(store, String(a!.id), { title: 'Một tiêu đề mới Quxyzzy' }, { now });
    expect(await reexport()).toEqual({ added: [a!.id], removed: [a!.id] });
    await expectSameAsFullExport(store, dir, now, 'one edit');

    // Another field of another article.
    now += 60_000;
    await editArticle(store, String(b!.id), { summary: 'Tóm tắt khác' }, { now });
    expect(await reexport()).toEqual({ added: [b!.id], removed: [b!.id] });
    await expectSameAsFullExport(store, dir, now, 'a summary');

    // One removed: that article alone leaves.
    now += 60_000;
    await removeArticles(store, [String(c!.id)], { now });
    expect(await reexport()).toEqual({ added: [], removed: [c!.id] });
    await expectSameAsFullExport(store, dir, now, 'a removal');

    // A section's new title: every article of it, though none of their lines changed.
    now += 60_000;
    const slug = (await store.sectionSlugs()).get(a!.section_id)!;
    await editSection(store, slug, { title: 'Tên mới của chuyên mục' });
    expect((await reexport()).added).toEqual(sameSection);
    await expectSameAsFullExport(store, dir, now, 'a section renamed');
  });

  it('builds in full when the state is damaged, or with --force, and writes the same', async () => {
    const store = await freshStore();
    await loadCorpus(store, ARTICLES);
    const dir = tempDir();
    let now = FIXED_NOW;
    await exportHtml(store, { outDir: dir, force: false, clean: false, now });
    const [a] = await store.articles.list({ status: 'published' }, { field: 'id', desc: false }, { limit: 1, offset: 0 });
    const state = searchStatePath(dir);
    const bytes = readFileSync(state);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0x55;
    writeFileSync(state, bytes.subarray(0, bytes.length - 1));
    now += 60_000;
    await editArticle(store, String(a!.id), { title: 'Một tiêu đề khác hẳn' }, { now });
    await updatesMade();
    await exportHtml(store, { outDir: dir, force: false, clean: false, now });
    expect(await updatesMade()).toBe(0);
    await expectSameAsFullExport(store, dir, now, 'a damaged state');
    now += 60_000;
    await editArticle(store, String(a!.id), { title: 'Lại một tiêu đề khác' }, { now });
    await updatesMade();
    await exportHtml(store, { outDir: dir, force: true, clean: false, now });
    expect(await updatesMade()).toBe(0);
    await expectSameAsFullExport(store, dir, now, '--force');
  });
});
