// Scheduled articles through the store: the filter that lists them (exact to the millisecond,
// counted without the kept counts), their ids, and a search that leaves them out by id. Every
// backend answers the same.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, type BackendFactory } from './backend.js';

/** The moment the tests look from: 07:00 on 08/12/2026 in Hà Nội. */
const NOW = Date.parse('2026-12-08T00:00:00Z');

async function seed(backend: BackendFactory): Promise<{ store: Store; id: Record<string, number> }> {
  const { store } = await freshPortal(backend);
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  await addSection(store, { title: 'Thông báo', slug: 'thong-bao' });
  const id: Record<string, number> = {};
  const add = async (key: string, at: number | null, status = 'published', section = 'tin-tuc'): Promise<void> => {
    const fields = { title: `Thông cáo cầu ${key}`, section, status, ...(at === null ? {} : { published_at: new Date(at).toISOString() }) };
    id[key] = (await addArticle(store, fields, { now: FIXED_NOW })).id;
  };
  await add('old', NOW - 86_400_000);
  await add('now', NOW); // out at NOW
  await add('second', NOW + 1000); // due a second later
  await add('week', NOW + 7 * 86_400_000, 'published', 'thong-bao');
  await add('draftFuture', NOW + 86_400_000, 'draft'); // a draft is never scheduled
  await add('draft', null, 'draft');
  return { store, id };
}

export function scheduledContract(backend: BackendFactory): void {
  describe(`${backend.name}: scheduled articles`, () => {
    it('scheduledAt lists and counts the published articles dated later, to the millisecond', async () => {
      const { store, id } = await seed(backend);
      const sort = { field: 'default', desc: true } as const;
      expect((await store.articles.list({ scheduledAt: NOW }, sort)).map((r) => r.id)).toEqual([id.week, id.second]);
      expect(await store.articles.count({ scheduledAt: NOW })).toBe(2);
      expect(await store.articles.count({ scheduledAt: NOW + 999 })).toBe(2);
      expect(await store.articles.count({ scheduledAt: NOW + 1000 })).toBe(1);
      expect(await store.articles.count({ scheduledAt: NOW - 1 })).toBe(3);
      // With other filters, and a page of them.
      expect(await store.articles.count({ scheduledAt: NOW, sectionIds: [(await store.sections.find('thong-bao'))!.id] })).toBe(1);
      expect((await store.articles.list({ scheduledAt: NOW }, sort, { limit: 1, offset: 1, total: 2 })).map((r) => r.id)).toEqual([id.second]);
      // The kept counts by status are untouched by the clock.
      expect(await store.articles.count({ status: 'published' })).toBe(4);
    });

    it('scheduledIds names them in id order', async () => {
      const { store, id } = await seed(backend);
      expect(await store.articles.scheduledIds(NOW)).toEqual([id.second!, id.week!].sort((a, b) => a - b));
      expect(await store.articles.scheduledIds(NOW + 7 * 86_400_000)).toEqual([]);
    });

    it('a search leaves out the ids it is told to, in counts and pages alike', async () => {
      const { store, id } = await seed(backend);
      const q = parseQuery('thông cáo');
      const exclude = await store.articles.scheduledIds(NOW);
      const filter = { status: 'published' as const, excludeIds: exclude };
      expect(await store.search.count(q, { status: 'published' })).toBe(4);
      expect(await store.search.count(q, filter)).toBe(2);
      expect((await store.search.query({ query: q, filter })).map((m) => m.id).sort()).toEqual([id.old!, id.now!].sort((a, b) => a - b));
      expect((await store.search.query({ query: q, filter, limit: 1, offset: 1 })).map((m) => m.id)).toHaveLength(1);
      expect(await store.search.count(q, { status: 'published', excludeIds: [] })).toBe(4);
    });
  });
}
