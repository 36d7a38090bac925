// A small portal written straight through the store (fast), for command tests to read.
import { addArticle } from '../../src/ops/articles.js';
import { addLink } from '../../src/ops/links.js';
import { addSection } from '../../src/ops/sections.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { FIXED_NOW } from './db.js';

export const SECTIONS = [
  { slug: 'gioi-thieu', title: 'Giới thiệu chung' },
  { slug: 'he-thong-chinh-tri', title: 'Hệ thống chính trị' },
  { slug: 'huyen-uy', title: 'Huyện ủy', parent: 'he-thong-chinh-tri' },
  { slug: 'kinh-te', title: 'Kinh tế - Xã hội' },
  { slug: 'lien-ket-website', title: 'Liên kết Website', kind: 'links' },
] as const;

export const LINKS = [
  { title: 'Cổng thông tin điện tử Chính phủ', url: 'https://chinhphu.vn' },
  { title: 'Tỉnh Nghệ An', url: 'https://nghean.gov.vn' },
  { title: 'Hộp thư, "góp ý"', url: 'mailto:gopy@sonlam.gov.vn' },
] as const;

/**
 * Sections and links as above, and `articles` published articles in kinh-te, one hour apart
 * from 2020-01-01 08:00 +07:00 (article i has title "Bài số i"), ids 1..n.
 */
export async function seedPortal(path: string, articles = 0): Promise<void> {
  const store = await SqliteStore.open(path, 'write');
  try {
    await store.transaction(async (tx) => {
      await tx.settings.set(await tx.settings.get());
      for (const s of SECTIONS) await addSection(tx, { ...s });
      for (const l of LINKS) await addLink(tx, { section: 'lien-ket-website', ...l });
      const start = Date.parse('2020-01-01T01:00:00Z');
      for (let i = 1; i <= articles; i++) {
        await addArticle(
          tx,
          {
            title: `Bài số ${i}`,
            section: 'kinh-te',
            status: 'published',
            published_at: new Date(start + i * 3_600_000).toISOString(),
            author: i % 2 ? 'Nguyễn Văn An' : 'Trần Thị Bình',
          },
          { now: FIXED_NOW },
        );
      }
    });
  } finally {
    await store.close();
  }
}
