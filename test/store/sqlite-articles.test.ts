// Articles in the SQLite file itself: what the rows hold, read with SQL (the behaviour any
// backend must have is in test/contract/articles.ts).
import { describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { FIXED_NOW, freshStore } from '../helpers/db.js';

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
