// The site's search against the CLI's: for many queries over a Vietnamese corpus (marks, both
// tone styles, đ, capitals, NFD, drafts), the exported index finds exactly the published
// articles `newsdesk search --status published --all` finds, with the same articles ranked
// first for the spelling typed, and bm25 as FTS5 computes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { exportHtml } from '../../../src/exporters/html/export.js';
import { searchArticles } from '../../../src/search/search.js';
import { COLUMN_WEIGHTS } from '../../../src/search/site/format.js';
import { BM25_WEIGHTS } from '../../../src/store/sqlite/fts.js';
import { SqliteStore } from '../../../src/store/sqlite/store.js';
import { ARTICLES, loadCorpus, type FixtureArticle } from '../corpus.js';
import { diskEngine } from './helpers.js';
import { mixedCorpus, queriesFrom } from './queries.js';

let store: SqliteStore;
let site: string;
let cleanup = async (): Promise<void> => {};
afterAll(() => cleanup());

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-site-search-'));
  store = await SqliteStore.open(join(dir, 'site.db'), 'write');
  cleanup = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const corpus: FixtureArticle[] = [...ARTICLES, ...mixedCorpus(160)];
  await loadCorpus(store, corpus);
  site = join(dir, 'site');
  await exportHtml(store, { outDir: site, force: false, clean: false });
});

const FIXED = [
  'dang vien', 'đảng viên', 'ĐẢNG VIÊN', 'đảng viên'.normalize('NFD'), 'Ðảng', 'Hòa', 'hoà', 'hoa', 'thuý', 'thúy', 'khoẻ', 'khoe',
  'uỷ ban', '"đảng viên"', '"viên đảng"', '"ket nap dang vien"', 'kinh-te', 'kinh-tế', '"kinh tế" -"xã hội"', 'hoa -hồng',
  'hoa -"hoa hong"', 'dang -vien', 'phát*', 'ph*', 'đ*', 'hò*', 'kinh-t*', 'lũ OR bão', 'mua lu OR bao -lut', 'covid-19', '7,5',
  '50.000', '30/4', 'Quế Phong', 'Báo Nghệ An', 'CDC', 'không có từ này', 'nguoi OR dan', '"hoa"*',
];

async function compare(input: string): Promise<number> {
  const cli = await searchArticles(store, input, { all: true, status: 'published' });
  const site = await diskEngine(sitePath()).searchAll(input);
  const ids = (xs: Array<{ id: number }>): number[] => xs.map((x) => x.id).sort((a, b) => a - b);
  expect(ids(site), `results of ${JSON.stringify(input)}`).toEqual(ids(cli.items));
  // The spelling typed first: the same articles count as exact.
  const exactCli = ids(cli.items.filter((i) => i.score >= 1));
  const exactSite = ids(site.filter((h) => h.exact === 1));
  expect(exactSite, `spelled as typed: ${JSON.stringify(input)}`).toEqual(exactCli);
  return cli.items.length;
}

function sitePath(): string {
  return site;
}

describe('the exported search = newsdesk search --status published --all', () => {
  it.each(FIXED)('%j', async (input) => {
    await compare(input);
  });

  it('agrees on hundreds of queries drawn from the corpus (words, phrases, prefixes, OR, exclusions, spellings)', async () => {
    const texts = (await store.articles.list({}, { field: 'default', desc: true })).map((a) => `${a.title} ${a.summary} ${a.body}`);
    let found = 0;
    for (const q of queriesFrom(texts, 300, 11)) found += await compare(q);
    expect(found).toBeGreaterThan(300);
  });

  it('computes bm25 as FTS5 does when there are no drafts to count, with the same column weights, and ranks in the same order', async () => {
    expect(COLUMN_WEIGHTS).toEqual(Object.values(BM25_WEIGHTS));
    // Drafts enter FTS5's statistics but never the site's: compare on a portal without them.
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-site-bm25-'));
    const s = await SqliteStore.open(join(dir, 'x.db'), 'write');
    try {
      await loadCorpus(s, mixedCorpus(60).map((a) => ({ ...a, status: 'published' as const })));
      await exportHtml(s, { outDir: join(dir, 'site'), force: false, clean: false });
      for (const q of ['dang vien', 'đảng', '"kinh tế"', 'ph*', 'hoa OR bao']) {
        const cli = (await searchArticles(s, q, { all: true, status: 'published' })).items;
        const site = await diskEngine(join(dir, 'site')).searchAll(q);
        // Ties on spelling and bm25 newest first, as in the CLI.
        expect(site.map((h) => h.id), `order for ${q}`).toEqual(cli.map((c) => c.id));
        const byId = new Map(site.map((h) => [h.id, h]));
        for (const c of cli) {
          const h = byId.get(c.id)!;
          const r = Math.min(0.999999, Number((-h.bm25 / (1 - h.bm25)).toPrecision(6)));
          expect(h.exact + r, `score of ${c.id} for ${q}`).toBeCloseTo(c.score, 4);
        }
      }
    } finally {
      s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects what the CLI rejects, with the same message', async () => {
    for (const bad of ['"open', 'a AND b', 'NOT x', '*', '-only', 'OR', 'title:x', '(a)']) {
      let cliErr: unknown;
      try {
        await searchArticles(store, bad, { all: true });
      } catch (e) {
        cliErr = e;
      }
      await expect(diskEngine(site).searchAll(bad)).rejects.toThrow(UsageError);
      await expect(diskEngine(site).searchAll(bad)).rejects.toThrow((cliErr as Error).message);
    }
  });

  it('pages results as the portal does and shows snippets with the words found', async () => {
    const engine = diskEngine(site);
    const all = await engine.searchAll('dang');
    const first = await engine.search('dang', 1);
    expect(first.total).toBe(all.length);
    expect(first.items.map((i) => i.id)).toEqual(all.slice(0, first.perPage).map((h) => h.id));
    const last = await engine.search('dang', first.pages);
    expect(last.items.map((i) => i.id)).toEqual(all.slice((first.pages - 1) * first.perPage).map((h) => h.id));
    for (const item of first.items) {
      expect(item.highlights.length + item.titleHighlights.length).toBeGreaterThan(0);
      for (const [s, e] of item.highlights) expect(item.snippet.slice(s, e).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()).toMatch(/^d|^đ/);
    }
  });
});
