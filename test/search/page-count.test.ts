// The count behind a page of search results on SQLite: taken from the page's candidates when
// they are every match, skipped when the caller shows no total, and otherwise one pass of its
// own — with the same page of results whichever way.
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('is not counted apart when the candidates are every match', async () => {
    const store = await portal(20);
    const count = vi.spyOn(SearchIndex.prototype, 'count');
    for (const q of ['lu quet', 'lũ quét', 'khong co tu nay']) {
      const r = await searchArticles(store, q, { perPage: 5, page: 2 });
      expect(r.total).toBe(q === 'khong co tu nay' ? 0 : 20);
    }
    expect(count).not.toHaveBeenCalled();
  });

  it('is skipped with total: false, and the page is the counted one', async () => {
    const store = await portal(120);
    for (const q of ['lu quet', 'lũ quét', 'que phong']) {
      for (const page of [1, 3, 13]) {
        const counted = await searchArticles(store, q, { perPage: 10, page });
        expect(counted.total).toBe(120);
        const count = vi.spyOn(SearchIndex.prototype, 'count');
        const uncounted = await searchArticles(store, q, { perPage: 10, page, total: false });
        expect(count).not.toHaveBeenCalled();
        count.mockRestore();
        // Page 13 (results 121–130) takes 276 candidates: every match, so the total is known.
        expect(uncounted.total).toBe(page === 13 ? 120 : undefined);
        expect(ids(uncounted)).toEqual(ids(counted));
        expect(uncounted.items).toEqual(counted.items);
      }
    }
  });
});
