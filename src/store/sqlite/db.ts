// Opening the database: the only place that decides whether a file is ours, creates it,
// upgrades it, or refuses it. Nothing else in newsdesk opens a database.
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DatabaseError, IOError, NotFoundError } from '../../core/errors.js';
import { LATEST_VERSION, migrate } from './migrations.js';
import { translateSqliteError } from './errors.js';
import { openSqlite } from '../sqlite-driver.js';
import { english } from '../../i18n/issues.js';

/** PRAGMA application_id of every newsdesk database: "NDSK" in ASCII. */
export const APPLICATION_ID = 0x4e44534b;
export const BUSY_TIMEOUT_MS = 10_000;

export type OpenMode = 'read' | 'write';

export interface DbHandle {
  db: Database;
  path: string;
  readonly: boolean;
}

type FileState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'sqlite'; appId: number; userVersion: number };

const MAGIC = 'SQLite format 3\u0000';

/** Looks at the file without letting SQLite touch it. */
function inspect(path: string): FileState {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ENOTDIR') throw new IOError(english('issue.pathPartFile', { path }));
    throw new IOError(english('issue.cannotReadColon', { path, reason: code ?? (err as Error).message }));
  }
  if (st.isDirectory()) throw new IOError(english('issue.dbIsFolder', { path }), english('issue.dbIsFolderHint'));
  if (!st.isFile()) throw new IOError(english('issue.notRegular', { path }));
  if (st.size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(100);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new IOError(english('issue.cannotReadColon', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), english('issue.checkPermissions'));
  }
  let n: number;
  try {
    n = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 && n >= 16 && header.toString('latin1', 0, 16) === MAGIC) {
    throw new DatabaseError(english('issue.truncatedHeader', { path, n }), english('issue.restoreHint'));
  }
  if (n < 100 || header.toString('latin1', 0, 16) !== MAGIC) {
    throw new DatabaseError(english('issue.notSqlite', { path }), english('issue.giveDbHint'));
  }
  refuseTruncated(path, header, st.size);
  return { kind: 'sqlite', userVersion: header.readUInt32BE(60), appId: header.readUInt32BE(68) };
}

/**
 * A file shorter than its header says (cut by a failed copy or a full disk) is refused before
 * SQLite opens it, so not even a -wal or -shm file appears beside it. Only when no journal
 * could complete it: after a crash, a -wal or a hot -journal holds the missing pages.
 */
function refuseTruncated(path: string, header: Buffer, size: number): void {
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return; // SQLite says what is wrong
  const journalled = ['-wal', '-journal'].some((suffix) => {
    try {
      return statSync(path + suffix).size > 0;
    } catch {
      return false;
    }
  });
  if (journalled) return;
  // The page count of the header counts only when written with the change counter it matches.
  const pages = header.readUInt32BE(24) === header.readUInt32BE(92) ? header.readUInt32BE(28) : 0;
  if (size < pageSize || size % pageSize !== 0 || size < pages * pageSize) {
    throw new DatabaseError(
      pages ? english('issue.truncatedPages', { path, size, pages, pageSize }) : english('issue.truncated', { path, size }),
      english('issue.restoreHint'),
    );
  }
}

function refuseForeign(path: string, appId: number, userVersion: number): void {
  if (appId !== APPLICATION_ID && !(appId === 0 && userVersion === 0)) {
    throw new DatabaseError(english('issue.foreignDb', { path }), english('issue.giveDbHint'));
  }
}

function refuseNewer(path: string, userVersion: number): void {
  if (userVersion > LATEST_VERSION) {
    throw new DatabaseError(
      english('issue.newerDb', { path, version: userVersion, latest: LATEST_VERSION }),
      english('issue.upgradeHint'),
    );
  }
}

function configure(db: Database, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    // WAL lets readers go on while one process writes; FULL makes every commit durable.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
}

/** Checks the identity of an open database (the header on disk may lag behind the WAL). */
function verifyOpen(db: Database, path: string): number {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const hasTables = (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number) > 0;
  if (appId !== APPLICATION_ID && (appId !== 0 || userVersion !== 0 || hasTables)) refuseForeign(path, appId || -1, userVersion);
  refuseNewer(path, userVersion);
  return userVersion;
}

export const CREATE_HINT = english('issue.createHint');

/**
 * Opens the database at `path`. `write` creates it (and its folder) when missing and
 * upgrades an older schema; `read` never creates anything.
 */
export function openDatabase(path: string, mode: OpenMode): DbHandle {
  const state = inspect(path);
  if (state.kind === 'sqlite') {
    refuseForeign(path, state.appId, state.userVersion);
    refuseNewer(path, state.userVersion);
  }
  if (mode === 'read' && state.kind !== 'sqlite') {
    throw new NotFoundError(state.kind === 'missing' ? english('issue.noDatabase', { path }) : english('issue.emptyDatabase', { path }), CREATE_HINT);
  }
  if (mode === 'write' && state.kind === 'missing') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new IOError(english('issue.cannotCreateFolder', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
    }
  }

  let db: Database | undefined;
  try {
    if (mode === 'read') {
      db = openSqlite(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      configure(db, true);
      const version = verifyOpen(db, path);
      if (version < LATEST_VERSION) {
        // An older database: upgrade it once through a writing connection, then read.
        db.close();
        openDatabase(path, 'write').db.close();
        return openDatabase(path, 'read');
      }
      return { db, path, readonly: true };
    }
    db = openSqlite(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = verifyOpen(db, path);
    configure(db, false);
    if (version === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    if (version < LATEST_VERSION) migrate(db);
    return { db, path, readonly: false };
  } catch (err) {
    db?.close();
    throw translateSqliteError(err, path);
  }
}
