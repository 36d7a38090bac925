// Both backends side by side, same run, same corpus (bench/run.js, step "backends"): newsdesk
// importing the corpus into an SQLite file and into a PostgreSQL schema (a server started
// here, on this machine, in the bench's work folder: Debian's PostgreSQL, fsync on), beside a
// raw COPY of the same rows (bench/raw-copy.js); then, on each, search p50/p95 (the bench's
// queries, top 10 with snippets, in-process), the first and the last page of `article list`
// (on a store open already, and as the whole command in-process, its connection included;
// both backends in turn: listingFigures), and `export html` pages/s. Timing is reported, never asserted.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const asRoot = process.getuid?.() === 0;

function pgBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

function runAsServer(cmd, args) {
  const argv = asRoot ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server for the bench, in `dir`, on a Unix socket there; stop() removes it. */
export async function startServer(dir) {
  const bin = pgBin();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  runAsServer(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  runAsServer(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', `-k ${dir} -p ${port} -c listen_addresses=''`, '-w', 'start']);
  runAsServer(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-qc', 'CREATE DATABASE bench']);
  return {
    url: (schema) => `postgresql://postgres@/bench?host=${encodeURIComponent(dir)}&port=${port}&schema=${schema}`,
    stop() {
      try {
        runAsServer(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))] : NaN);
const median = (xs) => pct(xs, 50);
const r1 = (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);
const r2 = (x) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);
/** Milliseconds since `t0` (process.hrtime.bigint()), nanoseconds kept until the division. */
const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const p50p95 = (xs) => ({ p50: r2(median(xs)), p95: r2(pct(xs, 95)), n: xs.length });

/** Calls of each page on each open store, after the warm-up ones (`article list`'s figure). */
export const LIST_CALLS = 600;
const LIST_WARM = 100;
/** Whole commands, and openings, of each backend (each a new connection on PostgreSQL). */
const LIST_COMMANDS = 60;
const LIST_OPENS = 30;

/**
 * `article list`, first and last page, SQLite and PostgreSQL in turn (the order swapped every
 * round, so that neither always runs right after the other), timed by process.hrtime.bigint():
 * - the call on a store open and in use, as the command makes it: the settings, then one
 *   snapshot holding the section slugs and the page with its count, without the bodies a table
 *   does not show — what a long-lived process (a script, a server) pays per listing;
 * - the whole command in-process (`run([… 'article', 'list', '--page', n])`), its opening
 *   included (on PostgreSQL a new connection: a server process started, its settings, the
 *   schema's version read);
 * - the opening alone, and the first call on a store just opened (the new server process reads
 *   the catalog of the tables it meets first).
 */
export async function listingFigures(h, stores, openStore) {
  const { run } = await h.dist('main.js');
  const { testIO } = await h.dist('cli/io.js');
  const names = Object.keys(stores);
  const out = Object.fromEntries(names.map((n) => [n, {}]));
  const listCall = async (store, page) => {
    const site = await store.site();
    return store.snapshot(async (r) => {
      const [, { total }] = await Promise.all([r.sectionSlugs(), r.articles.page({}, { field: 'default', desc: true }, { limit: site.per_page, offset: (page - 1) * site.per_page }, { body: false })]);
      return Math.max(1, Math.ceil(total / site.per_page));
    });
  };
  const rounds = async (count, warm, each) => {
    for (let i = 0; i < warm + count; i++) {
      for (const name of i % 2 ? [...names].reverse() : names) await each(name, i >= warm);
    }
  };

  const open = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await openStore(stores[n], 'read')])));
  try {
    const last = {};
    for (const n of names) last[n] = await listCall(open[n], 1);
    const calls = Object.fromEntries(names.map((n) => [n, { first: [], last: [] }]));
    await rounds(LIST_CALLS, LIST_WARM, async (n, timed) => {
      for (const [which, page] of [['first', 1], ['last', last[n]]]) {
        const t0 = process.hrtime.bigint();
        await listCall(open[n], page);
        const ms = msSince(t0);
        if (timed) calls[n][which].push(ms);
      }
    });
    for (const n of names) out[n].call = { first: p50p95(calls[n].first), last: p50p95(calls[n].last) };

    const commands = Object.fromEntries(names.map((n) => [n, { first: [], last: [] }]));
    await rounds(LIST_COMMANDS, 3, async (n, timed) => {
      for (const [which, page] of [['first', 1], ['last', last[n]]]) {
        const io = await testIO();
        const t0 = process.hrtime.bigint();
        const code = await run(['--db', stores[n], 'article', 'list', '--page', String(page)], io, { env: { NO_COLOR: '1' } });
        const ms = msSince(t0);
        if (code !== 0) throw new Error(`article list on ${n}: exit ${code}: ${io.err()}`);
        if (timed) commands[n][which].push(ms);
      }
    });
    for (const n of names) out[n].command = { first: p50p95(commands[n].first), last: p50p95(commands[n].last) };

    const opens = Object.fromEntries(names.map((n) => [n, { open: [], firstCall: [] }]));
    await rounds(LIST_OPENS, 3, async (n, timed) => {
      const t0 = process.hrtime.bigint();
      const store = await openStore(stores[n], 'read');
      const opened = msSince(t0);
      try {
        const t1 = process.hrtime.bigint();
        await listCall(store, 1);
        const firstCall = msSince(t1);
        if (timed) opens[n].open.push(opened), opens[n].firstCall.push(firstCall);
      } finally {
        await store.close();
      }
    });
    for (const n of names) Object.assign(out[n], { open: r2(median(opens[n].open)), firstCall: r2(median(opens[n].firstCall)) });
  } finally {
    for (const n of names) await open[n].close();
  }
  return out;
}

