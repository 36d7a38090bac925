// The scheduled-articles part of the store contract (test/contract/scheduled.ts), on SQLite.
import { join } from 'node:path';
import type { BackendFactory } from '../contract/backend.js';
import { scheduledContract } from '../contract/scheduled.js';
import { tempDir } from '../helpers/db.js';

const sqlite: BackendFactory = { name: 'sqlite', newLocation: async () => join(tempDir(), 'portal.db') };

scheduledContract(sqlite);
