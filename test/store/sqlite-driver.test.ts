// better-sqlite3 opened with its native addon loaded by path (src/store/sqlite-driver.ts): the
// file npm puts in place, else the one `bindings` finds (a build from source in Debug); and the
// built binary loading the addon without `bindings`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSqliteAddon, openSqlite } from '../../src/store/sqlite-driver.js';
import { needBuild } from '../helpers/build.js';
import { tempDir } from '../helpers/db.js';
import { seedPortal } from '../helpers/portal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const PACKAGE = dirname(require.resolve('better-sqlite3/package.json'));
const ADDON = join(PACKAGE, 'build', 'Release', 'better_sqlite3.node');

/** A folder with node_modules/better-sqlite3 (its package.json, the addon at `addonAt`) and bindings beside it; a file of it to resolve from. */
function layout(addonAt: string | undefined): { from: string; addon: string | undefined } {
  const dir = tempDir('newsdesk-driver-');
  const pkg = join(dir, 'node_modules', 'better-sqlite3');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(PACKAGE, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(dirname(require.resolve('bindings/package.json', { paths: [PACKAGE] })), join(dir, 'node_modules', 'bindings'));
  let addon: string | undefined;
  if (addonAt !== undefined) {
    addon = join(pkg, addonAt, 'better_sqlite3.node');
    mkdirSync(dirname(addon), { recursive: true });
    copyFileSync(ADDON, addon);
  }
  const from = join(dir, 'app.js');
  writeFileSync(from, '');
  return { from: pathToFileURL(from).href, addon };
}

describe('the SQLite driver', () => {
  it('opens a database that reads and writes, its errors those of better-sqlite3', () => {
    const db = openSqlite(join(tempDir(), 'a.db'));
    try {
      db.exec('CREATE TABLE t (x INTEGER) STRICT');
      db.prepare('INSERT INTO t (x) VALUES (?)').run(42);
      expect(db.prepare('SELECT x FROM t').pluck().get()).toBe(42);
      let caught: unknown;
      try {
        db.prepare("INSERT INTO t (x) VALUES ('not a number')").run();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BetterSqlite3.SqliteError);
      expect((caught as { code?: string }).code).toBe('SQLITE_CONSTRAINT_DATATYPE');
    } finally {
      db.close();
    }
  });

  it('takes the options as better-sqlite3 does: a read-only connection does not write', () => {
    const file = join(tempDir(), 'b.db');
    openSqlite(file).exec('CREATE TABLE t (x INTEGER)');
    const db = openSqlite(file, { readonly: true, fileMustExist: true });
    try {
      expect(() => db.exec('INSERT INTO t VALUES (1)')).toThrow(/readonly/);
    } finally {
      db.close();
    }
    expect(() => openSqlite(join(tempDir(), 'missing.db'), { fileMustExist: true })).toThrow();
  });

  it('loads the addon npm puts in build/Release, by its path', () => {
    const { from, addon } = layout('build/Release');
    const loaded = loadSqliteAddon(from) as { Database?: unknown };
    expect(typeof loaded.Database).toBe('function');
    expect(require.cache[addon!]?.exports).toBe(loaded);
  });

  it('finds an addon elsewhere (built from source, in Debug) as better-sqlite3 would, through bindings', () => {
    const { from, addon } = layout('build/Debug');
    const loaded = loadSqliteAddon(from) as { Database?: unknown };
    expect(typeof loaded.Database).toBe('function');
    expect(require.cache[addon!]?.exports).toBe(loaded);
  });

  it('says so when there is no addon at all', () => {
    const { from } = layout(undefined);
    expect(() => loadSqliteAddon(from)).toThrow(/Could not locate the bindings file/);
  });

  it('says so when better-sqlite3 cannot be found', () => {
    const from = pathToFileURL(join(tempDir('newsdesk-driver-'), 'app.js')).href;
    expect(() => loadSqliteAddon(from)).toThrow(/Cannot find module 'better-sqlite3\/package\.json'/);
  });
});

describe('the binary and better-sqlite3', () => {
  needBuild();

  it('opens a portal with the addon npm put in place, by its path: bindings is never loaded', async () => {
    const db = join(tempDir(), 'portal.db');
    await seedPortal(db, 3);
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'module' };
    for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR', 'NEWSDESK_LANG']) delete env[key];
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'newsdesk.js'), '--db', db, 'article', 'list'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    const loads = [...r.stderr.matchAll(/load "([^"]+)"/g)].map((m) => m[1]!);
    expect(loads.filter((f) => f.endsWith('.node'))).toEqual([ADDON]);
    expect(loads.filter((f) => /node_modules[\\/](bindings|file-uri-to-path)[\\/]/.test(f))).toEqual([]);
  });
});
