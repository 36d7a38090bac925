// The export folder's lock on its own: one holder at a time, across processes and within one;
// free again the moment its holder ends, however it ends; the holder named to whoever is refused.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, IOError } from '../../../src/core/errors.js';
import { HOLDER_NAME, isLockName, LOCK_NAME, parseHolder, takeFolderLock, withFolderLock } from '../../../src/exporters/html/folder-lock.js';
import { needBuild } from '../../helpers/build.js';
import { tempDir } from '../../helpers/db.js';

function caught(fn: () => unknown): ConflictError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConflictError);
    return err as ConflictError;
  }
  throw new Error('expected the lock to be refused');
}

describe('the export folder lock', () => {
  it('is an empty file in the folder (made when missing), its holder named beside it while held', () => {
    const dir = join(tempDir(), 'new', 'site');
    const lock = takeFolderLock(dir);
    expect(lock.path).toBe(join(dir, LOCK_NAME));
    expect(statSync(lock.path!).size).toBe(0);
    expect(parseHolder(readFileSync(join(dir, HOLDER_NAME), 'utf8'))).toEqual({ pid: process.pid, host: hostname(), started: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    takeFolderLock(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second taker while held, naming the holder, and lets it in once released', () => {
    const dir = tempDir();
    const first = takeFolderLock(dir);
    const err = caught(() => takeFolderLock(dir));
    expect(err.message).toBe(`another export is writing into ${dir}; refusing to write into it at the same time`);
    expect(err.hint).toMatch(new RegExp(`^it is process ${process.pid} on this host, started \\S+; run again when it has ended$`));
    expect(existsSync(join(dir, HOLDER_NAME))).toBe(true);
    first.release();
    const second = takeFolderLock(dir);
    second.release();
  });

  it('names a holder on another host, and says so when the holder has not written its name yet', () => {
    const dir = tempDir();
    const lock = takeFolderLock(dir);
    writeFileSync(join(dir, HOLDER_NAME), `${JSON.stringify({ pid: 4242, host: 'web-2', started: '2026-12-07T20:00:00.000Z' })}\n`);
    expect(caught(() => takeFolderLock(dir)).hint).toBe('it is process 4242 on web-2, started 2026-12-07T20:00:00.000Z; run again when it has ended');
    writeFileSync(join(dir, HOLDER_NAME), '');
    expect(caught(() => takeFolderLock(dir)).hint).toBe('it has just started; run again when it has ended');
    lock.release();
    // The note was another's text: left alone, and harmless (the next holder writes its own).
    expect(readFileSync(join(dir, HOLDER_NAME), 'utf8')).toBe('');
    const next = takeFolderLock(dir);
    expect(parseHolder(readFileSync(join(dir, HOLDER_NAME), 'utf8'))?.pid).toBe(process.pid);
    next.release();
  });

  it('refuses a lock file it did not make, and leaves it as it is', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_NAME), 'made by hand\n');
    const err = caught(() => takeFolderLock(dir));
    expect(err.message).toBe(`${join(dir, LOCK_NAME)} is in the way of the export folder's lock: it is not a lock file newsdesk made`);
    expect(err.hint).toBe('if no export runs, delete it');
    expect(readFileSync(join(dir, LOCK_NAME), 'utf8')).toBe('made by hand\n');
  });

  it('refuses to go on unlocked when the lock cannot be made in a folder it can write (a folder in its place)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, LOCK_NAME), { recursive: true });
    let thrown: unknown;
    try {
      takeFolderLock(dir);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(IOError);
    expect((thrown as IOError).message).toMatch(new RegExp(`^cannot lock ${join(dir, LOCK_NAME)} \\(`));
    expect(readdirSync(dir)).toEqual([LOCK_NAME]);
  });

  it('is released when the work fails, and when it succeeds', async () => {
    const dir = tempDir();
    await expect(
      withFolderLock(dir, { force: false }, async () => {
        expect(() => takeFolderLock(dir)).toThrow(ConflictError);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await withFolderLock(dir, { force: false }, async () => 7)).toBe(7);
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

  it('names the lock and its holder note, and no page path is such a name', () => {
    expect(isLockName(LOCK_NAME)).toBe(true);
    expect(isLockName(HOLDER_NAME)).toBe(true);
    expect(isLockName('.newsdesk-manifest.json')).toBe(false);
    expect(isLockName('index.html')).toBe(false);
  });
});

describe('the export folder lock across processes', () => {
  needBuild();
  const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
  const MODULE = join(ROOT, 'dist', 'exporters', 'html', 'folder-lock.js');
  const children: Array<ReturnType<typeof spawn>> = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  /** A process that tries to take the lock, holds what it got for `holdMs`, and says what happened. */
  function taker(dir: string, holdMs: number): { child: ReturnType<typeof spawn>; said: Promise<string> } {
    const script = `
      const { takeFolderLock } = await import(${JSON.stringify(MODULE)});
      try {
        const lock = takeFolderLock(${JSON.stringify(dir)});
        console.log('took');
        await new Promise((r) => setTimeout(r, ${holdMs}));
        lock.release();
      } catch (err) {
        console.log(err.name);
      }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    return { child, said: new Promise<string>((done) => child.on('exit', () => done(out.trim()))) };
  }

  it('goes to exactly one of many processes taking it at once', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => taker(dir, 3000).said));
    expect(outcomes.filter((o) => o === 'took')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'ConflictError')).toHaveLength(5);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is free the moment its holder is killed (SIGKILL: no code of it runs), with nothing to take over', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const holder = taker(dir, 60_000);
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(dir, HOLDER_NAME))) {
      if (Date.now() > deadline) throw new Error('the holder never took the lock');
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(() => takeFolderLock(dir)).toThrow(ConflictError);
    holder.child.kill('SIGKILL');
    await holder.said;
    // Its note is left (nothing of it ran), but the lock is free.
    const lock = takeFolderLock(dir);
    expect(parseHolder(readFileSync(join(dir, HOLDER_NAME), 'utf8'))?.pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
