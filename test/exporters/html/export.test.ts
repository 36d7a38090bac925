// The exported site as a reader gets it: golden pages of a fixed fixture portal, every link
// resolving inside the export, everything reachable from the home page, no drafts, and
// hostile content rendered harmless.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportHtml, type ExportHtmlResult } from '../../../src/exporters/html/export.js';
import { hashOf } from '../../../src/store/rows.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import { freshStore, tempDir } from '../../helpers/db.js';
import { buildHostilePortal, buildSmallPortal, DRAFT_IMAGE_CAPTION, DRAFT_TITLE, loadSamplePortal, sampleMedia } from './fixture.js';
import { htmlFiles, idsOf, isExternal, linksOf, listFiles, read, resolveLink, suiteWorkspace } from './site.js';

interface Exported {
  dir: string;
  result: ExportHtmlResult;
  store: SqliteStore;
}

type Build = (store: SqliteStore) => Promise<void> | void;

async function exportInto(store: SqliteStore, root: string, build: Build, opts: { baseUrl?: string; perPage?: number } = {}): Promise<Exported> {
  await build(store);
  const dir = join(root, 'site');
  const result = await exportHtml(store, { outDir: dir, force: false, clean: false, ...opts });
  return { dir, result, store };
}

/** For one test: store and folder are removed after it. */
async function exported(build: Build, opts: { baseUrl?: string; perPage?: number } = {}): Promise<Exported> {
  return exportInto(await freshStore(), tempDir(), build, opts);
}

/** For a describe block: exported once in beforeAll, removed in afterAll. */
function sharedExport(build: Build): () => Exported {
  let site: Exported | undefined;
  let ws: Awaited<ReturnType<typeof suiteWorkspace>> | undefined;
  beforeAll(async () => {
    ws = await suiteWorkspace();
    site = await exportInto(ws.store, ws.root, build);
  });
  afterAll(() => ws?.dispose());
  return () => site!;
}

/** Every href and src of every page names a file of the export (and an id, for fragments). */
function brokenLinks(dir: string): string[] {
  const files = new Set(listFiles(dir));
  const broken: string[] = [];
  const idCache = new Map<string, Set<string>>();
  for (const page of htmlFiles(dir)) {
    for (const link of linksOf(read(dir, page))) {
      if (isExternal(link.value)) continue;
      const { path, fragment } = resolveLink(page, link.value);
      if (link.value.endsWith('/')) broken.push(`${page}: ${link.value} names a folder`);
      if (!files.has(path)) {
        broken.push(`${page}: ${link.attr}="${link.value}" → ${path} is missing`);
        continue;
      }
      if (fragment !== undefined && path.endsWith('.html')) {
        let ids = idCache.get(path);
        if (!ids) idCache.set(path, (ids = idsOf(read(dir, path))));
        if (!ids.has(fragment)) broken.push(`${page}: #${fragment} not found in ${path}`);
      }
    }
  }
  return broken;
}

