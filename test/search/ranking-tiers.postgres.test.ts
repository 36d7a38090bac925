// PostgreSQL ranks a page first with only the title and summary matches ranked, and ranks every
// match when the page reaches the others (search.ts, Ranking): both ways must give the slice
// of the full order that --all gives, and the title must stay above the summary above the rest.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import { PgSearch } from '../../src/store/postgres/search.js';
import { freshPortal, type BackendFactory } from '../contract/backend.js';
import { FIXED_NOW } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const postgres: BackendFactory = { name: 'postgres', newLocation: async () => server.newLocation() };
const FILLER = 'Nội dung bài viết về đời sống của người dân trong huyện';

describe('postgres: pages ranked from the title and summary matches first', () => {
  it('gives the slice of the full order on either way, tiers in order', async () => {
    const { store } = await freshPortal(postgres);
    await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
    const where: Record<number, 'title' | 'summary' | 'body'> = {};
    for (let i = 0; i < 36; i++) {
      const word = ['lũ', 'lu', 'lú'][i % 3]!;
      const place = (['title', 'summary', 'body', 'body'] as const)[i % 4]!;
      const text = `${word} quét ${'quét '.repeat(i % 5)}`;
      const { id } = await addArticle(
        store,
        {
          section: 'tin-tuc',
          status: i % 7 === 3 ? 'draft' : 'published',
          title: place === 'title' ? `Tin ${text}` : `Tin số ${i}`,
          summary: place === 'summary' ? `${FILLER} ${text}` : FILLER,
          body: place === 'body' ? `${FILLER} ${text}` : FILLER,
          published_at: `2024-05-${String(1 + (i % 27)).padStart(2, '0')}T08:00:00+07:00`,
        },
        { now: FIXED_NOW },
      );
      where[id] = place;
    }
    const spy = vi.spyOn(PgSearch.prototype as unknown as { rankedPage: (req: object, ranking: string) => unknown }, 'rankedPage');
    try {
      for (const q of ['lu quet', 'lũ quét']) {
        const all = (await searchArticles(store, q, { all: true })).items;
        const tiers = all.filter((i) => i.score < 1).map((i) => where[i.id]);
        expect(tiers).toEqual([...tiers].sort((a, b) => ['title', 'summary', 'body'].indexOf(a!) - ['title', 'summary', 'body'].indexOf(b!)));
      }
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('lu quet', 'lũ quét', 'lu', 'quet -lú', '"lu quet"', 'qu*'), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom<'published' | 'all'>('published', 'all'), async (q, perPage, page, status) => {
          const all = (await searchArticles(store, q, { all: true, status })).items.map((i) => i.id);
          const got = await searchArticles(store, q, { page, perPage, status });
          expect(got.total).toBe(all.length);
          expect(got.items.map((i) => i.id)).toEqual(all.slice((page - 1) * perPage, page * perPage));
        }),
        { numRuns: 150, seed: 12 },
      );
      const calls = spy.mock.calls;
      const ways = calls.flatMap(([req, ranking], i) => (ranking !== 'heads' ? [] : calls[i + 1]?.[0] === req ? ['full'] : ['fast']));
      expect(ways).toContain('fast');
      expect(ways).toContain('full');
    } finally {
      spy.mockRestore();
      await store.close();
    }
  });
});
