#!/usr/bin/env node
// The image work of export html (issue 18): a copy of the bench portal where 1 article in
// `--every` carries a 4 MB phone photo (bench/photos.js; each a file of its own), exported in
// full into a fresh folder, then again with no change. Two processes, so that the export's
// peak memory is its own: `--phase setup` puts the photos in, `--phase export` runs both
// exports and prints one JSON line: each export's time, the image work within it (files made,
// images decoded, its time), the process's memory before the first export and its peak.
//
//   node bench/images.js --phase setup --db newsdesk.db --work DIR --dist DIST [--every 10]
//   node bench/images.js --phase export --work DIR --dist DIST
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { phonePhoto, variant } from './photos.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const dist = (path) => import(pathToFileURL(join(opt('dist'), path)).href);
const every = Number(opt('every', '10'));
const work = opt('work');
const db = join(work, 'images.db');
const site = join(work, 'images-site');

const phase = opt('phase', 'setup');
const { SqliteStore } = await dist('store/sqlite/store.js');
const r = (x) => Math.round(x);

if (phase === 'export') {
  const { exportHtml } = await dist('exporters/html/export.js');
  const store = await SqliteStore.open(db, 'write');
  const baseMB = process.memoryUsage().rss / 1048576;
  // The peak RSS counts the pages of the database file read through its memory map (the
  // photos are in it): shared with the page cache, given back under pressure. The process's
  // own memory (anonymous: heap, libvips's buffers) is sampled apart.
  const peak = { anon: 0, file: 0 };
  const sample = () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    peak.anon = Math.max(peak.anon, kb('RssAnon'));
    peak.file = Math.max(peak.file, kb('RssFile') + kb('RssShmem'));
  };
  const sampler = existsSync('/proc/self/status') ? setInterval(sample, 25) : undefined;
  let t0 = performance.now();
  const first = await exportHtml(store, { outDir: site, force: false, clean: false });
  const firstMs = performance.now() - t0;
  t0 = performance.now();
  const again = await exportHtml(store, { outDir: site, force: false, clean: false });
  const againMs = performance.now() - t0;
  await store.close();
  if (sampler) {
    clearInterval(sampler);
    sample();
  }
  process.stdout.write(
    `${JSON.stringify({
      baseMB: r(baseMB),
      peakMB: r(process.resourceUsage().maxRSS / 1024),
      peakAnonMB: sampler ? r(peak.anon / 1024) : null,
      peakFileMB: sampler ? r(peak.file / 1024) : null,
      first: { ms: r(firstMs), pages: first.pages, files: first.files, written: first.written, images: first.images, warnings: first.warnings.length },
      again: { ms: r(againMs), written: again.written, images: again.images },
    })}\n`,
  );
  process.exit(0);
}

for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
copyFileSync(opt('db'), db);
rmSync(site, { recursive: true, force: true });

// The photos go in behind the store's back, through the SQLite backend's own handle (a bench
// may; newsdesk's code may not), and the exports run through the store as the CLI runs them.
const store = await SqliteStore.open(db, 'write');
const h = store.handle;

// The photos are generated once (four pictures), each article's a variant of one of them.
let t0 = performance.now();
const photos = await Promise.all([1, 2, 3, 4].map((seed) => phonePhoto(seed)));
const ids = h.db.prepare("SELECT id FROM articles WHERE status = 'published' AND id % ? = 0 ORDER BY id").pluck().all(every);
const setImages = h.db.prepare('UPDATE articles SET images = ? WHERE id = ?');
let photoBytes = 0;
h.db.transaction(() => {
  for (const id of ids) {
    const data = variant(photos[id % 4], id);
    photoBytes += data.length;
    const src = h.media.put(data, 'image/jpeg', Date.now());
    setImages.run(JSON.stringify([{ src, caption: `Ảnh ${id}`, alt: `Ảnh ${id}` }]), id);
  }
})();
const setupMs = performance.now() - t0;
await store.close();
process.stdout.write(`${JSON.stringify({ photos: ids.length, photoMB: Math.round(photoBytes / 1e5) / 10, setupMs: r(setupMs) })}\n`);
