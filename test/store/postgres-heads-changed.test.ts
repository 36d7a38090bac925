// The published heads that changed since a copy (test/contract/heads-changed.ts), on
// PostgreSQL: another program's writes as the superuser, on a connection of its own.
import { headsChangedContract } from '../contract/heads-changed.js';
import { superuserSql, usePostgres } from '../helpers/pg.js';

const server = usePostgres();

headsChangedContract(
  { name: 'postgres', newLocation: async () => server.newLocation() },
  async (_location, text, params) => {
    await superuserSql(server, text, params);
  },
  (location) => `${/schema=(\w+)/.exec(location)![1]!}.articles`,
);