/**
 * h: { size, corpusFile, dir, heavy(args) → {ms, rssMB, stdout, stderr}, nd(db, …args) → args,
 *      dist(path) → module, queries: [[q, raw]], reps, log(msg), bench: folder of the bench }
 */
export async function backendsStep(h) {
  const server = await startServer(join(h.dir, 'pg'));
  try {
    const file = join(h.dir, 'backends.db');
    for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
    const stores = { sqlite: file, postgres: server.url('bench') };
    const out = { sqlite: {}, postgres: {} };

    for (const [name, db] of Object.entries(stores)) {
      h.log(`  backends: import into ${name}`);
      const r = await h.heavy(h.nd(db, 'import', h.corpusFile, '--format', 'json', '--no-progress'));
      const rep = JSON.parse(r.stdout.trim().split('\n').pop());
      out[name].import = { ms: Math.round(r.ms), rate: Math.round((h.size / r.ms) * 1000), rssMB: Math.round(r.rssMB), inserted: rep.inserted };
    }
    h.log('  backends: raw COPY into postgres');
    const init = await h.heavy(h.nd(server.url('raw'), 'init', '--title', 'Bench'));
    void init;
    const raw = await h.heavy([join(h.bench, 'raw-copy.js'), '--db', server.url('raw'), '--corpus', h.corpusFile]);
    out.postgres.rawCopy = { ms: Math.round(raw.ms), rate: Math.round((h.size / raw.ms) * 1000), rssMB: Math.round(raw.rssMB) };
    out.postgres.importVsRaw = r1(out.postgres.import.rate / out.postgres.rawCopy.rate);

    const { openStore } = await h.dist('store/open.js');
    const { searchArticles } = await h.dist('search/search.js');
    for (const [name, db] of Object.entries(stores)) {
      h.log(`  backends: search on ${name}`);
      const store = await openStore(db, 'read');
      const times = [];
      try {
        for (const [q] of h.queries) {
          for (let i = 0; i < 2 + h.reps; i++) {
            const t0 = performance.now();
            await searchArticles(store, q, { perPage: 10 });
            if (i >= 2) times.push(performance.now() - t0);
          }
        }
      } finally {
        await store.close();
      }
      out[name].search = { p50: r1(median(times)), p95: r1(pct(times, 95)), n: times.length };
    }

    h.log('  backends: article list, SQLite and PostgreSQL interleaved');
    const list = await listingFigures(h, stores, openStore);
    for (const name of Object.keys(stores)) out[name].list = list[name];

    for (const [name, db] of Object.entries(stores)) {
      h.log(`  backends: export html from ${name}`);
      const site = join(h.dir, `site-${name}`);
      rmSync(site, { recursive: true, force: true });
      const ex = await h.heavy(h.nd(db, 'export', 'html', '--out', site));
      const m = /Exported (\d+) pages/.exec(ex.stderr);
      const pages = m ? Number(m[1]) : NaN;
      out[name].exportHtml = { ms: Math.round(ex.ms), pages, rate: Math.round((pages / ex.ms) * 1000), rssMB: Math.round(ex.rssMB) };
      rmSync(site, { recursive: true, force: true });
    }
    const s = out.sqlite;
    const p = out.postgres;
    out.ratios = {
      importVsRawCopy: p.importVsRaw,
      searchP50: r1(p.search.p50 / s.search.p50),
      searchP95: r1(p.search.p95 / s.search.p95),
      listCallFirst: r2(p.list.call.first.p50 / s.list.call.first.p50),
      listCallLast: r2(p.list.call.last.p50 / s.list.call.last.p50),
      listCallFirstP95: r2(p.list.call.first.p95 / s.list.call.first.p95),
      listCallLastP95: r2(p.list.call.last.p95 / s.list.call.last.p95),
      listFirst: r2(p.list.command.first.p50 / s.list.command.first.p50),
      listLast: r2(p.list.command.last.p50 / s.list.command.last.p50),
      listOpen: r2(p.list.open / s.list.open),
      listFirstCall: r2(p.list.firstCall / s.list.firstCall),
      exportHtml: r1(p.exportHtml.rate / s.exportHtml.rate),
    };
    for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
    return out;
  } finally {
    server.stop();
  }
}

