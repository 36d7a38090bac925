// One import in a fresh process: prints its rate, peak RSS and peak JS heap.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [dist, db, file] = process.argv.slice(2);
const { SqliteStore } = await import(pathToFileURL(join(dist, 'store/sqlite/store.js')).href);
const { addSection } = await import(pathToFileURL(join(dist, 'ops/sections.js')).href);
const { importFile } = await import(pathToFileURL(join(dist, 'importers/pipeline.js')).href);
const store = await SqliteStore.open(db, 'write');
await store.transaction(async (tx) => {
  await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
  await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế' });
});
if (process.env.ND_CACHE) store.handle.db.pragma(`cache_size = ${process.env.ND_CACHE}`);
const rssAtStart = process.memoryUsage().rss;
const timeline = [];
let last = performance.now();
let heapPeak = 0;
let rssReading = 0;
let rssIndexing = 0;
const t0 = performance.now();
const report = await importFile(store, file, {
  now: Date.now(),
  onProgress: (_b, _t, records) => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    rssReading = Math.max(rssReading, process.memoryUsage().rss);
    if (records % 25_600 === 0) {
      const now = performance.now();
      timeline.push(Math.round(25_600 / ((now - last) / 1000)));
      last = now;
    }
  },
  onIndexProgress: () => {
    rssIndexing = Math.max(rssIndexing, process.memoryUsage().rss);
  },
});
const seconds = (performance.now() - t0) / 1000;
await store.close();
if (report.rejected || !report.committed) throw new Error(JSON.stringify(report));
const mb = (b) => Math.round(b / 1024 / 1024);
console.log(JSON.stringify({
  per_s: Math.round(report.inserted / seconds),
  rss_at_start_mb: mb(rssAtStart),
  peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
  peak_heap_mb: mb(heapPeak),
  rss_reading_mb: mb(rssReading),
  rss_indexing_mb: mb(rssIndexing),
  rate_per_25600: timeline.join(' '),
}));
