import { join } from 'node:path';
import { tempDir } from '../helpers/db.js';
import type { BackendFactory } from '../contract/backend.js';
import { concurrencyContract } from '../contract/concurrency.js';
import { searchContract } from '../contract/search.js';
import { snapshotContract } from '../contract/snapshot.js';
import { unitsContract } from '../contract/units.js';

const sqlite: BackendFactory = { name: 'sqlite', newLocation: async () => join(tempDir(), 'portal.db') };
unitsContract(sqlite);
snapshotContract(sqlite);
searchContract(sqlite);
concurrencyContract(sqlite);
