// Two exports into one folder, as real processes: one writes, the other is refused at once and
// touches nothing; the lock is free again however the export ends and is never part of the site.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HOLDER_NAME, LOCK_NAME } from '../../../src/exporters/html/folder-lock.js';
import { needBuild } from '../../helpers/build.js';
import { tempDir } from '../../helpers/db.js';
import { seedPortal } from '../../helpers/portal.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'newsdesk.js');
const MANIFEST = '.newsdesk-manifest.json';

needBuild();

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  err: string;
  out: string;
}

interface Running {
  child: ChildProcess;
  ended: Promise<Ended>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR']) delete e[key];
  return e;
}

function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ended = new Promise<Ended>((done) => child.on('close', (code, signal) => done({ code, signal, err, out: '' })));
  return { child, ended };
}

function run(args: string[], cwd: string): Ended {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, err: r.stderr, out: r.stdout };
}

/** Every file under dir (dotfiles included) with its bytes, by relative path. */
function tree(dir: string, root = dir, into: Record<string, string> = {}): Record<string, string> {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, d.name);
    if (d.isDirectory()) tree(abs, root, into);
    else into[relative(root, abs)] = readFileSync(abs).toString('base64');
  }
  return into;
}

/** Until `a` holds the folder's lock (its holder note is written just after the lock is taken). */
async function waitForLock(dir: string, a: Running): Promise<void> {
  const lock = join(dir, HOLDER_NAME);
  let gone = false;
  void a.ended.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  while (!existsSync(lock)) {
    if (gone) throw new Error(`the export ended before its lock was seen: ${(await a.ended).err}`);
    if (Date.now() > deadline) throw new Error('no lock appeared');
    await new Promise((r) => setTimeout(r, 1));
  }
}

const REFUSED = (dir: string, pid: number | string): RegExp =>
  new RegExp(`^newsdesk: another export is writing into ${dir}; refusing to write into it at the same time\\nhint: it is process ${pid} on this host, started \\S+; run again when it has ended\\n$`);

const JUST_STARTED = (dir: string): RegExp =>
  new RegExp(`^newsdesk: another export is writing into ${dir}; refusing to write into it at the same time\\nhint: it has just started; run again when it has ended\\n$`);

async function portal(articles: number): Promise<{ dir: string; db: string; site: string }> {
  const dir = tempDir();
  const db = join(dir, 'news.db');
  await seedPortal(db, articles);
  return { dir, db, site: join(dir, 'site') };
}

/** The lock is released: its file and its holder's note are gone. */
function expectFree(site: string): void {
  expect(existsSync(join(site, HOLDER_NAME))).toBe(false);
  expect(existsSync(join(site, LOCK_NAME))).toBe(false);
}

/** The folder a single export makes of the same database, to compare with. */
function fresh(dir: string, db: string, extra: string[] = []): Record<string, string> {
  const r = run(['--db', db, 'export', 'html', '--out', 'fresh', ...extra], dir);
  expect(r.code, r.err).toBe(0);
  return tree(join(dir, 'fresh'));
}

