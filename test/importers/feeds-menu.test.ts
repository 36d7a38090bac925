// A WordPress navigation menu → newsdesk's section tree: the sections an import makes from
// categories take the menu's order and nesting (a "#" drop-down head or a page in between is
// not a section: the categories under it take its place); sections the portal had keep
// theirs; the menu with the most categories is the one taken; custom links still go into a
// links section. Written as WordPress 6 writes nav_menu_item posts.
import { describe, expect, it } from 'vitest';
import { MenuPlan } from '../../src/importers/feeds/menu.js';
import { addSection } from '../../src/ops/sections.js';
import type { Store } from '../../src/store/store.js';
import { freshStore } from '../helpers/db.js';
import { dump, importText } from './helpers.js';

async function storeWith(...sections: string[]): Promise<Store> {
  const store = await freshStore();
  await store.transaction(async (tx) => {
    await tx.settings.set(await tx.settings.get());
    for (const slug of sections) await addSection(tx, { slug, title: slug });
  });
  return store;
}

const category = (term: number, slug: string, name: string, parent = ''): string => `
\t<wp:category>
\t\t<wp:term_id>${term}</wp:term_id>
\t\t<wp:category_nicename><![CDATA[${slug}]]></wp:category_nicename>
\t\t<wp:category_parent><![CDATA[${parent}]]></wp:category_parent>
\t\t<wp:cat_name><![CDATA[${name}]]></wp:cat_name>
\t</wp:category>`;

const meta = (key: string, value: string): string => `
\t\t<wp:postmeta>
\t\t<wp:meta_key><![CDATA[${key}]]></wp:meta_key>
\t\t<wp:meta_value><![CDATA[${value}]]></wp:meta_value>
\t\t</wp:postmeta>`;

interface Entry {
  id: number;
  order: number;
  parent?: number;
  menu?: string;
  /** A category's term id, or a custom link's URL, or a page's post id. */
  term?: number;
  url?: string;
  page?: number;
  title?: string;
}

function menuItem(e: Entry): string {
  const menu = e.menu ?? 'menu-chinh';
  const kind = e.term !== undefined ? meta('_menu_item_type', 'taxonomy') + meta('_menu_item_object', 'category') + meta('_menu_item_object_id', String(e.term))
    : e.page !== undefined ? meta('_menu_item_type', 'post_type') + meta('_menu_item_object', 'page') + meta('_menu_item_object_id', String(e.page))
    : meta('_menu_item_type', 'custom') + meta('_menu_item_object', 'custom') + meta('_menu_item_url', e.url ?? '#');
  return `
\t<item>
\t\t<title><![CDATA[${e.title ?? ''}]]></title>
\t\t<guid isPermaLink="false">https://sonlam.example.vn/?p=${e.id}</guid>
\t\t<wp:post_id>${e.id}</wp:post_id>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>${e.order}</wp:menu_order>
\t\t<wp:post_type><![CDATA[nav_menu_item]]></wp:post_type>
\t\t<category domain="nav_menu" nicename="${menu}"><![CDATA[${menu === 'menu-chinh' ? 'Menu chính' : menu}]]></category>${meta('_menu_item_menu_item_parent', String(e.parent ?? 0))}${kind}
\t</item>`;
}

const post = (id: number, cat: string): string => `
\t<item>
\t\t<title><![CDATA[Bài ${id}]]></title>
\t\t<guid isPermaLink="false">https://sonlam.example.vn/?p=${id}</guid>
\t\t<content:encoded><![CDATA[Nội dung ${id}]]></content:encoded>
\t\t<wp:post_id>${id}</wp:post_id>
\t\t<wp:post_date_gmt><![CDATA[2024-01-0${id % 9 || 1} 01:00:00]]></wp:post_date_gmt>
\t\t<wp:post_name><![CDATA[bai-${id}]]></wp:post_name>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<category domain="category" nicename="${cat}"><![CDATA[${cat}]]></category>
\t</item>`;

