// What a search page reads ahead on PostgreSQL (its articles and the section slugs, in the same
// statement): the reads that follow it are answered from it only while nothing else has been
// sent on the connection; after a write, from this process or another, they ask the server.
import { describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { parseQuery } from '../../src/core/search-query.js';
import { searchArticles } from '../../src/search/search.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();

async function portal(): Promise<{ location: string; store: Store; ids: number[] }> {
  const location = server.newLocation();
  const store = await openStore(location, 'write');
  await store.settings.set({ title: 'Read ahead' });
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  const ids: number[] = [];
  for (const title of ['Lũ quét ở miền núi', 'Lũ quét lần hai', 'Đường về bản']) {
    ids.push((await addArticle(store, { section: 'tin-tuc', status: 'published', title, published_at: '2024-01-01T08:00:00+07:00' }, { now: FIXED_NOW })).id);
  }
  return { location, store, ids };
}

const page = (store: Store) => store.search.page({ query: parseQuery('lu quet'), filter: { status: 'published' }, limit: 10, offset: 0 });

describe('postgres: a search page reads its articles ahead', () => {
  it('gives the same records as reading them from the server', async () => {
    const { location, store } = await portal();
    const other = await openStore(location, 'read');
    try {
      const ahead = await searchArticles(store, 'lu quet', { perPage: 10 });
      const fresh = await searchArticles(other, 'lu quet', { perPage: 10 });
      expect(ahead.items.map((i) => i.id)).toHaveLength(2);
      expect(ahead).toEqual(fresh);
      const { matches } = await page(store);
      expect(await store.articles.findMany(matches.map((m) => m.id))).toEqual(await other.articles.findMany(matches.map((m) => m.id)));
      expect(await store.sectionSlugs()).toEqual(new Map([[1, 'tin-tuc']]));
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('asks the server again once another statement went out: a write here, a write elsewhere', async () => {
    const { location, store, ids } = await portal();
    const other = await openStore(location, 'write');
    try {
      const { matches } = await page(store);
      const hit = matches[0]!.id;
      // A write through this connection after the page.
      const row = (await store.articles.find(hit))!;
      await store.articles.update({ ...row, title: 'Lũ quét, tin mới' }, { at: FIXED_NOW, by: '', message: '' });
      expect((await store.articles.findMany([hit]))[0]!.title).toBe('Lũ quét, tin mới');

      // A section renamed by another process after a page: the slugs are read again.
      await page(store);
      await store.articles.find(ids[2]!); // any statement drops what was read ahead
      const section = (await other.sections.find('tin-tuc'))!;
      await other.sections.update(section.id, { slug: 'thoi-su', title: section.title, kind: section.kind, description: section.description });
      expect(await store.sectionSlugs()).toEqual(new Map([[section.id, 'thoi-su']]));
      // Ids the page did not hold are read from the server.
      expect((await store.articles.findMany([ids[2]!, hit])).map((a) => a.id)).toEqual([ids[2], hit]);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
