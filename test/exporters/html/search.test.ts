// The search files an export writes: no draft ever reaches them, a re-export rewrites only
// the files an edit changed, and the budgets of the issue, measured at a small size on the
// benchmark's corpus (bytes as a static host sends them, gzip; requests as files loaded).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fold, foldTokens } from '../../../src/core/fold.js';
import { exportHtml } from '../../../src/exporters/html/export.js';
import { addArticle, editArticle, publishArticle, removeArticles, unpublishArticle } from '../../../src/ops/articles.js';
import { restoreFromTrash } from '../../../src/ops/trash.js';
import { DATA_DIR, ENGINE_FILE, dataPath, shardCount, shardOf, vocabFileCount, vocabFileOf, vocabKeyLength, vocabKeyOf } from '../../../src/search/site/format.js';
import { tempDb } from '../../helpers/cli.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { diskEngine, searchFileText } from '../../search/site/helpers.js';
import { ARTICLES, loadCorpus } from '../../search/corpus.js';
import { buildSmallPortal } from './fixture.js';
import { listFiles } from './site.js';
// @ts-expect-error: the benchmark's corpus generator is plain JavaScript
import { writeCorpus } from '../../../bench/corpus.js';

function searchFilesOf(dir: string): string[] {
  return listFiles(dir).filter((f) => f.startsWith('tim-kiem/'));
}

