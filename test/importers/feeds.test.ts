// WordPress exports (WXR), RSS 2.0 and Atom through the import pipeline: the mappings, the
// origin that makes a re-import idempotent, --section / --section-map / --pages-section /
// --media-dir, and the report's notes. The fixtures are written as WordPress and feed
// generators write them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toRecord } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { ArticleRow, MediaRow } from '../../src/store/rows.js';
import type { Store } from '../../src/store/store.js';
import { freshStore, tempDir } from '../helpers/db.js';
import { dump, importText, png } from './helpers.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures', 'feeds');
const WXR = readFileSync(join(FIXTURES, 'sonlam.wordpress.2026-12-06.xml'), 'utf8');
const RSS = readFileSync(join(FIXTURES, 'tinh.rss'), 'utf8');
const ATOM = readFileSync(join(FIXTURES, 'tinh.atom'), 'utf8');

async function storeWith(...sections: string[]): Promise<Store> {
  const store = await freshStore();
  await store.transaction(async (tx) => {
    await tx.settings.set(await tx.settings.get());
    for (const slug of sections) await addSection(tx, { slug, title: slug });
  });
  return store;
}

async function article(store: Store, slug: string): Promise<Awaited<ReturnType<typeof toRecord>>> {
  const row = await store.articles.findBySlug(slug);
  if (!row) throw new Error(`no article ${slug}`);
  return toRecord(store, row);
}

async function allArticles(store: Store): Promise<ArticleRow[]> {
  const rows: ArticleRow[] = [];
  for await (const batch of store.articles.batches({})) rows.push(...batch);
  return rows;
}

async function allMedia(store: Store): Promise<MediaRow[]> {
  const rows: MediaRow[] = [];
  for await (const batch of store.media.batches()) rows.push(...batch);
  return rows;
}

const slugs = async (store: Store): Promise<string[]> => (await allArticles(store)).map((a) => a.slug);

