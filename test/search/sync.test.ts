// The index stays in step with every write (through src/ops/articles.ts), rolls back with its
// transaction, is rebuilt by reindex, is filled by the migration, and check finds its faults.
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArticle, editArticle, publishArticle, removeArticles, unpublishArticle } from '../../src/ops/articles.js';
import { addSection, removeSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import { APPLICATION_ID } from '../../src/store/db.js';
import { searchIndexOf } from '../../src/store/fts.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';
import { ARTICLES, loadCorpus } from './corpus.js';

const opts = { now: FIXED_NOW };
const found = (store: Store, q: string): number[] => searchArticles(store, q, { all: true, status: 'all' }).items.map((i) => i.id).sort((a, b) => a - b);

// Sections of their own, beside those loadCorpus adds.
function setup(): Store {
  const store = freshStore();
  addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  addSection(store, { title: 'Thời sự', slug: 'thoi-su' });
  return store;
}

describe('kept in step with the articles', () => {
  it('on add, edit, publish, unpublish and remove', () => {
    const store = setup();
    const id = addArticle(store, { title: 'Lũ quét ở Mường Lát', section: 'tin-tuc', status: 'draft' }, opts).id;
    expect(found(store, 'lu quet')).toEqual([id]);
    expect(searchArticles(store, 'lu quet').total).toBe(0); // a draft: not in the default search

    publishArticle(store, String(id), undefined, opts);
    expect(searchArticles(store, 'lu quet').items.map((i) => i.id)).toEqual([id]);

    editArticle(store, String(id), { title: 'Sạt lở đất ở Mường Lát', body: 'Đường bị chia cắt.' }, opts);
    expect(found(store, 'lu quet')).toEqual([]);
    expect(found(store, 'sat lo')).toEqual([id]);
    expect(found(store, '"chia cat"')).toEqual([id]);

    editArticle(store, String(id), { author: 'Đức Anh', source: 'Báo Thanh Hóa', summary: 'Tóm tắt' }, opts);
    expect(found(store, 'duc anh')).toEqual([id]);
    expect(found(store, 'thanh hoa')).toEqual([id]);
    expect(found(store, 'tom tat')).toEqual([id]);

    unpublishArticle(store, String(id), opts);
    expect(searchArticles(store, 'sat lo').total).toBe(0);
    expect(found(store, 'sat lo')).toEqual([id]);

    removeArticles(store, [String(id)]);
    expect(found(store, 'sat lo')).toEqual([]);
    expect(searchIndexOf(store.db).verify()).toEqual([]);
  });

  it('when articles move with a removed section', () => {
    const store = setup();
    const id = addArticle(store, { title: 'Bão số 3', section: 'thoi-su', status: 'published' }, opts).id;
    removeSection(store, 'thoi-su', 'tin-tuc', FIXED_NOW);
    const section = store.sections.subtreeIds(store.sections.find('tin-tuc')!.id);
    expect(searchArticles(store, 'bao', { sectionIds: section }).items.map((i) => i.id)).toEqual([id]);
    expect(searchIndexOf(store.db).verify()).toEqual([]);
  });

  it('rolls back with the write that failed', () => {
    const store = setup();
    expect(() =>
      store.tx(() => {
        addArticle(store, { title: 'Không bao giờ lưu', section: 'tin-tuc' }, opts);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(found(store, 'khong bao gio')).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(0);
    expect(searchIndexOf(store.db).verify()).toEqual([]);
  });

  it('does not re-index text that did not change (publish keeps the same entry)', () => {
    const store = setup();
    const id = addArticle(store, { title: 'Hội nghị', section: 'tin-tuc' }, opts).id;
    const index = searchIndexOf(store.db);
    const before = store.db.prepare('SELECT hash FROM search_docs WHERE id = ?').pluck().get(id);
    let inserts = 0;
    store.db.function('count_insert', () => ++inserts);
    store.db.exec('CREATE TEMP TRIGGER count_docs AFTER INSERT ON search_docs BEGIN SELECT count_insert(); END');
    publishArticle(store, String(id), undefined, opts);
    expect(inserts).toBe(0);
    editArticle(store, String(id), { title: 'Hội nghị lần hai' }, opts);
    expect(inserts).toBe(1);
    expect(store.db.prepare('SELECT hash FROM search_docs WHERE id = ?').pluck().get(id)).not.toBe(before);
    expect(index.verify()).toEqual([]);
  });
});

describe('reindex and check', () => {
  it('rebuilds to the same results', () => {
    const store = setup();
    loadCorpus(store);
    const queries = ['dang vien', 'Hòa', 'kinh*', '"nong thon moi"', 'lu OR bao -lut'];
    const before = queries.map((q) => searchArticles(store, q, { all: true, status: 'all' }).items.map((i) => [i.id, i.score]));
    const n = store.tx(() => searchIndexOf(store.db).rebuild());
    expect(n).toBe(ARTICLES.length);
    const after = queries.map((q) => searchArticles(store, q, { all: true, status: 'all' }).items.map((i) => [i.id, i.score]));
    expect(after).toEqual(before);
    expect(searchIndexOf(store.db).verify()).toEqual([]);
  });

  it('finds articles missing from the index, entries of no article, and stale entries', () => {
    const store = setup();
    const a = addArticle(store, { title: 'Một', section: 'tin-tuc' }, opts).id;
    const b = addArticle(store, { title: 'Hai', section: 'tin-tuc' }, opts).id;
    const index = searchIndexOf(store.db);
    const db = store.db;
    // Writes that bypass the repository (a hand-made restore, an old tool).
    db.prepare('DELETE FROM search_docs WHERE id = ?').run(a);
    db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(a);
    db.prepare('DELETE FROM search_spelling WHERE rowid = ?').run(a);
    db.prepare("UPDATE articles SET title = 'Ba' WHERE id = ?").run(b);
    db.prepare('INSERT INTO search_docs (id, hash) VALUES (999, ?)').run('x');
    const problems = index.verify();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 article is not indexed/),
        expect.stringMatching(/^1 entry belongs to no article/),
        expect.stringMatching(/^1 article has changed since/),
        expect.stringMatching(/search_fts is out of step/),
      ]),
    );
    expect(problems.every((p) => p.includes('newsdesk reindex'))).toBe(true);
    expect(found(store, 'ba')).toEqual([]);

    store.tx(() => index.rebuild());
    expect(index.verify()).toEqual([]);
    expect(found(store, 'mot')).toEqual([a]);
    expect(found(store, 'ba')).toEqual([b]);
  });

  it('reports its size against the text it indexes', () => {
    const store = setup();
    loadCorpus(store);
    const size = searchIndexOf(store.db).size();
    expect(size.articles).toBe(ARTICLES.length);
    expect(size.textBytes).toBeGreaterThan(3000);
    expect(size.indexBytes).toBeGreaterThan(0);
  });

  it('is filled by the migration when an older database is upgraded', () => {
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
    const store = Store.open(path, 'write');
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
      expect(searchArticles(store, 'dang vien').items.map((i) => i.slug)).toEqual(['dang-vien']);
      expect(searchIndexOf(store.db).verify()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
