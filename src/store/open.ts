// Opening the store: the backend is chosen by what --db names. Each backend is loaded only
// when used, so a command that needs no database loads none.
import type { OpenMode, Store } from './store.js';

export async function openStore(target: string, mode: OpenMode): Promise<Store> {
  const { SqliteStore } = await import('./sqlite/store.js');
  return SqliteStore.open(target, mode);
}
