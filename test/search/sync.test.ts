// The index stays in step with every write (through src/ops/articles.ts), rolls back with its
// transaction, is rebuilt by reindex, is filled by the migration, and check finds its faults.
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArticle, editArticle, publishArticle, removeArticles, unpublishArticle } from '../../src/ops/articles.js';
import { addSection, removeSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import { APPLICATION_ID } from '../../src/store/sqlite/db.js';
import { indexEntry, textHash, type IndexedRow } from '../../src/store/sqlite/fts.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { StoreData } from '../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';
import { ARTICLES, loadCorpus } from './corpus.js';

const opts = { now: FIXED_NOW };
const found = async (store: StoreData, q: string): Promise<number[]> =>
  (await searchArticles(store, q, { all: true, status: 'all' })).items.map((i) => i.id).sort((a, b) => a - b);

// Sections of their own, beside those loadCorpus adds.
async function setup(): Promise<SqliteStore> {
  const store = await freshStore();
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  await addSection(store, { title: 'Thời sự', slug: 'thoi-su' });
  return store;
}

describe('kept in step with the articles', () => {
  it('on add, edit, publish, unpublish and remove', async () => {
    const store = await setup();
    const id = (await addArticle(store, { title: 'Lũ quét ở Mường Lát', section: 'tin-tuc', status: 'draft' }, opts)).id;
    expect(await found(store, 'lu quet')).toEqual([id]);
    expect((await searchArticles(store, 'lu quet')).total).toBe(0); // a draft: not in the default search

    await publishArticle(store, String(id), undefined, opts);
    expect((await searchArticles(store, 'lu quet')).items.map((i) => i.id)).toEqual([id]);

    await editArticle(store, String(id), { title: 'Sạt lở đất ở Mường Lát', body: 'Đường bị chia cắt.' }, opts);
    expect(await found(store, 'lu quet')).toEqual([]);
    expect(await found(store, 'sat lo')).toEqual([id]);
    expect(await found(store, '"chia cat"')).toEqual([id]);

    await editArticle(store, String(id), { author: 'Đức Anh', source: 'Báo Thanh Hóa', summary: 'Tóm tắt' }, opts);
    expect(await found(store, 'duc anh')).toEqual([id]);
    expect(await found(store, 'thanh hoa')).toEqual([id]);
    expect(await found(store, 'tom tat')).toEqual([id]);

    await unpublishArticle(store, String(id), opts);
    expect((await searchArticles(store, 'sat lo')).total).toBe(0);
    expect(await found(store, 'sat lo')).toEqual([id]);

    await removeArticles(store, [String(id)]);
    expect(await found(store, 'sat lo')).toEqual([]);
    expect(store.handle.index.verify()).toEqual([]);
  });

  it('when articles move with a removed section', async () => {
    const store = await setup();
    const id = (await addArticle(store, { title: 'Bão số 3', section: 'thoi-su', status: 'published' }, opts)).id;
    await removeSection(store, 'thoi-su', 'tin-tuc', FIXED_NOW);
    const section = await store.sections.subtreeIds((await store.sections.find('tin-tuc'))!.id);
    expect((await searchArticles(store, 'bao', { sectionIds: section })).items.map((i) => i.id)).toEqual([id]);
    expect(store.handle.index.verify()).toEqual([]);
  });

  it('rolls back with the write that failed', async () => {
    const store = await setup();
    await expect(
      store.transaction(async (tx) => {
        await addArticle(tx, { title: 'Không bao giờ lưu', section: 'tin-tuc' }, opts);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await found(store, 'khong bao gio')).toEqual([]);
    expect(store.handle.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(0);
    expect(store.handle.index.verify()).toEqual([]);
  });

  it('files a draft under minus its id, refiles it when published, and re-indexes nothing else that did not change', async () => {
    const store = await setup();
    const id = (await addArticle(store, { title: 'Hội nghị', section: 'tin-tuc', status: 'draft' }, opts)).id;
    const index = store.handle.index;
    const db = store.handle.db;
    const entry = (): { id: number; hash: string } | undefined =>
      db.prepare<[number, number], { id: number; hash: string }>('SELECT id, hash FROM search_docs WHERE id IN (?, ?)').get(id, -id);
    const before = entry();
    expect(before?.id).toBe(-id);
    let inserts = 0;
    db.function('count_insert', () => ++inserts);
    db.exec('CREATE TEMP TRIGGER count_docs AFTER INSERT ON search_docs BEGIN SELECT count_insert(); END');
    await publishArticle(store, String(id), undefined, opts);
    expect(inserts).toBe(1);
    expect(entry()).toEqual({ id, hash: before!.hash });
    await editArticle(store, String(id), { published_at: '2024-05-01T08:00:00+07:00', section: 'thoi-su' }, opts);
    expect(inserts).toBe(1); // a new date and section: the text and status are what is indexed
    await editArticle(store, String(id), { title: 'Hội nghị lần hai' }, opts);
    expect(inserts).toBe(2);
    expect(entry()?.hash).not.toBe(before!.hash);
    await unpublishArticle(store, String(id), opts);
    expect(entry()?.id).toBe(-id);
    expect(db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(1);
    expect(index.verify()).toEqual([]);
  });
});

describe('reindex and check', () => {
  it('rebuilds to the same results', async () => {
    const store = await setup();
    await loadCorpus(store);
    const queries = ['dang vien', 'Hòa', 'kinh*', '"nong thon moi"', 'lu OR bao -lut'];
    const results = async (): Promise<Array<Array<[number, number]>>> => {
      const out: Array<Array<[number, number]>> = [];
      for (const q of queries) out.push((await searchArticles(store, q, { all: true, status: 'all' })).items.map((i) => [i.id, i.score]));
      return out;
    };
    const before = await results();
    const n = store.handle.tx(() => store.handle.index.rebuild());
    expect(n).toBe(ARTICLES.length);
    const after = await results();
    expect(after).toEqual(before);
    expect(store.handle.index.verify()).toEqual([]);
  });

  it('finds articles missing from the index, entries of no article, and stale entries', async () => {
    const store = await setup();
    const a = (await addArticle(store, { title: 'Một', section: 'tin-tuc', status: 'published' }, opts)).id;
    const b = (await addArticle(store, { title: 'Hai', section: 'tin-tuc', status: 'published' }, opts)).id;
    const c = (await addArticle(store, { title: 'Bốn', section: 'tin-tuc', status: 'published' }, opts)).id;
    const index = store.handle.index;
    const db = store.handle.db;
    // Writes that bypass the repository (a hand-made restore, an old tool).
    db.prepare('DELETE FROM search_docs WHERE id = ?').run(a);
    db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(a);
    db.prepare('DELETE FROM search_spelling WHERE rowid = ?').run(a);
    db.prepare("UPDATE articles SET title = 'Ba' WHERE id = ?").run(b);
    db.prepare('INSERT INTO search_docs (id, hash) VALUES (999, ?)').run('x');
    db.prepare("UPDATE articles SET status = 'draft' WHERE id = ?").run(c);
    const problems = index.verify();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 article is not indexed/),
        expect.stringMatching(/^1 article is indexed under the other status/),
        expect.stringMatching(/^1 entry belongs to no article/),
        expect.stringMatching(/^1 article has changed since/),
        expect.stringMatching(/search_fts is out of step/),
      ]),
    );
    expect(problems.every((p) => p.includes('newsdesk reindex'))).toBe(true);
    expect(await found(store, 'ba')).toEqual([]);

    store.handle.tx(() => index.rebuild());
    expect(index.verify()).toEqual([]);
    expect(await found(store, 'mot')).toEqual([a]);
    expect(await found(store, 'ba')).toEqual([b]);
    expect((await searchArticles(store, 'bon')).total).toBe(0); // a draft now
  });

  it('reports its size against the text it indexes', async () => {
    const store = await setup();
    await loadCorpus(store);
    const size = store.handle.index.size();
    expect(size.articles).toBe(ARTICLES.length);
    expect(size.textBytes).toBeGreaterThan(3000);
    expect(size.indexBytes).toBeGreaterThan(0);
  });

  it('refiles the entries of drafts when a database of schema 2 is upgraded', async () => {
    const path = join(tempDir(), 'v2.db');
    const raw = new BetterSqlite3(path);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    MIGRATIONS[0]!.up(raw);
    MIGRATIONS[1]!.up(raw);
    raw.pragma('user_version = 2');
    raw.prepare("INSERT INTO sections (id, slug, title, kind, position) VALUES (1, 'tin-tuc', 'Tin tức', 'articles', 1)").run();
    const insert = raw.prepare(
      `INSERT INTO articles (id, slug, title, body, section_id, status, published_at, created_at, updated_at) VALUES (?, ?, ?, 'Lễ kết nạp tại chi bộ.', 1, ?, 1, 1, 1)`,
    );
    insert.run(1, 'ket-nap', 'Kết nạp đảng viên mới', 'published');
    insert.run(2, 'du-thao', 'Dự thảo kết nạp đảng viên', 'draft');
    // Schema 2 filed every article under its id, drafts included.
    for (const a of raw.prepare<[], IndexedRow>("SELECT id, status, title, summary, body, author, source FROM articles").all()) {
      const e = indexEntry(a);
      raw.prepare('INSERT INTO search_fts (rowid, title, summary, body, author, source) VALUES (?, ?, ?, ?, ?, ?)').run(a.id, ...e.folded);
      raw.prepare('INSERT INTO search_spelling (rowid, tokens) VALUES (?, ?)').run(a.id, e.spelling);
      raw.prepare('INSERT INTO search_docs (id, hash) VALUES (?, ?)').run(a.id, textHash(a));
    }
    raw.close();
    const store = await SqliteStore.open(path, 'write');
    try {
      expect(store.handle.db.prepare('SELECT id FROM search_docs ORDER BY id').pluck().all()).toEqual([-2, 1]);
      expect((await searchArticles(store, 'dang vien')).items.map((i) => i.slug)).toEqual(['ket-nap']);
      expect((await searchArticles(store, 'dang vien', { status: 'all' })).items.map((i) => i.slug).sort()).toEqual(['du-thao', 'ket-nap']);
      expect(store.handle.index.verify()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('is filled by the migration when an older database is upgraded', async () => {
    const path = join(tempDir(), 'v1.db');
    const raw = new BetterSqlite3(path);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    MIGRATIONS[0]!.up(raw);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO sections (id, slug, title, kind, position) VALUES (1, 'tin-tuc', 'Tin tức', 'articles', 1)").run();
    raw.prepare(
      `INSERT INTO articles (slug, title, body, section_id, status, published_at, created_at, updated_at)
       VALUES ('dang-vien', 'Kết nạp đảng viên mới', 'Lễ kết nạp tại chi bộ.', 1, 'published', 1, 1, 1)`,
    ).run();
    raw.close();
    const store = await SqliteStore.open(path, 'write');
    try {
      expect(store.handle.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
      expect((await searchArticles(store, 'dang vien')).items.map((i) => i.slug)).toEqual(['dang-vien']);
      expect(store.handle.index.verify()).toEqual([]);
      // Migration 4 counted the articles already there.
      expect(await store.articles.count({ status: 'published' })).toBe(1);
      expect(store.handle.articles.countProblems()).toEqual([]);
      // Migration 6 gave it its revision 1, and the whole store checks out.
      expect((await store.history.list(1)).map((r) => r.number)).toEqual([1]);
      expect((await store.check()).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
