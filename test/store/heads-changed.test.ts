// The published heads that changed since a copy (test/contract/heads-changed.ts), on SQLite:
// another program's writes through a connection of its own.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { headsChangedContract } from '../contract/heads-changed.js';
import { tempDir } from '../helpers/db.js';

headsChangedContract(
  { name: 'sqlite', newLocation: async () => join(tempDir(), 'portal.db') },
  async (location, text, params) => {
    const db = new Database(location);
    try {
      db.prepare(text).run(...params);
    } finally {
      db.close();
    }
  },
  () => 'articles',
);
