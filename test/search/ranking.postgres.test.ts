// The ranking rules (ranking.ts) against the PostgreSQL backend, on a throwaway server.
import { vi } from 'vitest';
import { PgSearch } from '../../src/store/postgres/search.js';
import type { BackendFactory } from '../contract/backend.js';
import { usePostgres } from '../helpers/pg.js';
import { rankingSuite } from './ranking.js';

const server = usePostgres();
const postgres: BackendFactory = { name: 'postgres', newLocation: async () => server.newLocation() };

rankingSuite(postgres, {
  // A page of a query typed with marks is taken from the best candidates when they settle it
  // (pageFromCandidates answers undefined when they do not).
  record() {
    const spy = vi.spyOn(PgSearch.prototype as unknown as { pageFromCandidates: () => Promise<unknown> }, 'pageFromCandidates');
    return {
      ways: () => spy.mock.settledResults.map((r) => (r.type === 'fulfilled' && r.value === undefined ? 'full' : 'fast')),
      stop: () => spy.mockRestore(),
    };
  },
});
