// Fixture portals for the HTML export tests: a small one written here (fixed dates, fixed
// clock, a draft that must never appear), and the bundled sample portal loaded through ops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addArticle } from '../../../src/ops/articles.js';
import { addLink } from '../../../src/ops/links.js';
import { addSection } from '../../../src/ops/sections.js';
import { hashOf } from '../../../src/store/rows.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import type { Store } from '../../../src/store/store.js';
import { FIXED_NOW } from '../../helpers/db.js';

export const SAMPLE_DIR = join(import.meta.dirname, '../../../data/sample');

/** How the database names a sample image once stored: `media/<sha-256>.png`. */
export function sampleMedia(name: string): string {
  return `media/${hashOf(readFileSync(join(SAMPLE_DIR, 'images', name)))}.png`;
}
export const DRAFT_TITLE = 'Bản nháp chưa duyệt XYZZY';
export const DRAFT_IMAGE_CAPTION = 'Ảnh của bản nháp XYZZY';

/**
 * A small portal: four top-level sections (one with two subsections, one left empty), a
 * links section, 14 published articles (per_page 3, so lists have several pages), images,
 * a remote image, and a draft with its own image.
 */
export async function buildSmallPortal(store: Store, opts: { language?: 'vi' | 'en' } = {}): Promise<void> {
  const now = FIXED_NOW;
  await store.transaction(async (tx) => {
    await tx.settings.set({ title: 'Cổng thông tin điện tử huyện Sơn Lâm', language: opts.language ?? 'vi', timezone: 'Asia/Ho_Chi_Minh', per_page: 3, base_url: null });
    await addSection(tx, { slug: 'gioi-thieu', title: 'Giới thiệu chung', description: 'Vị trí địa lý, dân cư & lịch sử.' });
    await addSection(tx, { slug: 'he-thong-chinh-tri', title: 'Hệ thống chính trị' });
    await addSection(tx, { slug: 'huyen-uy', title: 'Huyện ủy', parent: 'he-thong-chinh-tri' });
    await addSection(tx, { slug: 'hdnd-ubnd', title: 'HĐND - UBND', parent: 'he-thong-chinh-tri' });
    await addSection(tx, { slug: 'kinh-te', title: 'Quy hoạch phát triển, KTXH' });
    await addSection(tx, { slug: 'van-hoa', title: 'Văn hóa <Sơn Lâm>' });
    await addSection(tx, { slug: 'lien-ket-website', title: 'Liên kết Website', kind: 'links' });
    await addLink(tx, { section: 'lien-ket-website', title: 'Cổng thông tin Chính phủ', url: 'https://chinhphu.vn' });
    await addLink(tx, { section: 'lien-ket-website', title: 'Tỉnh "Lam Giang" & các huyện', url: 'https://example.gov.vn/?a=1&b=2' });

    const opts2 = { now, imageBaseDir: SAMPLE_DIR };
    const at = (day: number, hm = '08:37'): string => `2020-10-${String(day).padStart(2, '0')}T${hm}:00+07:00`;
    const base = { status: 'published' as const, author: 'Văn Thi', source: 'Ban Tổ chức Huyện ủy' };
    await addArticle(tx, { ...base, title: 'Giới thiệu huyện Sơn Lâm', slug: 'gioi-thieu-huyen', section: 'gioi-thieu', published_at: at(1, '09:00'), summary: 'Sơn Lâm là huyện miền núi.\nCó 14 xã.', body: 'Huyện **Sơn Lâm** nằm ở phía tây.\n\n## Dân cư\n\n- Thái\n- Kinh\n', images: [{ src: 'images/song-nam-lam.png', caption: 'Sông Nậm Lam.', alt: 'Dòng sông giữa đồi' }] }, opts2);
    for (let i = 1; i <= 7; i++) {
      await addArticle(
        tx,
        {
          ...base,
          title: `Huyện ủy: tin số ${i}`,
          slug: `huyen-uy-tin-${i}`,
          section: i % 2 ? 'huyen-uy' : 'he-thong-chinh-tri',
          published_at: at(2 + i),
          summary: `Tóm tắt tin số ${i} về công tác phát triển đảng viên.`,
          body: `Nội dung tin số ${i}.`,
          ...(i === 3 ? { images: [{ src: 'images/le-ket-nap-dang-vien.png', caption: 'Lễ kết nạp đảng viên.', alt: 'Lễ kết nạp' }] } : {}),
        },
        opts2,
      );
    }
    await addArticle(
      tx,
      {
        ...base,
        title: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên',
        slug: 'nang-cao-chat-luong-phat-trien-dang-vien',
        section: 'huyen-uy',
        published_at: at(23, '20:37'),
        summary: 'Thời gian qua, Đảng bộ huyện chú trọng công tác phát triển đảng viên.',
        body: `Đoạn thứ nhất với [liên kết](https://example.org/a?x=1&y=2).\n\n> Trích dẫn.\n\n| Năm | Số đảng viên |\n|---|--:|\n| 2019 | 110 |\n\n![Ảnh trong bài](${sampleMedia('hoi-nghi-huyen-uy.png')})`,
        images: [
          { src: 'images/le-ket-nap-dang-vien.png', caption: 'Lễ kết nạp đảng viên tại Đảng bộ BQL Khu BTTN.', alt: 'Các đảng viên mới đứng trước cờ' },
          { src: 'images/hoi-nghi-huyen-uy.png', caption: 'Hội nghị Huyện ủy.', alt: '' },
          { src: 'https://images.example.org/anh.jpg', caption: 'Ảnh từ nơi khác.', alt: 'Ảnh ngoài' },
        ],
      },
      opts2,
    );
    for (let i = 1; i <= 5; i++) {
      await addArticle(tx, { ...base, author: i % 2 ? 'Lê Hoa' : '', title: `Kinh tế: bài ${i}`, slug: `kinh-te-bai-${i}`, section: 'kinh-te', published_at: at(10 + i, '07:05'), summary: '', body: `Bài ${i}.` }, opts2);
    }
    // A draft with an image of its own: neither may appear anywhere.
    await addArticle(tx, { title: DRAFT_TITLE, slug: 'ban-nhap', section: 'van-hoa', status: 'draft', summary: 'XYZZY', body: 'XYZZY', images: [{ src: 'images/nha-san.png', caption: DRAFT_IMAGE_CAPTION, alt: 'XYZZY' }] }, opts2);
  });
}

