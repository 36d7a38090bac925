// The ranking rules (ranking.ts) against the PostgreSQL backend, on a throwaway server.
import type { BackendFactory } from '../contract/backend.js';
import { usePostgres } from '../helpers/pg.js';
import { rankingSuite } from './ranking.js';

const server = usePostgres();
const postgres: BackendFactory = { name: 'postgres', newLocation: async () => server.newLocation() };

rankingSuite(postgres);
