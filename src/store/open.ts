// Opening the store: the backend is chosen by what --db names (a postgres:// or postgresql://
// address: PostgreSQL; a file path: SQLite). Each backend is loaded only when used, so a
// command that needs no database loads none, and a file portal never loads the PostgreSQL driver.
import { UsageError } from '../core/errors.js';
import type { OpenMode, Store } from './store.js';
import { english } from '../i18n/issues.js';

/** A URL's scheme (postgres://…), or undefined for a path (a Windows drive letter is a path). */
export function urlScheme(target: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target);
  return m ? m[1]!.toLowerCase() : undefined;
}

export async function openStore(target: string, mode: OpenMode): Promise<Store> {
  const scheme = urlScheme(target);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { PgStore } = await import('./postgres/store.js');
    return PgStore.open(target, mode);
  }
  if (scheme !== undefined) {
    throw new UsageError(english('issue.noBackend', { scheme }), english('issue.noBackendHint'));
  }
  const { SqliteStore } = await import('./sqlite/store.js');
  return SqliteStore.open(target, mode);
}
