// The store contract (test/contract/) run against the PostgreSQL backend: a new portal is a
// new schema in a database of a throwaway server (test/helpers/pg.ts).
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
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const postgres: BackendFactory = { name: 'postgres', newLocation: async () => server.newLocation() };

articlesContract(postgres);
sectionsContract(postgres);
linksContract(postgres);
articlePagesContract(postgres);
unitsContract(postgres);
snapshotContract(postgres);
searchContract(postgres);
concurrencyContract(postgres, { processes: 8 });
scheduledContract(postgres);
historyContract(postgres);
