// An online backup of an SQLite portal: a consistent copy of the file, taken while it is in use.
import { translateSqliteError } from './errors.js';
import type { SqliteHandle } from './handle.js';

/**
 * Copies the whole database into `dest`. One read transaction for the whole copy: the backup is
 * the snapshot taken here, and a writer committing meanwhile cannot make SQLite restart it
 * (again and again, with a busy writer, as it would otherwise do after every step).
 */
export async function backupDatabase(h: SqliteHandle, dest: string, onProgress?: (fraction: number) => void): Promise<void> {
  const db = h.db;
  try {
    db.prepare('BEGIN').run();
    try {
      db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
      await db.backup(dest, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress?.((totalPages - remainingPages) / Math.max(1, totalPages));
          return 1000;
        },
      });
    } finally {
      if (db.inTransaction) db.prepare('COMMIT').run();
    }
  } catch (err) {
    throw translateSqliteError(err, h.path);
  }
}
