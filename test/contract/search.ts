// Search through the store: the folding (marks, đ, NFD, hoà/hòa), the query language, the
// filters, and the ranking rules — spelling typed first, title over summary over body, then
// newest first, then id. Scores may differ between backends; sets and orders may not.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import type { SearchFilter, Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, type BackendFactory } from './backend.js';

const DAY = 86_400_000;
const T0 = Date.parse('2023-06-01T01:00:00Z');

interface Seeded {
  store: Store;
  id: Record<string, number>;
}

async function seed(backend: BackendFactory): Promise<Seeded> {
  const { store } = await freshPortal(backend);
  await addSection(store, { title: 'Xây dựng Đảng', slug: 'xay-dung-dang' });
  await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
  const id: Record<string, number> = {};
  const add = async (key: string, fields: Record<string, unknown>, day: number, status = 'published'): Promise<void> => {
    const row = await addArticle(store, { section: 'xay-dung-dang', status, published_at: new Date(T0 + day * DAY).toISOString(), ...fields }, { now: FIXED_NOW });
    id[key] = row.id;
  };
  await add('title', { title: 'Kết nạp đảng viên mới ở xã Hòa Bình' }, 1);
  await add('summary', { title: 'Hội nghị chi bộ', summary: 'Bàn về phát triển đảng viên trong năm' }, 2);
  await add('body', { title: 'Ghi chép cơ sở', body: 'Nhiều dang vien tre (viết không dấu) tham gia.' }, 3);
  await add('draft', { title: 'Đảng viên dự thảo' }, 4, 'draft');
  await add('hoa', { title: 'Thôn hoà bình đón tết', section: 'kinh-te' }, 5);
  await add('other', { title: 'Giá lúa tăng', body: 'Nông dân phấn khởi.' , section: 'kinh-te' }, 6);
  // Two with the same text: the newer first; on the same date, the higher id first.
  await add('twinOld', { title: 'Lịch tiếp công dân' }, 7);
  await add('twinNew', { title: 'Lịch tiếp công dân' }, 9);
  await add('twinSame', { title: 'Lịch tiếp công dân' }, 9);
  return { store, id };
}

async function ids(store: Store, q: string, filter: SearchFilter = { status: 'published' }): Promise<number[]> {
  return (await store.search.query({ query: parseQuery(q), filter })).map((m) => m.id);
}

