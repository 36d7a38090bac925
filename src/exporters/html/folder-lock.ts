// One export at a time into a folder. Two exports writing the same folder at once would mix
// their pages and manifests, so an export holds `.newsdesk-export.lock` inside the folder for
// its whole run, as git holds index.lock: created exclusively (open 'wx'), naming its holder
// (pid, host, start time), removed when the export ends — on success, on error, and on
// SIGINT/SIGTERM. Kept in the folder (not in the user's cache) so that two users, or two hosts
// sharing the folder, see it. Its name starts with a dot: no page path can (routes.ts), so it
// is never in a manifest, a sitemap or the search, and no export's cleanup removes it.
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConflictError } from '../../core/errors.js';
import { english } from '../../i18n/issues.js';

export const LOCK_NAME = '.newsdesk-export.lock';

/** The lock, or a file of a moment beside it: one being made, or the mark of its remover. */
export function isLockName(name: string): boolean {
  return name === LOCK_NAME || name.startsWith(`${LOCK_NAME}.`);
}

/** A held lock's mtime is refreshed this often, so that another host can tell it is alive. */
export const REFRESH_MS = 60_000;
/** A lock from another host not refreshed for this long is taken to be left by a crash. */
export const STALE_MS = 10 * 60_000;

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601, UTC. */
  started: string;
}

export interface FolderLockOptions {
  /** Take a lock held from another host (never one held by a live process on this host). */
  breakLock?: boolean;
  /** Told when a lock left by a crashed or broken export is taken over. */
  warn?: (message: string) => void;
}

export interface FolderLock {
  readonly path: string | undefined;
  release(): void;
}

/** True when a process of that pid runs on this host (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` holding the folder's lock; released however `fn` ends. */
export async function withFolderLock<T>(dir: string, opts: FolderLockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = takeFolderLock(dir, opts);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

const UNLOCKED: FolderLock = { path: undefined, release: () => undefined };

/** How long a look for the lock keeps going while it changes hands, before saying it is busy. */
const TRY_FOR_MS = 30_000;

/**
 * Takes the folder's lock (creating the folder when missing), or throws a ConflictError naming
 * the holder. A folder this process cannot create or write into is left unlocked: the export
 * itself then fails with its own message, or (nothing to do) writes nothing there either.
 */
export function takeFolderLock(dir: string, opts: FolderLockOptions = {}): FolderLock {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return UNLOCKED; // a file in the way, no permission: the export says so
  }
  const path = join(dir, LOCK_NAME);
  const host = hostname();
  const token = randomBytes(6).toString('hex');
  const text = `${JSON.stringify({ pid: process.pid, host, started: new Date().toISOString(), token })}\n`;
  // Ready to remove it before it exists: a signal arriving just after the file is made finds
  // the handlers in place. Removing only ever removes a lock with our own text.
  const lock = guard(path, text, token);
  try {
    const until = Date.now() + TRY_FOR_MS;
    // A lock released, or a stale one removed, between two looks: look again, until it is ours
    // or a live holder's (a lock changing hands for half a minute is called busy).
    for (;;) {
      const created = create(path, text, token);
      if (created === 'created') return lock.hold();
      if (created === 'unwritable') break;
      const found = look(path);
      if (found !== undefined) {
        const holder = parseHolder(found.text);
        const verdict = judge(holder, found.mtimeMs, { host, now: Date.now(), breakLock: opts.breakLock === true });
        if (verdict === 'held') throw busy(dir, path, holder, host);
        const removed = removeStale(path, found.text, token);
        if (removed === 'unwritable') break;
        if (removed) opts.warn?.(tookOver(path, holder, verdict));
      }
      if (Date.now() > until) throw busy(dir, path, parseHolder(safeRead(path)), host);
    }
  } catch (err) {
    lock.release();
    throw err;
  }
  lock.release();
  return UNLOCKED;
}