const wxr = (...parts: string[]): string => `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>Sơn Lâm</title>
\t<link>https://sonlam.example.vn</link>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_blog_url>https://sonlam.example.vn</wp:base_blog_url>${parts.join('')}
</channel>
</rss>
`;

// Categories as WordPress exports them (a parent before its children), with their own hierarchy.
const CATEGORIES = [
  category(1, 'gioi-thieu', 'Giới thiệu'),
  category(2, 'he-thong-chinh-tri', 'Hệ thống chính trị'),
  category(3, 'huyen-uy', 'Huyện ủy', 'he-thong-chinh-tri'),
  category(6, 'tin-tuc', 'Tin tức'),
  category(4, 'kinh-te', 'Kinh tế', 'tin-tuc'),
  category(5, 'thoi-su', 'Thời sự', 'tin-tuc'),
  category(7, 'van-hoa', 'Văn hóa', 'tin-tuc'),
];

/**
 * The menu as the site shows it:
 *   Tin tức › (Thời sự, Kinh tế)   ·   Chuyên mục (#) › (Văn hóa, Huyện ủy)   ·   Giới thiệu
 *   Hệ thống chính trị   ·   Cổng Chính phủ (a custom link)
 * Entries in post id order, not menu order, as WordPress writes them.
 */
const MENU = [
  menuItem({ id: 101, order: 5, term: 2 }),
  menuItem({ id: 102, order: 1, term: 6 }),
  menuItem({ id: 103, order: 3, term: 4, parent: 102 }),
  menuItem({ id: 104, order: 2, term: 5, parent: 102 }),
  menuItem({ id: 105, order: 4, url: '#', title: 'Chuyên mục' }),
  menuItem({ id: 106, order: 6, term: 7, parent: 105 }),
  menuItem({ id: 107, order: 7, term: 3, parent: 105 }),
  menuItem({ id: 108, order: 8, term: 1 }),
  menuItem({ id: 109, order: 9, url: 'https://chinhphu.vn', title: 'Cổng Chính phủ' }),
];

async function tree(store: Store): Promise<string[]> {
  const rows = await store.sections.tree();
  const depth = (id: number | null): number => (id === null ? 0 : 1 + depth(rows.find((r) => r.id === id)!.parent_id));
  return rows.map((r) => `${'  '.repeat(depth(r.parent_id))}${r.slug}`);
}

