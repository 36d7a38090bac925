// Each ranking rule and each filter of search, on small purpose-built portals.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { scoreOf, searchArticles, searchCount } from '../../src/search/search.js';
import { SearchIndex } from '../../src/store/sqlite/fts.js';
import type { Store, StoreData } from '../../src/store/store.js';
import { FIXED_NOW, freshStore } from '../helpers/db.js';

const FILLER = 'Nội dung bài viết về đời sống của người dân trong huyện';

async function portal(): Promise<Store> {
  const store = await freshStore();
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  await addSection(store, { title: 'Thời sự', slug: 'thoi-su', parent: 'tin-tuc' });
  await addSection(store, { title: 'Giải trí', slug: 'giai-tri' });
  return store;
}

async function add(store: StoreData, a: Record<string, unknown>): Promise<number> {
  return (
    await addArticle(
      store,
      { section: 'tin-tuc', status: 'published', summary: FILLER, body: FILLER, published_at: '2024-01-01T08:00:00+07:00', ...a },
      { now: FIXED_NOW },
    )
  ).id;
}

const ids = async (store: StoreData, q: string, opts = {}): Promise<number[]> => (await searchArticles(store, q, { all: true, ...opts })).items.map((i) => i.id);

describe('ranking', () => {
  it('weighs the title above the summary above the body', async () => {
    const store = await portal();
    const inBody = await add(store, { title: 'Bài một', body: `${FILLER} lũ quét` });
    const inSummary = await add(store, { title: 'Bài hai', summary: `${FILLER} lũ quét` });
    const inTitle = await add(store, { title: 'Bài ba lũ quét' });
    expect(await ids(store, 'lu quet')).toEqual([inTitle, inSummary, inBody]);
  });

  it('puts the spelling typed first: Hòa ranks "Hòa Bình" above "hoa hồng"', async () => {
    const store = await portal();
    // "hoa hồng" would win on bm25 alone: the word is in its title.
    const hoaHong = await add(store, { title: 'Hoa hồng nở rộ', published_at: '2024-03-01T08:00:00+07:00' });
    const hoaBinh = await add(store, { title: 'Tin vắn', body: `${FILLER}. Tỉnh Hòa Bình đón khách.`, published_at: '2024-01-01T08:00:00+07:00' });
    expect(await ids(store, 'hoa')).toEqual([hoaHong, hoaBinh]);
    expect(await ids(store, 'Hòa')).toEqual([hoaBinh, hoaHong]);
    // Either tone placement and NFD are the same spelling.
    expect(await ids(store, 'hoà')).toEqual([hoaBinh, hoaHong]);
    expect(await ids(store, 'Hòa'.normalize('NFD'))).toEqual([hoaBinh, hoaHong]);
    // And a query typed with marks takes its unmarked words as spelled too.
    expect(await ids(store, 'hoa hồng')).toEqual([hoaHong]);
    const scores = (await searchArticles(store, 'Hòa', { all: true })).items.map((i) => i.score);
    expect(scores[0]).toBeGreaterThanOrEqual(1);
    expect(scores[1]).toBeLessThan(1);
  });

  it('finds old-style spellings as typed in the new style, and the other way round', async () => {
    const store = await portal();
    const old = await add(store, { title: 'Sức khoẻ mùa hè', published_at: '2023-01-01T08:00:00+07:00' });
    const other = await add(store, { title: 'Cây khóe mới', published_at: '2024-06-01T08:00:00+07:00' });
    expect(await ids(store, 'khỏe')).toEqual([old, other]);
    expect(await ids(store, 'khoẻ')).toEqual([old, other]);
    expect(await ids(store, 'khoe')).toEqual([other, old]); // unmarked: a tie, the newest first
  });

  it('treats all spellings alike for a query without marks: ties go to the newest', async () => {
    const store = await portal();
    const older = await add(store, { title: 'Hòa Bình', published_at: '2022-01-01T08:00:00+07:00' });
    const newer = await add(store, { title: 'Hoa Binh', published_at: '2023-01-01T08:00:00+07:00' });
    expect(await ids(store, 'hoa binh')).toEqual([newer, older]);
    const [a, b] = (await searchArticles(store, 'hoa binh', { all: true })).items;
    expect(a!.score).toBe(b!.score);
  });

  it('breaks ties by date, newest first, then by id', async () => {
    const store = await portal();
    const a = await add(store, { title: 'Đê điều', published_at: '2024-02-01T08:00:00+07:00' });
    const b = await add(store, { title: 'Đê điều', published_at: '2024-03-01T08:00:00+07:00' });
    const c = await add(store, { title: 'Đê điều', published_at: '2024-02-01T08:00:00+07:00' });
    expect(await ids(store, 'de dieu')).toEqual([b, c, a]);
  });

  it('orders ties by date on every page, within a page and across its edge', async () => {
    const store = await portal();
    const day = (d: number): string => `2024-02-${String(d).padStart(2, '0')}T08:00:00+07:00`;
    // Five articles found by the author's name alone: all tied on bm25.
    const tied: number[] = [];
    for (const d of [3, 9, 1, 7, 5]) tied.push(await add(store, { title: `Tin ${d}`, author: 'Hoài Thu', published_at: day(d) }));
    const byDate = [1, 3, 4, 0, 2].map((i) => tied[i]!); // days 9, 7, 5, 3, 1
    const page = async (n: number, per: number): Promise<number[]> => (await searchArticles(store, 'hoai thu', { page: n, perPage: per })).items.map((i) => i.id);
    expect([...(await page(1, 2)), ...(await page(2, 2)), ...(await page(3, 2))]).toEqual(byDate); // ties across each edge
    expect(await page(1, 5)).toEqual(byDate); // the whole tie inside one page
    // A better match ahead of the tie: the page edge falls between different scores.
    const best = await add(store, { title: 'Hoài Thu kể chuyện', author: 'Hoài Thu', published_at: day(2) });
    expect(await page(1, 6)).toEqual([best, ...byDate]);
    expect(await page(1, 1)).toEqual([best]);
  });

  it('gives scores that never increase down the list, and pages that add up to --all', async () => {
    const store = await portal();
    for (let i = 0; i < 23; i++) {
      await add(store, {
        title: i % 3 === 0 ? `Hòa giải ${i}` : `Hoa ${i}`,
        body: `${FILLER} ${'hoa '.repeat(i % 5)}`,
        published_at: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+07:00`,
      });
    }
    for (const q of ['hoa', 'Hòa']) {
      const all = (await searchArticles(store, q, { all: true })).items;
      expect(all).toHaveLength(23);
      for (let i = 1; i < all.length; i++) expect(all[i]!.score).toBeLessThanOrEqual(all[i - 1]!.score);
      const pages: number[] = [];
      for (const page of [1, 2, 3]) pages.push(...(await searchArticles(store, q, { page, perPage: 10 })).items.map((i) => i.id));
      expect(pages).toEqual(all.map((i) => i.id));
      expect(await searchArticles(store, q, { page: 4, perPage: 10 })).toMatchObject({ items: [], total: 23 });
    }
  });
});

describe('scoreOf', () => {
  it.each([
    [-20, false, -0.5, false],
    [-0.5, false, -0.000001, false],
    [-0.000001, true, -20, false],
    [-20, true, -0.5, true],
  ])('bm25 %d (exact %s) scores above bm25 %d (exact %s)', (b1, e1, b2, e2) => {
    expect(scoreOf(b1, e1)).toBeGreaterThan(scoreOf(b2, e2));
  });

  it('keeps fold-only matches in (0, 1) and spelled ones in [1, 2)', () => {
    for (const b of [-1e-7, -0.3, -5, -1e6, -1e12]) {
      expect(scoreOf(b, false)).toBeGreaterThan(0);
      expect(scoreOf(b, false)).toBeLessThan(1);
      expect(scoreOf(b, true)).toBeGreaterThanOrEqual(1);
      expect(scoreOf(b, true)).toBeLessThan(2);
    }
  });
});

describe('a page from the best candidates (the fast path)', () => {
  // A page is first taken from the best matches by bm25 alone, then checked for the spelling
  // typed; when that cannot settle it, every match is ranked. Either way a page must be the
  // same slice of the full order that --all gives.
  const SPELLINGS = ['hòa', 'hoà', 'hoa', 'họa', 'hóa', 'Hòa'];
  async function mixed(): Promise<Store> {
    const store = await portal();
    for (let i = 0; i < 90; i++) {
      const word = SPELLINGS[i % SPELLINGS.length]!;
      await add(store, {
        // Repeats give different bm25s, and the text repeats every 12 articles: groups of seven
        // or eight tie (without marks). A third of them tie as one group of 30, larger than
        // the candidates of a small page.
        title: i % 3 === 0 ? 'Tin hoa' : `${word} ${'bình '.repeat(i % 4)}`,
        body: i % 3 === 0 ? FILLER : `${FILLER} ${`${word} `.repeat(i % 6)}`,
        status: i % 4 === 1 ? 'draft' : 'published',
        published_at: `2024-03-${String(1 + (i % 27)).padStart(2, '0')}T08:00:00+07:00`,
      });
    }
    return store;
  }

  it('does not take a page from candidates that end inside a tie (other spellings crowding them out)', async () => {
    const store = await portal();
    const day = (d: number): string => `2024-04-${String(d).padStart(2, '0')}T08:00:00+07:00`;
    // 30 articles with the same folded text: one tie on bm25. The 17 oldest spell it "hoa",
    // so the best candidates by bm25 alone may hold a single "hòa", and not the newest.
    const spelled: number[] = [];
    for (let d = 1; d <= 30; d++) {
      const id = await add(store, { title: d <= 17 ? 'Tin hoa' : 'Tin hòa', body: FILLER, published_at: day(d) });
      if (d > 17) spelled.push(id);
    }
    const newestFirst = [...spelled].reverse();
    expect((await searchArticles(store, 'hòa', { perPage: 1 })).items.map((i) => i.id)).toEqual(newestFirst.slice(0, 1));
    expect((await searchArticles(store, 'hòa', { perPage: 2, page: 2 })).items.map((i) => i.id)).toEqual(newestFirst.slice(2, 4));
  });

  it('gives the slice of the full order for any page, query and status (property)', async () => {
    const store = await mixed();
    const spy = vi.spyOn(SearchIndex.prototype as unknown as { pageFromCandidates: () => unknown }, 'pageFromCandidates');
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('hoa', 'hòa', 'Hoà', 'họa', 'hóa', 'hoa binh', 'hòa bình', 'hò*', 'ho*', '"tin hoa"', 'hoa -binh'),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 9 }),
          fc.constantFrom<'published' | 'all'>('published', 'all'),
          async (q, perPage, page, status) => {
            const all = (await searchArticles(store, q, { all: true, status })).items.map((i) => i.id);
            const got = await searchArticles(store, q, { page, perPage, status });
            expect(got.total).toBe(all.length);
            expect(got.items.map((i) => i.id)).toEqual(all.slice((page - 1) * perPage, page * perPage));
          },
        ),
        { numRuns: 400, seed: 6 },
      );
      // A page ending past the candidates' reach (result 200) takes the full path.
      for (const q of ['hòa', 'hoa']) {
        const all = (await searchArticles(store, q, { all: true })).items.map((i) => i.id);
        expect((await searchArticles(store, q, { perPage: 201 })).items.map((i) => i.id)).toEqual(all.slice(0, 201));
      }
      // Both ways were taken: the page from the candidates, and the fall-back to all matches.
      const outcomes = spy.mock.results.map((r) => (r.value === undefined ? 'full' : 'fast'));
      expect(outcomes).toContain('fast');
      expect(outcomes).toContain('full');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('filters', () => {
  async function filtered(): Promise<{ store: Store; ids: Record<string, number> }> {
    const store = await portal();
    return {
      store,
      ids: {
        top: await add(store, { title: 'Bão số 3', published_at: '2024-09-07T10:00:00+07:00' }),
        sub: await add(store, { title: 'Bão số 3 đổ bộ', section: 'thoi-su', published_at: '2024-09-08T23:59:00+07:00' }),
        other: await add(store, { title: 'Phim về bão', section: 'giai-tri', published_at: '2024-09-09T00:00:00+07:00' }),
        draft: await add(store, { title: 'Bão: dự thảo', status: 'draft', published_at: undefined }),
      },
    };
  }

  it('shows published articles unless status is all', async () => {
    const { store, ids: x } = await filtered();
    expect((await ids(store, 'bao')).sort()).toEqual([x.top, x.sub, x.other].sort());
    expect(await ids(store, 'bao', { status: 'all' })).toContain(x.draft);
    expect(await searchCount(store, 'bao')).toBe(3);
    expect(await searchCount(store, 'bao', { status: 'all' })).toBe(4);
  });

  it('takes a section with its subsections', async () => {
    const { store, ids: x } = await filtered();
    const section = async (slug: string): Promise<number[]> => store.sections.subtreeIds((await store.sections.find(slug))!.id);
    expect((await ids(store, 'bao', { sectionIds: await section('tin-tuc') })).sort()).toEqual([x.top, x.sub].sort());
    expect(await ids(store, 'bao', { sectionIds: await section('thoi-su') })).toEqual([x.sub]);
  });

  it('bounds published_at inclusively and leaves undated drafts out', async () => {
    const { store, ids: x } = await filtered();
    const at = (iso: string): number => Date.parse(iso);
    expect((await ids(store, 'bao', { status: 'all', since: at('2024-09-08T23:59:00+07:00') })).sort()).toEqual([x.sub, x.other].sort());
    expect((await ids(store, 'bao', { status: 'all', until: at('2024-09-08T23:59:00+07:00') })).sort()).toEqual([x.top, x.sub].sort());
    expect(await ids(store, 'bao', { status: 'all', since: at('2024-09-08T00:00:00+07:00'), until: at('2024-09-08T23:59:59+07:00') })).toEqual([x.sub]);
  });
});
