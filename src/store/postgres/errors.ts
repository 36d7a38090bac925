// PostgreSQL and network failures become domain errors here, named by the server and the
// portal (never with the password), so no driver message or SQLSTATE reaches the user raw.
import { ConflictError, DatabaseError, IOError, NewsdeskError, NotFoundError } from '../../core/errors.js';
import type { PgTarget } from './location.js';
import { english } from '../../i18n/issues.js';

interface PgLikeError {
  code?: string;
  message?: string;
}

/** SQLSTATEs after which a unit of work is simply tried again. */
export function isRetryable(err: unknown): boolean {
  const code = (err as PgLikeError)?.code ?? ((err as { cause?: PgLikeError })?.cause?.code);
  return code === '40001' || code === '40P01';
}

const LOST = /Connection terminated|connection lost|Client has encountered a connection error|ECONNRESET|EPIPE|Client was closed/i;

/** True when the connection itself failed (nothing more can be sent on it). */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as PgLikeError;
  const code = typeof e?.code === 'string' ? e.code : '';
  return code.startsWith('57P') || code.startsWith('08') || code === 'ECONNRESET' || code === 'EPIPE' || LOST.test(e?.message ?? '');
}

export function translatePgError(err: unknown, t: PgTarget): unknown {
  if (err instanceof NewsdeskError) return err;
  const e = err as PgLikeError;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const where = `the PostgreSQL server at ${t.server}`;
  const options = { cause: err };
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN' || code === 'ENOTFOUND' || /timeout expired|connection timeout/i.test(message)) {
    const why = code === 'ENOENT' ? 'no server socket there' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host' : /timeout/i.test(message) || code === 'ETIMEDOUT' ? 'no answer in time' : 'connection refused';
    return new DatabaseError(english('issue.pgUnreachable', { where, why }), english('issue.pgUnreachableHint'), options);
  }
  if (code === '28P01' && t.password === undefined) {
    return new DatabaseError(english('issue.pgNoPassword', { where, user: t.user }), english('issue.pgNoPasswordHint'), options);
  }
  if (code === '28P01') {
    return new DatabaseError(english('issue.pgBadPassword', { where, user: t.user }), english('issue.pgBadPasswordHint'), options);
  }
  if (/client password must be a string|password authentication failed|no password supplied/i.test(message)) {
    return new DatabaseError(english('issue.pgNoPassword', { where, user: t.user }), english('issue.pgNoPasswordHint'), options);
  }
  if (code === '28000') {
    return new DatabaseError(english('issue.pgRoleRefused', { where, user: t.user, database: t.database }), english('issue.pgRoleRefusedHint'), options);
  }
  if (code === '3D000') {
    return new NotFoundError(english('issue.pgNoDatabase', { database: t.database, where }), english('issue.pgNoDatabaseHint', { database: t.database }));
  }
  if (code === '42501') {
    return new IOError(english('issue.pgDenied', { user: t.user, display: t.display }), english('issue.pgDeniedHint'), options);
  }
  if (code === '25006') {
    return new IOError(english('issue.pgReadOnly', { display: t.display }), undefined, options);
  }
  if (code === '53100') {
    return new IOError(english('issue.pgDiskFull', { where }), undefined, options);
  }
  if (isRetryable(err)) {
    return new DatabaseError(english('issue.pgBusy', { display: t.display }), english('issue.pgBusyHint'), options);
  }
  if (code === '55P03') {
    return new DatabaseError(english('issue.pgLocked', { display: t.display }), english('issue.lockedHint'), options);
  }
  // The server cancelled the statement: a statement_timeout of the role or database, or an
  // administrator; not a lock held by another newsdesk (that is 55P03, our lock_timeout).
  if (code === '57014') {
    return new DatabaseError(english('issue.pgCancelled', { display: t.display, reason: message.split('\n')[0]! }), english('issue.pgCancelledHint'), options);
  }
  if (isConnectionLoss(err)) {
    return new DatabaseError(english('issue.pgLost', { where }), english('issue.pgLostHint'), options);
  }
  if (code.startsWith('23')) {
    return new ConflictError(english('issue.constraint', { code }), undefined);
  }
  if (/^[0-9A-Z]{5}$/.test(code)) return new DatabaseError(english('issue.pgError', { code, message: message.split('\n')[0] }), undefined, options);
  return err;
}
