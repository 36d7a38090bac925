// One export at a time into a folder. Two exports writing the same folder at once would mix
// their pages and manifests, so an export holds `.newsdesk-export.lock` inside the folder for
// its whole run: an empty file that it locks (src/store/file-lock.ts). The system drops
// that lock when the export's process ends, however it ends (an error, Ctrl-C, a crash,
// SIGKILL), so a lock never outlives its export and there is nothing to take over or break.
// Its last holder removes the file while it still holds the lock, and a taker checks, once it
// holds a lock, that the file it locked is still the one at the path (else it tries again): the
// usual way to remove a lock file without letting two holders in. While the lock is held,
// `.newsdesk-export.lock.holder` beside it names the holder (pid, host, start) for the message
// a second export shows; it is only information. Kept in the folder (not in the user's cache)
// so that two users, or two hosts sharing the folder, see it. The names start with a dot, which
// no page path can (routes.ts): never in a manifest, a sitemap or the search, never removed by
// an export's cleanup.
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConflictError, IOError } from '../../core/errors.js';
import { english } from '../../i18n/issues.js';
import { lockFile, type FileLock } from '../../store/file-lock.js';
import { MANIFEST_NAME } from './routes.js';

export const LOCK_NAME = '.newsdesk-export.lock';
export const HOLDER_NAME = `${LOCK_NAME}.holder`;

/** The lock, the note of its holder beside it, or a file SQLite might make beside a lock. */
export function isLockName(name: string): boolean {
  return name.startsWith(LOCK_NAME);
}

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601, UTC. */
  started: string;
}

export interface FolderLock {
  readonly path: string | undefined;
  release(): void;
}

/** Runs `fn` holding the folder's lock; released however `fn` ends. */
export async function withFolderLock<T>(dir: string, opts: { force: boolean }, fn: () => Promise<T>): Promise<T> {
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
 * the holder. Left unlocked, for the export to refuse or fail with its own message: a folder
 * this process cannot create or write into, and a folder holding other files and no export of
 * newsdesk's without `force` (the export refuses it, and nothing is to be written there, not
 * even a lock).
 */
export function takeFolderLock(dir: string, opts: { force: boolean } = { force: false }): FolderLock {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    if (!opts.force && refusedFolder(dir)) return UNLOCKED;
  } catch {
    return UNLOCKED; // a file in the way, no permission: the export says so
  }
  const path = join(dir, LOCK_NAME);
  let lock: FileLock | undefined;
  let locked: Stats | undefined;
  try {
    // The last holder removes the file before it lets go: a lock taken on a file no longer at
    // the path is let go, and the file now there is tried.
    for (let attempt = 0; attempt < 100 && locked === undefined; attempt++) {
      makeLockFile(path);
      const before = statOrNothing(path);
      if (before === undefined) continue;
      lock = lockFile(path);
      if (lock === undefined) throw busy(dir, parseHolder(safeRead(join(dir, HOLDER_NAME))));
      const after = statOrNothing(path);
      if (after !== undefined && after.ino === before.ino && after.dev === before.dev) locked = after;
      else lock.release();
    }
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB') throw new ConflictError(english('issue.exportLockForeign', { lock: path }), english('issue.exportLockForeignHint'));
    throw new IOError(english('issue.exportLockCannot', { lock: path, reason: typeof code === 'string' ? code : (err as Error).message }), english('issue.exportLockCannotHint'));
  }
  if (lock === undefined || locked === undefined) throw busy(dir, undefined);
  const held = lock;
  const file = locked;
  // SQLite opens a file it may not write read-only, without a word, and a read-only connection
  // takes no lock: refused here, or another user's export would run beside ours.
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (err) {
    held.release();
    throw new IOError(english('issue.exportLockCannot', { lock: path, reason: (err as NodeJS.ErrnoException).code ?? 'EACCES' }), english('issue.exportLockCannotHint'));
  }
  const holderPath = join(dir, HOLDER_NAME);
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`;
  try {
    // Whole or not at all: a second export reads it for its hint.
    const draft = `${holderPath}.${process.pid}`;
    writeFileSync(draft, text);
    renameSync(draft, holderPath);
  } catch {
    // only information for a second export's message; the lock holds without it
  }
  let released = false;
  return {
    path,
    release(): void {
      if (released) return;
      released = true;
      // The note and the file removed while the lock still holds (a taker that locked the
      // removed file sees it gone and lets go), then the lock itself.
      if (safeRead(holderPath) === text) rmSync(holderPath, { force: true });
      const now = statOrNothing(path);
      if (now !== undefined && now.ino === file.ino && now.dev === file.dev) rmSync(path, { force: true });
      held.release();
    },
  };
}

function statOrNothing(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Other files and nothing of an export's (a manifest, or its draft or claim): refused without --force. */
function refusedFolder(dir: string): boolean {
  const names = readdirSync(dir);
  return !names.some((n) => n.startsWith(MANIFEST_NAME)) && names.some((n) => !isLockName(n));
}

/**
 * Makes the lock file when missing (SQLite would make it 0644 whatever the umask; made here, a
 * folder shared by a group gets one the group can lock). Never opens an existing one: closing
 * any descriptor of a locked file drops every lock this process holds on it.
 */
function makeLockFile(path: string): void {
  try {
    writeFileSync(path, '', { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
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
    // not yet written (the holder has just taken the lock), or not of this code's making
  }
  return undefined;
}

function busy(dir: string, holder: LockHolder | undefined): ConflictError {
  const message = english('issue.exportLocked', { path: dir });
  if (holder === undefined) return new ConflictError(message, english('issue.exportLockedUnknownHint', {}));
  const params = { pid: holder.pid, host: holder.host, started: holder.started };
  return new ConflictError(message, english(holder.host === hostname() ? 'issue.exportLockedHereHint' : 'issue.exportLockedElsewhereHint', params));
}
