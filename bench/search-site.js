// The `search-site` figures of the benchmark: the exported site's search beside Pagefind on
// the same exported site, in the same run. Bytes are counted as a static host sends them
// (gzip; Pagefind's files are compressed already and count as they are) and as read from
// disk; requests as files loaded. newsdesk's search is timed in headless Chromium from
// file://; Pagefind, which cannot run from disk, over a loopback HTTP server. The quality
// line: for the benchmark's queries, how many of the CLI's top 10 each one's top 10 holds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const CHROMIUM = process.env.NEWSDESK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const FIRST = 'phát triển';
const SEARCH_PAGE = 'tim-kiem/index.html';
const SECOND = 'phat trien';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

function walk(root, rel = '', out = []) {
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(root, r, out);
    else out.push(r);
  }
  return out;
}

/** gzip size as a host would send it; Pagefind's own compressed files as they are. */
function sentBytes(path) {
  const data = readFileSync(path);
  if (/\.pf_|\.wasm/.test(path) && data[0] === 0x1f && data[1] === 0x8b) return data.length;
  return gzipSync(data).length;
}

function sizes(root, files) {
  let disk = 0;
  let sent = 0;
  for (const f of files) {
    disk += statSync(join(root, f)).size;
    sent += sentBytes(join(root, f));
  }
  return { files: files.length, disk, sent };
}

/** A loopback static host for `root` that logs the paths it serves. */
function serve(root) {
  const served = [];
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    const file = resolve(root, path || 'index.html');
    if (!file.startsWith(resolve(root)) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    served.push(path);
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, served, base: `http://127.0.0.1:${server.address().port}/` })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : null;
};

/**
 * @param {{dir: string, db: string, bin: string, dist: (p: string) => Promise<any>, queries: string[], textBytes: number, log: (m: string) => void, reps: number}} o
 */
export async function searchSiteStep(o) {
  const out = {};
  const site = join(o.dir, 'site-search');
  rmSync(site, { recursive: true, force: true });
  o.log('  search-site: export html');
  let t0 = performance.now();
  const ex = spawnSync(process.execPath, [o.bin, '--db', o.db, 'export', 'html', '--out', site, '-q'], { encoding: 'utf8' });
  if (ex.status !== 0) throw new Error(`export html failed: ${ex.stderr.trim()}`);
  out.exportMs = Math.round(performance.now() - t0);

  const { diskLoader, engineModule, format } = await loaders(o, site);
  const all = walk(site);
  const data = all.filter((f) => f.startsWith(`${format.DATA_DIR}/`));
  out.articlePages = all.filter((f) => f.startsWith('bai-viet/')).length;
  out.data = sizes(site, data);
  out.textBytes = o.textBytes;
  Object.assign(out, await queryLoads(site, o.dist, o.queries));

  // Quality: the CLI's top 10 against newsdesk's site and Pagefind's top 10.
  const { openStore } = await o.dist('store/open.js');
  const { searchArticles } = await o.dist('search/search.js');
  const store = await openStore(o.db, 'read');
  const cliTop = new Map();
  const slugToId = new Map();
  try {
    for (const q of o.queries) {
      const items = (await searchArticles(store, q, { perPage: 10, page: 1 })).items;
      cliTop.set(q, items.map((i) => i.id));
    }
    for await (const batch of store.articles.batches({ status: 'published' })) for (const a of batch) slugToId.set(a.slug, a.id);
  } finally {
    await store.close();
  }
  let ours = 0;
  let possible = 0;
  for (const q of o.queries) {
    const top = new Set((await new engineModule.SiteSearchEngine(diskLoader([])).searchAll(q)).slice(0, 10).map((h) => h.id));
    const want = cliTop.get(q);
    possible += want.length;
    ours += want.filter((id) => top.has(id)).length;
  }
  out.quality = { possible, newsdesk: ours };

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    // From pressing Enter (the navigation) to results shown, file://, a fresh browser context each time.
    out.enterToResultsMs = median(await enterToResults(browser, site, FIRST, o.reps));
    out.pagefind = await pagefind(o, site, browser, cliTop, slugToId);
  } finally {
    await browser.close();
  }
  return out;
}

