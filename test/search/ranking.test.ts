// The ranking rules (ranking.ts) against the SQLite backend, and scoreOf, which every backend's
// scores go through.
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { scoreOf } from '../../src/search/search.js';
import { SearchIndex } from '../../src/store/sqlite/fts.js';
import type { BackendFactory } from '../contract/backend.js';
import { tempDir } from '../helpers/db.js';
import { rankingSuite } from './ranking.js';

const sqlite: BackendFactory = { name: 'sqlite', newLocation: async () => join(tempDir(), 'portal.db') };

rankingSuite(sqlite, {
  // SQLite takes a page from the best candidates by bm25 when it can (pageFromCandidates).
  record() {
    const spy = vi.spyOn(SearchIndex.prototype as unknown as { pageFromCandidates: () => unknown }, 'pageFromCandidates');
    return {
      ways: () => spy.mock.results.map((r) => (r.value === undefined ? 'full' : 'fast')),
      stop: () => spy.mockRestore(),
    };
  },
});

describe('scoreOf', () => {
  it.each([
    [-20, false, -0.5, false],
    [-0.5, false, -0.000001, false],
    [-0.000001, true, -20, false],
    [-20, true, -0.5, true],
  ])('bm25 %d (exact %s) scores above bm25 %d (exact %s)', (b1, e1, b2, e2) => {
    expect(scoreOf(b1, e1)).toBeGreaterThan(scoreOf(b2, e2));
  });

  it('keeps fold-only matches in (0, 1) and spelled ones in [1, 2)', () => {
    for (const b of [-1e-7, -0.3, -5, -1e6, -1e12]) {
      expect(scoreOf(b, false)).toBeGreaterThan(0);
      expect(scoreOf(b, false)).toBeLessThan(1);
      expect(scoreOf(b, true)).toBeGreaterThanOrEqual(1);
      expect(scoreOf(b, true)).toBeLessThan(2);
    }
  });
});

