#!/usr/bin/env node
// Part of `npm run build`, after tsc: the CLI as one classic script, dist/cli.bundle.js, and
// V8's code cache for it, dist/cli.bundle.cache. bin/newsdesk.js runs the bundle through a
// vm.Script with that cache, so a one-shot command neither resolves and reads some hundred
// module files nor compiles them: it deserialises code compiled here. The sources stay
// dist/*.js (what the bundle is made of); the native and database drivers stay outside.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE, loadCli, writeCodeCache } from '../bin/cli-bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

// Loaded by Node from node_modules as before: native addons and the PostgreSQL driver; and the
// large libraries that a quick command never reaches (zod validates writes; iconv-lite and
// chardet come with the editor prompt): inside, they were half the bundle's bytes, read and
// deserialised by every command (2.1 MB and an 820 KB cache; now about 0.96 MB and 600 KB).
// better-sqlite3 stays outside too: inside, it spared a command about 7 ms of module loading,
// but the re-export's CPU came out higher in four alternated series without any V8 flag (the
// extra mark-compact first blamed for it was counted under --trace-gc, which makes V8 refuse
// the code cache: bench/README.md, ninth and tenth passes). Its addon is loaded by path all the
// same (src/store/sqlite-driver.ts).
const EXTERNAL = ['better-sqlite3', 'sharp', 'pg', 'pg-copy-streams', 'zod', 'iconv-lite', 'chardet'];

// The commands whose code the cache holds compiled; the rest compiles on first use.
const WARM_UP = [
  ['article', 'list'],
  ['search', 'tin tức'],
  ['--lang', 'vi', 'article', 'list'],
  ['--lang', 'vi', 'search', 'tin tức'],
];

// An article body as the portals' are, without raw HTML: paragraphs, a heading, emphasis, a
// list, a link, an image.
const WARM_BODY = [
  'Tin tức trong ngày. **Phát triển kinh tế**, văn hóa và _xã hội_ của huyện.',
  '## Kết quả',
  '- Một: [chi tiết](https://example.org/a)\n- Hai: `mã`\n1. Ba',
  '> Trích dẫn.\n\n![Ảnh](https://example.org/a.jpg "Ảnh")',
].join('\n\n');

// Packages that a module of dist/ loads on first use through `load(NAME)`, `load` being its
// createRequire(import.meta.url), and that the bundle holds all the same: the call becomes a
// require esbuild resolves, so the package is compiled from the bundle (and its code cache, see
// WARM_UP) instead of resolved and compiled from node_modules at every run, and is still run
// only when the call is (esbuild wraps a CommonJS module in a function called on first
// require). markdown-it: every re-export renders at least the edited article's page; its first
// use (loaded, made, one body rendered) took 24 ms of CPU from node_modules, 13 bundled, 8 with
// its code in the cache, which grew by 270 KB (1–2 ms more for every command). sanitize-html and
// parse5 stay outside: only a body with raw HTML loads them (bench/README.md, start-up's tenth
// pass).
const ON_FIRST_USE = ['markdown-it'];

