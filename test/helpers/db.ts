// A fresh database per test, in a temporary folder removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/store.js';

const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A temporary folder, removed after the test. */
export function tempDir(prefix = 'newsdesk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A new, migrated SQLite database file in a temporary folder, closed after the test. */
export async function freshStore(): Promise<SqliteStore> {
  const dir = tempDir();
  const store = await SqliteStore.open(join(dir, 'test.db'), 'write');
  cleanups.push(() => store.close());
  return store;
}

/** Opens a store that the test closes itself (or that is closed after the test). */
export async function openSqlite(path: string, mode: 'read' | 'write' = 'write'): Promise<SqliteStore> {
  const store = await SqliteStore.open(path, mode);
  cleanups.push(() => store.close());
  return store;
}

/** A fixed clock: 2024-05-01T08:00:00+07:00. */
export const FIXED_NOW = Date.parse('2024-05-01T01:00:00Z');
