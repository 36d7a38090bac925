// A real browser (Debian's Chromium driven by playwright-core) reading the export from disk:
// the pager there and back, an article, "Đầu trang", no console error, no request leaving
// the folder, no script from a hostile article, no Content-Security-Policy violation, a
// phone-sized screen, and accessibility.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHtml } from '../../../src/exporters/html/export.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import { buildEmbedPortal, buildHostilePortal, buildSmallPortal } from './fixture.js';
import { htmlFiles, suiteWorkspace } from './site.js';

const CHROMIUM = process.env.NEWSDESK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** axe-core's source (a devDependency: a missing one fails the test, it is not skipped). */
function axeSource(): string {
  return readFileSync(process.env.NEWSDESK_AXE ?? createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
}

// Code run in the page, as text: the project's TypeScript has no DOM library.
const BASIC_A11Y = `(() => {
  const out = [];
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) out.push('img without alt: ' + img.getAttribute('src'));
  for (const a of document.querySelectorAll('a[href]')) {
    const name = (a.getAttribute('aria-label') || a.textContent || '').trim() || [...a.querySelectorAll('img')].map((i) => i.alt).join('');
    if (!name) out.push('link without a name: ' + a.getAttribute('href'));
  }
  if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
  if (!document.documentElement.lang) out.push('no lang');
  return out;
})()`;

const RUN_AXE = `axe.run().then((r) => r.violations
  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => v.id + ' (' + v.impact + '): ' + JSON.stringify(v.nodes.map((n) => n.target))))`;

/**
 * A stand-in video player: it uses its origin's cookies and storage, as players keep settings
 * and session state (in the opaque origin of a frame without allow-same-origin both throw),
 * then tries to read and change the page around it.
 */
const PLAYER_PAGE = `<!DOCTYPE html><html><head><title>player</title></head><body><p>player</p><script>
  const result = { origin: window.origin };
  try { document.cookie = 'volume=1'; result.cookies = 'usable'; } catch (e) { result.cookies = e.name; }
  try { localStorage.setItem('volume', '1'); result.storage = 'usable'; } catch (e) { result.storage = /sandboxed/.test(e.message) ? 'taken by the sandbox' : 'third-party storage off in this browser'; }
  try { parent.document.title = 'taken'; result.page = 'reached'; } catch (e) { result.page = e.name; }
  document.body.dataset.result = JSON.stringify(result);
</script></body></html>`;

interface Watched {
  page: Page;
  problems: string[];
}

describe('in Chromium, from file://', () => {
  let browser: Browser;
  const workspaces: Array<Awaited<ReturnType<typeof suiteWorkspace>>> = [];
  let site: string;
  let hostile: string;

  async function exportOf(build: (s: SqliteStore) => Promise<void> | void): Promise<string> {
    const ws = await suiteWorkspace();
    workspaces.push(ws);
    await build(ws.store);
    const dir = join(ws.root, 'site');
    await exportHtml(ws.store, { outDir: dir, force: false, clean: false });
    return dir;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (CI installs it), or set NEWSDESK_CHROMIUM`);
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    site = await exportOf(buildSmallPortal);
    hostile = await exportOf(buildHostilePortal);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const w of workspaces) await w.dispose();
  });

  /**
   * A page that records console errors, failed loads, dialogs, any request outside `root`
   * and any Content-Security-Policy violation.
   */
  async function watched(root: string, viewport = { width: 1280, height: 900 }, opts: { bypassCSP?: boolean } = {}): Promise<Watched> {
    const page = await browser.newPage({ viewport, ...opts });
    const problems: string[] = [];
    await page.exposeFunction('__reportViolation', (v: string) => problems.push(`csp violation: ${v}`));
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => window.__reportViolation(e.violatedDirective + ' ' + e.blockedURI))`);
    const inside = pathToFileURL(root).href + '/';
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('requestfailed', (r) => {
      // A lazy image still loading when the test moves on is cancelled, not missing.
      const error = r.failure()?.errorText ?? '';
      if (error !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} ${error}`);
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(inside)) return route.continue();
      problems.push(`request outside the folder: ${url}`);
      return route.abort();
    });
    return { page, problems };
  }

  const open = (root: string, rel: string): string => pathToFileURL(join(root, rel)).href;

  it('follows the pager to the last page and back, opens an article and goes back to the top', async () => {
    const { page, problems } = await watched(site);
    await page.goto(open(site, 'index.html'));
    expect(await page.title()).toBe('Cổng thông tin điện tử huyện Sơn Lâm');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    await page.getByRole('link', { name: 'Trang cuối' }).click();
    await page.waitForURL(/page\/5\/index\.html$/);
    expect(await page.locator('.pager [aria-current="page"]').textContent()).toBe('5');
    expect(await page.getByRole('link', { name: 'Trang sau' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Trang trước' }).click();
    await page.waitForURL(/page\/4\/index\.html$/);
    await page.getByRole('link', { name: 'Trang đầu' }).click();
    await page.waitForURL(/\/site\/index\.html$/);
    expect(await page.locator('.pager [aria-current="page"]').textContent()).toBe('1');

    await page.getByRole('link', { name: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên' }).first().click();
    await page.waitForURL(/bai-viet\/nang-cao-chat-luong-phat-trien-dang-vien\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Quế Phong: Nâng cao chất lượng phát triển đảng viên');
    // The byline sits on the right.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.byline')).textAlign")).toBe('right');

    // Scrolled down, every (lazy) image of the article loads from the folder.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
    expect(await page.evaluate<number>("document.querySelectorAll('main img').length")).toBeGreaterThan(1);
    await page.waitForFunction("[...document.querySelectorAll('main img')].every((i) => i.complete && i.naturalWidth > 0)", undefined, { timeout: 15_000 });
    await page.getByRole('link', { name: 'Đầu trang' }).click();
    await page.waitForURL(/#dau-trang$/);
    expect(await page.evaluate<number>('window.scrollY')).toBe(0);

    // The menu leads to a section, and its other articles to another article.
    await page.getByRole('navigation', { name: 'Danh mục' }).getByRole('link', { name: 'Huyện ủy' }).click();
    await page.waitForURL(/chuyen-muc\/huyen-uy\/index\.html$/);
    expect(await page.locator('h1').textContent()).toContain('Huyện ủy');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('moves focus to the main content with the skip link', async () => {
    const { page, problems } = await watched(site);
    await page.goto(open(site, 'index.html'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Chuyển đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('noi-dung');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page, problems } = await watched(site, { width: 360, height: 740 });
    for (const rel of ['index.html', 'bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html', 'thu-vien-anh/index.html', 'chuyen-muc/he-thong-chinh-tri/page/2/index.html']) {
      await page.goto(open(site, rel));
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'), rel).toBe(true);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs no script of a hostile article and loads nothing from elsewhere', async () => {
    const { page, problems } = await watched(hostile);
    for (const rel of htmlFiles(hostile)) {
      await page.goto(open(hostile, rel));
      expect(await page.evaluate<unknown>('window.__pwned'), rel).toBeUndefined();
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('carries the policy on every page, and a violation of it is reported', async () => {
    const { page, problems } = await watched(site);
    for (const rel of htmlFiles(site)) {
      await page.goto(open(site, rel));
      const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      expect(policy, rel).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'none';/);
    }
    expect(problems).toEqual([]);
    // The policy is in force: an inline style (as an injected one would be) is refused, and the
    // watch above sees the refusal.
    await page.evaluate("document.body.setAttribute('style', 'background: red')");
    await expect.poll(() => problems.some((p) => p.startsWith('csp violation: style-src-attr'))).toBe(true);
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).not.toBe('rgb(255, 0, 0)');
    await page.close();
  });

  it('keeps what follows an unclosed element of a hostile body as real elements', async () => {
    const { page, problems } = await watched(hostile);
    const rel = htmlFiles(hostile).find((f) => f.includes('the-mo'))!;
    expect(rel).toBeDefined();
    await page.goto(open(hostile, rel));
    expect(await page.locator('.article-body h2').allTextContents()).toEqual(['Sau thẻ svg', 'Sau thẻ object', 'Sau thẻ iframe', 'Sau thẻ script']);
    expect(await page.locator('.article-body p').last().textContent()).toBe('Đoạn cuối vẫn còn.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads an allowed video player in its sandbox, within the policy', async () => {
    const dir = await exportOf(buildEmbedPortal);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    await page.exposeFunction('__reportViolation', (v: string) => problems.push(`csp violation: ${v}`));
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => window.__reportViolation(e.violatedDirective + ' ' + e.blockedURI))`);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const inside = pathToFileURL(dir).href + '/';
    const player: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(inside)) return route.continue();
      // The player's host answers with a stand-in page: no network here. Like a real player,
      // it needs its own origin's storage; it also tries to reach into the page.
      if (url.startsWith('https://www.youtube-nocookie.com/embed/')) {
        player.push(url);
        return route.fulfill({ status: 200, contentType: 'text/html', body: PLAYER_PAGE });
      }
      problems.push(`request outside the folder: ${url}`);
      return route.abort();
    });
    await page.goto(open(dir, 'bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html'));
    const frame = page.locator('.article-body iframe');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox');
    expect(await frame.getAttribute('loading')).toBe('lazy');
    await frame.scrollIntoViewIfNeeded();
    await expect.poll(() => player.length).toBeGreaterThan(0);
    expect(player[0]).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    // The player runs in its own origin, with its cookies, and cannot touch the page. (Its
    // storage: Playwright turns Chromium's third-party storage partitioning off, so this
    // browser refuses any third-party frame's storage, sandboxed or not; what matters here is
    // that the sandbox is not what refuses it.)
    const playerFrame = page.frames().find((f) => f.url().startsWith('https://www.youtube-nocookie.com/'));
    expect(playerFrame).toBeDefined();
    await expect.poll(() => playerFrame!.evaluate<string | undefined>('document.body && document.body.dataset.result')).toBeDefined();
    const seen = JSON.parse((await playerFrame!.evaluate<string>('document.body.dataset.result'))!) as Record<string, string>;
    expect(seen).toMatchObject({ origin: 'https://www.youtube-nocookie.com', cookies: 'usable', page: 'SecurityError' });
    expect(seen.storage).not.toBe('taken by the sandbox');
    expect(await page.evaluate<string>('document.title')).not.toBe('taken');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility problem', async () => {
    // axe is injected as an inline script, which the pages' policy forbids: bypassed here only.
    const { page, problems } = await watched(site, undefined, { bypassCSP: true });
    const axe = axeSource();
    for (const rel of ['index.html', 'page/2/index.html', 'bai-viet/nang-cao-chat-luong-phat-trien-dang-vien.html', 'thu-vien-anh/index.html', 'chuyen-muc/van-hoa/index.html']) {
      await page.goto(open(site, rel));
      // Built-in checks: every image has alt text, every link a name, one h1, a language.
      const basic = await page.evaluate<string[]>(BASIC_A11Y);
      expect(basic, rel).toEqual([]);
      expect(problems, rel).toEqual([]);
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate<string[]>(RUN_AXE);
      expect(violations, rel).toEqual([]);
      // axe's own requests (it fetches stylesheets, which file:// forbids) are not the site's.
      problems.length = 0;
    }
    await page.close();
  });
});