/** The figures as table rows: [what, sqlite, postgres, target]. */
export function backendRows(b) {
  if (!b || b.na) return [['backends', b?.na ?? 'n/a', '', '']];
  const s = b.sqlite;
  const p = b.postgres;
  return [
    ['import (records/s, peak RSS)', `${s.import.rate}/s, ${s.import.rssMB} MB`, `${p.import.rate}/s, ${p.import.rssMB} MB (raw COPY ${p.rawCopy.rate}/s: ${b.ratios.importVsRawCopy}×)`, '≥ 0.7× raw COPY; < 250 MB'],
    ['search p50 / p95 (ms)', `${s.search.p50} / ${s.search.p95}`, `${p.search.p50} / ${p.search.p95} (${b.ratios.searchP50}× / ${b.ratios.searchP95}×)`, '≤ 2× SQLite'],
    ['article list first / last page, p50 (ms, on an open store)', `${s.list.call.first.p50} / ${s.list.call.last.p50}`, `${p.list.call.first.p50} / ${p.list.call.last.p50} (${b.ratios.listCallFirst}× / ${b.ratios.listCallLast}×)`, '≤ 2× SQLite'],
    [`  p95 (${p.list.call.first.n} calls of each page, backends in turn, warm)`, `${s.list.call.first.p95} / ${s.list.call.last.p95}`, `${p.list.call.first.p95} / ${p.list.call.last.p95} (${b.ratios.listCallFirstP95}× / ${b.ratios.listCallLastP95}×)`, ''],
    ['  the call: settings, then one snapshot of the section slugs and the page with its count (no bodies)', '', '', ''],
    [`  with the connection: the command in-process, p50 (ms, ${p.list.command.first.n} each)`, `${s.list.command.first.p50} / ${s.list.command.last.p50}`, `${p.list.command.first.p50} / ${p.list.command.last.p50} (${b.ratios.listFirst}× / ${b.ratios.listLast}×)`, '(reported; see README)'],
    ['  of which: opening the store, p50 (ms)', `${s.list.open}`, `${p.list.open} (${b.ratios.listOpen}×)`, ''],
    ['  the first call on a store just opened, p50 (ms)', `${s.list.firstCall}`, `${p.list.firstCall} (${b.ratios.listFirstCall}×)`, ''],
    ['export html (pages/s)', `${s.exportHtml.rate}`, `${p.exportHtml.rate} (${b.ratios.exportHtml}×)`, '≥ 0.7× SQLite'],
  ];
}