interface SampleExport {
  site: { title: string; language: 'vi' | 'en'; timezone: string; base_url: string | null; per_page: number };
  sections: Array<Record<string, unknown>>;
  links: Array<Record<string, unknown>>;
  articles: Array<Record<string, unknown>>;
}

/** The bundled sample portal (data/sample/portal.json), written through ops. */
export async function loadSamplePortal(store: Store): Promise<void> {
  const doc = JSON.parse(readFileSync(join(SAMPLE_DIR, 'portal.json'), 'utf8')) as SampleExport;
  await store.transaction(async (tx) => {
    await tx.settings.set(doc.site);
    for (const s of doc.sections) await addSection(tx, s);
    for (const l of doc.links) await addLink(tx, l);
    for (const a of doc.articles) await addArticle(tx, a, { now: FIXED_NOW, imageBaseDir: SAMPLE_DIR });
  });
}

export const HOSTILE = {
  title: '</title><script>window.__pwned=1</script>"\'<b>',
  summary: '<img src=x onerror="window.__pwned=1">',
  body: [
    'Xin chào <script>window.__pwned=1</script>',
    '<img src="x" onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"><circle r="4"/></svg>',
    '[bấm](javascript:window.__pwned=1) <a href="javascript:window.__pwned=1">bấm</a> <a href="JaVaScRiPt:window.__pwned=1">bấm</a>',
    '<iframe src="https://evil.example/" srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
    '<style>body{display:none}</style><p style="background:url(https://evil.example/x.png)">kiểu</p>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    '![xa](https://evil.example/track.png) <img src="//evil.example/t.png" alt="t">',
    '<form action="https://evil.example/"><input name="q"></form>',
  ].join('\n\n'),
};

/** The small portal with YouTube allowed as an embed host and a video in one article. */
export async function buildEmbedPortal(store: SqliteStore): Promise<void> {
  await buildSmallPortal(store);
  await store.settings.set({ embed_hosts: 'youtube.com' });
  store.handle.db.prepare('UPDATE articles SET body = ? WHERE slug = ?').run('Trước.\n\n<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Lễ hội"></iframe>\n\nSau.', 'nang-cao-chat-luong-phat-trien-dang-vien');
}

/** A body whose stray start tags, left open, must cost only their own block (issue 18). */
export const UNCLOSED_BODY = [
  'Mở đầu <svg onload="window.__pwned=1"><circle r="4"/>',
  '## Sau thẻ svg',
  '<object data="https://evil.example/x.swf">',
  '## Sau thẻ object',
  'Một video <iframe src="https://evil.example/">',
  '## Sau thẻ iframe',
  '<script>window.__pwned=1',
  '## Sau thẻ script',
  'Đoạn cuối vẫn còn.',
].join('\n\n');

/**
 * A portal whose rows carry everything an attacker could put there, some of it written
 * behind the store's back (slugs and URLs the store would refuse): the export must run no
 * script, load nothing from elsewhere and write nothing outside its folder.
 */
export async function buildHostilePortal(store: SqliteStore): Promise<void> {
  const db = store.handle.db;
  await store.transaction(async (tx) => {
    await tx.settings.set({ title: 'Cổng <script>window.__pwned=1</script>', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', per_page: 5, base_url: null });
    await addSection(tx, { slug: 'tin', title: 'Tin <img src=x onerror="window.__pwned=1">', description: '<script>window.__pwned=1</script>' });
    await addSection(tx, { slug: 'lien-ket', title: 'Liên kết', kind: 'links' });
    await addLink(tx, { section: 'lien-ket', title: '<script>window.__pwned=1</script>', url: 'https://example.org/' });
    await addLink(tx, { section: 'lien-ket', title: 'Độc', url: 'https://example.org/2' });
    const a = await addArticle(
      tx,
      { ...HOSTILE, section: 'tin', status: 'published', published_at: '2021-01-02T10:00:00+07:00', author: '<script>window.__pwned=1</script>', source: '"><img src=x onerror=window.__pwned=1>', images: [{ src: 'images/nha-san.png', caption: '<script>window.__pwned=1</script>', alt: '" onerror="window.__pwned=1' }] },
      { now: FIXED_NOW, imageBaseDir: SAMPLE_DIR },
    );
    const b = await addArticle(tx, { title: 'Bài thường', section: 'tin', status: 'published', published_at: '2021-01-01T10:00:00+07:00', body: 'Bình thường.' }, { now: FIXED_NOW });
    // Unclosed elements, each in a block of its own: what follows must survive as markup.
    await addArticle(tx, { title: 'Thẻ mở', slug: 'the-mo', section: 'tin', status: 'published', published_at: '2021-01-01T09:00:00+07:00', body: UNCLOSED_BODY }, { now: FIXED_NOW });
    // Behind the store's back: a slug that climbs out, image names that do, a script URL.
    db.prepare('UPDATE articles SET slug = ? WHERE id = ?').run('../../../evil', a.id);
    db.prepare('UPDATE articles SET images = ? WHERE id = ?').run(
      JSON.stringify([
        // Stored media named as a page (first, so that nothing else names it before): it must
        // still be written as the image it is.
        { src: sampleMedia('nha-san.png').replace(/\.png$/, '.html'), caption: 'trang', alt: 'trang' },
        { src: sampleMedia('nha-san.png'), caption: 'ok', alt: 'nhà sàn' },
        { src: 'media/../../../../etc/passwd', caption: 'x', alt: 'x' },
        { src: 'javascript:window.__pwned=1', caption: 'x', alt: 'x' },
        { src: 'data:text/html,<script>window.__pwned=1</script>', caption: 'x', alt: 'x' },
        { src: '../../outside.png', caption: 'x', alt: 'x' },
      ]),
      a.id,
    );
    db.prepare('UPDATE articles SET slug = ? WHERE id = ?').run('..', b.id);
    db.prepare("UPDATE sections SET slug = '../up' WHERE slug = 'tin'").run();
    db.prepare("UPDATE links SET url = 'javascript:window.__pwned=1' WHERE title = 'Độc'").run();
  });
}
