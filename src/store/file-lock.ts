// An advisory lock on a file, through SQLite's own file locking (POSIX record locks on the
// file, and SQLite's bookkeeping between connections of one process). The system drops the
// lock when its process ends, however it ends — a crash, SIGKILL, a lost lease on a network
// share — so a lock can never outlive its holder and nothing ever has to judge one stale.
// The file is only ever locked, never written: it stays empty.
import { openSqlite } from './sqlite-driver.js';

export interface FileLock {
  release(): void;
}

/**
 * Locks `path` (made empty when missing) for this process: undefined when another process, or
 * another lock of this one, holds it. Keep the lock referenced until release: its connection,
 * once collected by the garbage collector, is closed and the lock goes with it. Throws a
 * SqliteError `SQLITE_NOTADB` when the file holds something that is not an SQLite file (not a
 * lock of this kind). A file this process may not write is opened read-only and locks nothing:
 * the caller checks that it may write it.
 */
export function lockFile(path: string): FileLock | undefined {
  const db = openSqlite(path, { timeout: 0 });
  try {
    // Nothing is ever written: no journal file beside the lock.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') return undefined;
    throw err;
  }
  let held = true;
  return {
    release(): void {
      if (!held) return;
      held = false;
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
