// Import rate of NDJSON against the raw limit, each measured in its own fresh process, in
// turns, the median of several runs:
//   node --import ./test/importers/support/ts-register.mjs test/importers/bench/import-rate.mjs [articles=20000] [runs=3]
// raw:      the rows, parsed beforehand (not timed), inserted through the repository's prepared
//           statement in one transaction, the search index kept in step by its listener;
// rebuild:  the same rows with the listener off, then the search index rebuilt, one transaction;
// pipeline: importFile on the NDJSON file, end to end (read, parse, check, write, index).
// Set ND_DIST=/path/to/dist to time the compiled code instead of the TypeScript sources.
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { generate } from '../support/generate.mjs';

const src = (path) => (process.env.ND_DIST ? pathToFileURL(join(process.env.ND_DIST, path.replace(/\.ts$/, '.js'))).href : new URL(`../../../src/${path}`, import.meta.url).href);

async function child(mode, file, dir) {
  const { SqliteStore } = await import(src('store/sqlite/store.ts'));
  const { addSection } = await import(src('ops/sections.ts'));
  const store = await SqliteStore.open(join(dir, `${mode}-${process.pid}.db`), 'write');
  await store.transaction(async (tx) => {
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
    await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế' });
  });
  let ms;
  if (mode === 'pipeline') {
    const { importFile } = await import(src('importers/pipeline.ts'));
    const t0 = performance.now();
    const report = await importFile(store, file, { now: Date.now() });
    ms = performance.now() - t0;
    if (!report.committed || report.rejected) throw new Error(JSON.stringify(report));
  } else {
    // The raw limit: the SQLite backend's own synchronous repositories (store.handle).
    const h = store.handle;
    const ids = { 'tin-tuc': h.sections.find('tin-tuc').id, 'kinh-te': h.sections.find('kinh-te').id };
    const rows = [];
    for await (const line of createInterface({ input: createReadStream(file) })) {
      const a = JSON.parse(line);
      rows.push({
        slug: a.slug, title: a.title, summary: a.summary, body: a.body, author: a.author, source: a.source,
        section_id: ids[a.section], status: a.status, published_at: Date.parse(a.published_at),
        created_at: 0, updated_at: 0, images: '[]', tags: JSON.stringify(a.tags),
      });
    }
    const listeners = mode === 'rebuild' ? h.articles.listeners.splice(0) : [];
    const t0 = performance.now();
    h.db.prepare('BEGIN IMMEDIATE').run();
    for (const row of rows) h.articles.insert(row);
    if (mode === 'rebuild') {
      const { attachSearchIndex } = await import(src('store/sqlite/fts.ts'));
      attachSearchIndex(h.db, listeners).rebuild();
    }
    h.db.prepare('COMMIT').run();
    ms = performance.now() - t0;
  }
  await store.close();
  console.log(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS }));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  const count = Number(process.argv[2] ?? 20_000);
  const runs = Number(process.argv[3] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-bench-'));
  const file = join(dir, 'articles.ndjson');
  const bytes = await generate(file, count);
  const times = { raw: [], rebuild: [], pipeline: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of Object.keys(times)) {
      const args = [...process.execArgv, import.meta.filename, '--child', mode, file, dir];
      const p = spawnSync(process.execPath, args, { encoding: 'utf8', env: process.env });
      if (p.status !== 0) throw new Error(p.stderr);
      times[mode].push(JSON.parse(p.stdout.trim().split('\n').at(-1)).ms);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rate = (mode) => Math.round(count / (median(times[mode]) / 1000));
  const limit = Math.max(rate('raw'), rate('rebuild'));
  console.log(JSON.stringify({ articles: count, mb: +(bytes / 1e6).toFixed(1), runs, raw_per_s: rate('raw'), rebuild_per_s: rate('rebuild'), pipeline_per_s: rate('pipeline'), ratio: +(rate('pipeline') / limit).toFixed(2) }));
  rmSync(dir, { recursive: true, force: true });
}
