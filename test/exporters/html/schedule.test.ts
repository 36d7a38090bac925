// Scheduled publishing in the HTML export: a published article dated later than the export's
// clock is in no page, list, feed, sitemap or photo library, and no file of it is written,
// until an export runs at or after its time; then exactly the pages that show it are written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportHtml, type ExportHtmlOptions } from '../../../src/exporters/html/export.js';
import { MANIFEST_NAME } from '../../../src/exporters/html/routes.js';
import { readSite } from '../../../src/exporters/html/source.js';
import { addArticle, editArticle } from '../../../src/ops/articles.js';
import type { Store } from '../../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { buildSmallPortal, SAMPLE_DIR, sampleMedia } from './fixture.js';
import { freeze, touched } from './mtimes.js';
import { listFiles } from './site.js';

/** When the scheduled article is due: 07:00 on 08/12/2026 in Hà Nội. */
const DUE = Date.parse('2026-12-08T07:00:00+07:00');
const TITLE = 'Thông cáo báo chí: khánh thành cầu Nậm Lam QWERTY';
const SLUG = 'thong-cao-cau-nam-lam';
const BASE_URL = 'https://sonlam.example.vn/';

/** The small portal plus one article scheduled for DUE (with an image of its own unless told). */
async function portal(opts: { image?: boolean; scheduled?: boolean } = {}): Promise<Store> {
  const store = await freshStore();
  await buildSmallPortal(store);
  if (opts.scheduled !== false) {
    await addArticle(
      store,
      {
        title: TITLE,
        slug: SLUG,
        section: 'kinh-te',
        status: 'published',
        published_at: '2026-12-08T07:00:00+07:00',
        summary: 'Tóm tắt QWERTY.',
        body: 'Nội dung QWERTY.',
        ...(opts.image !== false ? { images: [{ src: 'images/nha-san.png', caption: 'Ảnh QWERTY', alt: 'QWERTY' }] } : {}),
      },
      { now: FIXED_NOW, imageBaseDir: SAMPLE_DIR },
    );
  }
  return store;
}

function exportAt(store: Store, dir: string, now: number, opts: Partial<ExportHtmlOptions> = {}): ReturnType<typeof exportHtml> {
  return exportHtml(store, { outDir: dir, force: false, clean: false, baseUrl: BASE_URL, now, ...opts });
}

/** Every file of a site and its bytes. */
function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'latin1')]));
}

const ARTICLE_PAGE = `bai-viet/${SLUG}.html`;
/** The scheduled article's image, as the site names it (media/<sha-256>.png), and its hash. */
const IMAGE = sampleMedia('nha-san.png');
const IMAGE_HASH = IMAGE.slice('media/'.length, -'.png'.length);

