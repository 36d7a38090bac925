// A search's statements on PostgreSQL are planned without sequential scans (and without JIT):
// the settings go back to the session's own right after each, whether the search was alone,
// in a snapshot, or failed, so that no other statement of the connection is planned so.
import { describe, expect, it } from 'vitest';
import type { Client } from 'pg';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { parseQuery } from '../../src/core/search-query.js';
import { searchArticles, searchCount } from '../../src/search/search.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();

/** The settings of the store's own session, read on its connection. */
async function settings(store: Store): Promise<{ seq: string; jit: string }> {
  const client = (store as unknown as { conn: { client: Client } }).conn.client;
  const { rows } = await client.query<{ seq: string; jit: string }>("SELECT current_setting('enable_seqscan') AS seq, current_setting('jit') AS jit");
  return rows[0]!;
}

describe('postgres: the planning of a search', () => {
  it('leaves the session as it found it: after a page, a count, in a snapshot, after a failure', async () => {
    const store = await openStore(server.newLocation(), 'write');
    try {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (const title of ['Lũ quét ở miền núi', 'Lũ quét lần hai', 'Đường về bản']) {
        await addArticle(store, { section: 'tin-tuc', status: 'published', title, published_at: '2024-01-01T08:00:00+07:00' }, { now: FIXED_NOW });
      }
      const before = await settings(store);
      expect(before.seq).toBe('on');
      expect((await searchArticles(store, 'lu quet', { perPage: 10 })).total).toBe(2);
      expect(await settings(store)).toEqual(before);
      expect(await searchCount(store, 'lũ')).toBe(2);
      expect(await settings(store)).toEqual(before);
      const inSnapshot = await store.snapshot(async (r) => {
        const { total } = await r.search.page({ query: parseQuery('duong'), filter: { status: 'published' }, limit: 10, offset: 0 });
        return { total, during: await settings(store) };
      });
      expect(inSnapshot).toEqual({ total: 1, during: before });
      // A statement the server refuses (a section id out of bigint's range) in a snapshot.
      await expect(store.snapshot((r) => r.search.page({ query: parseQuery('lu'), filter: { sectionIds: [2 ** 70] }, limit: 10, offset: 0 }))).rejects.toThrow();
      expect(await settings(store)).toEqual(before);
      await expect(store.search.page({ query: parseQuery('lu'), filter: { sectionIds: [2 ** 70] }, limit: 10, offset: 0 })).rejects.toThrow();
      expect(await settings(store)).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
