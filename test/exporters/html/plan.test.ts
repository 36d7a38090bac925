// The plan, from small hand-made inputs (no store, no files): pagination, menu, other
// articles, duplicates, sitemaps.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE } from '../../../src/core/records.js';
import { buildPager, DuplicateOutputPathError, pageKey, planSite, SITEMAP_LIMIT, type ArticlePage, type Page, type SectionPage } from '../../../src/exporters/html/plan.js';
import { readSite, type IndexedArticle, type SiteIndex } from '../../../src/exporters/html/source.js';
import type { SectionRow } from '../../../src/store/rows.js';
import { freshStore } from '../../helpers/db.js';
import { buildSmallPortal, DRAFT_TITLE } from './fixture.js';

function section(id: number, slug: string, parent: number | null = null, kind: 'articles' | 'links' = 'articles'): SectionRow {
  return { id, slug, title: slug.toUpperCase(), kind, parent_id: parent, position: id, description: '' };
}

function article(id: number, sectionId: number, over: Partial<IndexedArticle> = {}): IndexedArticle {
  return {
    id,
    slug: `bai-${id}`,
    title: `Bài ${id}`,
    summary: '',
    author: '',
    source: '',
    sectionId,
    publishedAt: 1_600_000_000_000 + id * 60_000,
    updatedAt: 1_600_000_000_000 + id * 60_000,
    images: [],
    bodyMedia: [],
    hash: `h${id}`,
    ...over,
  };
}

function index(sections: SectionRow[], articles: IndexedArticle[], extra: Partial<SiteIndex> = {}): SiteIndex {
  return {
    site: DEFAULT_SITE,
    sections,
    links: [],
    articles: [...articles].sort((a, b) => b.publishedAt - a.publishedAt || b.id - a.id),
    media: new Map(),
    ...extra,
  };
}

const paths = (pages: Page[]): string[] => pages.map((p) => p.outputPath);

describe('buildPager', () => {
  const pathOf = (n: number): string => (n === 1 ? 'index.html' : `page/${n}/index.html`);
  it.each([
    [1, 1, 'first/previous/next/last absent', { first: undefined, previous: undefined, next: undefined, last: undefined }, '[1]'],
    [1, 5, 'no way back from page 1', { first: undefined, previous: undefined, next: 'page/2/index.html', last: 'page/5/index.html' }, '[1] 2 3 4 5'],
    [5, 5, 'no way on from the last page', { first: 'index.html', previous: 'page/4/index.html', next: undefined, last: undefined }, '1 2 3 4 [5]'],
    [7, 14, 'gaps on both sides', { first: 'index.html', previous: 'page/6/index.html', next: 'page/8/index.html', last: 'page/14/index.html' }, '1 … 5 6 [7] 8 9 … 14'],
    [3, 14, 'a gap of one page shows the page', { first: 'index.html', previous: 'page/2/index.html', next: 'page/4/index.html', last: 'page/14/index.html' }, '1 2 [3] 4 5 … 14'],
  ])('page %i of %i: %s', (page, pages, _name, links, window) => {
    const p = buildPager(page, pages, pathOf);
    expect({ first: p.first, previous: p.previous, next: p.next, last: p.last }).toEqual(links);
    expect(p.window.map((w) => (w.kind === 'gap' ? '…' : w.current ? `[${w.page}]` : String(w.page))).join(' ')).toBe(window);
    for (const w of p.window) if (w.kind === 'page') expect(w.path).toBe(pathOf(w.page));
  });
});

