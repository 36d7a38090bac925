// What a reader on a slow phone receives (issue 18): a portal of 48 articles carrying 4 MB
// phone photos, served over loopback HTTP to Chromium with DevTools' "Slow 4G" network and a
// 4× slower CPU. Transferred bytes until load, Largest Contentful Paint and Cumulative Layout
// Shift are held to the budgets on the home page, an article with two photos and the
// photo library.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto, variant } from '../../../bench/photos.js';
import { exportHtml } from '../../../src/exporters/html/export.js';
import { addArticle } from '../../../src/ops/articles.js';
import { addSection } from '../../../src/ops/sections.js';
import { FIXED_NOW } from '../../helpers/db.js';
import { suiteWorkspace } from './site.js';

const CHROMIUM = process.env.NEWSDESK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** DevTools' "Slow 4G" preset: 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up. */
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };

const BUDGET = {
  home: { bytes: 400 * 1024 },
  article: { bytes: 600 * 1024 },
  photos: { bytes: 500 * 1024 },
  lcpMs: 2500,
  cls: 0.1,
};

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.webp': 'image/webp', '.jpg': 'image/jpeg', '.png': 'image/png' };

/** A static server for the site folder, on loopback (throttling applies to HTTP, not file:). */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent((req.url ?? '/').split('?')[0]!)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    // The browser asks for a favicon on its own, at a moment that depends on the load; the site
    // has none, and that 404 is not the page's error.
    if (file === join(root, 'favicon.ico')) {
      res.writeHead(204).end();
      return;
    }
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

// Registered before the page loads: LCP and layout shifts as the browser reports them.
const OBSERVE = `(() => {
  window.__lcp = 0; window.__cls = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
})()`;

interface Measure {
  bytes: number;
  lcpMs: number;
  cls: number;
  images: number;
}

describe('budgets on a slow phone (Slow 4G, 4× CPU slowdown)', () => {
  let ws: Awaited<ReturnType<typeof suiteWorkspace>>;
  let server: Server;
  let browser: Browser;
  let base: string;
  let twoPhotos = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\`, or set NEWSDESK_CHROMIUM`);
    ws = await suiteWorkspace();
    const store = ws.store;
    // Four photographs; the twelve newest articles each get a file of their own (a new hash),
    // the older ones share them, as a portal's archive would.
    const photos = await Promise.all([1, 2, 3, 4].map((seed) => phonePhoto(seed)));
    await store.transaction(async (tx) => {
      await tx.settings.set({ title: 'Cổng thông tin điện tử huyện Sơn Lâm', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', per_page: 10, base_url: null });
      await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
      await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế', parent: 'tin-tuc' });
      const src = (n: number): Promise<string> => tx.media.put(variant(photos[n % 4]!, n % 12), 'image/jpeg', FIXED_NOW);
      for (let i = 0; i < 48; i++) {
        const at = new Date(Date.UTC(2024, 0, 1) + (48 - i) * 3_600_000).toISOString();
        const images = [{ src: await src(i), caption: `Ảnh ${i}: người dân xã Sơn Lâm trên đồng`, alt: `Cánh đồng ${i}` }];
        if (i === 0) images.push({ src: await src(13), caption: 'Ảnh thứ hai', alt: 'Buổi họp' });
        const body = Array.from({ length: 6 }, (_, p) => `Đoạn ${p + 1}: Ủy ban nhân dân huyện Sơn Lâm tổ chức hội nghị tổng kết công tác năm, đánh giá kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội, quốc phòng - an ninh.`).join('\n\n');
        const a = await addArticle(tx, { title: `Sơn Lâm: tin số ${i + 1} về phát triển kinh tế nông thôn miền núi`, section: i % 2 ? 'kinh-te' : 'tin-tuc', status: 'published', published_at: at, summary: 'Tóm tắt: kết quả nổi bật của huyện trong năm qua.', body, images }, { now: FIXED_NOW });
        if (i === 0) twoPhotos = `bai-viet/${a.slug}.html`;
      }
    });
    await exportHtml(store, { outDir: join(ws.root, 'site'), force: false, clean: false });
    server = await serve(join(ws.root, 'site'));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    await ws?.dispose();
  });

  /** Loads `rel` as a mid-range phone on Slow 4G and reports what it cost. */
  async function measure(rel: string): Promise<Measure> {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.addInitScript(OBSERVE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    let images = 0;
    const kinds = new Map<string, string>();
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => kinds.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      if (kinds.get(e.requestId) === 'Image') images++;
    });
    await page.goto(base + rel, { waitUntil: 'load', timeout: 60_000 });
    // LCP is final once the page is loaded and painted; give the observer a frame.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)))');
    const lcpMs = await page.evaluate<number>('window.__lcp');
    const cls = await page.evaluate<number>('window.__cls');
    await context.close();
    expect(violations, rel).toEqual([]);
    const m = { bytes, lcpMs: Math.round(lcpMs), cls: Math.round(cls * 1000) / 1000, images };
    process.stderr.write(`budget ${rel}: ${Math.round(bytes / 1024)} KB in ${images} images and the rest, LCP ${m.lcpMs} ms, CLS ${m.cls}\n`);
    return m;
  }

  it.each([
    ['home page', (): string => 'index.html', BUDGET.home.bytes],
    ['an article with two photos', (): string => twoPhotos, BUDGET.article.bytes],
    ['photo library', (): string => 'thu-vien-anh/index.html', BUDGET.photos.bytes],
  ] as const)('%s: within its bytes until load, LCP ≤ 2.5 s, CLS ≤ 0.1', async (_name, rel, bytes) => {
    // LCP is a time, and the machine's other work stretches it (the 4x CPU throttle multiplies
    // any stall): a page over budget is loaded again, up to three times in all, and the best is
    // held to the budget. A page truly over it fails every load.
    let m = await measure(rel());
    for (let again = 0; again < 2 && m.lcpMs > BUDGET.lcpMs; again++) {
      const next = await measure(rel());
      if (next.lcpMs < m.lcpMs) m = next;
    }
    expect(m.images).toBeGreaterThan(0);
    expect(m.bytes).toBeLessThanOrEqual(bytes);
    expect(m.lcpMs).toBeGreaterThan(0);
    expect(m.lcpMs).toBeLessThanOrEqual(BUDGET.lcpMs);
    expect(m.cls).toBeLessThanOrEqual(BUDGET.cls);
  }, 300_000);
});
