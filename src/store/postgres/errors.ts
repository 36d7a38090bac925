// PostgreSQL and network failures become domain errors here, named by the server and the
// portal (never with the password), so no driver message or SQLSTATE reaches the user raw.
import { ConflictError, DatabaseError, IOError, NewsdeskError, NotFoundError } from '../../core/errors.js';
import type { PgTarget } from './location.js';

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
    return new DatabaseError(`cannot reach ${where} (${why})`, 'check that the server is running and that the host and port of --db (or PGHOST, PGPORT) are right', options);
  }
  if (code === '28P01' && t.password === undefined) {
    return new DatabaseError(`${where} asks for a password for role "${t.user}" and none was given`, 'give it in ~/.pgpass (or PGPASSWORD) rather than in --db, where others could read it', options);
  }
  if (code === '28P01') {
    return new DatabaseError(`${where} refused the password of role "${t.user}"`, 'check the password in --db, PGPASSWORD or ~/.pgpass', options);
  }
  if (/client password must be a string|password authentication failed|no password supplied/i.test(message)) {
    return new DatabaseError(`${where} asks for a password for role "${t.user}" and none was given`, 'give it in ~/.pgpass (or PGPASSWORD) rather than in --db, where others could read it', options);
  }
  if (code === '28000') {
    return new DatabaseError(`${where} refused role "${t.user}" on database "${t.database}"`, 'ask the administrator of the server for a role that may connect (see README: PostgreSQL)', options);
  }
  if (code === '3D000') {
    return new NotFoundError(`no database "${t.database}" on ${where}`, `create it first (createdb ${t.database}), or name an existing database in --db`);
  }
  if (code === '42501') {
    return new IOError(`role "${t.user}" may not do this in ${t.display} (permission denied)`, 'ask the administrator of the server to grant the role the use of the schema', options);
  }
  if (code === '25006') {
    return new IOError(`${t.display} was opened read-only`, undefined, options);
  }
  if (code === '53100') {
    return new IOError(`the disk of ${where} is full: nothing was written`, undefined, options);
  }
  if (isRetryable(err)) {
    return new DatabaseError(`${t.display} stayed busy with other writers`, 'try again when the other newsdesk commands have finished', options);
  }
  if (code === '55P03' || code === '57014') {
    return new DatabaseError(`${t.display} stayed locked by another process`, 'try again when the other newsdesk command has finished', options);
  }
  if (isConnectionLoss(err)) {
    return new DatabaseError(`the connection to ${where} was lost: the unfinished change was not written`, 'check that the server is running, then run the command again', options);
  }
  if (code.startsWith('23')) {
    return new ConflictError(`the change breaks a rule of the database (${code})`, undefined);
  }
  if (/^[0-9A-Z]{5}$/.test(code)) return new DatabaseError(`database error (${code}: ${message.split('\n')[0]})`, undefined, options);
  return err;
}
