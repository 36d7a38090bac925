// Articles in the SQLite file itself: what the rows hold, read with SQL (the behaviour any
// backend must have is in test/contract/articles.ts).
import { describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewArticleRow } from '../../src/store/rows.js';
import { FIXED_NOW, freshStore, openSqlite, tempDir } from '../helpers/db.js';

async function portal(): Promise<SqliteStore> {
  const store = await freshStore();
  await addSection(store, { title: 'Hệ thống chính trị', slug: 'he-thong-chinh-tri' });
  await addSection(store, { title: 'Huyện ủy', slug: 'huyen-uy', parent: 'he-thong-chinh-tri' });
  await addSection(store, { title: 'Đảng bộ xã', slug: 'dang-bo-xa', parent: 'huyen-uy' });
  await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
  await addSection(store, { title: 'Liên kết', slug: 'lien-ket', kind: 'links' });
  return store;
}

describe('slugs of articles', () => {
  it('a decomposed (NFD) title is stored in NFC and found by its NFC slug', async () => {
    const store = await portal();
    const nfc = 'Quế Phong: Nâng cao chất lượng phát triển đảng viên';
    const row = await addArticle(store, { title: nfc.normalize('NFD'), section: 'he-thong-chinh-tri', body: 'Nội dung'.normalize('NFD') }, { now: FIXED_NOW });
    const found = await store.articles.find('que-phong-nang-cao-chat-luong-phat-trien-dang-vien');
    expect(found?.id).toBe(row.id);
    expect(found!.title).toBe(nfc);
    expect(found!.body).toBe('Nội dung');
    const db = store.handle.db;
    expect(db.prepare('SELECT count(*) FROM articles WHERE title = ?').pluck().get(nfc)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM articles WHERE title = ?').pluck().get(nfc.normalize('NFD'))).toBe(0);
  });
});

/** A row as the store takes it, in section 4 (kinh-te), bypassing the operations' validation. */
function rowOf(body: string): NewArticleRow {
  return { slug: 'bai-dai', title: 'Bài dài', summary: '', body, author: '', source: '', section_id: 4, status: 'draft', published_at: null, created_at: FIXED_NOW, updated_at: FIXED_NOW, images: '[]', tags: '[]' };
}

describe('a long body stored from its UTF-8 bytes', () => {
  const long = (s: string): string => s.repeat(Math.ceil(3000 / s.length));
  const bodies: Array<[string, string]> = [
    ['Vietnamese with paragraphs and quotes', long('Người dân "Hà Nội" đổ về\n\ntrung tâm\\thành phố. ')],
    ['characters outside the BMP', long('Ký hiệu 😀 𝔸 漢字. ')],
    ['Latin-1 only', long('café naïve ')],
  ];
  for (const [name, body] of bodies) {
    it(`is stored as the text it was, and its revision and index entry hold: ${name}`, async () => {
      const store = await portal();
      const row = await addArticle(store, { title: 'Bài dài', section: 'kinh-te', body }, { now: FIXED_NOW });
      const db = store.handle.db;
      const stored = db.prepare('SELECT typeof(body) AS type, body FROM articles WHERE id = ?').get(row.id) as { type: string; body: string };
      expect(stored.type).toBe('text');
      expect(stored.body).toBe(body);
      expect(db.prepare('SELECT count(*) FROM articles WHERE body = ? AND length(body) = ?').pluck().get(body, [...body].length)).toBe(1);
      // check hashes the row as read back: the revision's state and the index entry match it.
      expect((await store.check()).problems).toEqual([]);
    });
  }

  it('with a lone surrogate, is refused by validation, and nothing is written', async () => {
    const store = await portal();
    const body = `${long('văn bản ')}\ud800${long(' tiếp')}`;
    await expect(addArticle(store, { title: 'Bài dài', section: 'kinh-te', body }, { now: FIXED_NOW })).rejects.toThrow(/U\+D800, half of a surrogate pair/);
    expect(store.handle.db.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(0);
  });

  it('with a lone surrogate given to the store itself, is stored as a text bound as a string would be', async () => {
    const store = await portal();
    const body = `${long('văn bản ')}\ud800${long(' tiếp')}`;
    const id = store.handle.articles.insert(rowOf(body), { at: FIXED_NOW, by: 'test' });
    const db = store.handle.db;
    const asString = db.prepare('SELECT ?').pluck().get(body) as string;
    expect(asString).not.toBe(body);
    expect(db.prepare('SELECT body FROM articles WHERE id = ?').pluck().get(id)).toBe(asString);
  });

  it('in a file whose text is UTF-16, is stored as the text it was (not its UTF-8 bytes read as UTF-16)', async () => {
    const path = join(tempDir(), 'utf16.db');
    const raw = new Database(path);
    raw.pragma("encoding = 'UTF-16le'");
    raw.exec('CREATE TABLE t (x); DROP TABLE t;');
    raw.close();
    const store = await openSqlite(path);
    expect(store.handle.db.pragma('encoding', { simple: true })).toBe('UTF-16le');
    await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
    const body = long('Người dân đổ về trung tâm thành phố. ');
    const row = await addArticle(store, { title: 'Bài dài', section: 'kinh-te', body }, { now: FIXED_NOW });
    expect(store.handle.db.prepare('SELECT body FROM articles WHERE id = ?').pluck().get(row.id)).toBe(body);
    expect((await store.check()).problems).toEqual([]);
  });
});
