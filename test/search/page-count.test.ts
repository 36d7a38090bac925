// The count behind a page of search results on SQLite: taken in the pass that ranks the
// page's candidates, skipped when the caller shows no total, and otherwise a pass of its own —
// with the same page of results whichever way.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import { SearchIndex } from '../../src/store/sqlite/fts.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { freshStore } from '../helpers/db.js';
import { importText, ndjson } from '../importers/helpers.js';

async function portal(n: number): Promise<SqliteStore> {
  const store = await freshStore();
  await addSection(store, { slug: 'tin-tuc', title: 'Tin tức' });
  const articles = Array.from({ length: n }, (_, i) => ({
    title: `Bài ${i} về ${i % 3 === 0 ? 'lũ quét' : 'lu quet'}`,
    body: `Nội dung số ${i}: ${'lũ quét '.repeat(1 + (i % 7))}ở Quế Phong.`,
    section: 'tin-tuc',
    status: 'published',
    published_at: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00Z`,
  }));
  expect((await importText(store, ndjson(...articles))).inserted).toBe(n);
  return store;
}

const ids = (r: { items: Array<{ id: number }> }) => r.items.map((i) => i.id);

describe('the count of a search page (SQLite)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is taken in the pass that ranks the candidates, with the total of a count', async () => {
    const store = await portal(120);
    const count = vi.spyOn(SearchIndex.prototype, 'count');
    for (const q of ['lu quet', 'lũ quét', 'khong co tu nay']) {
      for (const page of [1, 3, 13]) {
        const r = await searchArticles(store, q, { perPage: 10, page });
        expect(r.total, `${q} page ${page}`).toBe(q === 'khong co tu nay' ? 0 : 120);
      }
    }
    expect(count).not.toHaveBeenCalled();
    count.mockRestore();
    expect(await store.search.count(parseQuery('lu quet'), { status: 'published' })).toBe(120);
  });

  it('leaves out what the filter leaves out (articles not out yet)', async () => {
    const store = await portal(120);
    const now = Date.parse('2024-05-15T00:00:00Z');
    const excludeIds = await store.articles.scheduledIds(now);
    expect(excludeIds.length).toBeGreaterThan(40);
    const filter = { status: 'published' as const, excludeIds };
    for (const q of ['lu quet', 'lũ quét']) {
      const total = await store.search.count(parseQuery(q), filter);
      expect(total).toBe(120 - excludeIds.length);
      const all = (await store.search.query({ query: parseQuery(q), filter })).map((m) => m.id);
      for (const page of [1, 2]) {
        const r = await searchArticles(store, q, { perPage: 10, page, now });
        expect(r.total).toBe(total);
        expect(ids(r)).toEqual(all.slice((page - 1) * 10, page * 10));
      }
    }
  });

  it('is a pass of its own where the page is not taken from candidates (a section)', async () => {
    const store = await portal(120);
    const section = await store.sections.subtreeIds((await store.sections.find('tin-tuc'))!.id);
    const count = vi.spyOn(SearchIndex.prototype, 'count');
    const r = await searchArticles(store, 'lu quet', { perPage: 10, page: 2, sectionIds: section });
    expect(r.total).toBe(120);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('is skipped with total: false, and the page is the counted one', async () => {
    const store = await portal(120);
    for (const q of ['lu quet', 'lũ quét', 'que phong']) {
      for (const page of [1, 3, 13]) {
        const counted = await searchArticles(store, q, { perPage: 10, page });
        expect(counted.total).toBe(120);
        const uncounted = await searchArticles(store, q, { perPage: 10, page, total: false });
        expect(uncounted.total).toBeUndefined();
        expect(ids(uncounted)).toEqual(ids(counted));
        expect(uncounted.items).toEqual(counted.items);
      }
    }
  });
});
