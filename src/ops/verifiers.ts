// The checks other modules add to `newsdesk check`.
import type { Verifier } from './check.js';

export const verifiers: Verifier[] = [];
