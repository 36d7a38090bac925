// The search oracle (oracle.ts) against the PostgreSQL backend: the same result sets as the
// brute force (and so as SQLite) for every query, on a throwaway server.
import { usePostgres } from '../helpers/pg.js';
import { oracleSuite } from './oracle.js';

const server = usePostgres();
oracleSuite({ name: 'postgres', newLocation: async () => server.newLocation() });