describe('export html into a folder another export is writing', () => {
  it('exports started at once: the ones refused say so with exit 1, and the folder is a fresh export, byte for byte', { timeout: 120_000 }, async () => {
    const { dir, db, site } = await portal(400);
    const runs = [0, 1, 2].map(() => start(['--db', db, 'export', 'html', '--out', 'site'], dir));
    const ended = await Promise.all(runs.map((r) => r.ended));
    const succeeded = ended.filter((e) => e.code === 0);
    const refused = ended.filter((e) => e.code !== 0);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    // A refusal in the moment between the holder taking the lock and writing its note says it
    // has just started (no pid yet); both are the refusal.
    for (const e of refused) expect(e.err).toMatch(new RegExp(`${REFUSED(site, '\\d+').source}|${JUST_STARTED(site).source}`));
    expectFree(site);
    const files = tree(site);
    expect(files).toEqual(fresh(dir, db));
    // The lock is in no file of the site: not in the manifest, the sitemap or the search data.
    for (const [path, bytes] of Object.entries(files)) expect(Buffer.from(bytes, 'base64').toString('latin1'), path).not.toContain('newsdesk-export');
  });

  it('while one export runs, a second (plain, --clean or --force) fails at once, naming it, and writes and removes nothing', { timeout: 120_000 }, async () => {
    const { dir, db, site } = await portal(800);
    const first = start(['--db', db, 'export', 'html', '--out', 'site'], dir);
    await waitForLock(site, first);
    first.child.kill('SIGSTOP');
    try {
      const before = tree(site);
      for (const extra of [[], ['--clean'], ['--force']]) {
        const second = run(['--db', db, 'export', 'html', '--out', 'site', ...extra], dir);
        expect(second.code, `${extra.join(' ')}: ${second.err}`).toBe(1);
        expect(second.err).toMatch(REFUSED(site, first.child.pid!));
        expect(tree(site)).toEqual(before);
      }
    } finally {
      first.child.kill('SIGCONT');
    }
    const done = await first.ended;
    expect(done.code, done.err).toBe(0);
    expectFree(site);
    expect(tree(site)).toEqual(fresh(dir, db));
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('an export ended by %s dies of the signal and its lock is free: the next export runs', { timeout: 120_000 }, async (signal) => {
    const { dir, db, site } = await portal(800);
    const first = start(['--db', db, 'export', 'html', '--out', 'site'], dir);
    await waitForLock(site, first);
    // Stopped first, so that the signal is handled in the middle of the export, not after it.
    first.child.kill('SIGSTOP');
    first.child.kill(signal);
    first.child.kill('SIGCONT');
    const ended = await first.ended;
    expect(ended.signal, `exit ${ended.code}: ${ended.err}`).toBe(signal);
    const next = run(['--db', db, 'export', 'html', '--out', 'site'], dir);
    expect(next.code, next.err).toBe(0);
    expect(next.err).not.toContain('warning');
    expectFree(site);
    // Every page as a fresh export makes it. (The manifest after an interrupted export keeps
    // content hashes for the files it had to check: the recovery's own record, not the site.)
    const { [MANIFEST]: _got, ...got } = tree(site);
    const { [MANIFEST]: _want, ...want } = fresh(dir, db);
    expect(got).toEqual(want);
  });

  it('an export that fails (a folder where a page goes) releases the lock', async () => {
    const { dir, db, site } = await portal(5);
    expect(run(['--db', db, 'export', 'html', '--out', 'site'], dir).code).toBe(0);
    const page = join(site, 'index.html');
    spawnSync('rm', [page]);
    mkdirSync(join(page, 'x'), { recursive: true });
    const failed = run(['--db', db, 'export', 'html', '--out', 'site', '--clean'], dir);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/^newsdesk: cannot write .*index\.html: a folder is in the way\n/);
    expectFree(site);
  });

  it('a re-export with nothing to do takes the lock too: refused while a live export holds it, and leaves none after', async () => {
    const { dir, db, site } = await portal(5);
    expect(run(['--db', db, 'export', 'html', '--out', 'site'], dir).code).toBe(0);
    const again = run(['--db', db, 'export', 'html', '--out', 'site'], dir);
    expect(again.err).toMatch(/: 0 written, \d+ unchanged, 0 removed/);
    expectFree(site);

    // Another process holding the folder's lock, as a running export does.
    const module = join(ROOT, 'dist', 'exporters', 'html', 'folder-lock.js');
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `globalThis.held = (await import(${JSON.stringify(module)})).takeFolderLock(${JSON.stringify(site)}); setTimeout(() => {}, 60_000);`], { stdio: 'ignore' });
    started.push(holder);
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(site, HOLDER_NAME))) {
      if (Date.now() > deadline) throw new Error('the holder never took the lock');
      await new Promise((r) => setTimeout(r, 5));
    }
    const before = tree(site);
    const refused = run(['--db', db, 'export', 'html', '--out', 'site'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(REFUSED(site, holder.pid!));
    expect(tree(site)).toEqual(before);
  });
});

describe('export json --out into one file', () => {
  it('exports at once into one file leave one whole document and no temporary file', { timeout: 60_000 }, async () => {
    const { dir, db } = await portal(300);
    const runs = [0, 1, 2].map(() => start(['--db', db, 'export', 'json', '--out', 'out/portal.json'], dir));
    for (const e of await Promise.all(runs.map((r) => r.ended))) expect(e.code, e.err).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['portal.json']);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'portal.json'), 'utf8')) as { articles: unknown[] };
    expect(doc.articles).toHaveLength(300);
  });
});