describe('WXR: the navigation menu', () => {
  it('places the sections it makes in the menu order and nesting, whatever the order of the file', async () => {
    const store = await storeWith();
    const r = await importText(store, wxr(...CATEGORIES, post(11, 'huyen-uy'), ...MENU, post(12, 'thoi-su')), { createSections: true });
    expect(r).toMatchObject({ committed: true, rejected: 0 });
    expect(await tree(store)).toEqual([
      'tin-tuc',
      '  thoi-su',
      '  kinh-te',
      // "Chuyên mục" is a "#": its categories take its place, at the top.
      'van-hoa',
      'huyen-uy',
      // The menu's order puts the parent category after the subcategory it no longer holds.
      'he-thong-chinh-tri',
      'gioi-thieu',
      'menu-chinh',
    ]);
    expect(r.feed!.toJSON()).toMatchObject({ menu_items_sections: 7, menu_sections_placed: 7, menu_items_links: 1, menu_items_not_mapped: 1 });
    expect((await store.links.inSection((await store.sections.find('menu-chinh'))!.id)).map((l) => l.url)).toEqual(['https://chinhphu.vn']);
    // The articles are in their sections, wherever those went.
    expect((await store.articles.findBySlug('bai-11'))!.section_id).toBe((await store.sections.find('huyen-uy'))!.id);
    expect((await store.articles.findBySlug('bai-12'))!.section_id).toBe((await store.sections.find('thoi-su'))!.id);
  });

  it('leaves the sections the portal had where they are, and a re-import moves nothing', async () => {
    const store = await storeWith('gioi-thieu', 'tin-tuc');
    const r = await importText(store, wxr(...CATEGORIES, ...MENU), { createSections: true });
    expect(r.feed!.toJSON()).toMatchObject({ menu_sections_placed: 5, menu_sections_kept: 2 });
    expect(await tree(store)).toEqual([
      // The portal's own stay where they were (tin-tuc takes the subsections the menu gives it)…
      'gioi-thieu',
      'tin-tuc',
      '  thoi-su',
      '  kinh-te',
      // …and the new ones follow the one before them in the menu.
      'van-hoa',
      'huyen-uy',
      'he-thong-chinh-tri',
      'menu-chinh',
    ]);
    const before = await dump(store);
    // Arranged by hand after the import: a re-import keeps that.
    const again = await importText(store, wxr(...CATEGORIES, ...MENU), { createSections: true, onConflict: 'skip' });
    expect(again).toMatchObject({ committed: true, rejected: 0 });
    expect(again.feed!.toJSON()).toMatchObject({ menu_sections_kept: 7 });
    expect(again.feed!.get('menu_sections_placed')).toBe(0);
    expect(await dump(store)).toBe(before);
  });

  it('takes the menu with the most categories; a dry run places nothing', async () => {
    const footer = [menuItem({ id: 201, order: 1, term: 1, menu: 'chan-trang' })];
    const store = await storeWith();
    const before = await dump(store);
    const dry = await importText(store, wxr(...CATEGORIES, ...footer, ...MENU), { createSections: true, dryRun: true });
    expect(dry.feed!.toJSON()).toMatchObject({ menu_items_sections: 8, menu_sections_placed: 7, menu_items_other_menus: 1 });
    expect(await dump(store)).toBe(before);
  });

  it('leaves sections the portal had as they are even when the menu nests them the other way round', async () => {
    // The portal has huyen-uy under tin-tuc, and the menu puts tin-tuc under huyen-uy.
    const store = await storeWith('tin-tuc');
    await store.transaction(async (tx) => void (await addSection(tx, { slug: 'huyen-uy', title: 'Huyện ủy', parent: 'tin-tuc' })));
    const menu = [menuItem({ id: 301, order: 1, term: 3 }), menuItem({ id: 302, order: 2, term: 6, parent: 301 }), menuItem({ id: 303, order: 3, term: 4, parent: 302 })];
    const r = await importText(store, wxr(...CATEGORIES, ...menu), { createSections: true });
    expect(r).toMatchObject({ committed: true, rejected: 0 });
    // Both were there before: kept; kinh-te, made now, goes under tin-tuc as the menu says.
    expect(r.feed!.toJSON()).toMatchObject({ menu_sections_kept: 2, menu_sections_placed: 1 });
    expect((await tree(store)).slice(0, 3)).toEqual(['tin-tuc', '  kinh-te', '  huyen-uy']);
  });
});

describe('MenuPlan', () => {
  it('orders siblings by menu order, lifts the children of entries that are not categories, places a section once, survives a loop', () => {
    const plan = new MenuPlan();
    const add = (id: string, parent: string, order: number, section?: string, menu = 'm'): void => plan.add({ id, parent, order, menu, section, line: 1 });
    add('1', '0', 2, 'b');
    add('2', '0', 1, 'a');
    add('3', '1', 1, 'b1');
    add('4', '0', 3); // a page
    add('5', '4', 1, 'c');
    add('6', '0', 4, 'a'); // again: placed where it first appears
    add('7', '8', 1, 'x'); // a loop of parents: never reached from the top
    add('8', '7', 1, 'y');
    add('9', '0', 1, 'z', 'other');
    expect(plan.placements().map((p) => [p.slug, p.parent, p.after])).toEqual([
      ['a', null, null],
      ['b', null, 'a'],
      ['b1', 'b', null],
      ['c', null, 'b'],
    ]);
    expect(plan.chosenMenu()).toBe('m');
    expect(plan.otherMenuCategories()).toBe(1);
  });
});
