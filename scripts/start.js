#!/usr/bin/env node
// npm start: the main job on the bundled sample. Builds if needed, loads the sample portal
// into data/newsdesk.db when that is absent (a second run changes nothing), exports the
// site to out/site, and shows the menu and the first page of articles.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = join(root, 'dist', 'main.js');
if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(join(root, 'src'))) {
  process.stderr.write('Building newsdesk…\n');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

const { run } = await import('../dist/main.js');
const { processIO } = await import('../dist/cli/io.js');
const { chooseLanguage, t, useLanguage } = await import('../dist/i18n/index.js');
const io = processIO();
// The tour speaks the language newsdesk speaks here (NEWSDESK_LANG, else the locale).
const lang = chooseLanguage(undefined, process.env);
await useLanguage(typeof lang === 'string' ? lang : 'en');
const db = join('data', 'newsdesk.db');
const say = (s) => process.stderr.write(`${s}\n`);

async function step(argv) {
  const code = await run(['--db', db, ...argv], io);
  if (code !== 0) {
    say(t('tour.failed', { command: `newsdesk ${argv.join(' ')}`, code }));
    process.exit(code);
  }
}

if (!existsSync(db)) {
  say(t('tour.loading', { db }));
  await step(['import', join('data', 'sample', 'portal.json')]);
} else {
  say(t('tour.using', { db }));
}

say(`\n${t('tour.menu')}`);
await step(['section', 'list']);
say(`\n${t('tour.newest')}`);
await step(['article', 'list']);

const site = join('out', 'site');
say(`\n${t('tour.exporting', { site })}`);
await step(['export', 'html', '--out', site]);
say(`\n${t('tour.open', { path: relative(process.cwd(), join(site, 'index.html')), url: `file://${join(root, site, 'index.html')}` })}`);
say(`
${t('tour.next')}
  npx newsdesk article list --page 2
  npx newsdesk search "dang vien"
  npx newsdesk article show <id>
  npx newsdesk export json --out portal.json
  npx newsdesk --help`);
