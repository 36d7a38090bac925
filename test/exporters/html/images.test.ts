// Images at export (issue 18): right-sized copies made once per content, orientation applied,
// no location metadata in any exported file, the upload kept as it came in the database, and
// an unreadable image left out with a warning instead of stopping the export.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHtml, type ExportHtmlResult } from '../../../src/exporters/html/export.js';
import { renditionsOf } from '../../../src/exporters/html/images.js';
import { addArticle } from '../../../src/ops/articles.js';
import { addSection } from '../../../src/ops/sections.js';
import { hashOf } from '../../../src/store/rows.js';
import type { Store, StoreData } from '../../../src/store/store.js';
import { FIXED_NOW } from '../../helpers/db.js';
import { listFiles, read, suiteWorkspace } from './site.js';

/** A phone photo: noisy pixels, stored turned (EXIF orientation 6), with a GPS position. */
async function phonePhoto(width: number, height: number): Promise<Buffer> {
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg()
    .toBuffer();
  return sharp(noise)
    .withExif({ IFD0: { Make: 'Phone', Model: 'X' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 50/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A PNG whose header claims `w`×`h` pixels: a decompression bomb as far as a reader can tell. */
async function claimedSize(w: number, h: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).png().toBuffer();
  const out = Buffer.from(png);
  // IHDR data starts at byte 16 (8 signature, 4 length, 4 type); its CRC follows the 13 bytes.
  out.writeUInt32BE(w, 16);
  out.writeUInt32BE(h, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

function storeImage(store: StoreData, data: Buffer, mime: string): Promise<string> {
  return store.media.put(data, mime, FIXED_NOW);
}

describe('image renditions at export', () => {
  let ws: Awaited<ReturnType<typeof suiteWorkspace>>;
  let store: Store;
  let dir: string;
  let photo: Buffer;
  let photoSrc: string;
  let first: ExportHtmlResult;
  let second: ExportHtmlResult;

  beforeAll(async () => {
    ws = await suiteWorkspace();
    store = ws.store;
    photo = await phonePhoto(1600, 1200);
    let truncatedSrc = '';
    let bombSrc = '';
    let junkSrc = '';
    await store.transaction(async (tx) => {
      await tx.settings.set({ title: 'Ảnh', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', per_page: 10, base_url: null });
      await addSection(tx, { slug: 'tin', title: 'Tin' });
      photoSrc = await storeImage(tx, photo, 'image/jpeg');
      truncatedSrc = await storeImage(tx, photo.subarray(0, Math.floor(photo.length / 2)), 'image/jpeg');
      junkSrc = await storeImage(tx, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]), 'image/jpeg');
    });
    const bomb = await claimedSize(60_000, 60_000);
    await store.transaction(async (tx) => {
      bombSrc = await storeImage(tx, bomb, 'image/png');
      const at = (d: number): string => `2024-03-0${d}T08:00:00+07:00`;
      await addArticle(tx, { title: 'Ảnh điện thoại', slug: 'anh-dien-thoai', section: 'tin', status: 'published', published_at: at(5), images: [{ src: photoSrc, caption: 'Chụp bằng điện thoại', alt: 'Cánh đồng' }] }, { now: FIXED_NOW });
      await addArticle(tx, { title: 'Ảnh hỏng', slug: 'anh-hong', section: 'tin', status: 'published', published_at: at(4), body: 'Thân bài.', images: [{ src: truncatedSrc, caption: 'hỏng', alt: 'hỏng' }, { src: photoSrc, caption: 'tốt', alt: 'tốt' }] }, { now: FIXED_NOW });
      await addArticle(tx, { title: 'Bom', slug: 'bom', section: 'tin', status: 'published', published_at: at(3), body: `Ảnh trong bài: ![bom](${bombSrc})`, images: [{ src: junkSrc, caption: 'rác', alt: 'rác' }] }, { now: FIXED_NOW });
    });
    dir = join(ws.root, 'site');
    first = await exportHtml(store, { outDir: dir, force: false, clean: false });
    second = await exportHtml(store, { outDir: dir, force: false, clean: false });
  }, 120_000);

  afterAll(() => ws?.dispose());

  const hash = (): string => /([0-9a-f]{64})/.exec(photoSrc)![1]!;

  it('makes WebP and JPEG copies at the shown orientation, and a full-size copy', async () => {
    const h = hash();
    const files = listFiles(dir).filter((f) => f.includes(h));
    expect(files).toEqual([`anh/${h}-c240.webp`, `anh/${h}-c480.jpg`, `anh/${h}-c480.webp`, `anh/${h}-w480.webp`, `anh/${h}-w960.jpg`, `anh/${h}-w960.webp`, `media/${h}.jpg`]);
    // Stored 1600×1200 and turned a quarter by its orientation: shown 1200×1600.
    const size = async (f: string): Promise<[number?, number?, string?]> => {
      const m = await sharp(join(dir, f)).metadata();
      return [m.width, m.height, m.format];
    };
    expect(await size(`anh/${h}-c240.webp`)).toEqual([240, 180, 'webp']);
    expect(await size(`anh/${h}-c480.jpg`)).toEqual([480, 360, 'jpeg']);
    expect(await size(`anh/${h}-w960.webp`)).toEqual([960, 1280, 'webp']);
    expect(await size(`media/${h}.jpg`)).toEqual([1200, 1600, 'jpeg']);
  });

  it('writes no metadata (no GPS position) into any exported image, and keeps the upload as it came', async () => {
    for (const f of listFiles(dir).filter((p) => p.startsWith('anh/') || p.startsWith('media/'))) {
      const m = await sharp(join(dir, f)).metadata();
      expect(m.exif, f).toBeUndefined();
      expect(m.xmp, f).toBeUndefined();
      expect(m.orientation ?? 1, f).toBe(1);
      // No EXIF block at all (its header), where the position would be.
      expect(readFileSync(join(dir, f)).includes('Exif\0\0'), f).toBe(false);
    }
    const stored = (await store.media.get(hash()))!;
    expect(hashOf(stored.data)).toBe(hash());
    expect((await sharp(stored.data).metadata()).exif).toBeDefined();
  });

  it('shows a <picture> with sizes, width and height, eager first and lazy after', () => {
    const h = hash();
    const page = read(dir, 'bai-viet/anh-dien-thoai.html');
    expect(page).toContain(
      `<a href="../media/${h}.jpg"><picture><source type="image/webp" srcset="../anh/${h}-w480.webp 480w, ../anh/${h}-w960.webp 960w" sizes="(min-width: 48rem) 46rem, 100vw"><img src="../anh/${h}-w960.jpg" width="960" height="1280" alt="Cánh đồng" fetchpriority="high" decoding="async"></picture></a>`,
    );
    const home = read(dir, 'index.html');
    expect(home).toContain(`<img class="thumb" src="anh/${h}-c480.jpg" width="480" height="360" alt="" fetchpriority="high" decoding="async">`);
    // The second teaser's thumbnail is lazy.
    expect(home.match(/<img class="thumb"[^>]*>/g)).toHaveLength(2);
    expect(home.match(/<img class="thumb"[^>]*>/g)![1]).toContain('loading="lazy"');
    // Only the full-size copy and the renditions are ever named: never the stored upload elsewhere.
    expect(home).not.toMatch(/src="media\//);
  });

  it('leaves out an image it cannot read, with one warning naming each article, and exports the rest', () => {
    expect(first.images.failed).toBe(3);
    expect(first.warnings).toHaveLength(2);
    expect(first.warnings[0]).toMatch(/^article \d+ "anh-hong": image left out, it cannot be read: media\/[0-9a-f]{64}\.jpg \(.+\)$/);
    expect(first.warnings[1]).toMatch(/^article \d+ "bom": image left out, it cannot be read: media\/[0-9a-f]{64}\.(?:jpg|png) \(.+\); media\/[0-9a-f]{64}\.(?:jpg|png) \(.+\)$/);
    // The bomb is refused from its header, before any pixel is decoded.
    expect(first.warnings[1]).toMatch(/\.png \((?:Input image exceeds pixel limit|60000×60000 pixels is more than 100 million)\)/);
    const broken = read(dir, 'bai-viet/anh-hong.html');
    expect(broken.match(/<figure class="figure">/g)).toHaveLength(1);
    expect(broken).toContain('alt="tốt"');
    expect(broken).not.toContain('alt="hỏng"');
    const bomb = /<main[^]*<\/main>/.exec(read(dir, 'bai-viet/bom.html'))![0];
    expect(bomb).not.toMatch(/<img|<picture/);
    expect(bomb).toContain('Ảnh trong bài:');
    // Nothing of a left-out image is written.
    expect(listFiles(dir).filter((f) => f.startsWith('media/'))).toEqual([`media/${hash()}.jpg`]);
  });

  it('makes nothing again on a re-export with no change, and reads no image', () => {
    expect(first.images.made).toBe(7);
    expect(second.images.made).toBe(0);
    // The unreadable ones are tried again (they are never cached); the good one is not read.
    expect(second.images.decoded).toBe(3);
    expect(second.written).toBe(0);
    // The same articles and files are named again. libvips's own wording of an error is not
    // compared: its error buffer is shared by the threads decoding at once, so the text after
    // the first clause can come out cut short.
    const named = (warnings: string[]) => warnings.map((w) => w.replace(/ \([^()]*(\([^()]*\)[^()]*)*\)/g, ''));
    expect(named(second.warnings)).toEqual(named(first.warnings));
    expect(named(second.warnings)).toHaveLength(2);
  });

  it('reports its progress by image: only the images it must read count', async () => {
    const calls: Array<[number, number]> = [];
    await exportHtml(store, { outDir: dir, force: false, clean: false, onImageProgress: (done, total) => calls.push([done, total]) });
    // The good image is kept from before; the three unreadable ones are tried again.
    expect(calls).toEqual([[0, 3], [1, 3], [2, 3], [3, 3]]);
  });

  it('makes again only what was deleted from the folder', async () => {
    const h = hash();
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, `anh/${h}-c240.webp`));
    const r = await exportHtml(store, { outDir: dir, force: false, clean: false });
    expect(r.images.made).toBe(1);
    expect(listFiles(dir)).toContain(`anh/${h}-c240.webp`);
  });
});

describe('renditionsOf', () => {
  const info = (width: number, height: number) => ({ hash: 'a'.repeat(64), ext: 'jpg', width, height, fallback: 'jpg' as const });
  it.each([
    // width × height → crop widths (4:3), fit widths, fallback sizes
    [4000, 3000, [240, 480], [480, 960], [480, 360], [960, 720]],
    [3000, 4000, [240, 480], [480, 960], [480, 360], [960, 1280]],
    [300, 200, [240, 266], [300], [266, 200], [300, 200]],
    [200, 150, [200], [200], [200, 150], [200, 150]],
    [1, 1, [1], [1], [1, 1], [1, 1]],
  ])('%i×%i', (w, h, crops, fits, cropFallback, fitFallback) => {
    const r = renditionsOf(info(w, h));
    expect(r.crop.webp.map((x) => x.width)).toEqual(crops);
    expect(r.fit.webp.map((x) => x.width)).toEqual(fits);
    expect([r.crop.fallback.width, r.crop.fallback.height]).toEqual(cropFallback);
    expect([r.fit.fallback.width, r.fit.fallback.height]).toEqual(fitFallback);
    for (const x of [...r.crop.webp, r.crop.fallback, ...r.fit.webp, r.fit.fallback]) expect(x.path).toMatch(/^anh\/a{64}-[cw]\d+\.(?:webp|jpg)$/);
  });
});