describe('WXR: a WordPress export', () => {
  it('is recognised by its content and maps posts, categories, authors, dates and statuses', async () => {
    const store = await storeWith();
    const r = await importText(store, WXR, { createSections: true });
    expect(r.format).toBe('wxr');
    // 4 sections, 4 posts, and the menu's custom link in a links section of its own.
    expect(r).toMatchObject({ rejected: 0, inserted: 4 + 4 + 2, committed: true });
    // Categories → sections, with their parents; a percent-encoded Vietnamese slug decoded.
    const tree = await store.sections.tree();
    const sections = tree.map((s) => [s.slug, s.title, s.kind, s.parent_id === null ? null : tree.find((p) => p.id === s.parent_id)!.slug]);
    expect(sections).toEqual([
      ['tin-tuc', 'Tin tức', 'articles', null],
      ['thoi-su', 'Thời sự', 'articles', 'tin-tuc'],
      ['van-hoa', 'Văn hóa & Xã hội', 'articles', 'tin-tuc'],
      ['uncategorized', 'Uncategorized', 'articles', null],
      ['menu-chinh', 'Menu chính', 'links', null],
    ]);
    expect((await store.links.inSection((await store.sections.find('menu-chinh'))!.id)).map((l) => [l.title, l.url])).toEqual([['Cổng Chính phủ', 'https://chinhphu.vn']]);

    // A menu link newsdesk refuses is counted, and does not stop the import.
    const hostile = await storeWith();
    const r2 = await importText(hostile, WXR.replace('https://chinhphu.vn', 'javascript:alert(1)'), { createSections: true });
    expect(r2).toMatchObject({ rejected: 0, inserted: 4 + 4 });
    expect(r2.feed!.get('menu_items_not_mapped')).toBe(1);
    expect((await store.sections.find('thoi-su'))!.description).toBe('Tin thời sự trong huyện');
    // Posts only: not the attachments, the trashed post, the auto-draft, the page, menu items or the revision.
    expect((await slugs(store)).sort()).toEqual(['ke-hoach-tiem-chung-ban-nhap', 'le-hoi-dinh-lang', 'lich-tiep-cong-dan', 'son-lam-nang-cao-chat-luong']);

    const post = (await article(store, 'son-lam-nang-cao-chat-luong'));
    expect(post).toMatchObject({
      title: 'Sơn Lâm: Nâng cao chất lượng phát triển đảng viên',
      summary: 'Công tác phát triển đảng viên được chú trọng.',
      author: 'Văn Thi', // dc:creator "vanthi" → wp:author_display_name
      section: 'thoi-su', // the first category; the second is kept as a tag
      status: 'published',
      published_at: '2020-10-23T20:37:00+07:00', // post_date_gmt, shown in the site's zone
      updated_at: '2020-10-24T09:00:00+07:00',
      tags: ['xây dựng Đảng', 'Tin tức'],
      images: [{ src: 'https://sonlam.example.vn/wp-content/uploads/2020/10/le-ket-nap.jpg', caption: 'Lễ kết nạp đảng viên mới tại Chi bộ thôn 3', alt: 'Các đảng viên mới tuyên thệ' }],
      origin: { site: 'https://sonlam.example.vn', id: 'https://sonlam.example.vn/?p=11' },
    });
    // Block editor content: the block comments gone, the HTML as saved, no paragraphs added.
    expect(post.body).not.toContain('wp:');
    expect(post.body).toBe(
      '<p>Năm 2020, Đảng bộ huyện Sơn Lâm kết nạp <strong>215 đảng viên</strong> mới.</p>\n' +
        '<figure class="wp-block-image size-large"><img src="https://sonlam.example.vn/wp-content/uploads/2020/10/le-ket-nap.jpg" alt="" class="wp-image-10"/><figcaption>Lễ kết nạp</figcaption></figure>\n' +
        '<ul><li>Chi bộ thôn 3: 12 đảng viên</li><li>Chi bộ thôn 5: 9 đảng viên</li></ul>',
    );

    // A draft: no publication date; post_date (no GMT date for drafts) in the site's zone.
    expect((await article(store, 'ke-hoach-tiem-chung-ban-nhap'))).toMatchObject({ status: 'draft', published_at: null, created_at: '2026-12-01T09:15:00+07:00', section: 'uncategorized' });
    // A scheduled post: published at its date.
    expect((await article(store, 'lich-tiep-cong-dan'))).toMatchObject({ status: 'published', published_at: '2027-01-02T07:30:00+07:00' });
  });

  it('writes classic-editor bodies as WordPress shows them: wpautop, [caption], shortcodes, CDATA split', async () => {
    const store = await storeWith();
    const r = await importText(store, WXR, { createSections: true });
    const post = (await article(store, 'le-hoi-dinh-lang'));
    expect(post.body).toBe(
      '<p>Sáng 10/2, lễ hội đình làng được tổ chức trang trọng.<br />\nHàng nghìn người dân tham dự.</p>\n' +
        '<figure><img class="size-full wp-image-40" src="https://sonlam.example.vn/wp-content/uploads/2021/02/dinh-lang.png" alt="Đình làng" width="600" height="400" /><figcaption>Đình làng Sơn Lâm</figcaption></figure>\n' +
        // "]]]]><![CDATA[>" is how WordPress writes "]]>" inside CDATA; code keeps a[i].
        '<p>Mã nguồn mẫu: <code>a[i]]>b</code> và [gallery] là cách viết shortcode.</p>',
    );
    // Its featured image is an attachment later in the file.
    expect(post.images).toEqual([{ src: 'https://sonlam.example.vn/wp-content/uploads/2021/02/dinh-lang.png', caption: 'Đình làng Sơn Lâm ngày hội', alt: '' }]);
    expect(r.feed!.toJSON()).toEqual({
      attachments: 2,
      posts: 4,
      images_linked: 4,
      trashed: 1,
      auto_drafts: 1,
      pages_left_out: 1,
      menu_items_sections: 1,
      menu_sections_placed: 1,
      menu_items_links: 1,
      other_post_types: 1,
      comments_left_out: 1,
      shortcodes_dropped: { gallery: 1, 'contact-form-7': 1 },
    });
  });

  it('a password-protected post comes in as a draft; past 50 tags, the first 50 are kept and the rest counted', async () => {
    const store = await storeWith();
    const tags = Array.from({ length: 60 }, (_, i) => `<category domain="post_tag" nicename="the-${i}"><![CDATA[thẻ ${i}]]></category>`).join('\n');
    const wxr = WXR.replace('<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n\t\t\t\t\t\t\t\t\t\t<category domain="category" nicename="thoi-su"><![CDATA[Thời sự]]></category>\n\t\t\t\t\t</item>', 'PLACEHOLDER')
      .replace('PLACEHOLDER', `<wp:post_password><![CDATA[mat-khau]]></wp:post_password>\n<category domain="category" nicename="thoi-su"><![CDATA[Thời sự]]></category>\n</item>`)
      .replace('<category domain="category" nicename="v%c4%83n-h%c3%b3a">', `${tags}\n<category domain="category" nicename="v%c4%83n-h%c3%b3a">`);
    const r = await importText(store, wxr, { createSections: true });
    expect(r).toMatchObject({ rejected: 0, inserted: 10 });
    expect((await article(store, 'lich-tiep-cong-dan'))).toMatchObject({ status: 'draft', published_at: null });
    const tagged = (await article(store, 'le-hoi-dinh-lang'));
    expect(tagged.tags).toHaveLength(50);
    expect(tagged.tags.slice(0, 2)).toEqual(['thẻ 0', 'thẻ 1']);
    expect(r.feed!.toJSON()).toMatchObject({ password_protected_as_drafts: 1, tags_left_out: 10 });
  });

  it('is idempotent by origin: the same file again changes nothing; an upstream edit updates exactly that article', async () => {
    const store = await storeWith();
    await importText(store, WXR, { createSections: true });
    const before = await dump(store);

    const again = await importText(store, WXR, { createSections: true, onConflict: 'update' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, skipped: 4 + 1, rejected: 0 });
    expect(await dump(store)).toBe(before);

    // Upstream: post 12 retitled and edited (its slug changed too); the rest as it was.
    const edited = WXR.replace('Lễ hội đình làng Sơn Lâm năm 2021', 'Lễ hội đình làng Sơn Lâm 2021 (cập nhật)')
      .replace('Hàng nghìn người dân tham dự.', 'Hơn 3.000 người dân tham dự.')
      .replace('<wp:post_name><![CDATA[le-hoi-dinh-lang]]></wp:post_name>', '<wp:post_name><![CDATA[le-hoi-dinh-lang-2021]]></wp:post_name>');
    const r = await importText(store, edited, { createSections: true, onConflict: 'update' });
    expect(r).toMatchObject({ inserted: 0, updated: 1, skipped: 3 + 1, rejected: 0 });
    expect((await store.articles.count({}))).toBe(4);
    const post = (await article(store, 'le-hoi-dinh-lang')); // the slug (and so its URL) stays
    expect(post.title).toBe('Lễ hội đình làng Sơn Lâm 2021 (cập nhật)');
    expect(post.body).toContain('Hơn 3.000 người dân tham dự.');
    const changed = (await dump(store)).split('\n').filter((l) => !before.includes(l));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('"origin":{"site":"https://sonlam.example.vn","id":"https://sonlam.example.vn/?p=12"}');
  });

  it('by default refuses items imported before, naming the article, and writes nothing', async () => {
    const store = await storeWith();
    await importText(store, WXR, { createSections: true });
    const before = await dump(store);
    const r = await importText(store, WXR, { createSections: true });
    expect(r.committed).toBe(false);
    expect(r.rejected).toBe(4 + 1); // the posts, and the menu's link
    expect(r.errors.at(-1)).toMatchObject({ field: 'url', message: 'the section "menu-chinh" already has a link to https://chinhphu.vn' });
    expect(r.errors[0]).toEqual({ line: 113, field: 'origin', message: 'this item was imported before, as the article "son-lam-nang-cao-chat-luong" (id 1; --on-conflict skip or update imports it anyway)' });
    expect(await dump(store)).toBe(before);
  });

  it('--section puts every post in one section; --section-map maps categories; --pages-section imports pages', async () => {
    const one = await storeWith('tin-tuc', 'gioi-thieu');
    const r = await importText(one, WXR, { feed: { section: 'tin-tuc', pagesSection: 'gioi-thieu' } });
    expect(r).toMatchObject({ inserted: 5, rejected: 0 });
    expect((await one.sections.tree()).map((s) => s.slug)).toEqual(['tin-tuc', 'gioi-thieu']);
    const sectionSlugs = await one.sectionSlugs();
    expect((await allArticles(one)).map((a) => sectionSlugs.get(a.section_id)).sort()).toEqual(['gioi-thieu', 'tin-tuc', 'tin-tuc', 'tin-tuc', 'tin-tuc']);
    const page = (await article(one, 'gioi-thieu'));
    expect(page).toMatchObject({ title: 'Giới thiệu chung', section: 'gioi-thieu', status: 'published' });
    expect(page.body).toBe('<p>Huyện Sơn Lâm nằm ở phía tây tỉnh.</p>\n<p>Diện tích tự nhiên 1.200 km².</p>');
    expect(r.feed!.get('pages')).toBe(1);
    expect(r.feed!.get('pages_left_out')).toBe(0);
    // Without --create-sections the menu's custom link has no links section to go to.
    expect(r.feed!.get('menu_items_not_mapped')).toBe(1);
    expect((await one.links.inSection((await one.sections.find('tin-tuc'))!.id))).toEqual([]);

    const mapped = await storeWith('thoi-su-chinh-tri', 'van-hoa-xa-hoi', 'khac');
    const m = await importText(mapped, WXR, { feed: { sectionMap: new Map([['thoi-su', 'thoi-su-chinh-tri'], ['van-hoa', 'van-hoa-xa-hoi'], ['uncategorized', 'khac']]) } });
    expect(m).toMatchObject({ inserted: 4, rejected: 0 });
    expect((await article(mapped, 'le-hoi-dinh-lang')).section).toBe('van-hoa-xa-hoi');
    expect((await article(mapped, 'lich-tiep-cong-dan')).section).toBe('thoi-su-chinh-tri');

    // Without a place for them, posts are rejected with the way out.
    const none = await storeWith();
    const n = await importText(none, WXR);
    expect(n.committed).toBe(false);
    expect(n.errors[0]).toMatchObject({ line: 113, field: 'section', message: expect.stringMatching(/^no section "thoi-su" \(.*--create-sections\)$/) });
  });

  it('--media-dir stores the images found in the uploads copy, by the path in their URL; the others stay URLs', async () => {
    const store = await storeWith();
    const uploads = tempDir();
    mkdirSync(join(uploads, '2021', '02'), { recursive: true });
    const image = png(3, 3, [10, 120, 40]);
    writeFileSync(join(uploads, '2021', '02', 'dinh-lang.png'), image);
    const r = await importText(store, WXR, { createSections: true, feed: { mediaDir: uploads } });
    expect(r.rejected).toBe(0);
    const stored = (await allMedia(store));
    expect(stored).toHaveLength(1);
    const src = `media/${stored[0]!.hash}.png`;
    const post = (await article(store, 'le-hoi-dinh-lang'));
    expect(post.images[0]!.src).toBe(src);
    expect(post.body).toContain(`<img class="size-full wp-image-40" src="${src}"`);
    // 2020/10/le-ket-nap.jpg is not in the copy.
    expect((await article(store, 'son-lam-nang-cao-chat-luong')).images[0]!.src).toBe('https://sonlam.example.vn/wp-content/uploads/2020/10/le-ket-nap.jpg');
    expect(r.feed!.toJSON()).toMatchObject({ images_stored: 2, images_linked: 2 });
    expect(Buffer.compare((await store.media.get(stored[0]!.hash))!.data, image)).toBe(0);
  });

  it('reads WXR 1.0 and 1.1 namespaces too, and --from wxr refuses a feed that is not one', async () => {
    for (const v of ['1.0', '1.1']) {
      const store = await storeWith();
      const r = await importText(store, WXR.replaceAll('wordpress.org/export/1.2/', `wordpress.org/export/${v}/`), { createSections: true });
      expect(r).toMatchObject({ format: 'wxr', inserted: 10, rejected: 0 });
    }
    const store = await storeWith('tin-tuc');
    const r = await importText(store, RSS, { format: 'wxr', feed: { section: 'tin-tuc' } });
    expect(r.fatal).toBe(true);
    expect(r.errors[0]!.message).toMatch(/^an RSS 2\.0 feed, not a WordPress export \(WXR\)/);
    expect((await store.articles.count({}))).toBe(0);
  });
});

