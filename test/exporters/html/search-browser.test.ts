// The site's search in a real browser (Debian's Chromium driven by playwright-core), opened
// from disk (file://) and from a loopback HTTP server that sends a strict
// Content-Security-Policy: typing a query in the header and pressing Enter, paging, the
// no-result and bad-query messages, marks and the spelling typed first, a hostile article,
// accessibility, and an oracle: the browser's results equal `newsdesk search`'s.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle } from '../../../src/ops/articles.js';
import { exportHtml } from '../../../src/exporters/html/export.js';
import { searchArticles } from '../../../src/search/search.js';
import { ARTICLES, loadCorpus } from '../../search/corpus.js';
import { mixedCorpus, queriesFrom } from '../../search/site/queries.js';
import { FIXED_NOW } from '../../helpers/db.js';
import { diskEngine } from '../../search/site/helpers.js';
import { suiteWorkspace } from './site.js';

const CHROMIUM = process.env.NEWSDESK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'";
const HOSTILE_TITLE = 'Độc hại <img src=x onerror="window.__pwned=1"> tiêu đề';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.png': 'image/png', '.jpg': 'image/jpeg', '.xml': 'application/xml' };

/** A static host for `root` on 127.0.0.1, with a strict CSP on every response. */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    // The browser asks for a favicon on its own; the site has none.
    if (path === 'favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = join(root, path.endsWith('/') || path === '' ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the site search in Chromium', () => {
  let browser: Browser;
  let ws: Awaited<ReturnType<typeof suiteWorkspace>>;
  let site: string;
  let wide: string;
  let server: Server;
  let httpBase: string;
  let hostileId: number;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\`, or set NEWSDESK_CHROMIUM`);
    ws = await suiteWorkspace();
    const store = ws.store;
    await loadCorpus(store, [...ARTICLES, ...mixedCorpus(80)]);
    hostileId = (
      await addArticle(
        store,
        { title: HOSTILE_TITLE, summary: 'Tóm tắt <script>window.__pwned=1</script> độc hại', body: '<svg onload="window.__pwned=1"></svg> Nội dung độc hại', section: 'kinh-te', status: 'published', published_at: '2024-04-03T08:00:00+07:00' },
        { now: FIXED_NOW },
      )
    ).id;
    site = join(ws.root, 'site');
    wide = join(ws.root, 'wide');
    await exportHtml(store, { outDir: site, perPage: 5, force: false, clean: false });
    // Every result on one page, for the oracle.
    await exportHtml(store, { outDir: wide, perPage: 1000, force: false, clean: false });
    server = await serve(site);
    httpBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    ws.dispose();
  });

  /** A page that records console errors (CSP violations among them), page errors and dialogs. */
  /** A page that reports errors; `bypassCSP` only for injecting the accessibility checker. */
  async function watched(opts: { bypassCSP?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
    const page = opts.bypassCSP ? await (await browser.newContext({ bypassCSP: true })).newPage() : await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    return { page, problems };
  }

  const done = (page: Page) => page.waitForSelector('html[data-search-done]', { timeout: 15_000 });
  const ids = (page: Page) => page.$$eval('.search-result', (els) => els.map((e) => Number(e.getAttribute('data-id'))));
  const cli = async (q: string) => (await searchArticles(ws.store, q, { all: true, status: 'published' })).items;
  /**
   * The order the site shows, from its files read in Node by the same engine: the CLI's, but
   * for bm25's statistics, which count no draft (see README). The sets are the CLI's.
   */
  const ranked = async (q: string): Promise<number[]> => {
    const order = (await diskEngine(site).searchAll(q)).map((h) => h.id);
    expect([...order].sort((a, b) => a - b)).toEqual((await cli(q)).map((i) => i.id).sort((a, b) => a - b));
    return order;
  };

  for (const mode of ['file', 'http'] as const) {
    describe(`from ${mode === 'file' ? 'file://' : 'a loopback HTTP server with a strict CSP'}`, () => {
      const url = (rel: string): string => {
        const [path, query] = rel.split('?');
        return mode === 'file' ? pathToFileURL(join(site, path!)).href + (query === undefined ? '' : `?${query}`) : httpBase + rel;
      };

      it('takes a query typed in the header to the search page and shows the CLI’s results, newest spelling first', async () => {
        const { page, problems } = await watched();
        await page.goto(url('index.html'));
        await page.getByRole('searchbox', { name: 'Từ khóa' }).fill('dang vien');
        await page.keyboard.press('Enter');
        await page.waitForURL(/tim-kiem\/index\.html\?q=dang\+vien$/);
        await done(page);
        const expected = await cli('dang vien');
        expect(await page.locator('.search-status').textContent()).toBe(`Tìm thấy ${expected.length} kết quả cho “dang vien”.`);
        expect(await ids(page)).toEqual((await ranked('dang vien')).slice(0, 5));
        // The field keeps the query; focus goes to what was found.
        expect(await page.inputValue('#tu-khoa')).toBe('dang vien');
        expect(await page.evaluate<string>('document.activeElement.id')).toBe('trang-thai-tim-kiem');
        // Highlights land on the marked spelling.
        const marks = await page.locator('.search-result mark').allTextContents();
        expect(marks.length).toBeGreaterThan(0);
        expect(marks.map((m) => m.toLowerCase())).toContain('đảng');
        expect(problems).toEqual([]);
        await page.close();
      });

      it('pages through the results with the portal’s pager', async () => {
        const { page, problems } = await watched();
        await page.goto(url('tim-kiem/index.html?q=dang'));
        await done(page);
        const first = await ids(page);
        const all = await ranked('dang');
        expect(all.length).toBeGreaterThan(10);
        expect(first).toEqual(all.slice(0, 5));
        await page.getByRole('link', { name: 'Trang sau' }).click();
        await page.waitForURL(/trang=2$/);
        await done(page);
        expect(await ids(page)).toEqual(all.slice(5, 10));
        expect(await page.locator('.pager [aria-current="page"]').textContent()).toBe('2');
        await page.getByRole('link', { name: 'Trang cuối' }).click();
        await done(page);
        const pages = Math.ceil(all.length / 5);
        expect(await ids(page)).toEqual(all.slice((pages - 1) * 5));
        expect(await page.getByRole('link', { name: 'Trang sau' }).count()).toBe(0);
        expect(problems).toEqual([]);
        await page.close();
      });

      it('says so when nothing is found, and explains a query it cannot read', async () => {
        const { page, problems } = await watched();
        await page.goto(url('tim-kiem/index.html?q=khongcotunaydau'));
        await done(page);
        expect(await page.locator('.search-status').textContent()).toBe('Không tìm thấy kết quả nào cho “khongcotunaydau”.');
        expect(await page.locator('.search-result').count()).toBe(0);

        await page.fill('#tu-khoa', '"kinh tế');
        await page.keyboard.press('Enter');
        await page.waitForURL(/q=%22kinh/);
        await done(page);
        const alert = page.getByRole('alert');
        expect(await alert.textContent()).toBe('Không hiểu từ khóa: a quote (") is not closed');
        expect(await page.locator('.search-hint').textContent()).toContain('close the phrase');
        expect(problems).toEqual([]);
        await page.close();
      });

      it('finds marked articles for an unmarked query, and ranks the spelling typed first', async () => {
        const { page, problems } = await watched();
        await page.goto(url('tim-kiem/index.html?q=hoà'));
        await done(page);
        const expected = await cli('hoà');
        const exact = expected.filter((i) => i.score >= 1).map((i) => i.id);
        expect(exact.length).toBeGreaterThan(0);
        expect(expected.length).toBeGreaterThan(exact.length);
        const shown = await ids(page);
        expect(shown.slice(0, Math.min(5, exact.length))).toEqual(exact.slice(0, 5));
        await page.goto(url('tim-kiem/index.html?q=hoa'));
        await done(page);
        expect(await page.locator('.search-status').textContent()).toContain(`Tìm thấy ${(await cli('hoa')).length} kết quả`);
        expect(problems).toEqual([]);
        await page.close();
      });

      it('shows a hostile title and body as text and runs nothing', async () => {
        const { page, problems } = await watched();
        await page.goto(url('tim-kiem/index.html?q=độc hại'));
        await done(page);
        expect(await ids(page)).toContain(hostileId);
        const item = page.locator(`.search-result[data-id="${hostileId}"]`);
        expect(await item.locator('h2 a').textContent()).toBe(HOSTILE_TITLE);
        expect(await item.locator('img, script, svg').count()).toBe(0);
        expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
        expect(problems).toEqual([]);
        await page.close();
      });
    });
  }

  it('loads from a static host no more files than the engine reads from disk: the engine, meta.js and the query’s own', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname.replace(/^\//, '');
      if (path.startsWith('tim-kiem/') && path.endsWith('.js')) requested.push(path);
    });
    await page.goto(`${httpBase}tim-kiem/index.html?q=${encodeURIComponent('phát triển')}`);
    await done(page);
    const seen: string[] = [];
    const engine = diskEngine(site, seen);
    await engine.search('phát triển', 1);
    expect(requested.sort()).toEqual(['tim-kiem/tim-kiem.js', ...seen].sort());
    await page.close();
  });

  it('has no serious or critical accessibility problem on the search page', async () => {
    // axe-core goes in as an inline script, which the site's policy rightly refuses.
    const { page } = await watched({ bypassCSP: true });
    await page.goto(pathToFileURL(join(site, 'tim-kiem/index.html')).href + '?q=dang');
    await done(page);
    expect(await page.getAttribute('#ket-qua-tim-kiem', 'aria-live')).toBe('polite');
    await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') });
    const violations = await page.evaluate<string[]>(`axe.run().then((r) => r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + JSON.stringify(v.nodes.map((n) => n.target))))`);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('finds, for queries drawn from the corpus, exactly what newsdesk search --status published --all finds', async () => {
    const { page, problems } = await watched();
    const texts = (await ws.store.articles.list({ status: 'published' }, { field: 'default', desc: true })).map((a) => `${a.title} ${a.summary} ${a.body}`);
    const queries = ['dang vien', 'đảng viên', '"kinh tế" -"xã hội"', 'ph*', 'lũ OR bão', 'kinh-t*', 'thuý', ...queriesFrom(texts, 40, 5)];
    let found = 0;
    for (const q of queries) {
      await page.goto(`${pathToFileURL(join(wide, 'tim-kiem/index.html')).href}?q=${encodeURIComponent(q)}`);
      await done(page);
      const expected = (await cli(q)).map((i) => i.id).sort((a, b) => a - b);
      expect((await ids(page)).sort((a, b) => a - b), q).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
