// The keys an import has used, on PostgreSQL: held in memory up to a bound, then moved to the
// session's temporary table with only their hashes kept; a key seen before is found wherever
// it is, and a new key is new, across several moves.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { PgImportSession } from '../../src/store/postgres/import-session.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const bound = PgImportSession.seenInMemory;
afterEach(() => {
  PgImportSession.seenInMemory = bound;
});

describe('postgres: the keys an import has seen', () => {
  it('gives the first line of every key seen before, in memory or moved, and nothing for a new one', async () => {
    PgImportSession.seenInMemory = 8;
    const store = await openStore(server.newLocation(), 'write');
    try {
      const session = await store.importSession({ dryRun: false });
      try {
        for (let line = 1; line <= 50; line++) expect(await session.firstSeen(line % 2, `key-${line}`, line)).toBeUndefined();
        // Seen before: the first line, whether the key is in memory (the last few) or moved.
        for (const line of [1, 2, 9, 30, 49, 50]) expect(await session.firstSeen(line % 2, `key-${line}`, 100 + line)).toBe(line);
        // The same key under another kind is another key.
        expect(await session.firstSeen(1, 'key-2', 200)).toBeUndefined();
        expect(await session.firstSeen(1, 'key-2', 201)).toBe(200);
        // Keys never seen, after the moves.
        for (let k = 0; k < 20; k++) expect(await session.firstSeen(0, `new-${k}`, 300 + k)).toBeUndefined();
        expect(await session.firstSeen(0, 'new-3', 400)).toBe(303);
      } finally {
        await session.end();
      }
    } finally {
      await store.close();
    }
  });
});