describe('RSS 2.0', () => {
  it('maps items: content:encoded, description as summary, dc:creator, pubDate with its zone, media:content, enclosure', async () => {
    const store = await storeWith('tin-tuc');
    const r = await importText(store, RSS, { feed: { section: 'tin-tuc' } });
    expect(r).toMatchObject({ format: 'rss', inserted: 3, rejected: 0 });
    expect((await article(store, 'son-lam-khanh-thanh-cau-treo-ban-mong'))).toMatchObject({
      summary: 'Cây cầu dài 120 m nối hai bờ suối Mòng.…',
      body: '<p>Sáng 5/12, huyện Sơn Lâm khánh thành cầu treo bản Mòng.</p>\n<p>Cây cầu dài <em>120 m</em> nối hai bờ suối.</p>',
      author: 'Minh Anh',
      source: 'Báo điện tử tỉnh – Tin mới',
      section: 'tin-tuc',
      status: 'published',
      published_at: '2026-12-05T09:30:00+07:00',
      tags: ['Kinh tế', 'giao thông'],
      images: [{ src: 'https://baotinh.example.vn/wp-content/uploads/2026/12/cau-treo.jpg', caption: 'Cầu treo bản Mòng ngày khánh thành', alt: '' }],
      origin: { site: 'https://baotinh.example.vn', id: 'https://baotinh.example.vn/?p=9001' },
    });
    // Two items of one title are two articles; "email (Name)" gives the name.
    expect((await article(store, 'thong-bao'))).toMatchObject({
      author: 'Tòa soạn',
      body: '<p>Lịch cắt điện <b>ngày 6/12</b> tại xã Tân Lập.</p>\n<p>Mong bà con thông cảm.</p>',
      published_at: '2026-12-04T08:00:00+07:00',
      images: [{ src: 'https://baotinh.example.vn/wp-content/uploads/2026/12/lich-cat-dien.png', caption: '', alt: '' }],
    });
    expect((await article(store, 'thong-bao-2')).origin).toEqual({ site: 'https://baotinh.example.vn', id: 'https://baotinh.example.vn/thong-bao-2/' });
  });

  it('a newer feed on a schedule: known items skipped or updated by GUID, new ones added, none duplicated', async () => {
    const store = await storeWith('tin-tuc');
    await importText(store, RSS, { feed: { section: 'tin-tuc' } });
    const newer = RSS.replace(
      '<item>',
      `<item><title>Tin mới nhất</title><guid isPermaLink="false">https://baotinh.example.vn/?p=9002</guid><description>Mới.</description></item>\n<item>`,
    ).replace('Lịch tiếp dân tuần sau.', 'Lịch tiếp dân tuần sau (đã đổi giờ).');
    const r = await importText(store, newer, { feed: { section: 'tin-tuc' }, onConflict: 'update' });
    expect(r).toMatchObject({ inserted: 1, updated: 1, skipped: 2, rejected: 0 });
    expect((await slugs(store))).toEqual(['son-lam-khanh-thanh-cau-treo-ban-mong', 'thong-bao', 'thong-bao-2', 'tin-moi-nhat']);
    expect((await article(store, 'thong-bao-2')).body).toBe('<p>Lịch tiếp dân tuần sau (đã đổi giờ).</p>');
  });

  it('with --create-sections, an item goes to a section made from its first category', async () => {
    const store = await storeWith();
    const r = await importText(store, RSS, { createSections: true });
    expect(r).toMatchObject({ rejected: 0, inserted: 2 + 3 });
    expect((await store.sections.tree()).map((s) => [s.slug, s.title])).toEqual([['kinh-te', 'Kinh tế'], ['thong-bao', 'Thông báo']]);
    expect((await article(store, 'son-lam-khanh-thanh-cau-treo-ban-mong'))).toMatchObject({ section: 'kinh-te', tags: ['giao thông'] });
  });

  it('without --section a feed item is rejected with the way out', async () => {
    const store = await storeWith('tin-tuc');
    const r = await importText(store, RSS);
    expect(r.committed).toBe(false);
    expect(r.errors[0]).toEqual({ line: 21, field: 'section', message: 'a feed item needs a section: give --section S (or --create-sections to make them from its categories)' });
  });
});

