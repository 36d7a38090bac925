// Hugo beside `export html` (issue 20): the same published articles as Hugo content, built by
// Debian's `hugo` with a minimal theme of the bench's own that renders the same pages (home
// with pager, a page per section listing its subtree with pager, one page per article with
// its section's other articles, a feed of the newest 20), then both run as whole processes,
// alternating, in the same run: wall time, CPU time (user + system), peak RSS and files
// written by each. The raw floor of the same files written in parallel is measured beside.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The `hugo` binary, or undefined when it is not installed. */
export function hugoBinary() {
  const r = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? { bin: 'hugo', version: (/v[\d.]+/.exec(r.stdout) ?? ['?'])[0] } : undefined;
}

const BASEOF = `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header class="banner"><a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<div class="layout">
<main>{{ block "main" . }}{{ end }}</main>
<nav class="menu"><ul>
{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Sections }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</li>
{{ end }}</ul></nav>
</div>
<footer>{{ site.Title }}</footer>
</body>
</html>
`;

const TEASERS = `{{ range .Paginator.Pages }}<article class="teaser">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">({{ .Date.Format "02/01/2006 03:04 PM" }})</time></h2>
<p>{{ .Summary }}</p>
</article>
{{ end }}{{ template "_internal/pagination.html" . }}`;

const INDEX = `{{ define "main" }}{{ $p := .Paginate site.RegularPages }}${TEASERS}{{ end }}
`;

const LIST = `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Sections }}<ul class="subsections">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ $p := .Paginate .RegularPagesRecursive }}${TEASERS}{{ end }}
`;

const SINGLE = `{{ define "main" }}<article class="article">
<nav class="breadcrumb"><a href="{{ site.Home.RelPermalink }}">Trang chủ</a>{{ with .Parent }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<h1>{{ .Title }}</h1>
<p class="date"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">({{ .Date.Format "02/01/2006 03:04 PM" }})</time></p>
<p class="summary">{{ .Params.summary }}</p>
{{ .Content }}
{{ with .Params.author }}<p class="author">{{ . }}</p>{{ end }}
</article>
<section class="others"><h2>Các tin khác</h2><ul>
{{ $self := .RelPermalink }}{{ range first 11 .CurrentSection.RegularPages }}{{ if ne .RelPermalink $self }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>({{ .Date.Format "02/01/2006 03:04 PM" }})</time></li>
{{ end }}{{ end }}</ul></section>{{ end }}
`;

/**
 * Writes a Hugo site for the published articles of `db` into `dir` (content, config and the
 * theme), sections as nested content folders; returns how many articles it holds.
 */
export function writeHugoSite(db, dir) {
  const d = new Database(db, { readonly: true });
  try {
    const perPage = Number(d.prepare(`SELECT value FROM settings WHERE key = 'per_page'`).pluck().get() ?? 10);
    const timeZone = String(d.prepare(`SELECT value FROM settings WHERE key = 'timezone'`).pluck().get() ?? 'Asia/Ho_Chi_Minh');
    const title = String(d.prepare(`SELECT value FROM settings WHERE key = 'title'`).pluck().get() ?? 'newsdesk');
    const sections = d.prepare(`SELECT id, slug, title, parent_id, description FROM sections WHERE kind = 'articles' ORDER BY position, id`).all();
    const byId = new Map(sections.map((s) => [s.id, s]));
    const folderOf = new Map();
    const folder = (s) => {
      let f = folderOf.get(s.id);
      if (f === undefined) {
        const parent = s.parent_id === null ? undefined : byId.get(s.parent_id);
        f = parent === undefined ? s.slug : `${folder(parent)}/${s.slug}`;
        folderOf.set(s.id, f);
      }
      return f;
    };
    const content = join(dir, 'content');
    for (const s of sections) {
      mkdirSync(join(content, folder(s)), { recursive: true });
      writeFileSync(join(content, folder(s), '_index.md'), `${JSON.stringify({ title: s.title, description: s.description })}\n`);
    }
    // Every top-level section's articles at /bai-viet/<slug>.html, as newsdesk writes them.
    const permalinks = sections.filter((s) => s.parent_id === null || !byId.has(s.parent_id)).map((s) => `${JSON.stringify(s.slug)} = "/bai-viet/:slug"`);
    writeFileSync(
      join(dir, 'config.toml'),
      [
        `baseURL = "http://localhost/"`,
        `title = ${JSON.stringify(title)}`,
        `languageCode = "vi"`,
        `timeZone = ${JSON.stringify(timeZone)}`,
        `theme = "bench"`,
        `paginate = ${perPage}`,
        `uglyURLs = true`,
        `relativeURLs = true`,
        `disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404"]`,
        `[outputs]`,
        `home = ["HTML", "RSS"]`,
        `section = ["HTML"]`,
        `page = ["HTML"]`,
        `[services.rss]`,
        `limit = 20`,
        `[permalinks]`,
        ...permalinks,
        '',
      ].join('\n'),
    );
    const theme = join(dir, 'themes', 'bench', 'layouts');
    mkdirSync(join(theme, '_default'), { recursive: true });
    writeFileSync(join(theme, '_default', 'baseof.html'), BASEOF);
    writeFileSync(join(theme, '_default', 'list.html'), LIST);
    writeFileSync(join(theme, '_default', 'single.html'), SINGLE);
    writeFileSync(join(theme, 'index.html'), INDEX);
    mkdirSync(join(dir, 'static'), { recursive: true });
    writeFileSync(join(dir, 'static', 'style.css'), 'body{font-family:sans-serif}\n');
    let n = 0;
    const rows = d.prepare(`SELECT slug, title, summary, body, author, section_id, published_at FROM articles WHERE status = 'published' AND published_at <= ? ORDER BY id`);
    for (const a of rows.iterate(Date.now())) {
      const s = byId.get(a.section_id);
      if (s === undefined) continue;
      const front = { title: a.title, slug: a.slug, date: new Date(a.published_at).toISOString(), summary: a.summary, author: a.author };
      writeFileSync(join(content, folder(s), `${a.slug}.md`), `${JSON.stringify(front)}\n\n${a.body}\n`);
      n++;
    }
    return n;
  } finally {
    d.close();
  }
}

