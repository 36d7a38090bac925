// The export folder's lock on its own: who may take it, who never loses it, what is left after.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError } from '../../../src/core/errors.js';
import { isLockName, LOCK_NAME, MARK_STALE_MS, parseHolder, processAlive, processStart, REFRESH_MS, STALE_MS, takeFolderLock, withFolderLock } from '../../../src/exporters/html/folder-lock.js';
import { needBuild } from '../../helpers/build.js';
import { tempDir } from '../../helpers/db.js';

const HOST = hostname();

/** The pid of a process that has run and ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

function holderText(pid: number, host: string, started = '2026-01-01T00:00:00.000Z'): string {
  return `${JSON.stringify({ pid, host, started, token: 'abc' })}\n`;
}

function caught(fn: () => unknown): ConflictError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConflictError);
    return err as ConflictError;
  }
  throw new Error('expected the lock to be refused');
}

const children: Array<{ kill: () => void }> = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
  vi.useRealTimers();
});

/** A live process on this host that is not this one. */
function livePid(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push({ kill: () => child.kill('SIGKILL') });
  return child.pid!;
}

describe('the export folder lock', () => {
  it('is made in the folder (created when missing), names its holder, and is removed on release', () => {
    const dir = join(tempDir(), 'new', 'site');
    const lock = takeFolderLock(dir);
    expect(lock.path).toBe(join(dir, LOCK_NAME));
    const holder = parseHolder(readFileSync(lock.path!, 'utf8'));
    expect(holder).toEqual({ pid: process.pid, host: HOST, started: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second taker while held, with the holder in the hint, and leaves the lock alone', () => {
    const dir = tempDir();
    const lock = takeFolderLock(dir);
    const before = readFileSync(lock.path!, 'utf8');
    const err = caught(() => takeFolderLock(dir, { breakLock: true }));
    expect(err.message).toBe(`another export is writing into ${dir}; refusing to write into it at the same time`);
    expect(err.hint).toContain(`process ${process.pid} on this host`);
    expect(err.hint).toContain(join(dir, LOCK_NAME));
    expect(readFileSync(lock.path!, 'utf8')).toBe(before);
    lock.release();
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });

  it('takes over the lock of a process that is gone from this host, with a warning', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_NAME), holderText(pid, HOST));
    const warnings: string[] = [];
    const lock = takeFolderLock(dir, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([`took over ${join(dir, LOCK_NAME)}: its export (process ${pid} on ${HOST}, started 2026-01-01T00:00:00.000Z) is no longer running`]);
    expect(parseHolder(readFileSync(lock.path!, 'utf8'))?.pid).toBe(process.pid);
    // Nothing set aside is left behind.
    expect(readdirSync(dir)).toEqual([LOCK_NAME]);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never breaks a live holder on this host, however old its lock and whatever the flag', () => {
    const dir = tempDir();
    const pid = livePid();
    const started = new Date().toISOString();
    const text = holderText(pid, HOST, started);
    writeFileSync(join(dir, LOCK_NAME), text);
    const old = new Date(Date.now() - 10 * STALE_MS);
    utimesSync(join(dir, LOCK_NAME), old, old);
    const err = caught(() => takeFolderLock(dir, { breakLock: true }));
    expect(err.hint).toBe(`it is process ${pid} on this host, started ${started}; run again when it has ended (if no such export runs, delete ${join(dir, LOCK_NAME)})`);
    expect(readFileSync(join(dir, LOCK_NAME), 'utf8')).toBe(text);
  });

  it.runIf(existsSync('/proc/self/stat'))('takes over a lock whose pid now names a process started after it (the pid reused, as after a reboot)', () => {
    const dir = tempDir();
    const pid = livePid();
    const start = processStart(pid)!;
    expect(Math.abs(start - Date.now())).toBeLessThan(10_000);
    // Our own process started before its lock: never taken for a reused pid.
    expect(processStart(process.pid)!).toBeLessThan(Date.now());
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    writeFileSync(join(dir, LOCK_NAME), holderText(pid, HOST, anHourAgo));
    const warnings: string[] = [];
    takeFolderLock(dir, { warn: (m) => warnings.push(m) }).release();
    expect(warnings).toEqual([`took over ${join(dir, LOCK_NAME)}: its export (process ${pid} on ${HOST}, started ${anHourAgo}) is no longer running`]);
  });

  it('respects a fresh lock from another host; takes it with --break-lock, or once it is stale', () => {
    const dir = tempDir();
    const path = join(dir, LOCK_NAME);
    // The pid is alive here, but it names a process of another host: it proves nothing.
    writeFileSync(path, holderText(process.pid, 'web-2'));
    const err = caught(() => takeFolderLock(dir));
    expect(err.hint).toBe(`it is process ${process.pid} on web-2, started 2026-01-01T00:00:00.000Z; run again when it has ended, or, if that export is gone, add --break-lock`);

    const warnings: string[] = [];
    const broken = takeFolderLock(dir, { breakLock: true, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([`broke ${path} as --break-lock asked (process ${process.pid} on web-2, started 2026-01-01T00:00:00.000Z)`]);
    broken.release();

    writeFileSync(path, holderText(4242, 'web-2'));
    const stale = new Date(Date.now() - STALE_MS - 60_000);
    utimesSync(path, stale, stale);
    const taken = takeFolderLock(dir, { warn: (m) => warnings.push(m) });
    expect(warnings[1]).toBe(`took over ${path}: its export (process 4242 on web-2, started 2026-01-01T00:00:00.000Z) has not refreshed it for over 10 minutes`);
    taken.release();
    expect(existsSync(path)).toBe(false);
  });

  it('judges a lock naming no holder by its age alone', () => {
    const dir = tempDir();
    const path = join(dir, LOCK_NAME);
    writeFileSync(path, 'not json');
    const err = caught(() => takeFolderLock(dir));
    expect(err.hint).toBe(`${path} names no export; if none runs, add --break-lock or delete that file`);
    const stale = new Date(Date.now() - STALE_MS - 60_000);
    utimesSync(path, stale, stale);
    const warnings: string[] = [];
    takeFolderLock(dir, { warn: (m) => warnings.push(m) }).release();
    expect(warnings).toEqual([`took over ${path}: it names no export and is over 10 minutes old`]);
  });

  it('on release leaves alone a lock another export broke and took meanwhile', () => {
    const dir = tempDir();
    const lock = takeFolderLock(dir);
    const theirs = holderText(4242, 'web-2');
    writeFileSync(lock.path!, theirs);
    lock.release();
    expect(readFileSync(lock.path!, 'utf8')).toBe(theirs);
  });

  it('takes a stale lock past the mark of a remover that crashed, and leaves neither behind', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_NAME), holderText(deadPid(), HOST));
    const mark = join(dir, `${LOCK_NAME}.removing`);
    writeFileSync(mark, 'f00d');
    const old = new Date(Date.now() - MARK_STALE_MS - 1_000);
    utimesSync(mark, old, old);
    const warnings: string[] = [];
    const lock = takeFolderLock(dir, { warn: (m) => warnings.push(m) });
    expect(parseHolder(readFileSync(lock.path!, 'utf8'))?.pid).toBe(process.pid);
    expect(warnings).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([LOCK_NAME]);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves the lock to a program that handles the signal itself, and holds one set of listeners for many locks', () => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') };
    const locks = Array.from({ length: 12 }, () => takeFolderLock(tempDir()));
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(process.listenerCount('exit')).toBe(before.exit + 1);
    // The program's own handler decides what SIGTERM means; its export may go on, locked.
    const own = vi.fn();
    process.on('SIGTERM', own);
    try {
      process.emit('SIGTERM', 'SIGTERM');
    } finally {
      process.removeListener('SIGTERM', own);
    }
    expect(own).toHaveBeenCalledTimes(1);
    for (const lock of locks) expect(existsSync(lock.path!)).toBe(true);
    for (const lock of locks) lock.release();
    for (const lock of locks) expect(existsSync(lock.path!)).toBe(false);
    expect({ int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') }).toEqual(before);
  });

  it('is refreshed while held, so that another host sees it alive', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const dir = tempDir();
    const lock = takeFolderLock(dir);
    const old = new Date(Date.now() - STALE_MS);
    utimesSync(lock.path!, old, old);
    vi.advanceTimersByTime(REFRESH_MS);
    expect(Date.now() - statSync(lock.path!).mtimeMs).toBeLessThan(5_000);
    lock.release();
  });

  it('is released when the work fails, and when it succeeds', async () => {
    const dir = tempDir();
    await expect(
      withFolderLock(dir, {}, async () => {
        expect(existsSync(join(dir, LOCK_NAME))).toBe(true);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
    expect(await withFolderLock(dir, {}, async () => 7)).toBe(7);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves a path it cannot make a folder of to the export, which says what is wrong', () => {
    const file = join(tempDir(), 'site');
    writeFileSync(file, 'x');
    const lock = takeFolderLock(file);
    expect(lock.path).toBeUndefined();
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('names the lock and the files a takeover sets aside, and no page path is such a name', () => {
    expect(isLockName(LOCK_NAME)).toBe(true);
    expect(isLockName(`${LOCK_NAME}.0a1b2c`)).toBe(true);
    expect(isLockName(`${LOCK_NAME}.removing`)).toBe(true);
    expect(isLockName('.newsdesk-manifest.json')).toBe(false);
    expect(isLockName('index.html')).toBe(false);
  });
});

describe('the export folder lock across processes', () => {
  needBuild();
  const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
  const MODULE = join(ROOT, 'dist', 'exporters', 'html', 'folder-lock.js');

  it('a stale lock taken over by many processes at once goes to exactly one of them', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_NAME), holderText(deadPid(), HOST));
    // Each child tries once, holds what it got for a while, and says what happened.
    const script = `
      const { takeFolderLock } = await import(${JSON.stringify(MODULE)});
      try {
        const lock = takeFolderLock(${JSON.stringify(dir)});
        await new Promise((r) => setTimeout(r, 4000));
        lock.release();
        console.log('took');
      } catch (err) {
        console.log(err.name);
      }`;
    const runs = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      return new Promise<string>((done) => child.on('exit', () => done(out.trim())));
    });
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((o) => o === 'took')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'ConflictError')).toHaveLength(5);
    expect(readdirSync(dir)).toEqual([]);
  });
});
