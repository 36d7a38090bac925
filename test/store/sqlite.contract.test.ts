// The store contract (test/contract/) run against the SQLite backend: a new portal is a file
// in a temporary folder. The only place that names SQLite for the contract suite.
import { join } from 'node:path';
import { articlePagesContract } from '../contract/article-pages.js';
import { articlesContract } from '../contract/articles.js';
import type { BackendFactory } from '../contract/backend.js';
import { concurrencyContract } from '../contract/concurrency.js';
import { historyContract } from '../contract/history.js';
import { linksContract } from '../contract/links.js';
import { scheduledContract } from '../contract/scheduled.js';
import { searchContract } from '../contract/search.js';
import { sectionsContract } from '../contract/sections.js';
import { snapshotContract } from '../contract/snapshot.js';
import { unitsContract } from '../contract/units.js';
import { tempDir } from '../helpers/db.js';

const sqlite: BackendFactory = { name: 'sqlite', newLocation: async () => join(tempDir(), 'portal.db') };

articlesContract(sqlite);
sectionsContract(sqlite);
linksContract(sqlite);
articlePagesContract(sqlite);
unitsContract(sqlite);
snapshotContract(sqlite);
searchContract(sqlite);
concurrencyContract(sqlite);
scheduledContract(sqlite);
historyContract(sqlite);
