// Both backends side by side, same run, same corpus (bench/run.js, step "backends"): newsdesk
// importing the corpus into an SQLite file and into a PostgreSQL schema (a server started
// here, on this machine, in the bench's work folder: Debian's PostgreSQL, fsync on), beside a
// raw COPY of the same rows (bench/raw-copy.js); then, on each, search p50/p95 (the bench's
// queries, top 10 with snippets, in-process), the first and the last page of `article list`
// (on a store open already, and as the whole command in-process, its connection included),
// and `export html` pages/s. Timing is reported, never asserted.
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
    const { run } = await h.dist('main.js');
    const { testIO } = await h.dist('cli/io.js');
    const last = Math.ceil(h.size / 10);
    for (const [name, db] of Object.entries(stores)) {
      h.log(`  backends: search and article list on ${name}`);
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
      const page = async (n) => {
        const io = await testIO();
        const t0 = performance.now();
        const code = await run(['--db', db, 'article', 'list', '--page', String(n)], io, { env: { NO_COLOR: '1' } });
        if (code !== 0) throw new Error(`article list on ${name}: exit ${code}: ${io.err()}`);
        return performance.now() - t0;
      };
      const first = [];
      const lastT = [];
      for (let i = 0; i < 3 + h.reps; i++) {
        const a = await page(1);
        const b = await page(last);
        if (i >= 3) first.push(a), lastT.push(b);
      }
      out[name].list = { first: r1(median(first)), last: r1(median(lastT)) };
      // The same figure taken apart: opening the store (a connection and its first query on
      // PostgreSQL, a file on SQLite), the first call on the store just opened (PostgreSQL's
      // new server process reads the catalog of the tables it meets first), and the call on a
      // store open and used already — what a long-lived process (a script using the library,
      // a server) pays for each listing: the settings, then one snapshot with the section
      // slugs and the page with its count (as `article list` asks them).
      const opens = [];
      const firstCalls = [];
      const calls = { first: [], last: [] };
      const listCall = async (store, n) => {
        const site = await store.site();
        await store.snapshot(async (r) => {
          // As the command's table asks: without the bodies it does not show.
          await Promise.all([r.sectionSlugs(), r.articles.page({}, { field: 'default', desc: true }, { limit: site.per_page, offset: (n - 1) * site.per_page }, { body: false })]);
        });
      };
      for (let i = 0; i < 3 + h.reps; i++) {
        const t0 = performance.now();
        const store = await openStore(db, 'read');
        const opened = performance.now() - t0;
        try {
          const a = performance.now();
          await listCall(store, 1);
          const firstCall = performance.now() - a;
          await listCall(store, last);
          // Then, on the store in use, first and last page in turn.
          for (let k = 0; k < 5; k++) {
            const b = performance.now();
            await listCall(store, 1);
            const c = performance.now();
            await listCall(store, last);
            const d = performance.now();
            if (i >= 3) calls.first.push(c - b), calls.last.push(d - c);
          }
          if (i >= 3) opens.push(opened), firstCalls.push(firstCall);
        } finally {
          await store.close();
        }
      }
      out[name].list.open = r1(median(opens));
      out[name].list.firstCall = r1(median(firstCalls));
      out[name].list.callFirst = r1(median(calls.first));
      out[name].list.callLast = r1(median(calls.last));

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
      listFirst: r1(p.list.first / s.list.first),
      listLast: r1(p.list.last / s.list.last),
      listOpen: r1(p.list.open / s.list.open),
      listFirstCall: r1(p.list.firstCall / s.list.firstCall),
      listCallFirst: r1(p.list.callFirst / s.list.callFirst),
      listCallLast: r1(p.list.callLast / s.list.callLast),
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
    ['article list first / last page (ms, on an open store)', `${s.list.callFirst} / ${s.list.callLast}`, `${p.list.callFirst} / ${p.list.callLast} (${b.ratios.listCallFirst}× / ${b.ratios.listCallLast}×)`, '≤ 2× SQLite'],
    ['  with the connection: the command in-process (ms)', `${s.list.first} / ${s.list.last}`, `${p.list.first} / ${p.list.last} (${b.ratios.listFirst}× / ${b.ratios.listLast}×)`, '(reported; see README)'],
    ['  of which: opening the store (ms)', `${s.list.open}`, `${p.list.open} (${b.ratios.listOpen}×)`, ''],
    ['  the first call on a store just opened (ms)', `${s.list.firstCall}`, `${p.list.firstCall} (${b.ratios.listFirstCall}×)`, ''],
    ['export html (pages/s)', `${s.exportHtml.rate}`, `${p.exportHtml.rate} (${b.ratios.exportHtml}×)`, '≥ 0.7× SQLite'],
  ];
}
