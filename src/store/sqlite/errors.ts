// SQLite failures become domain errors here, so no SQLite code or message reaches the user.
import { ConflictError, DatabaseError, IOError, NewsdeskError } from '../../core/errors.js';
import { english } from '../../i18n/issues.js';

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
    return new DatabaseError(english('issue.damaged', { path, code }), english('issue.damagedHint'), { cause: err });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseError(english('issue.locked', { path }), english('issue.lockedHint'), { cause: err });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new IOError(english('issue.readOnlyFile', { path }), english('issue.checkPermissionsFolder'), { cause: err });
  }
  if (code === 'SQLITE_FULL') {
    return new IOError(english('issue.diskFull', { path }), undefined, { cause: err });
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new IOError(english('issue.cannotOpen', { path }), english('issue.cannotOpenHint'), { cause: err });
  }
  if (code === 'SQLITE_IOERR_WRITE') {
    // ENOSPC is SQLITE_FULL; this is any other refused write (EFBIG past a size limit, EIO).
    return new IOError(english('issue.cannotWriteDb', { path, code }), english('issue.cannotWriteDbHint'), { cause: err });
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new IOError(english('issue.ioError', { path, code }), undefined, { cause: err });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new ConflictError(english('issue.constraint', { code }), undefined);
  }
  return new DatabaseError(english('issue.databaseError', { code }), undefined, { cause: err });
}