/** The lock's text and mtime, read from one open file; undefined when it is gone. */
function look(path: string): { text: string; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { text: readFileSync(fd, 'utf8'), mtimeMs: fstatSync(fd).mtimeMs };
  } finally {
    closeSync(fd);
  }
}

type Verdict = 'held' | 'dead' | 'old' | 'broken';

function judge(holder: LockHolder | undefined, mtimeMs: number, o: { host: string; now: number; breakLock: boolean }): Verdict {
  // On this host the process table is the truth: a live holder is never broken, a dead one
  // always is — and so is its pid taken since by a process started after the lock (a reboot).
  if (holder !== undefined && holder.host === o.host) return processAlive(holder.pid) && !startedAfter(holder) ? 'held' : 'dead';
  // Another host (or a file that names no holder): its refreshes say whether it is alive.
  if (o.now - mtimeMs > STALE_MS) return 'old';
  return o.breakLock ? 'broken' : 'held';
}

/** Clock ticks a second in /proc (USER_HZ: 100 on every Linux that Node runs on). */
const USER_HZ = 100;

/**
 * The start of a process, epoch ms, from /proc (Linux); undefined elsewhere or when unknown.
 * Field 22 of /proc/PID/stat counts ticks from boot; the fields are read after the name's
 * closing parenthesis, since a name may hold spaces and parentheses.
 */
