// What a backend gives the contract suite: where to put a new, empty portal. Everything else
// the suite does through the store interface (src/store/store.ts) and openStore, so a second
// backend runs the same suite by supplying its own factory.
import { afterEach } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

export interface BackendFactory {
  /** Shown in the test names: "sqlite", … */
  name: string;
  /** The location (--db) of a new portal that does not exist yet; removed after the test. */
  newLocation(): Promise<string>;
}

const opened: Store[] = [];

afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

/** Opens (creating it on the first write open) the portal at `location`; closed after the test. */
export async function openAt(location: string, mode: 'read' | 'write' = 'write'): Promise<Store> {
  const store = await openStore(location, mode);
  opened.push(store);
  return store;
}

/** A new, empty, initialised portal of the backend, open for writing. */
export async function freshPortal(backend: BackendFactory): Promise<{ store: Store; location: string }> {
  const location = await backend.newLocation();
  const store = await openAt(location, 'write');
  return { store, location };
}
