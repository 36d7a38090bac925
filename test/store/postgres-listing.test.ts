// A page of `article list` on PostgreSQL: the page, its count and the section slugs come in one
// statement (one snapshot by itself), the slugs taken from it only by a read asked for in the
// same breath; a snapshot's reader, made once per store, keeps nothing from one snapshot to the
// next.
import { describe, expect, it } from 'vitest';
import type { Client } from 'pg';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const NEWEST = { field: 'default', desc: true } as const;

function clientOf(store: Store): Client {
  return (store as unknown as { conn: { client: Client } }).conn.client;
}

/** The text of every statement the store sends from now on. */
function recordStatements(store: Store): string[] {
  const client = clientOf(store) as unknown as { query: (...a: unknown[]) => unknown };
  const sent: string[] = [];
  const query = client.query.bind(client);
  client.query = (config: unknown, ...rest: unknown[]) => {
    sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
    return query(config, ...rest);
  };
  return sent;
}

async function portal(): Promise<{ location: string; store: Store }> {
  const location = server.newLocation();
  const store = await openStore(location, 'write');
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  await addSection(store, { title: 'Thể thao', slug: 'the-thao' });
  for (let i = 0; i < 5; i++) {
    await addArticle(store, { section: i % 2 ? 'the-thao' : 'tin-tuc', status: 'published', title: `Bài ${i}`, body: `Nội dung ${i}`, published_at: '2024-01-01T08:00:00+07:00' }, { now: FIXED_NOW + i });
  }
  return { location, store };
}

const listing = (store: Store, offset: number) =>
  store.snapshot(async (r) => {
    const [slugs, page] = await Promise.all([r.sectionSlugs(), r.articles.page({}, NEWEST, { limit: 2, offset }, { body: false })]);
    return { slugs, ...page };
  });

describe('postgres: a page of article list in one statement', () => {
  it('reads the page, its count and the slugs in one statement, the same as read apart', async () => {
    const { location, store } = await portal();
    const other = await openStore(location, 'read');
    try {
      const sent = recordStatements(store);
      const first = await listing(store, 0);
      const reads = sent.filter((s) => /^\s*(WITH|SELECT)/.test(s));
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatch(/FROM sections/);
      expect(first.slugs).toEqual(await other.sectionSlugs());
      expect(first.total).toBe(5);
      const all = await other.articles.list({}, NEWEST);
      expect(first.rows).toEqual(all.slice(0, 2).map((r) => ({ ...r, body: '' })));
      // The last page, read from the end, and a page past it: the count still, no rows.
      const last = await listing(store, 4);
      expect(last.rows).toEqual(all.slice(4).map((r) => ({ ...r, body: '' })));
      expect(last.slugs).toEqual(first.slugs);
      expect(await listing(store, 10)).toEqual({ slugs: first.slugs, total: 5, rows: [] });
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('gives slugs as they are now: a section added elsewhere between two pages is there', async () => {
    const { location, store } = await portal();
    const other = await openStore(location, 'write');
    try {
      await listing(store, 0);
      await addSection(other, { title: 'Giáo dục', slug: 'giao-duc' });
      const { slugs } = await listing(store, 0);
      expect([...slugs.values()].sort()).toEqual(['giao-duc', 'the-thao', 'tin-tuc']);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('reads the slugs itself when no page goes out with it, or the page went out before', async () => {
    const { store } = await portal();
    try {
      const expected = new Map([
        [1, 'tin-tuc'],
        [2, 'the-thao'],
      ]);
      const sent = recordStatements(store);
      expect(await store.sectionSlugs()).toEqual(expected);
      expect(sent.at(-1)).toMatch(/FROM sections ORDER BY position/);
      const [page, slugs] = await store.snapshot((r) => Promise.all([r.articles.page({}, NEWEST, { limit: 2, offset: 0 }), r.sectionSlugs()]));
      expect(page.total).toBe(5);
      expect(slugs).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('fails the slugs with the page when the statement fails', async () => {
    const { store } = await portal();
    try {
      // Both settled: the slugs' read must reject with the page's error, not hang or resolve.
      const [slugs, page] = await store.snapshot((r) => Promise.allSettled([r.sectionSlugs(), r.articles.page({ sectionIds: [2 ** 70] }, NEWEST, { limit: 2, offset: 0 })]));
      expect(page.status).toBe('rejected');
      expect(slugs.status).toBe('rejected');
      expect((slugs as PromiseRejectedResult).reason).toBe((page as PromiseRejectedResult).reason);
      // The connection is usable after it, and the next listing is whole.
      expect((await listing(store, 0)).total).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('never takes the slugs of a page read before: a section added since is there', async () => {
    const { location, store } = await portal();
    const other = await openStore(location, 'write');
    try {
      await store.articles.page({}, NEWEST, { limit: 2, offset: 0 });
      await addSection(other, { title: 'Giáo dục', slug: 'giao-duc' });
      expect([...(await store.sectionSlugs()).values()].sort()).toEqual(['giao-duc', 'the-thao', 'tin-tuc']);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('brings only the slugs of the sections the menu holds: a loop of parents made outside newsdesk is left out, as read apart', async () => {
    const { store } = await portal();
    try {
      await addSection(store, { title: 'Con', slug: 'con', parent: 'the-thao' });
      const apart = await store.sectionSlugs();
      // Two sections each the other's parent: no longer reachable from the top.
      await clientOf(store).query('UPDATE sections SET parent_id = (SELECT id FROM sections WHERE slug = $1) WHERE slug = $2', ['con', 'the-thao']);
      const after = await store.sectionSlugs();
      expect([...after.values()]).toEqual(['tin-tuc']);
      expect((await listing(store, 0)).slugs).toEqual(after);
      expect(apart.size).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('forgets from one snapshot to the next what the reader learnt of slugs', async () => {
    const { location, store } = await portal();
    const other = await openStore(location, 'write');
    try {
      expect(await store.snapshot((r) => r.articles.slugTaken('bai-moi'))).toBe(false);
      await addArticle(other, { section: 'tin-tuc', title: 'Bài mới', slug: 'bai-moi' }, { now: FIXED_NOW });
      expect(await store.snapshot((r) => r.articles.slugTaken('bai-moi'))).toBe(true);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