/** Pages reached from index.html by following links. */
function reachable(dir: string): Set<string> {
  const seen = new Set(['index.html']);
  const queue = ['index.html'];
  while (queue.length) {
    const page = queue.shift()!;
    for (const link of linksOf(read(dir, page))) {
      if (link.attr !== 'href' || isExternal(link.value)) continue;
      const { path } = resolveLink(page, link.value);
      if (path.endsWith('.html') && !seen.has(path) && existsSync(join(dir, path))) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return seen;
}

describe('the small fixture portal', () => {
  const get = sharedExport(buildSmallPortal);
  let site: Exported;
  beforeEach(() => {
    site = get();
  });

  it('writes the pages of the plan', () => {
    const files = listFiles(site.dir);
    expect(files).toContain('index.html');
    expect(files).toContain('page/5/index.html');
    expect(files).not.toContain('page/6/index.html');
    expect(files).toContain('chuyen-muc/he-thong-chinh-tri/page/3/index.html');
    expect(files).toContain('chuyen-muc/van-hoa/index.html');
    expect(files).toContain('bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html');
    expect(files).toContain('thu-vien-anh/index.html');
    expect(files).toContain('feed.xml');
    expect(files).toContain('assets/style.css');
    expect(files).not.toContain('sitemap.xml');
    expect(site.result).toMatchObject({ written: files.length - 1, unchanged: 0, removed: 0, files: files.length - 1 });
  });

  it('matches the golden home page', async () => {
    await expect(read(site.dir, 'index.html')).toMatchFileSnapshot('../../golden/html/home.html');
  });

  it('matches the golden section page 2', async () => {
    await expect(read(site.dir, 'chuyen-muc/he-thong-chinh-tri/page/2/index.html')).toMatchFileSnapshot('../../golden/html/section-page-2.html');
  });

  it('matches the golden article with images', async () => {
    await expect(read(site.dir, 'bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html')).toMatchFileSnapshot('../../golden/html/article.html');
  });

  it('matches the golden photo library', async () => {
    await expect(read(site.dir, 'thu-vien-anh/index.html')).toMatchFileSnapshot('../../golden/html/photos.html');
  });

  it('matches the golden feed', async () => {
    await expect(read(site.dir, 'feed.xml')).toMatchFileSnapshot('../../golden/html/feed.xml');
  });

  it('has no broken link or image', () => {
    expect(brokenLinks(site.dir)).toEqual([]);
  });

  it('reaches every published article, every section and every list page from the home page', () => {
    const seen = reachable(site.dir);
    expect(htmlFiles(site.dir).filter((f) => !seen.has(f))).toEqual([]);
  });

  it('never shows a draft or its image', () => {
    for (const f of listFiles(site.dir)) {
      if (f.startsWith('media/')) continue;
      const text = read(site.dir, f);
      expect(text, f).not.toContain(DRAFT_TITLE);
      expect(text, f).not.toContain('XYZZY');
      expect(text, f).not.toContain(DRAFT_IMAGE_CAPTION);
      expect(text, f).not.toContain('ban-nhap');
    }
    expect(listFiles(site.dir)).not.toContain(sampleMedia('nha-san.png'));
  });

  it('says an empty section has no articles yet', () => {
    expect(read(site.dir, 'chuyen-muc/van-hoa/index.html')).toContain('<p class="empty">Chuyên mục này chưa có bài viết.</p>');
  });

  it('writes each stored image once, named by its content hash', () => {
    const media = listFiles(site.dir).filter((f) => f.startsWith('media/'));
    expect(media).toEqual([sampleMedia('hoi-nghi-huyen-uy.png'), sampleMedia('le-ket-nap-dang-vien.png'), sampleMedia('song-nam-lam.png')].sort());
    for (const m of media) expect(`media/${hashOf(readFileSync(join(site.dir, m)))}.png`).toBe(m);
  });

  it('loads nothing from another host', () => {
    for (const page of htmlFiles(site.dir)) {
      for (const link of linksOf(read(site.dir, page))) if (link.attr === 'src') expect(isExternal(link.value), `${page}: ${link.value}`).toBe(false);
      expect(read(site.dir, page)).not.toMatch(/<link[^>]+href="(?:https?:)?\/\//);
    }
    expect(read(site.dir, 'assets/style.css')).not.toMatch(/url\(|@import/);
  });
});

describe('site settings and flags', () => {
  it('speaks English on an English site', async () => {
    const { dir } = await exported((s) => buildSmallPortal(s, { language: 'en' }));
    const article = read(dir, 'bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html');
    expect(article).toContain('<html lang="en">');
    for (const label of ['Back to top', 'Other articles', 'Photo library', 'Links', 'Skip to main content']) expect(article).toContain(label);
    expect(read(dir, 'index.html')).toContain('aria-label="Next page"');
    expect(article).not.toContain('Đầu trang');
  });

  it('adds canonical links and sitemap.xml with a base URL', async () => {
    const { dir } = await exported(buildSmallPortal, { baseUrl: 'https://sonlam.gov.vn/cong' });
    expect(read(dir, 'page/2/index.html')).toContain('<link rel="canonical" href="https://sonlam.gov.vn/cong/page/2/">');
    const sitemap = read(dir, 'sitemap.xml');
    expect(sitemap).toContain('<loc>https://sonlam.gov.vn/cong/</loc>');
    expect(sitemap).toContain('<loc>https://sonlam.gov.vn/cong/bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html</loc><lastmod>');
    expect(sitemap.match(/<url>/g)).toHaveLength(htmlFiles(dir).length);
    expect(read(dir, 'feed.xml')).toContain('<id>https://sonlam.gov.vn/cong/bai-viet/kinh-te-bai-5.html</id>');
  });

  it('takes --per-page over the site setting', async () => {
    const { dir } = await exported(buildSmallPortal, { perPage: 20 });
    expect(listFiles(dir)).not.toContain('page/2/index.html');
    expect(read(dir, 'index.html')).not.toContain('class="pager"');
  });
});

describe('a hostile portal', () => {
  const get = sharedExport(buildHostilePortal);
  let site: Exported;
  beforeEach(() => {
    site = get();
  });

  it('runs no script and keeps no event handler or script URL', () => {
    for (const f of listFiles(site.dir)) {
      if (f.startsWith('media/')) continue;
      const text = read(site.dir, f);
      expect(text, f).not.toMatch(/<script/i);
      expect(text, f).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(text, f).not.toMatch(/(?:href|src)="\s*(?:javascript|vbscript|data:text)/i);
      expect(text, f).not.toMatch(/<(?:iframe|object|embed|style|svg|form|input)\b/i);
    }
    expect(read(site.dir, 'index.html')).toContain('<title>Cổng &lt;script&gt;window.__pwned=1&lt;/script&gt;</title>');
  });

  it('writes nothing outside its folder and keeps its paths tame', () => {
    const parent = join(site.dir, '..');
    expect(readdirSync(parent).sort()).toEqual(['site', 'test.db', 'test.db-shm', 'test.db-wal'].filter((n) => existsSync(join(parent, n))));
    for (const f of listFiles(site.dir)) expect(f, f).toMatch(/^(?:\.newsdesk-manifest\.json|[a-z0-9][a-z0-9._/-]*)$/);
    // Stored media is written under the extension of its stored type, never as a page.
    for (const f of listFiles(site.dir).filter((p) => p.startsWith('media/'))) expect(f).toMatch(/^media\/[0-9a-f]{64}\.(?:png|jpg|gif|webp|avif)$/);
    expect(listFiles(site.dir)).toContain('bai-viet/evil-1.html');
    expect(listFiles(site.dir)).toContain('bai-viet/bai-viet-2.html');
    expect(listFiles(site.dir)).toContain('chuyen-muc/up-1/index.html');
  });

  it('still links correctly', () => {
    expect(brokenLinks(site.dir)).toEqual([]);
  });
});

describe('progress', () => {
  it('counts every file once, up to the total, on a first export and on a re-export', async () => {
    const store = await freshStore();
    await buildSmallPortal(store);
    const dir = join(tempDir(), 'site');
    for (let run = 0; run < 2; run++) {
      const calls: Array<[number, number]> = [];
      const r = await exportHtml(store, { outDir: dir, force: false, clean: false, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls[0]).toEqual([0, r.files]);
      expect(calls[calls.length - 1]).toEqual([r.files, r.files]);
      for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
    }
  });
});

describe('an empty portal', () => {
  it('still has a home page, a photo library and a feed, with no broken link', async () => {
    const { dir } = await exported(() => undefined);
    expect(listFiles(dir)).toEqual(['.newsdesk-manifest.json', 'assets/style.css', 'feed.xml', 'index.html', 'thu-vien-anh/index.html']);
    expect(read(dir, 'index.html')).toContain('<p class="empty">Chưa có bài viết.</p>');
    expect(brokenLinks(dir)).toEqual([]);
  });
});

describe('the bundled sample portal', () => {
  it('exports with every link resolving and every page reachable', async () => {
    const { dir, result, store } = await exported(loadSamplePortal);
    expect(brokenLinks(dir)).toEqual([]);
    const seen = reachable(dir);
    expect(htmlFiles(dir).filter((f) => !seen.has(f))).toEqual([]);
    const published = await store.articles.count({ status: 'published' });
    expect(htmlFiles(dir).filter((f) => f.startsWith('bai-viet/'))).toHaveLength(published);
    expect(result.pages).toBe(htmlFiles(dir).length);
  });
});