function mtimes(dir: string): Map<string, number> {
  return new Map(searchFilesOf(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
}

describe('drafts', () => {
  it('never reach a search file, nor do unpublished articles', async () => {
    const store = await freshStore();
    await loadCorpus(store, ARTICLES);
    const secret = 'Bímậtnộibộ Xyzzyquốcphòng';
    await addArticle(store, { title: `Dự thảo ${secret}`, summary: secret, body: secret, author: secret, section: 'kinh-te', status: 'draft' }, { now: FIXED_NOW });
    const later = await addArticle(store, { title: 'Sẽ gỡ Quxyzzyvăn', body: 'Quxyzzyvăn', section: 'kinh-te', status: 'published', published_at: '2024-01-01T08:00:00+07:00' }, { now: FIXED_NOW });
    const dir = tempDir();
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    await unpublishArticle(store, String(later.id), { now: FIXED_NOW + 1000 });
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    const needles = [...secret.split(' '), 'Quxyzzyvăn'].flatMap((w) => [w, w.toLowerCase(), fold(w), ...foldTokens(w)]);
    for (const f of searchFilesOf(dir)) {
      // Data files are read unpacked: what the engine reads.
      const text = (await searchFileText(dir, f)).toLowerCase();
      for (const n of needles) expect(text.includes(n.toLowerCase()), `${n} in ${f}`).toBe(false);
    }
    expect(await diskEngine(dir).searchAll('bimatnoibo')).toEqual([]);
    // Published again, it is found again.
    await publishArticle(store, String(later.id), undefined, { now: FIXED_NOW + 2000 });
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    expect((await diskEngine(dir).searchAll('quxyzzyvan')).map((h) => h.id)).toEqual([later.id]);
  });
});

describe('trashed articles', () => {
  it('leave every search file at the next export, fresh or incremental, and come back when restored', async () => {
    const store = await freshStore();
    await loadCorpus(store, ARTICLES);
    const secret = 'Thùngrácxyzzy Quvứtbỏxyz';
    const gone = await addArticle(store, { title: `Sẽ xoá ${secret}`, summary: secret, body: secret, author: secret, section: 'kinh-te', status: 'published', published_at: '2024-01-01T08:00:00+07:00' }, { now: FIXED_NOW });
    const dir = tempDir();
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    expect((await diskEngine(dir).searchAll('thungracxyzzy')).map((h) => h.id)).toEqual([gone.id]);
    await removeArticles(store, [String(gone.id)], { now: FIXED_NOW + 1000 });
    const fresh = tempDir();
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    await exportHtml(store, { outDir: fresh, force: false, clean: false });
    const needles = secret.split(' ').flatMap((w) => [w, w.toLowerCase(), fold(w), ...foldTokens(w)]);
    for (const out of [dir, fresh]) {
      for (const f of searchFilesOf(out)) {
        const text = (await searchFileText(out, f)).toLowerCase();
        for (const n of needles) expect(text.includes(n.toLowerCase()), `${n} in ${f}`).toBe(false);
      }
      expect(await diskEngine(out).searchAll('thungracxyzzy')).toEqual([]);
    }
    await restoreFromTrash(store, [String(gone.id)], { now: FIXED_NOW + 2000 });
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    expect((await diskEngine(dir).searchAll('quvutboxyz')).map((h) => h.id)).toEqual([gone.id]);
  });
});

describe('a re-export', () => {
  it('rewrites only the search files that one edit changed', async () => {
    const store = await freshStore();
    await loadCorpus(store, ARTICLES);
    const dir = tempDir();
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    const before = mtimes(dir);
    const n = await store.articles.count({ status: 'published' });
    // One word for another: the article keeps its length, so only these two words' postings change.
    const a = (await store.articles.find('hoa-binh-don-khach-du-lich-dip-le'))!;
    await new Promise((r) => setTimeout(r, 20));
    await editArticle(store, String(a.id), { title: a.title.replace('khách', 'Quanhxyz') }, { now: FIXED_NOW + 60_000 });
    await exportHtml(store, { outDir: dir, force: false, clean: false });
    const after = mtimes(dir);
    const touched = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f).sort();
    const shards = shardCount(n);
    const vocab = (w: string): string => dataPath('v', vocabFileOf(vocabKeyOf(w, vocabKeyLength(n)), vocabFileCount(n)));
    const expected = new Set([
      dataPath('d', Math.floor(a.id / 16)),
      ...['khach', 'quanhxyz'].flatMap((w) => [dataPath('t', shardOf(w, shards)), dataPath('p', shardOf(w, shards))]),
      vocab('quanhxyz'),
    ]);
    expect(touched).toEqual([...expected].sort());
    expect(touched).not.toContain(ENGINE_FILE);
    expect(touched).not.toContain(`${DATA_DIR}/meta.js`);
  });
});

/** What a reader's browser loads for a query, as a static host sends it (gzip). */
interface Load {
  files: string[];
  gzipBytes: number;
}

function gz(dir: string, files: string[]): number {
  return files.reduce((s, f) => s + gzipSync(readFileSync(join(dir, f))).length, 0);
}

describe('budgets (the issue’s, at a small size of the benchmark corpus)', () => {
  async function exportCorpus(size: number): Promise<{ dir: string; textBytes: number }> {
    const { dir, nd } = tempDb();
    const corpus = join(dir, 'corpus.ndjson');
    const info = writeCorpus({ size, seed: 3, out: corpus });
    expect((await nd(['import', corpus, '-q'])).code).toBe(0);
    const site = join(dir, 'site');
    expect((await nd(['export', 'html', '--out', site, '-q'])).code).toBe(0);
    return { dir: site, textBytes: info.textBytes };
  }

  it('puts beside frequent words the result data of their best articles, as the result files hold it', async () => {
    const site = await exportCorpus(400);
    const unpacked = async (f: string): Promise<unknown> => JSON.parse(await searchFileText(site.dir, f)) as unknown;
    const copies: Array<[number, ...unknown[]]> = [];
    for (const f of listFiles(site.dir).filter((p) => p.startsWith(`${DATA_DIR}/t/`))) {
      const [, records] = (await unpacked(f)) as [unknown, Array<[number, ...unknown[]]>];
      copies.push(...records);
    }
    // A quarter as many copies as articles at most, and each is its article's record.
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.length).toBeLessThanOrEqual(400 / 4);
    for (const r of copies) {
      const file = (await unpacked(dataPath('d', Math.floor(r[0] / 16)))) as Array<[number, ...unknown[]]>;
      expect(r).toEqual(file.find((x) => x[0] === r[0]));
    }
  }, 60_000);

  it('start-up, first and second query, total size and file count stay within the limits', async () => {
    const small = await exportCorpus(300);
    const big = await exportCorpus(1200);

    // Start-up: the engine and meta.js, ≤ 80 KB, and meta.js does not grow with the site
    // (a few digits of its counts aside).
    const startup = gz(big.dir, [ENGINE_FILE, dataPath('m', 'meta')]);
    expect(startup).toBeLessThanOrEqual(80 * 1024);
    const metaSmall = gzipSync(readFileSync(join(small.dir, dataPath('m', 'meta')))).length;
    const metaBig = gzipSync(readFileSync(join(big.dir, dataPath('m', 'meta')))).length;
    expect(Math.abs(metaBig - metaSmall)).toBeLessThanOrEqual(8);

    // A first query of two words, results and snippets included: ≤ 150 KB beyond start-up,
    // in a file per word and at most one per result shown; ≤ 6 requests with start-up, since
    // the postings files of frequent words carry their best articles' result data; a second
    // query reusing what is loaded ≤ 30 KB.
    const seen: string[] = [];
    const engine = diskEngine(big.dir, seen);
    await engine.start();
    const startFiles = seen.length;
    const first = await engine.search('phát triển', 1);
    expect(first.total).toBeGreaterThan(0);
    const firstLoad: Load = { files: seen.slice(startFiles), gzipBytes: gz(big.dir, seen.slice(startFiles)) };
    expect(firstLoad.gzipBytes).toBeLessThanOrEqual(150 * 1024);
    expect(firstLoad.files.length).toBeLessThanOrEqual(2 + first.perPage);
    expect(firstLoad.files.filter((f) => f.includes('/t/')).length).toBeLessThanOrEqual(2);
    expect(startFiles + firstLoad.files.length).toBeLessThanOrEqual(6);
    const mark = seen.length;
    await engine.search('phat trien', 1);
    expect(gz(big.dir, seen.slice(mark))).toBeLessThanOrEqual(30 * 1024);

    // All search data ≤ 60 % of the articles' text as sent (gzip) and on disk (the files are
    // packed), in far fewer files than articles.
    const data = listFiles(big.dir).filter((f) => f.startsWith(`${DATA_DIR}/`));
    const bytes = data.reduce((s, f) => s + statSync(join(big.dir, f)).size, 0);
    expect(gz(big.dir, data)).toBeLessThanOrEqual(0.6 * big.textBytes);
    expect(data.length).toBeLessThanOrEqual(1200 / 4);
    expect(bytes).toBeLessThanOrEqual(0.6 * big.textBytes);
    expect(readdirSync(join(big.dir, DATA_DIR)).sort()).toEqual(['d', 'meta.js', 'p', 't', 'v']);
  }, 120_000);
});

describe('the search page', () => {
  it('matches the golden search page, and speaks the site language', async () => {
    const vi = await freshStore();
    await buildSmallPortal(vi);
    const dir = tempDir();
    await exportHtml(vi, { outDir: dir, force: false, clean: false });
    await expect(readFileSync(join(dir, 'tim-kiem/index.html'), 'utf8')).toMatchFileSnapshot('../../golden/html/search.html');

    const en = await freshStore();
    await buildSmallPortal(en, { language: 'en' });
    const enDir = tempDir();
    await exportHtml(en, { outDir: enDir, force: false, clean: false });
    const page = readFileSync(join(enDir, 'tim-kiem/index.html'), 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Search</h1>');
    expect(page).toContain('<label for="tu-khoa">Search words</label>');
    expect(readFileSync(join(enDir, 'index.html'), 'utf8')).toContain('<button type="submit">Search</button>');
  });
});
