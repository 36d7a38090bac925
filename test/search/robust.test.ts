// Whatever a user types, search answers or says what is wrong (UsageError): never an SQL or
// FTS5 error, never a crash.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { searchArticles } from '../../src/search/search.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { loadCorpus } from './corpus.js';

let store: SqliteStore;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdesk-robust-'));
  store = await SqliteStore.open(join(dir, 'robust.db'), 'write');
  await loadCorpus(store);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pieces = fc.constantFrom(
  ...'"“”„*-+():^{}[],.;\'!?&|/\\<>=@#$%~`_ \t\n\r'.split(''),
  'AND', 'OR', 'NOT', 'NEAR', 'NEAR(', 'title:', 'body:', 'rowid', 'MATCH', "'; DROP TABLE articles; --",
  'đảng', 'viên', 'hoà', 'Hòa', 'kinh', 'tế', 'dang', '\u0301', '\u0300', '\u0000', '\uFFFF', '\uD800', '😀', '¼', 'ﬁ',
);

const queries = fc.oneof(
  fc.array(pieces, { maxLength: 16 }).map((a) => a.join('')),
  fc.array(pieces, { maxLength: 16 }).map((a) => a.join(' ')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

it('never throws anything but a UsageError (property)', async () => {
  let answered = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(queries, fc.boolean(), async (q, all) => {
      try {
        const r = await searchArticles(store, q, all ? { all: true, status: 'all' } : { perPage: 3 });
        expect(r.total).toBeGreaterThanOrEqual(r.items.length);
        for (const item of r.items) {
          for (const [s, e] of item.highlights) {
            expect(0 <= s && s < e && e <= item.snippet.length).toBe(true);
          }
        }
        answered++;
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        refused++;
      }
    }),
    { numRuns: 2000 },
  );
  // Both branches were exercised.
  expect(answered).toBeGreaterThan(100);
  expect(refused).toBeGreaterThan(100);
  expect(store.handle.db.prepare('SELECT count(*) FROM articles').pluck().get()).toBeGreaterThan(0);
});