// dist/'s modules as esbuild reads them. A module that finds files beside itself (the page
// worker, the site's assets) gets its own dist/ address instead of import.meta.url, so that
// what it reads is the same file whether it runs bundled or not; the calls of ON_FIRST_USE
// become require.
const taken = new Set();
const distSources = {
  name: 'dist-sources',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      let source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const loader = /\bconst (\w+) = createRequire\(import\.meta\.url\);/.exec(source)?.[1];
      if (loader !== undefined) {
        for (const name of ON_FIRST_USE) {
          const call = `${loader}('${name}')`;
          if (!source.includes(call)) continue;
          source = source.replaceAll(call, `require('${name}')`);
          taken.add(name);
        }
      }
      const rel = args.path.slice(dist.length + 1).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, __newsdeskDist).href`), loader: 'js' };
    });
  },
};

const result = await build({
  stdin: {
    contents: [
      "export { run } from './dist/main.js';",
      "export { processIO, testIO } from './dist/cli/io.js';",
      // For the warm-up below only; a function, so that the module is run when it is called.
      "export const warmUpMarkdown = (source, ctx) => import('./dist/exporters/html/markdown.js').then((m) => m.renderMarkdown(source, ctx));",
    ].join('\n'),
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: ['node20'],
  external: EXTERNAL,
  plugins: [distSources],
  legalComments: 'none',
  // ASCII (non-ASCII letters as \u escapes): a one-byte string, read without decoding UTF-8.
  charset: 'ascii',
  minifyWhitespace: true,
  minifySyntax: true,
  // import.meta left anywhere else (a package of node_modules) would be empty: refuse to build.
  logOverride: { 'empty-import-meta': 'error' },
  logLevel: 'warning',
});
let code = result.outputFiles[0].text;
// A package of ON_FIRST_USE whose call was not found would still run, loaded from node_modules
// at run time: refuse to build, so that the list and the code stay in step.
for (const name of ON_FIRST_USE) {
  if (!taken.has(name) || code.includes(`(${JSON.stringify(name)})`)) throw new Error(`build-cli-bundle: ${name} is not in the bundle (no load('${name}') found in dist/)`);
}

// A classic script cannot import(): what is left of import() (node: built-ins and the
// external packages) goes through the importer bin/newsdesk.js hands in.
code = code.replace(/\bimport\(("[^"]*")\)/g, (whole, spec) => {
  const name = JSON.parse(spec);
  if (!name.startsWith('node:') && !EXTERNAL.includes(name)) throw new Error(`build-cli-bundle: unexpected import(${spec})`);
  return `__newsdeskImport(${spec})`;
});
if (/\bimport\(/.test(code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""'))) throw new Error('build-cli-bundle: an import() the bundle cannot run');

// esbuild leaves a few letters outside ASCII (in regular expressions and templates): as \u
// escapes they mean the same there (templates are read cooked; String.raw is checked), and a
// file of ASCII alone is read as one-byte text, with no UTF-8 to decode at every start.
for (const m of code.matchAll(/String\.raw`[^`]*`/g)) if (/[^\x00-\x7f]/.test(m[0])) throw new Error('build-cli-bundle: String.raw with a letter outside ASCII');
code = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// One function expression: its first line names the build, which the cache is tied to.
const body = `(function (exports, require, module, __filename, __dirname, __newsdeskDist, __newsdeskImport) {\n${code}\n})`;
const id = createHash('sha256').update(body).digest('hex').slice(0, 32);
writeFileSync(join(dist, BUNDLE), `// newsdesk-cli ${id}\n${body}`);

// The code cache, made after the commands a script runs most have run once here (V8 keeps
// the functions compiled so far, and only those): the list and a search, in both languages.
// The database they read is made by the modules of dist/, so that `init` and `import` are not
// cached.
const cli = loadCli({ dist, cache: false });
const scratch = mkdtempSync(join(tmpdir(), 'newsdesk-build-'));
try {
  const db = join(scratch, 'warm.db');
  const runOnce = async (run, testIO, argv) => {
    const io = await testIO();
    const code = await run(argv, io, { env: { NO_COLOR: '1' }, cwd: scratch });
    if (code !== 0) throw new Error(`build-cli-bundle: warm-up \`newsdesk ${argv.join(' ')}\` exited ${code}: ${io.err()}`);
  };
  const [{ run }, { testIO }] = await Promise.all([import('../dist/main.js'), import('../dist/cli/io.js')]);
  // Articles for a full page and for snippets: the list and the search run their whole path.
  const corpus = join(scratch, 'warm.ndjson');
  const line = (i) => ({
    slug: `tin-tuc-${i}`,
    title: `Tin tức số ${i}: phát triển kinh tế`,
    summary: 'Tin tức về phát triển kinh tế địa phương.',
    body: `Tin tức trong ngày. ${'Phát triển kinh tế, văn hóa và xã hội của huyện. '.repeat(20)}`,
    section: 'tin-tuc',
    status: 'published',
    published_at: `2024-01-${String(i).padStart(2, '0')}T08:00:00+07:00`,
  });
  const lines = [{ type: 'section', slug: 'tin-tuc', title: 'Tin tức' }, ...Array.from({ length: 12 }, (_, i) => line(i + 1))];
  writeFileSync(corpus, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  await runOnce(run, testIO, ['--db', db, 'init', '--title', 'Warm-up']);
  await runOnce(run, testIO, ['--db', db, 'import', corpus, '--no-progress']);
  for (const argv of WARM_UP) await runOnce(cli.exports.run, cli.exports.testIO, ['--db', db, ...argv]);
  // markdown-it's parse and render of a plain body (every re-export renders one), and nothing
  // else of the export: its code in the cache without the rest of the export's.
  await cli.exports.warmUpMarkdown(WARM_BODY, { root: '../', media: () => undefined, viewImage: 'Xem ảnh' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
writeCodeCache(cli);