describe('planSite', () => {
  it('paginates the home page and gives page N its own folder', () => {
    const plan = planSite(index([section(1, 'tin')], [1, 2, 3, 4, 5, 6, 7].map((i) => article(i, 1))), { perPage: 3, baseUrl: null });
    const home = plan.pages.filter((p) => p.kind === 'home');
    expect(paths(home)).toEqual(['index.html', 'page/2/index.html', 'page/3/index.html']);
    expect(home.map((p) => (p.kind === 'home' ? p.data.items.map((t) => t.title) : []))).toEqual([
      ['Bài 7', 'Bài 6', 'Bài 5'],
      ['Bài 4', 'Bài 3', 'Bài 2'],
      ['Bài 1'],
    ]);
  });

  it('lists a section with its subsections, newest first, and gives an empty section its page', () => {
    const plan = planSite(index([section(1, 'cha'), section(2, 'con', 1), section(3, 'trong')], [article(1, 1), article(2, 2), article(3, 1)]), { perPage: 10, baseUrl: null });
    const sections = plan.pages.filter((p): p is SectionPage => p.kind === 'section');
    expect(sections.map((p) => [p.outputPath, p.data.items.map((t) => t.title)])).toEqual([
      ['chuyen-muc/cha/index.html', ['Bài 3', 'Bài 2', 'Bài 1']],
      ['chuyen-muc/con/index.html', ['Bài 2']],
      ['chuyen-muc/trong/index.html', []],
    ]);
    expect(sections[1]!.data.trail).toEqual([{ title: 'CHA', path: 'chuyen-muc/cha/index.html' }]);
    expect(sections[0]!.data.subsections).toEqual([{ title: 'CON', path: 'chuyen-muc/con/index.html' }]);
  });

  it('builds the menu in tree order; links sections feed the links portlet, their article subsections are lifted', () => {
    const plan = planSite(
      index([section(1, 'a'), section(2, 'a-1', 1), section(3, 'lien-ket', null, 'links'), section(4, 'duoi-lien-ket', 3), section(5, 'b')], [], {
        links: [
          { id: 1, section_id: 3, title: 'Chính phủ', url: 'https://chinhphu.vn', position: 1 },
          { id: 2, section_id: 3, title: 'Độc', url: 'javascript:alert(1)', position: 2 },
          { id: 3, section_id: 3, title: 'Tương đối', url: 'other.html', position: 3 },
          { id: 4, section_id: 3, title: 'Thư', url: 'mailto:a@b.vn', position: 4 },
        ],
      }),
      { perPage: 10, baseUrl: null },
    );
    expect(plan.layout.menu.map((m) => [m.title, m.children.map((c) => c.title)])).toEqual([
      ['A', ['A-1']],
      ['DUOI-LIEN-KET', []],
      ['B', []],
    ]);
    expect(plan.layout.links).toEqual([{ title: 'LIEN-KET', links: [{ title: 'Chính phủ', url: 'https://chinhphu.vn' }, { title: 'Thư', url: 'mailto:a@b.vn' }] }]);
    expect(paths(plan.pages)).not.toContain('chuyen-muc/lien-ket/index.html');
  });

  it('shows other articles of the same section: older neighbours first, filled with newer ones', () => {
    const articles = Array.from({ length: 14 }, (_, i) => article(i + 1, 1));
    const plan = planSite(index([section(1, 's')], articles), { perPage: 10, baseUrl: null });
    const others = (id: number): string[] => (plan.pages.find((p): p is ArticlePage => p.kind === 'article' && p.data.id === id)!.data.others.map((o) => o.title));
    expect(others(14)).toEqual(['Bài 13', 'Bài 12', 'Bài 11', 'Bài 10', 'Bài 9', 'Bài 8', 'Bài 7', 'Bài 6', 'Bài 5', 'Bài 4']);
    expect(others(2)).toEqual(['Bài 11', 'Bài 10', 'Bài 9', 'Bài 8', 'Bài 7', 'Bài 6', 'Bài 5', 'Bài 4', 'Bài 3', 'Bài 1']);
    expect(others(1)).not.toContain('Bài 1');
  });

  it('fails before writing when two pages would share a file', () => {
    expect(() => planSite(index([section(1, 's')], [article(1, 1), article(2, 1, { slug: 'bai-1' })]), { perPage: 10, baseUrl: null })).toThrow(DuplicateOutputPathError);
    expect(() => planSite(index([section(1, 's')], [article(1, 1), article(2, 1, { slug: 'bai-1' })]), { perPage: 10, baseUrl: null })).toThrow(/bai-viet\/bai-1\.html: article [12] "bai-1" and article [12] "bai-1"/);
  });

  it('writes a sitemap only when a base URL is known, split past 50,000 URLs', () => {
    const small = index([section(1, 's')], [article(1, 1)]);
    expect(paths(planSite(small, { perPage: 10, baseUrl: null }).pages)).not.toContain('sitemap.xml');
    expect(paths(planSite(small, { perPage: 10, baseUrl: 'https://x.vn/' }).pages)).toContain('sitemap.xml');
    const many = index([section(1, 's')], Array.from({ length: SITEMAP_LIMIT }, (_, i) => article(i + 1, 1)));
    const sitemaps = planSite(many, { perPage: 1000, baseUrl: 'https://x.vn/' }).pages.filter((p) => p.kind === 'sitemap');
    expect(paths(sitemaps)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
  });

  it('keeps drafts out of the index it plans from', async () => {
    const store = await freshStore();
    await buildSmallPortal(store);
    const site = await store.snapshot((reader) => readSite(reader));
    expect(site.articles.map((a) => a.title)).not.toContain(DRAFT_TITLE);
    expect(site.articles).toHaveLength(14);
    // The draft's own image is not among the media to export.
    const plan = planSite(site, { perPage: 3, baseUrl: null });
    expect(plan.media).toHaveLength(3);
  });
});

describe('page keys (what a re-export compares with the manifest)', () => {
  const sections = [section(1, 'a'), section(2, 'b')];
  const articles = (over: Record<number, Partial<IndexedArticle>> = {}): IndexedArticle[] =>
    Array.from({ length: 30 }, (_, i) => article(i + 1, i % 2 === 0 ? 1 : 2, over[i + 1] ?? {}));
  const keys = (plan: ReturnType<typeof planSite>): Map<string, string> => new Map(plan.pages.map((p) => [p.outputPath, pageKey(plan.layoutKey, p)]));
  const changed = (a: Map<string, string>, b: Map<string, string>): string[] => [...a].filter(([path, key]) => b.get(path) !== key).map(([path]) => path).sort();

  it('are the same for the same inputs, and unique to each page', () => {
    const a = keys(planSite(index(sections, articles()), { perPage: 5, baseUrl: 'https://x.vn/', templates: 't1' }));
    const b = keys(planSite(index(sections, articles()), { perPage: 5, baseUrl: 'https://x.vn/', templates: 't1' }));
    expect(changed(a, b)).toEqual([]);
    expect(new Set(a.values()).size).toBe(a.size);
  });

  it('all change with the templates or the layout', () => {
    const a = keys(planSite(index(sections, articles()), { perPage: 5, baseUrl: null, templates: 't1' }));
    const b = keys(planSite(index(sections, articles()), { perPage: 5, baseUrl: null, templates: 't2' }));
    expect(changed(a, b)).toEqual([...a.keys()].sort());
    const c = keys(planSite(index(sections, articles(), { site: { ...DEFAULT_SITE, title: 'Khác' } }), { perPage: 5, baseUrl: null, templates: 't1' }));
    expect(changed(a, c)).toEqual([...a.keys()].sort());
  });

  it('of an edited article change for its page, its neighbours, its lists and the feed only', () => {
    const plan = planSite(index(sections, articles()), { perPage: 5, baseUrl: null, templates: 't1' });
    const a = keys(plan);
    const b = keys(planSite(index(sections, articles({ 15: { hash: 'edited' } })), { perPage: 5, baseUrl: null, templates: 't1' }));
    const diff = changed(a, b);
    const articlePages = plan.pages.filter((p): p is ArticlePage => p.kind === 'article');
    const pathOf = (id: number): string => articlePages.find((p) => p.id === id)!.outputPath;
    // Article 15 is in section 1 (odd ids): its own page and those listing it as another article.
    expect(diff).toContain(pathOf(15));
    for (const id of [1, 3, 5, 7, 9, 11, 13, 17, 19, 21, 23, 25, 27, 29]) expect(diff).toContain(pathOf(id));
    // Nothing of section 2 changes, and of the lists only those that show article 15.
    for (const id of [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]) expect(diff).not.toContain(pathOf(id));
    expect(diff.filter((p) => !p.startsWith('bai-viet/'))).toEqual(['chuyen-muc/a/page/2/index.html', 'feed.xml', 'page/4/index.html'].sort());
  });
});