/** Counts the files under a folder. */
export function countFiles(dir) {
  let n = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else n++;
    }
  };
  if (existsSync(dir)) walk(dir);
  return n;
}

/**
 * The step (bench/run.js `--only hugo`): Hugo and `export html` alternating on the same
 * articles, each into an empty folder, then the raw floor of the same files written by one
 * thread and by every core. `h` holds the harness's helpers.
 */
export async function hugoStep({ dir, db, h }) {
  const hugo = hugoBinary();
  if (hugo === undefined) throw new h.NotAvailable('hugo is not installed (apt-get install -y hugo); Hugo figure skipped');
  const src = join(dir, 'hugo-src');
  const hugoOut = join(dir, 'hugo-site');
  const site = join(dir, 'site');
  const list = join(dir, 'site-files.tsv');
  h.removeTree(src);
  h.log('  hugo: writing the same articles as Hugo content');
  const articles = writeHugoSite(db, src);
  const nd = [];
  const hg = [];
  await h.repeat(async (i) => {
    h.removeTree(site);
    h.log(`  hugo: export html, run ${i + 1}`);
    const r = await h.heavy(h.nd(db, 'export', 'html', '--out', site));
    nd.push({ ms: r.ms, cpuMs: r.cpuMs, rssMB: r.rssMB, anonMB: r.anonMB, files: countFiles(site) });
    if (i === 0) writeFileSync(list, h.listFiles(site));
    h.removeTree(hugoOut);
    h.log(`  hugo: hugo ${hugo.version}, run ${i + 1}`);
    const g = await h.heavy(['--quiet', '--source', src, '--destination', hugoOut], { script: hugo.bin });
    hg.push({ ms: g.ms, cpuMs: g.cpuMs, rssMB: g.rssMB, anonMB: g.anonMB, files: countFiles(hugoOut) });
  });
  const raw = [];
  const rawOut = join(dir, 'raw-site');
  await h.repeat(async (i) => {
    const one = {};
    for (const [name, args] of [
      ['serial', [join(h.bench, 'raw-write.js')]],
      ['parallel', [join(h.bench, 'raw-write-parallel.js')]],
    ]) {
      h.removeTree(rawOut);
      h.log(`  hugo: raw writes of the same files, ${name}, run ${i + 1}`);
      const w = await h.heavy([...args, '--list', list, '--out', rawOut]);
      one[name] = { ms: w.ms, cpuMs: w.cpuMs, ...JSON.parse(w.stdout) };
    }
    raw.push(one);
  });
  h.removeTree(rawOut);
  h.removeTree(hugoOut);
  const med = (runs, f) => h.round(h.median(runs.map(f)), 0);
  const sum = (runs) => ({
    ms: med(runs, (r) => r.ms),
    cpuMs: med(runs, (r) => r.cpuMs),
    rssMB: h.round(Math.max(...runs.map((r) => r.rssMB)), 0),
    anonMB: h.round(Math.max(...runs.map((r) => r.anonMB)), 0),
    files: runs[0].files,
    runs: runs.length,
  });
  const newsdesk = sum(nd);
  const other = sum(hg);
  const serial = { ms: med(raw, (r) => r.serial.ms), cpuMs: med(raw, (r) => r.serial.cpuMs), files: raw[0].serial.files };
  const parallel = { ms: med(raw, (r) => r.parallel.ms), cpuMs: med(raw, (r) => r.parallel.cpuMs), files: raw[0].parallel.files, threads: raw[0].parallel.threads };
  return {
    articles,
    hugo: { version: hugo.version, ...other },
    newsdesk,
    ratio: h.round(newsdesk.ms / other.ms, 2),
    cpuRatio: h.round(newsdesk.cpuMs / other.cpuMs, 2),
    raw: { serial, parallel, floorMs: Math.min(serial.ms, parallel.ms) },
    overFloor: h.round(newsdesk.ms / Math.min(serial.ms, parallel.ms), 1),
  };
}

/** Rows of the report (figure, newsdesk, reference). */
export function hugoRows(x, fmtMs, fmtN) {
  if (x === undefined) return [];
  if (x.na) return [['export html beside Hugo', `n/a (${x.na.slice(0, 70)})`, '']];
  const n = x.newsdesk;
  const g = x.hugo;
  return [
    [
      `export html beside Hugo (${fmtN(x.articles)} articles)`,
      `${fmtMs(n.ms)} (cpu ${fmtMs(n.cpuMs)}), ${fmtN(n.files)} files, peak ${n.rssMB} MB (anon ${n.anonMB} MB)`,
      `Hugo ${g.version}: ${fmtMs(g.ms)} (cpu ${fmtMs(g.cpuMs)}), ${fmtN(g.files)} files, peak ${g.rssMB} MB (anon ${g.anonMB} MB)`,
    ],
    ['  newsdesk / Hugo, same run', `${x.ratio}× wall, ${x.cpuRatio}× cpu`, ''],
    [
      '  raw writes of the same files',
      `newsdesk ${x.overFloor}× the floor`,
      `one thread ${fmtMs(x.raw.serial.ms)}; ${x.raw.parallel.threads} threads ${fmtMs(x.raw.parallel.ms)} (${fmtN(x.raw.parallel.files)} files)`,
    ],
  ];
}
