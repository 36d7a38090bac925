// The unit of work: all of it or none of it, parts that fail alone, and units that take turns.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addArticle, removeArticles } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { StoreData } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, openAt, type BackendFactory } from './backend.js';

async function counts(store: StoreData): Promise<{ sections: number; articles: number; found: number; media: number }> {
  let media = 0;
  for await (const batch of store.media.batches()) media += batch.length;
  return {
    sections: (await store.sections.tree()).length,
    articles: await store.articles.count({}),
    found: await store.search.count(parseQuery('ruộng bậc thang'), {}),
    media,
  };
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export function unitsContract(backend: BackendFactory): void {
  describe(`${backend.name}: the unit of work`, () => {
    it('a unit that fails leaves nothing: rows, counts, search entries, media', async () => {
      const { store } = await freshPortal(backend);
      await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
      const before = await counts(store);
      await expect(
        store.transaction(async (tx) => {
          await addSection(tx, { title: 'Nông nghiệp', slug: 'nong-nghiep' });
          await addArticle(tx, { title: 'Mùa lúa trên ruộng bậc thang', section: 'nong-nghiep', status: 'published' }, { now: FIXED_NOW });
          await tx.media.put(PNG, 'image/png', FIXED_NOW);
          expect(await counts(tx)).toEqual({ sections: 2, articles: 1, found: 1, media: 1 });
          throw new Error('stopped halfway');
        }),
      ).rejects.toThrow('stopped halfway');
      expect(await counts(store)).toEqual(before);
      expect(await store.sections.find('nong-nghiep')).toBeUndefined();
      expect(await store.articles.slugTaken('mua-lua-tren-ruong-bac-thang')).toBe(false);
    });

    it('a failing operation inside a unit undoes only its own part (a savepoint)', async () => {
      const { store } = await freshPortal(backend);
      await store.transaction(async (tx) => {
        await addSection(tx, { title: 'Kinh tế', slug: 'kinh-te' });
        await addArticle(tx, { title: 'Chợ phiên vùng cao', section: 'kinh-te', status: 'published' }, { now: FIXED_NOW });
        await expect(
          tx.transaction(async (part) => {
            await addArticle(part, { title: 'Ruộng bậc thang mùa nước đổ', section: 'kinh-te', status: 'published' }, { now: FIXED_NOW });
            await addArticle(part, { title: 'Không có chuyên mục', section: 'khong-co' }, { now: FIXED_NOW });
          }),
        ).rejects.toThrow('no section "khong-co"');
        // The error reached us inside the unit: it goes on, and commits what it kept.
        await addArticle(tx, { title: 'Phiên chợ cuối năm', section: 'kinh-te' }, { now: FIXED_NOW });
      });
      const titles = (await store.articles.list({}, { field: 'title', desc: false })).map((a) => a.title);
      expect(titles).toEqual(['Chợ phiên vùng cao', 'Phiên chợ cuối năm']);
      expect(await store.search.count(parseQuery('ruộng bậc thang'), {})).toBe(0);
      expect(await store.articles.count({ status: 'published' })).toBe(1);
    });

    it('an operation that fails on its own leaves nothing (remove names one missing article)', async () => {
      const { store } = await freshPortal(backend);
      await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
      const a = await addArticle(store, { title: 'Một', section: 'kinh-te' }, { now: FIXED_NOW });
      await expect(removeArticles(store, [String(a.id), '999'])).rejects.toThrow('no article "999"');
      expect(await store.articles.find(a.id)).toMatchObject({ id: a.id, title: 'Một' });
    });

    it('units of one store that run at once take turns: read-then-write loses nothing', async () => {
      const { store } = await freshPortal(backend);
      await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
      // Each unit reads the count, yields, then writes an article named after what it read:
      // interleaved without turns, two would read the same count.
      const units = Array.from({ length: 8 }, () =>
        store.transaction(async (tx) => {
          const n = await tx.articles.count({});
          await new Promise((r) => setTimeout(r, 2));
          await addArticle(tx, { title: `Bài thứ ${n + 1}`, slug: `bai-${n + 1}`, section: 'kinh-te' }, { now: FIXED_NOW });
        }),
      );
      await Promise.all(units);
      const slugs = (await store.articles.list({}, { field: 'slug', desc: false })).map((a) => a.slug);
      expect(slugs).toEqual(['bai-1', 'bai-2', 'bai-3', 'bai-4', 'bai-5', 'bai-6', 'bai-7', 'bai-8']);
    });

    it('settings written in a unit are what site() reads after it, also on another connection', async () => {
      const { store, location } = await freshPortal(backend);
      expect((await store.site()).per_page).toBe(10);
      await store.transaction(async (tx) => {
        await tx.settings.set({ per_page: 25, title: 'Cổng thông tin xã Bình Minh' });
      });
      expect(await store.site()).toMatchObject({ per_page: 25, title: 'Cổng thông tin xã Bình Minh' });
      const other = await openAt(location, 'read');
      expect(await other.site()).toMatchObject({ per_page: 25, title: 'Cổng thông tin xã Bình Minh' });
      expect(await other.settings.isInitialised()).toBe(true);
      await store.settings.set({ base_url: 'https://binhminh.example.vn/' });
      expect((await store.site()).base_url).toBe('https://binhminh.example.vn/');
      await store.settings.set({ base_url: null });
      expect((await store.site()).base_url).toBeNull();
    });
  });
}
