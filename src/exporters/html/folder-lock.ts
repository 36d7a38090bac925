// One export at a time into a folder. Two exports writing the same folder at once would mix
// their pages and manifests, so an export holds `.newsdesk-export.lock` inside the folder for
// its whole run, as git holds index.lock: created exclusively (open 'wx'), naming its holder
// (pid, host, start time), removed when the export ends — on success, on error, and on
// SIGINT/SIGTERM. Kept in the folder (not in the user's cache) so that two users, or two hosts
// sharing the folder, see it. Its name starts with a dot: no page path can (routes.ts), so it
// is never in a manifest, a sitemap or the search, and no export's cleanup removes it.
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConflictError } from '../../core/errors.js';
import { english } from '../../i18n/issues.js';

export const LOCK_NAME = '.newsdesk-export.lock';

/** The lock, or a file of a moment beside it: one being made, or one a takeover set aside. */
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
  const lock = guard(path, text);
  try {
    // A takeover may lose a race to another export doing the same: then look again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const created = create(path, text, token);
      if (created === 'created') return lock.hold();
      if (created === 'unwritable') break;
      let found: string;
      let mtimeMs: number;
      try {
        found = readFileSync(path, 'utf8');
        mtimeMs = statSync(path).mtimeMs;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw err;
      }
      const holder = parseHolder(found);
      const verdict = judge(holder, mtimeMs, { host, now: Date.now(), breakLock: opts.breakLock === true });
      if (verdict === 'held') throw busy(dir, path, holder, host);
      if (setAside(path, found, token)) opts.warn?.(tookOver(path, holder, verdict));
    }
  } catch (err) {
    lock.release();
    throw err;
  }
  lock.release();
  if (existsSync(path)) throw busy(dir, path, parseHolder(safeRead(path)), host);
  return UNLOCKED;
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
 * Removes the stale lock judged from `judged`, and only it: it is renamed aside first and read
 * again, so that a lock another export took meanwhile is put back rather than removed.
 */
function setAside(path: string, judged: string, token: string): boolean {
  const aside = `${path}.${token}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const moved = safeRead(aside);
  if (moved !== judged) {
    try {
      linkSync(aside, path); // back where it was, unless a third export took the place
    } catch {
      // nothing to do: the place is taken, the next look sees its holder
    }
  }
  unlinkSync(aside);
  return moved === judged;
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

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The lock's removal, ready on release, process exit and SIGINT/SIGTERM from before the file
 * is made; hold() once it is made starts its refreshes.
 */
function guard(path: string, text: string): FolderLock & { hold(): FolderLock } {
  let released = false;
  let refresh: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    release();
    // Die of the signal as before (exit 130/143), the lock gone.
    process.kill(process.pid, signal);
  };
  const onExit = (): void => release();
  function release(): void {
    if (released) return;
    released = true;
    clearInterval(refresh);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.removeListener('exit', onExit);
    // Only our own: a lock broken and taken by another export is theirs now.
    if (safeRead(path) === text) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  }
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);
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
