// Bulk writes to the search index (an import into an empty portal, reindex) turn FTS5's
// automerge off while they write and merge once at the end: the setting must be back at
// FTS5's default afterwards, whether the writes were committed or rolled back, and searches
// must find what was written.
import { describe, expect, it } from 'vitest';
import { addSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { freshStore } from '../helpers/db.js';
import { importText, ndjson } from '../importers/helpers.js';

/** The automerge of each FTS table as its config holds it (absent: FTS5's default, 4). */
function automerge(store: SqliteStore): number[] {
  const db = store.handle.db;
  return ['search_fts_config', 'search_spelling_config'].map((t) => (db.prepare(`SELECT v FROM ${t} WHERE k = 'automerge'`).pluck().get() as number | undefined) ?? 4);
}

async function portal(): Promise<SqliteStore> {
  const store = await freshStore();
  await addSection(store, { slug: 'tin-tuc', title: 'Tin tức' });
  return store;
}

const articles = (n: number, word: string) =>
  Array.from({ length: n }, (_, i) => ({ title: `Bài ${i} về ${word}`, body: `Nội dung số ${i}: ${word} ở Quế Phong.`, section: 'tin-tuc', status: 'published', published_at: '2024-05-01T08:00:00Z' }));

describe('bulk writes to the search index', () => {
  it('an import into an empty portal leaves automerge at its default, and finds every article', async () => {
    const store = await portal();
    expect(automerge(store)).toEqual([4, 4]);
    const r = await importText(store, ndjson(...articles(30, 'Mường Lát')));
    expect(r.inserted).toBe(30);
    expect(automerge(store)).toEqual([4, 4]);
    expect((await searchArticles(store, 'muong lat')).total).toBe(30);
    expect((await searchArticles(store, '"Mường Lát"')).total).toBe(30);
    expect(store.handle.index.verify()).toEqual([]);
  });

  it('an import stopped after the index was written to is rolled back with the setting as it was', async () => {
    const store = await portal();
    // 600 articles (the index is written 500 at a time), then a record refused: the caller's
    // handler of refusals throws, which stops the import and rolls it back.
    const input = ndjson(...articles(600, 'lũ quét'), { title: 'Lạc', section: 'khong-co' });
    const err = await importText(store, input, {
      onReject: () => {
        throw new Error('stop');
      },
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe('stop');
    expect(automerge(store)).toEqual([4, 4]);
    expect(await store.articles.count({})).toBe(0);
    expect((await searchArticles(store, 'lu quet')).total).toBe(0);
  });

  it('a rebuild turns automerge off while it writes, and back on when it merges', async () => {
    const store = await portal();
    await importText(store, ndjson(...articles(600, 'sạt lở')));
    const during: number[][] = [];
    store.handle.tx(() => store.handle.index.rebuild(() => during.push(automerge(store))));
    expect(during.length).toBeGreaterThan(0);
    for (const d of during) expect(d).toEqual([0, 0]);
    expect(automerge(store)).toEqual([4, 4]);
    expect((await searchArticles(store, 'sat lo')).total).toBe(600);
    expect(store.handle.index.verify()).toEqual([]);
  });
});
