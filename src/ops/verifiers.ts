// The checks other modules add to `newsdesk check`.
import type { Verifier } from './check.js';
import { searchIndexOf } from '../store/fts.js';

export const verifiers: Verifier[] = [(store) => searchIndexOf(store.db).verify().map((message) => ({ check: 'search_index', message }))];