/**
 * What the search of `site` loads, counted as a static host sends it (gzip) and as read from
 * disk, through the engine the page runs (in Node, from `dist`): start-up, the first query and
 * a second one reusing what is loaded, and the first page of each of `queries` in a fresh
 * engine (its own load beyond start-up), with how long the engine took in this process.
 */
export async function queryLoads(site, dist, queries = []) {
  const { diskLoader, engineModule, format } = await loaders({ dist }, site);
  const out = { startup: sizes(site, [format.ENGINE_FILE, format.dataPath('m', 'meta')]) };
  const seen = [];
  const engine = new engineModule.SiteSearchEngine(diskLoader(seen));
  await engine.start();
  let mark = seen.length;
  let t0 = performance.now();
  await engine.search(FIRST, 1);
  out.first = { query: FIRST, ms: Math.round(performance.now() - t0), ...sizes(site, seen.slice(mark)) };
  mark = seen.length;
  await engine.search(SECOND, 1);
  out.second = { query: SECOND, ...sizes(site, seen.slice(mark)) };
  out.firstPages = [];
  for (const q of queries) {
    const mine = [];
    const e = new engineModule.SiteSearchEngine(diskLoader(mine));
    await e.start();
    const from = mine.length;
    t0 = performance.now();
    try {
      await e.search(q, 1);
    } catch (err) {
      // A query the language refuses (a list drawn from a corpus may hold one): said, left out.
      console.error(`  query ${JSON.stringify(q)} left out: ${err.message}`);
      continue;
    }
    const kinds = {};
    for (const path of mine.slice(from)) {
      const kind = path.slice(format.DATA_DIR.length + 1).split('/')[0];
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    out.firstPages.push({ query: q, ms: Math.round(performance.now() - t0), kinds, ...sizes(site, mine.slice(from)) });
  }
  return out;
}

async function loaders(o, site) {
  const format = await o.dist('search/site/format.js');
  const engineModule = await o.dist('search/site/engine.js');
  const diskLoader = (seen) => async (kind, name) => {
    const path = format.dataPath(kind, name);
    seen.push(path);
    let data;
    new Function(format.LOAD_FUNCTION, readFileSync(join(site, path), 'utf8'))((_k, _n, d) => {
      data = d;
    });
    return data;
  };
  return { diskLoader, engineModule, format };
}

async function pagefind(o, site, browser, cliTop, slugToId) {
  const bin = join(o.root, 'node_modules', '.bin', 'pagefind');
  if (!existsSync(bin)) return { na: 'the pagefind package is not installed' };
  o.log('  search-site: pagefind');
  const t0 = performance.now();
  // Article pages only, their main column, as a reader would want them indexed.
  const r = spawnSync(bin, ['--site', site, '--glob', 'bai-viet/**/*.html', '--root-selector', 'main', '--force-language', 'vi', '--silent'], { encoding: 'utf8' });
  if (r.status !== 0) return { na: `pagefind failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  const out = { indexMs: Math.round(performance.now() - t0) };
  const files = walk(join(site, 'pagefind')).map((f) => `pagefind/${f}`);
  out.data = sizes(site, files);

  const { server, served, base } = await serve(site);
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}index.html`);
    const bytes = (from) => sizes(site, served.slice(from));
    let mark = served.length;
    await page.evaluate(`(async () => { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); })()`);
    out.startup = bytes(mark);
    const run = (q) =>
      page.evaluate(`(async () => {
        const t = performance.now();
        const s = await window.pf.search(${JSON.stringify(q)});
        const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
        return { ms: performance.now() - t, urls: data.map((d) => d.url), total: s.results.length };
      })()`);
    mark = served.length;
    const first = await run(FIRST);
    out.first = { query: FIRST, ms: Math.round(first.ms), ...bytes(mark) };
    mark = served.length;
    await run(SECOND);
    out.second = { query: SECOND, ...bytes(mark) };
    let found = 0;
    let possible = 0;
    for (const q of o.queries) {
      const res = await run(q);
      const ids = new Set(res.urls.map((u) => slugToId.get(decodeURIComponent(u).replace(/^.*\/bai-viet\//, '').replace(/\.html$/, ''))));
      const want = cliTop.get(q);
      possible += want.length;
      found += want.filter((id) => ids.has(id)).length;
    }
    out.quality = { possible, pagefind: found };
    await ctx.close();
  } finally {
    server.close();
  }
  return out;
}

/** Enter → results in headless Chromium from file:// for `query` on `site`, ms per run (fresh context each). */
async function enterToResults(browser, site, query, reps) {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${pathToFileURL(join(site, SEARCH_PAGE)).href}?q=${encodeURIComponent(query)}`);
    await page.waitForSelector('html[data-search-done]', { timeout: 60_000 });
    times.push(Number(await page.getAttribute('html', 'data-search-ms')));
    await ctx.close();
  }
  return times;
}

/**
 * How a set of queries' first pages keep the first query's limits (150 KB, 6 requests with
 * start-up): how many do, the requests' spread and the KB sent.
 */
export function pagesSummary(loads) {
  if (loads.firstPages.length === 0) return 'no query';
  const requests = loads.firstPages.map((p) => loads.startup.files + p.files);
  const within = loads.firstPages.filter((p, i) => p.sent <= 150 * 1024 && requests[i] <= 6).length;
  const spread = {};
  for (const r of requests) spread[r] = (spread[r] ?? 0) + 1;
  const kb = loads.firstPages.map((p) => p.sent / 1024).sort((a, b) => a - b);
  const at = (q) => kb[Math.min(kb.length - 1, Math.floor(q * kb.length))].toFixed(1);
  const list = Object.entries(spread).map(([r, n]) => `${r}: ${n}`).join(', ');
  return `${within} / ${kb.length} within 150 KB and 6 requests; KB median ${at(0.5)}, p90 ${at(0.9)}, largest ${at(1)}; requests with start-up (count) ${list}`;
}

/**
 * Why first pages miss the limits, grouped by what the engine had to load (site `site`, its
 * modules from `dist`): a query of plain words by how many of its words have a head (heads.ts)
 * and whether the heads settled its page or it read every posting (a postings file for a word
 * with a head); any other query (phrase, prefix, OR, exclusion) as one group. Per group: how
 * many, how many within 150 KB and 6 requests, the misses on bytes and on requests, the result
 * files loaded on average and the median KB.
 */
export async function causesSummary(site, dist, loads) {
  const format = await dist('search/site/format.js');
  const { unpackData } = await dist('search/site/unpack.js');
  const { parseQuery } = await dist('core/search-query.js');
  const heads = new Map();
  const headsOf = async (shard) => {
    if (!heads.has(shard)) {
      let data;
      const path = join(site, format.dataPath('h', shard));
      if (existsSync(path)) new Function(format.LOAD_FUNCTION, readFileSync(path, 'utf8'))((_k, _n, d) => (data = d));
      heads.set(shard, typeof data === 'string' ? await unpackData(data) : (data ?? {}));
    }
    return heads.get(shard);
  };
  let meta;
  new Function(format.LOAD_FUNCTION, readFileSync(join(site, format.dataPath('m', 'meta')), 'utf8'))((_k, _n, d) => (meta = d));
  const groups = new Map();
  for (const p of loads.firstPages) {
    const q = parseQuery(p.query);
    const plain = q.exclude.length === 0 && q.groups.every((g) => g.length === 1 && g[0].tokens.length === 1 && !g[0].prefix);
    let key = 'phrase, prefix, OR or exclusion';
    if (plain) {
      const tokens = q.groups.map((g) => g[0].tokens[0]);
      let big = 0;
      // A site of an older layout has a heads file per postings file.
      for (const t of tokens) if ((await headsOf(format.headsFileOf ? format.headsFileOf(t, meta.shards) : format.shardOf(t, meta.shards)))[t]) big++;
      const settled = (p.kinds.t ?? 0) <= tokens.length - big;
      key = `${tokens.length} words, ${big} with a head${big === 0 ? '' : settled ? ', settled from the heads' : ', every posting read'}`;
    }
    const g = groups.get(key) ?? { n: 0, within: 0, bytes: 0, requests: 0, d: 0, kb: [] };
    groups.set(key, g);
    const requests = loads.startup.files + p.files;
    const overBytes = p.sent > 150 * 1024;
    const overRequests = requests > 6;
    g.n++;
    if (!overBytes && !overRequests) g.within++;
    if (overBytes) g.bytes++;
    if (overRequests) g.requests++;
    g.d += p.kinds.d ?? 0;
    g.kb.push(p.sent / 1024);
  }
  return [...groups]
    .sort((x, y) => y[1].n - x[1].n)
    .map(([key, g]) => `${key.padEnd(52)} ${String(g.n).padStart(4)} queries, ${String(g.within).padStart(4)} within; over on bytes ${g.bytes}, on requests ${g.requests}; result files ${(g.d / g.n).toFixed(1)}; median ${median(g.kb).toFixed(1)} KB`);
}

// Alone, on exported sites (a site's own engine and data; `--dist` the compiled modules that
// count its loads): node bench/search-site.js SITE… [--dist DIR] [--reps N] [--query Q]…
// [--queries FILE] (a JSON list of queries, or an object of named lists, as
// bench/two-word-queries.js prints: each list's first pages summed up by pagesSummary)
// [--causes] (each list's first pages also grouped by what they loaded: causesSummary).
// Prints each site's loads and, alternating site by site, Enter → results in Chromium.
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const sites = [];
  const queries = [];
  const sets = {};
  let distDir = resolve(new URL('../dist', import.meta.url).pathname);
  let reps = 5;
  let loads = true;
  let causes = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--dist') distDir = resolve(args[++i]);
    else if (args[i] === '--times-only') loads = false;
    else if (args[i] === '--causes') causes = true;
    else if (args[i] === '--reps') reps = Number(args[++i]);
    else if (args[i] === '--query') queries.push(args[++i]);
    else if (args[i] === '--queries') {
      const given = JSON.parse(readFileSync(args[++i], 'utf8'));
      Object.assign(sets, Array.isArray(given) ? { queries: given } : given);
    }
    else sites.push(resolve(args[i]));
  }
  const dist = (p) => import(pathToFileURL(join(distDir, p)).href);
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const line = (x) => `${kb(x.sent)} sent, ${kb(x.disk)} disk, ${x.files} files`;
  for (const site of loads ? sites : []) {
    const l = await queryLoads(site, dist, queries);
    console.log(site);
    console.log(`  start-up                ${line(l.startup)}`);
    console.log(`  first query ${JSON.stringify(FIRST)}  ${line(l.first)}; requests with start-up ${l.startup.files + l.first.files}; ${l.first.ms} ms in Node`);
    console.log(`  second query ${JSON.stringify(SECOND)} ${line(l.second)}`);
    for (const p of l.firstPages) console.log(`  first page of ${JSON.stringify(p.query).padEnd(50)} ${line(p)}; requests with start-up ${l.startup.files + p.files}; ${p.ms} ms in Node`);
    for (const [name, list] of Object.entries(sets)) {
      const setLoads = await queryLoads(site, dist, list);
      console.log(`  ${name} (${list.length} queries): ${pagesSummary(setLoads)}`);
      if (causes) for (const row of await causesSummary(site, dist, setLoads)) console.log(`    ${row}`);
    }
  }
  if (reps > 0) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const times = new Map(sites.map((s) => [s, []]));
      for (let r = 0; r < reps; r++) for (const site of sites) times.get(site).push(...(await enterToResults(browser, site, FIRST, 1)));
      for (const site of sites) console.log(`Enter → results ${JSON.stringify(FIRST)}, file://: median ${median(times.get(site))} ms (${times.get(site).join(', ')}) ${site}`);
    } finally {
      await browser.close();
    }
  }
}
