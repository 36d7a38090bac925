// Pages of `article list` past the middle may be read from the other end (ListWindow.total):
// every page, for every order and filter, must be the same slice of the full list.
import { describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { ArticleFilter, SortField } from '../../src/store/rows.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, type BackendFactory } from './backend.js';

export function articlePagesContract(backend: BackendFactory): void {
  /** Two sections and `n` articles: drafts, some without a date; dates and titles that tie. */
  async function portal(n: number): Promise<{ store: Store; xaHoi: { id: number } }> {
    const { store } = await freshPortal(backend);
    await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
    const xaHoi = await addSection(store, { title: 'Xã hội', slug: 'xa-hoi' });
    for (let i = 0; i < n; i++) {
      const draft = i % 5 === 0;
      await addArticle(
        store,
        {
          title: `Bài ${i % 7} số ${i}`,
          section: i % 3 ? 'kinh-te' : 'xa-hoi',
          author: `Tác giả ${i % 4}`,
          status: draft ? 'draft' : 'published',
          // Same dates on purpose (ties broken by id); some drafts have no date.
          ...(draft && i % 2 ? {} : { published_at: new Date(Date.UTC(2024, 0, 1 + (i % 9))).toISOString() }),
        },
        { now: FIXED_NOW + i * 1000 },
      );
    }
    return { store, xaHoi };
  }

  describe(`${backend.name}: article pages read from either end`, () => {
    it('give the slices of the full list, drafts without a date included', async () => {
      const { store, xaHoi } = await portal(37);
      const fields: SortField[] = ['default', 'published_at', 'updated_at', 'title', 'author', 'id'];
      // The second section (id 2 in a new SQLite file), by its id whatever the backend numbers it.
      const filters: ArticleFilter[] = [{}, { status: 'draft' }, { status: 'published' }, { sectionIds: [xaHoi.id] }];
      for (const field of fields)
        for (const desc of [true, false])
          for (const filter of filters) {
            const total = await store.articles.count(filter);
            const all = (await store.articles.list(filter, { field, desc })).map((r) => r.id);
            expect(all).toHaveLength(total);
            for (const perPage of [1, 4, 10])
              for (let page = 1; page <= Math.ceil(total / perPage) + 1; page++) {
                const offset = (page - 1) * perPage;
                const got = (await store.articles.list(filter, { field, desc }, { limit: perPage, offset, total })).map((r) => r.id);
                expect(got, `${field} ${desc ? 'desc' : 'asc'} ${JSON.stringify(filter)} page ${page} of ${perPage}`).toEqual(all.slice(offset, offset + perPage));
              }
          }
    });

    it('page() gives the count and the same slice, past the end too, for kept and counted filters alike', async () => {
      const { store, xaHoi } = await portal(23);
      const filters: ArticleFilter[] = [
        {},
        { status: 'draft' },
        { sectionIds: [xaHoi.id], status: 'published' },
        { author: 'Tác giả 1' },
        { since: Date.UTC(2024, 0, 4), until: Date.UTC(2024, 0, 7) },
        { author: 'nobody' },
      ];
      for (const field of ['default', 'published_at', 'title'] as SortField[])
        for (const desc of [true, false])
          for (const filter of filters) {
            const all = (await store.articles.list(filter, { field, desc })).map((r) => r.id);
            for (const perPage of [1, 3, 10])
              for (let page = 1; page <= Math.ceil(all.length / perPage) + 2; page++) {
                const offset = (page - 1) * perPage;
                const got = await store.articles.page(filter, { field, desc }, { limit: perPage, offset });
                const what = `${field} ${desc ? 'desc' : 'asc'} ${JSON.stringify(filter)} page ${page} of ${perPage}`;
                expect(got.total, what).toBe(all.length);
                expect(got.rows.map((r) => r.id), what).toEqual(all.slice(offset, offset + perPage));
              }
          }
      // Whole rows, as list gives them.
      const [first] = (await store.articles.page({}, { field: 'default', desc: true }, { limit: 1, offset: 0 })).rows;
      expect(first).toEqual((await store.articles.list({}, { field: 'default', desc: true }, { limit: 1, offset: 0 }))[0]);
    });

    it('page() without the body gives the same rows, each body as it is or left empty', async () => {
      const { store, xaHoi } = await portal(12);
      await store.articles.update({ ...(await store.articles.find(3))!, body: 'Nội dung dài của bài', updated_at: FIXED_NOW }, { at: FIXED_NOW, by: '', message: '' });
      for (const filter of [{}, { status: 'published' as const }, { sectionIds: [xaHoi.id] }])
        for (const offset of [0, 5, 11, 20]) {
          const sort = { field: 'default' as const, desc: true };
          const whole = await store.articles.page(filter, sort, { limit: 5, offset });
          const bare = await store.articles.page(filter, sort, { limit: 5, offset }, { body: false });
          expect(bare.total).toBe(whole.total);
          expect(bare.rows).toHaveLength(whole.rows.length);
          bare.rows.forEach((row, i) => {
            expect([whole.rows[i]!.body, '']).toContain(row.body);
            expect({ ...row, body: whole.rows[i]!.body }).toEqual(whole.rows[i]);
          });
        }
      // Asked for, the body is always there.
      const withBody = await store.articles.page({}, { field: 'id', desc: false }, { limit: 12, offset: 0 }, { body: true });
      expect(withBody.rows.find((r) => r.id === 3)!.body).toBe('Nội dung dài của bài');
    });
  });
}
