// Two exports into one folder, as real processes: one writes, the other is refused at once and
// touches nothing; the lock goes away however the export ends and is never part of the site.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_NAME } from '../../../src/exporters/html/folder-lock.js';
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

async function waitForLock(dir: string, a: Running): Promise<void> {
  const lock = join(dir, LOCK_NAME);
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
  new RegExp(`^newsdesk: another export is writing into ${dir}; refusing to write into it at the same time\\nhint: it is process ${pid} on this host, started \\S+; run again when it has ended \\(if no such export runs, delete ${join(dir, LOCK_NAME)}\\)\\n$`);

async function portal(articles: number): Promise<{ dir: string; db: string; site: string }> {
  const dir = tempDir();
  const db = join(dir, 'news.db');
  await seedPortal(db, articles);
  return { dir, db, site: join(dir, 'site') };
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
    for (const e of refused) expect(e.err).toMatch(REFUSED(site, '\\d+'));
    expect(existsSync(join(site, LOCK_NAME))).toBe(false);
    expect(tree(site)).toEqual(fresh(dir, db));
  });

  it('while one export runs, a second (plain, --clean or --force) fails at once, naming it, and writes and removes nothing', { timeout: 120_000 }, async () => {
    const { dir, db, site } = await portal(800);
    const first = start(['--db', db, 'export', 'html', '--out', 'site'], dir);
    await waitForLock(site, first);
    first.child.kill('SIGSTOP');
    try {
      const before = tree(site);
      for (const extra of [[], ['--clean'], ['--force'], ['--break-lock']]) {
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
    expect(existsSync(join(site, LOCK_NAME))).toBe(false);
    expect(tree(site)).toEqual(fresh(dir, db));
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('an export ended by %s removes its lock and dies of the signal; the next export runs', { timeout: 120_000 }, async (signal) => {
    const { dir, db, site } = await portal(800);
    const first = start(['--db', db, 'export', 'html', '--out', 'site'], dir);
    await waitForLock(site, first);
    // Stopped first, so that the signal is handled in the middle of the export, not after it.
    first.child.kill('SIGSTOP');
    first.child.kill(signal);
    first.child.kill('SIGCONT');
    const ended = await first.ended;
    expect(ended.signal, `exit ${ended.code}: ${ended.err}`).toBe(signal);
    expect(existsSync(join(site, LOCK_NAME))).toBe(false);
    const next = run(['--db', db, 'export', 'html', '--out', 'site'], dir);
    expect(next.code, next.err).toBe(0);
    expect(next.err).not.toContain('warning');
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
    expect(existsSync(join(site, LOCK_NAME))).toBe(false);
  });

  it('a lock left by a crashed export is taken over with a warning, and is in no file of the site', async () => {
    const { dir, db, site } = await portal(5);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    mkdirSync(site);
    writeFileSync(join(site, LOCK_NAME), JSON.stringify({ pid: Number(dead), host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    // A first export into a folder holding only the stale lock: the folder counts as empty.
    const r = run(['--db', db, 'export', 'html', '--out', 'site', '--base-url', 'https://sonlam.gov.vn/'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(new RegExp(`^warning: took over ${join(site, LOCK_NAME)}: its export \\(process ${dead} on ${hostname()}, started 2026-01-01T00:00:00.000Z\\) is no longer running\\n`));
    const files = tree(site);
    expect(Object.keys(files)).not.toContain(LOCK_NAME);
    expect(files['sitemap.xml']).toBeDefined();
    for (const [path, bytes] of Object.entries(files)) expect(Buffer.from(bytes, 'base64').toString('latin1'), path).not.toContain('newsdesk-export');
    expect(files).toEqual(fresh(dir, db, ['--base-url', 'https://sonlam.gov.vn/']));
  });

  it('a re-export with nothing to do takes the lock too: refused while a live export holds it, and leaves none after', async () => {
    const { dir, db, site } = await portal(5);
    expect(run(['--db', db, 'export', 'html', '--out', 'site'], dir).code).toBe(0);
    const again = run(['--db', db, 'export', 'html', '--out', 'site'], dir);
    expect(again.err).toMatch(/: 0 written, \d+ unchanged, 0 removed/);
    expect(existsSync(join(site, LOCK_NAME))).toBe(false);

    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    started.push(holder);
    const text = JSON.stringify({ pid: holder.pid, host: hostname(), started: new Date().toISOString() });
    writeFileSync(join(site, LOCK_NAME), text);
    const before = tree(site);
    const refused = run(['--db', db, 'export', 'html', '--out', 'site'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(REFUSED(site, holder.pid!));
    expect(tree(site)).toEqual(before);
  });
});

describe('export html --break-lock', () => {
  it('is in --help, in English and in Vietnamese', () => {
    const dir = tempDir();
    const en = run(['export', 'html', '--help'], dir);
    expect(en.out.replace(/\s+/g, ' ')).toMatch(/--break-lock take the folder's lock even when an export on another host holds it/);
    const vi = run(['--lang', 'vi', 'export', 'html', '--help'], dir);
    expect(vi.out.replace(/\s+/g, ' ')).toMatch(/--break-lock lấy khóa của thư mục cả khi một lần xuất trên máy khác đang giữ nó/);
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
