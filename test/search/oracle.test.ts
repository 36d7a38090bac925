// The search oracle (oracle.ts) against the SQLite backend: a file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleSuite } from './oracle.js';

let dir: string | undefined;
oracleSuite({
  name: 'sqlite',
  newLocation: async () => join((dir = mkdtempSync(join(tmpdir(), 'newsdesk-oracle-'))), 'oracle.db'),
  remove: async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});