describe('export html of a scheduled article', () => {
  it('before its time, writes the very site it would write without the article, and says what it left out', async () => {
    const withIt = tempDir();
    const without = tempDir();
    const r = await exportAt(await portal(), withIt, DUE - 1000);
    await exportAt(await portal({ scheduled: false }), without, DUE - 1000);

    const a = snapshot(withIt);
    const b = snapshot(without);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [file, bytes] of a) expect(bytes, file).toBe(b.get(file));
    // Its page, its image, its words: nowhere (the draft's image uses the same file, and is out too).
    expect(a.has(ARTICLE_PAGE)).toBe(false);
    expect([...a.keys()].some((f) => f.startsWith('media/'))).toBe(true);
    expect(a.has(IMAGE)).toBe(false);
    for (const [file, bytes] of a) expect(bytes.includes('QWERTY'), file).toBe(false);
    expect(r.scheduled).toEqual({ count: 1, next: DUE });
  });

  it('an article due in one second: absent from every list, feed and sitemap before, present at its time', async () => {
    const store = await portal();
    const dir = tempDir();
    const page = (f: string): string => readFileSync(join(dir, f), 'utf8');

    const before = await exportAt(store, dir, DUE - 1000);
    expect(before.scheduled).toEqual({ count: 1, next: DUE });
    expect(listFiles(dir)).not.toContain(ARTICLE_PAGE);
    for (const f of ['index.html', 'chuyen-muc/kinh-te/index.html', 'feed.xml', 'sitemap.xml', 'thu-vien-anh/index.html']) {
      expect(page(f), f).not.toContain(SLUG);
    }

    const at = await exportAt(store, dir, DUE);
    expect(at.scheduled).toEqual({ count: 0, next: null });
    expect(page(ARTICLE_PAGE)).toContain('khánh thành cầu Nậm Lam');
    // The newest article: first on the home page, its section's page, the feed, the photo library.
    expect(page('index.html')).toContain(ARTICLE_PAGE);
    expect(page('chuyen-muc/kinh-te/index.html')).toContain(`bai-viet/${SLUG}.html`);
    expect(page('thu-vien-anh/index.html')).toContain(ARTICLE_PAGE);
    expect(page('feed.xml')).toContain(`${BASE_URL}${ARTICLE_PAGE}`);
    expect(page('sitemap.xml')).toContain(`<loc>${BASE_URL}${ARTICLE_PAGE}</loc>`);
    expect(listFiles(dir)).toContain(IMAGE);
  });

  it('when it comes due, the next export writes exactly the pages that now show it, and nothing else', async () => {
    // One list page per list (per page 100) and no image: the pages that show it are few.
    const store = await portal({ image: false });
    const dir = tempDir();
    await exportAt(store, dir, DUE - 1000, { perPage: 100 });
    const old = snapshot(dir);
    const times = freeze(dir);

    const r = await exportAt(store, dir, DUE, { perPage: 100 });
    const written = touched(dir, times);
    // The site search finds it from now on: its data files change too (which ones, the check
    // against a fresh export below says, byte for byte).
    expect(written.filter((f) => f.startsWith('tim-kiem/du-lieu/')).length).toBeGreaterThan(0);
    expect(written.filter((f) => !f.startsWith('tim-kiem/du-lieu/'))).toEqual(
      [
        ARTICLE_PAGE, // its own page
        'index.html', // the home page
        'chuyen-muc/kinh-te/index.html', // its section's page
        ...[1, 2, 3, 4, 5].map((i) => `bai-viet/kinh-te-bai-${i}.html`), // "other articles" of its section
        'feed.xml',
        'sitemap.xml',
      ].sort(),
    );
    expect(r).toMatchObject({ written: written.length, removed: 0 });

    // And they are the files whose bytes differ from a first export at that time.
    const fresh = tempDir();
    await exportAt(store, fresh, DUE, { clean: true, perPage: 100 });
    const differ = [...snapshot(fresh)].filter(([f, bytes]) => f !== MANIFEST_NAME && old.get(f) !== bytes).map(([f]) => f);
    expect(written).toEqual(differ.sort());
  });

  it('with an image and pages that shift, still writes only the files whose bytes change', async () => {
    const store = await portal();
    const dir = tempDir();
    await exportAt(store, dir, DUE - 1000);
    const old = snapshot(dir);
    const times = freeze(dir);
    await exportAt(store, dir, DUE);
    const written = touched(dir, times);

    const fresh = tempDir();
    await exportAt(store, fresh, DUE, { clean: true });
    const differ = [...snapshot(fresh)].filter(([f, bytes]) => f !== MANIFEST_NAME && old.get(f) !== bytes).map(([f]) => f);
    expect(written).toEqual(differ.sort());
    expect(written).toContain(IMAGE);
    // The site itself is the one a first export at that time writes (the manifests differ in
    // what they remember of earlier files).
    const site = (d: string): Map<string, string> => new Map([...snapshot(d)].filter(([f]) => f !== MANIFEST_NAME));
    expect(site(dir)).toEqual(site(fresh));
  });

  it('a scheduled article that is edited stays out, and comes out with its edits when its date is brought forward', async () => {
    const store = await portal();
    const dir = tempDir();
    const now = DUE - 3_600_000;
    await exportAt(store, dir, now);
    const times = freeze(dir);

    await editArticle(store, SLUG, { title: 'Thông cáo đã sửa QWERTY', body: 'Sửa.' }, { now: FIXED_NOW + 60_000 });
    const edited = await exportAt(store, dir, now);
    expect(edited).toMatchObject({ written: 0, removed: 0, scheduled: { count: 1, next: DUE } });
    expect(touched(dir, times)).toEqual([]);

    await editArticle(store, SLUG, { published_at: '2026-12-08T05:59:59+07:00' }, { now: FIXED_NOW + 120_000 });
    const released = await exportAt(store, dir, now);
    expect(released.scheduled).toEqual({ count: 0, next: null });
    expect(readFileSync(join(dir, ARTICLE_PAGE), 'utf8')).toContain('Thông cáo đã sửa');
  });

  it('an article moved back into the future leaves the site at the next export', async () => {
    const store = await portal();
    const dir = tempDir();
    await exportAt(store, dir, DUE);
    expect(listFiles(dir)).toContain(ARTICLE_PAGE);

    await editArticle(store, SLUG, { published_at: '2026-12-09T07:00:00+07:00' }, { now: FIXED_NOW + 60_000 });
    const r = await exportAt(store, dir, DUE);
    expect(r.scheduled).toEqual({ count: 1, next: Date.parse('2026-12-09T07:00:00+07:00') });
    expect(listFiles(dir)).not.toContain(ARTICLE_PAGE);
    expect(listFiles(dir)).not.toContain(IMAGE);
    expect(readFileSync(join(dir, 'feed.xml'), 'utf8')).not.toContain(SLUG);
  });

  it('readSite, the one place the site is read from, holds back scheduled articles and their media', async () => {
    const store = await portal();
    const before = await store.snapshot((reader) => readSite(reader, DUE - 1));
    expect(before.articles.map((a) => a.slug)).not.toContain(SLUG);
    expect(before.media.has(IMAGE_HASH)).toBe(false);
    expect(before.scheduled).toEqual({ count: 1, next: DUE });

    const at = await store.snapshot((reader) => readSite(reader, DUE));
    expect(at.articles[0]!.slug).toBe(SLUG);
    expect(at.media.has(IMAGE_HASH)).toBe(true);
    expect(at.scheduled).toEqual({ count: 0, next: null });
  });
});
