// The statements a listing sends on every call are kept prepared on PostgreSQL, planned once:
// a second page is neither parsed nor planned again, the session's planning is left as it was,
// and a prepared statement the server never received (its parse refused in a failed
// transaction) is parsed again on the next call instead of failing ever after (the driver
// forgets a named statement whose first use failed).
import { describe, expect, it } from 'vitest';
import type { Client } from 'pg';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { parseQuery } from '../../src/core/search-query.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const NEWEST = { field: 'default', desc: true } as const;

function clientOf(store: Store): Client {
  return (store as unknown as { conn: { client: Client } }).conn.client;
}

async function portal(): Promise<Store> {
  const store = await openStore(server.newLocation(), 'write');
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  for (let i = 0; i < 7; i++) {
    await addArticle(store, { section: 'tin-tuc', status: i % 3 ? 'published' : 'draft', title: `Bài ${i}`, body: `Nội dung ${i}`, published_at: '2024-01-01T08:00:00+07:00' }, { now: FIXED_NOW + i });
  }
  return store;
}

describe('postgres: the statements of a listing, prepared', () => {
  it('plans a page once for every call, and leaves the session planning as before', async () => {
    const store = await portal();
    try {
      const client = clientOf(store);
      const mode = async () => (await client.query<{ m: string }>("SELECT current_setting('plan_cache_mode') AS m")).rows[0]!.m;
      expect(await mode()).toBe('auto');
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push(await store.snapshot((r) => r.articles.page({ status: 'published' }, NEWEST, { limit: 2, offset: (i % 2) * 2 })));
      expect(pages.map((p) => p.total)).toEqual([4, 4, 4, 4]);
      expect(pages[0]!.rows.map((r) => r.title)).toEqual(['Bài 5', 'Bài 4']);
      expect(await mode()).toBe('auto');
      const { rows } = await client.query<{ statement: string; generic_plans: string; custom_plans: string }>(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM articles%'",
      );
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.generic_plans)).toBeGreaterThanOrEqual(4);
      expect(Number(rows[0]!.custom_plans)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('leaves a filter whose values change the plan (an author, dates) to be planned for its values', async () => {
    const store = await portal();
    try {
      const page = await store.articles.page({ author: '', since: 0 }, NEWEST, { limit: 3, offset: 0 });
      expect(page.total).toBe(7);
      const { rows } = await clientOf(store).query("SELECT 1 FROM pg_prepared_statements WHERE statement LIKE '%author =%'");
      expect(rows).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('parses a statement again after its first parse was refused in a failed transaction', async () => {
    const store = await portal();
    try {
      // The section id out of bigint's range fails the snapshot; the page sent behind it in
      // the same round trip is refused by the server before it is even parsed.
      const failed = await store
        .snapshot(async (r) => {
          const bad = r.search.page({ query: parseQuery('bai'), filter: { sectionIds: [2 ** 70] }, limit: 10, offset: 0 });
          const page = r.articles.page({}, NEWEST, { limit: 3, offset: 0 });
          const settled = await Promise.allSettled([bad, page]);
          return settled.map((s) => s.status);
        })
        .catch((err: Error) => err.message);
      expect(failed).toEqual(['rejected', 'rejected']);
      const all = (await store.articles.list({}, NEWEST)).map((r) => r.id);
      const page = await store.snapshot((r) => r.articles.page({}, NEWEST, { limit: 3, offset: 0 }));
      expect(page.total).toBe(7);
      expect(page.rows.map((r) => r.id)).toEqual(all.slice(0, 3));
      // And once more, now prepared on the server.
      expect((await store.articles.page({}, NEWEST, { limit: 3, offset: 3 })).rows.map((r) => r.id)).toEqual(all.slice(3, 6));
    } finally {
      await store.close();
    }
  });
});