export function searchContract(backend: BackendFactory): void {
  describe(`${backend.name}: search through the store`, () => {
    it('folds marks and đ both ways, and reads NFD input as NFC', async () => {
      const { store, id } = await seed(backend);
      const expected = [id.title, id.summary, id.body].sort();
      for (const q of ['dang vien', 'đảng viên', 'ĐẢNG VIÊN', 'đảng viên'.normalize('NFD'), 'Dang Vien']) {
        expect((await ids(store, q)).sort(), q).toEqual(expected);
        expect(await store.search.count(parseQuery(q), { status: 'published' }), q).toBe(3);
      }
      expect((await ids(store, 'hòa bình')).sort()).toEqual([id.title, id.hoa].sort());
      expect((await ids(store, 'hoà bình')).sort()).toEqual([id.title, id.hoa].sort());
    });

    it('the query language: phrases, -exclusion, prefix*, OR', async () => {
      const { store, id } = await seed(backend);
      expect(await ids(store, '"phát triển đảng viên"')).toEqual([id.summary]);
      expect(await ids(store, '"đảng viên phát triển"')).toEqual([]);
      expect((await ids(store, 'dang vien -hoa')).sort()).toEqual([id.summary, id.body].sort());
      expect(await ids(store, 'phat*')).toEqual([id.summary]);
      expect(await ids(store, 'phấn*')).toEqual([id.other]);
      expect((await ids(store, 'phấn OR "hòa bình"')).sort()).toEqual([id.title, id.hoa, id.other].sort());
    });

    it('status, section and date filters', async () => {
      const { store, id } = await seed(backend);
      expect((await ids(store, 'dang vien', {})).sort()).toEqual([id.title, id.summary, id.body, id.draft].sort());
      expect(await ids(store, 'dang vien', { status: 'draft' })).toEqual([id.draft]);
      const kinhTe = (await store.sections.find('kinh-te'))!.id;
      expect(await ids(store, 'hoa binh', { status: 'published', sectionIds: [kinhTe] })).toEqual([id.hoa]);
      expect((await ids(store, 'dang vien', { status: 'published', since: T0 + 2 * DAY, until: T0 + 3 * DAY })).sort()).toEqual([id.summary, id.body].sort());
      expect(await store.search.count(parseQuery('dang vien'), { status: 'published', since: T0 + 2 * DAY })).toBe(2);
    });

    it('ranks the spelling typed first, then title over summary over body', async () => {
      const { store, id } = await seed(backend);
      // Marked: the two holding "đảng viên" as typed come before the unmarked body.
      expect(await ids(store, 'đảng viên')).toEqual([id.title, id.summary, id.body]);
      // Unmarked: no spelling to prefer; the title outranks the summary, the summary the body.
      expect(await ids(store, 'dang vien')).toEqual([id.title, id.summary, id.body]);
      const exact = await store.search.query({ query: parseQuery('đảng viên'), filter: { status: 'published' } });
      expect(exact.map((m) => m.exact)).toEqual([1, 1, 0]);
      expect((await store.search.spellingMatches(parseQuery('đảng viên'))).sort((a, b) => a - b)).toEqual([id.title!, id.summary!, id.draft!].sort((a, b) => a - b));
    });

    it('ties are broken by date, newest first, then by id, highest first; pages cut that order', async () => {
      const { store, id } = await seed(backend);
      const order = [id.twinSame, id.twinNew, id.twinOld];
      expect(await ids(store, 'lich tiep cong dan')).toEqual(order);
      const page = async (offset: number) => (await store.search.query({ query: parseQuery('lịch tiếp'), filter: { status: 'published' }, limit: 1, offset })).map((m) => m.id);
      expect([...(await page(0)), ...(await page(1)), ...(await page(2))]).toEqual(order);
      expect(await page(3)).toEqual([]);
    });

    it('page(): the total and a page of the same order as query() and count(), none past the end', async () => {
      const { store } = await seed(backend);
      for (const text of ['dang vien', 'đảng viên', 'lich tiep cong dan', 'khong co tu nay']) {
        const q = parseQuery(text);
        const filter = { status: 'published' as const };
        const total = await store.search.count(q, filter);
        const all = await store.search.query({ query: q, filter });
        for (const [limit, offset] of [[2, 0], [2, 2], [1, total], [5, total + 3]] as const) {
          const page = await store.search.page({ query: q, filter, limit, offset });
          expect(page, `${text} ${limit}@${offset}`).toEqual({ total, matches: all.slice(offset, offset + limit) });
        }
        expect(await store.search.page({ query: q, filter })).toEqual({ total, matches: all });
      }
    });

    it('page() with total: false: the same page, counted or not', async () => {
      const { store } = await seed(backend);
      const filter = { status: 'published' as const };
      for (const text of ['dang vien', 'đảng viên', 'lich tiep cong dan', 'khong co tu nay']) {
        const query = parseQuery(text);
        for (const [limit, offset] of [[2, 0], [2, 2], [1, 3], [5, 9]] as const) {
          const counted = await store.search.page({ query, filter, limit, offset });
          const page = await store.search.page({ query, filter, limit, offset, total: false });
          expect(page.matches, `${text} ${limit}@${offset}`).toEqual(counted.matches);
          // A backend may count anyway (in the same pass); what it says is then the total.
          if (page.total !== undefined) expect(page.total).toBe(counted.total);
        }
      }
    });

    it('searchArticles gives records, snippets with highlights and the total', async () => {
      const { store, id } = await seed(backend);
      const r = await searchArticles(store, 'phát triển', { perPage: 5 });
      expect(r.total).toBe(1);
      expect(r.items.map((h) => h.id)).toEqual([id.summary]);
      const hit = r.items[0]!;
      expect(hit.snippet).toContain('phát triển');
      expect(hit.highlights.length).toBeGreaterThan(0);
      expect(hit.score).toBeGreaterThan(1);
      expect('body' in hit).toBe(false);
    });
  });
}
