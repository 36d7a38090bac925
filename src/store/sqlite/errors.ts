// SQLite failures become domain errors here, so no SQLite code or message reaches the user.
import { ConflictError, DatabaseError, IOError, NewsdeskError } from '../../core/errors.js';

interface SqliteLikeError {
  code?: string;
  message?: string;
}

export function translateSqliteError(err: unknown, path: string): unknown {
  if (err instanceof NewsdeskError) return err;
  const e = err as SqliteLikeError;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (!code.startsWith('SQLITE_')) return err;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DatabaseError(`the database ${path} is damaged or not a database (${code})`, 'restore it from a backup (newsdesk backup makes one); newsdesk check lists the problems', { cause: err });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseError(`the database ${path} stayed locked by another process`, 'try again when the other newsdesk command has finished', { cause: err });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new IOError(`the database ${path} cannot be written (read-only file or folder)`, 'check the permissions of the file and of its folder', { cause: err });
  }
  if (code === 'SQLITE_FULL') {
    return new IOError(`the disk is full: nothing was written to ${path}`, undefined, { cause: err });
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new IOError(`cannot open the database ${path}`, 'check that the path is a file in a folder you can write to', { cause: err });
  }
  if (code === 'SQLITE_IOERR_WRITE') {
    // ENOSPC is SQLITE_FULL; this is any other refused write (EFBIG past a size limit, EIO).
    return new IOError(`cannot write to the database ${path} (${code}): nothing was written`, 'the disk may be full, over a size limit, or failing', { cause: err });
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new IOError(`input/output error on the database ${path} (${code})`, undefined, { cause: err });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new ConflictError(`the change breaks a rule of the database (${code})`, undefined);
  }
  return new DatabaseError(`database error (${code})`, undefined, { cause: err });
}