export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || boot === null) return undefined;
    return Number(boot[1]) * 1000 + (ticks * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** The holder's pid now names a process that started after the lock was made: not its export. */
function startedAfter(holder: LockHolder): boolean {
  const made = Date.parse(holder.started);
  const start = processStart(holder.pid);
  // Two seconds of slack: btime is whole seconds, and the clock may have been stepped a little.
  return Number.isFinite(made) && start !== undefined && start > made + 2000;
}

/**
 * Creates the lock with its text, whole: written to a file of its own, then linked into place
 * (a link, like open 'wx', fails when the name exists), so no reader ever finds it empty.
 * Where the filesystem has no links, open 'wx' and a write.
 */
function create(path: string, text: string, token: string): 'created' | 'exists' | 'unwritable' {
  const draft = `${path}.${token}.new`;
  try {
    writeFileSync(draft, text, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    if (unwritable(err)) return 'unwritable';
    throw err;
  }
  try {
    linkSync(draft, path);
    return 'created';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  } finally {
    rmSync(draft, { force: true });
  }
  return createOpen(path, text);
}

function unwritable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

function createOpen(path: string, text: string): 'created' | 'exists' | 'unwritable' {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    if (unwritable(err)) return 'unwritable';
    throw err;
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    closeSync(fd);
    unlinkSync(path); // a lock naming no one would stop the next export
    throw err;
  }
  closeSync(fd);
  return 'created';
}

/**
 * Removes the stale lock judged from `judged`, and only it. Under the remover's mark no other
 * remover (nor a holder releasing its own lock) acts, and no export can make a lock while this
 * one is in place, so the lock still holding the text judged is the stale one.
 */
function removeStale(path: string, judged: string, token: string): boolean | 'unwritable' {
  const mark = takeMark(path, token);
  if (mark === 'unwritable') return 'unwritable';
  try {
    if (safeRead(path) !== judged) return false; // released or taken meanwhile: look again
    unlinkSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  } finally {
    dropMark(mark, token);
  }
}

/** Beside the lock while it is removed: one remover at a time. */
function markOf(path: string): string {
  return `${path}.removing`;
}

/**
 * A remover's mark is held for a few system calls; one older than this was left by a process
 * that died holding it. (Two processes finding such a mark at the same moment could both take
 * it: a crash inside those few calls, then a race within milliseconds — not guarded against.)
 */
export const MARK_STALE_MS = 5_000;

/** Takes the remover's mark, waiting while another remover holds it. */
function takeMark(path: string, token: string): string | 'unwritable' {
  const mark = markOf(path);
  for (;;) {
    try {
      writeFileSync(mark, token, { flag: 'wx', mode: 0o644 });
      return mark;
    } catch (err) {
      if (unwritable(err)) return 'unwritable';
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let age: number;
    try {
      age = Date.now() - statSync(mark).mtimeMs;
    } catch {
      continue; // dropped meanwhile
    }
    if (age > MARK_STALE_MS) rmSync(mark, { force: true });
    else sleep(2);
  }
}

function dropMark(mark: string, token: string): void {
  // Only our own: a mark taken for stale (this process stopped for seconds) is another's now.
  if (safeRead(mark) === token) rmSync(mark, { force: true });
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Waits `ms` without returning to the event loop (the lock is taken synchronously). */
function sleep(ms: number): void {
  Atomics.wait(PAUSE, 0, 0, ms);
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.started === 'string') return { pid: v.pid, host: v.host, started: v.started };
  } catch {
    // a lock not of this code's making: judged by its age alone
  }
  return undefined;
}

function busy(dir: string, path: string, holder: LockHolder | undefined, host: string): ConflictError {
  const message = english('issue.exportLocked', { path: dir });
  if (holder === undefined) return new ConflictError(message, english('issue.exportLockedUnknownHint', { lock: path }));
  const params = { pid: holder.pid, host: holder.host, started: holder.started, lock: path };
  return new ConflictError(message, english(holder.host === host ? 'issue.exportLockedHereHint' : 'issue.exportLockedElsewhereHint', params));
}

function tookOver(path: string, holder: LockHolder | undefined, verdict: Exclude<Verdict, 'held'>): string {
  const minutes = STALE_MS / 60_000;
  if (holder === undefined) return english(verdict === 'old' ? 'issue.lockTakenNamelessOld' : 'issue.lockTakenNamelessBroken', { lock: path, minutes });
  const params = { lock: path, pid: holder.pid, host: holder.host, started: holder.started, minutes };
  return english(verdict === 'dead' ? 'issue.lockTakenDead' : verdict === 'old' ? 'issue.lockTakenOld' : 'issue.lockTakenBroken', params);
}

// Not SIGHUP: a listener would override the ignoring that `nohup newsdesk export …` relies on;
// a lock left by a hung-up export on this host is taken over as its holder is gone.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The releases of the locks this process holds (or is about to), for its signals and exit. */
const held = new Set<() => void>();

function onSignal(signal: NodeJS.Signals): void {
  // A program that handles the signal itself decides what it means (its export may go on):
  // the locks are then removed when the process exits.
  if (process.listenerCount(signal) > 1) return;
  for (const release of [...held]) release();
  stopListening();
  // Die of the signal as before (exit 130/143), the locks gone.
  process.kill(process.pid, signal);
}

function onExit(): void {
  for (const release of [...held]) release();
}

let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', onExit);
}

/**
 * The lock's removal, ready on release, process exit and SIGINT/SIGTERM from before the file
 * is made (one set of listeners for all the locks of the process); hold() once it is made
 * starts its refreshes.
 */
function guard(path: string, text: string, token: string): FolderLock & { hold(): FolderLock } {
  let released = false;
  let refresh: NodeJS.Timeout | undefined;
  function release(): void {
    if (released) return;
    released = true;
    clearInterval(refresh);
    held.delete(release);
    if (held.size === 0) stopListening();
    // Only our own, and under the remover's mark, so that a lock broken and taken by another
    // export (theirs now) is never removed between our look and the removal.
    const mark = takeMark(path, token);
    try {
      if (safeRead(path) === text) unlinkSync(path);
    } catch {
      // already gone
    } finally {
      if (mark !== 'unwritable') dropMark(mark, token);
    }
  }
  held.add(release);
  listen();
  const lock = {
    path,
    release,
    hold(): FolderLock {
      refresh = setInterval(() => {
        try {
          const t = new Date();
          utimesSync(path, t, t);
        } catch {
          // gone or unreachable: the export goes on; release removes only our own lock
        }
      }, REFRESH_MS);
      refresh.unref();
      return { path, release };
    },
  };
  return lock;
}