describe('Atom 1.0', () => {
  it('maps entries: id as origin, html and xhtml content, summary, published, author, categories, enclosure', async () => {
    const store = await storeWith('van-hoa');
    const r = await importText(store, ATOM, { feed: { section: 'van-hoa' } });
    expect(r).toMatchObject({ format: 'atom', inserted: 2, rejected: 0 });
    const first = (await article(store, 'lien-hoan-dan-ca-2026'));
    expect(first).toMatchObject({
      title: 'Liên hoan dân ca 2026',
      summary: 'Hơn 300 nghệ nhân tham gia liên hoan.',
      author: 'Phòng Nghiệp vụ',
      source: 'Sở Văn hóa – Tin hoạt động',
      published_at: '2026-12-05T20:00:00+07:00',
      tags: ['Văn hóa', 'Lễ hội'],
      images: [{ src: 'https://sovanhoa.example.vn/anh/lien-hoan.jpg', caption: 'Tiết mục mở màn', alt: '' }],
      origin: { site: 'https://sovanhoa.example.vn/', id: 'tag:sovanhoa.example.vn,2026:entry-77' },
    });
    expect(first.body).toBe('<p>Tối 5/12, liên hoan dân ca khai mạc &amp; kéo dài ba ngày.</p>\n<p><img src="https://sovanhoa.example.vn/anh/san-khau.jpg" alt="Sân khấu" /></p>');
    // A text title keeps its angle brackets as text; updated stands in for published.
    expect((await article(store, 'hop-bao-tuan-van-hoa'))).toMatchObject({ title: 'Họp báo <Tuần văn hóa>', body: '<p>Sở tổ chức họp báo.</p>', published_at: '2026-12-04T16:00:00+07:00' });
  });
});
