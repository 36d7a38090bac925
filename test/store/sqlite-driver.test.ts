// better-sqlite3 opened with its native addon loaded by path (src/store/sqlite-driver.ts): the
// first of the places `bindings` tries first (build/, build/Debug, build/Release) that holds it,
// else the one `bindings` finds elsewhere; and the built binary loading the addon without
// `bindings`.
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

/**
 * A folder with node_modules/better-sqlite3 (its package.json, a copy of the addon in each of
 * `addonsAt`) and, unless told not to, bindings beside it; a file of it to resolve from, and
 * where each addon is.
 */
function layout(addonsAt: string[], { bindings = true } = {}): { from: string; addons: Record<string, string> } {
  const dir = tempDir('newsdesk-driver-');
  const pkg = join(dir, 'node_modules', 'better-sqlite3');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(PACKAGE, 'package.json'), join(pkg, 'package.json'));
  if (bindings) symlinkSync(dirname(require.resolve('bindings/package.json', { paths: [PACKAGE] })), join(dir, 'node_modules', 'bindings'));
  const addons: Record<string, string> = {};
  for (const at of addonsAt) {
    const addon = join(pkg, at, 'better_sqlite3.node');
    mkdirSync(dirname(addon), { recursive: true });
    copyFileSync(ADDON, addon);
    addons[at] = addon;
  }
  const from = join(dir, 'app.js');
  writeFileSync(from, '');
  return { from: pathToFileURL(from).href, addons };
}

/** The file of a loaded addon, as require cached it. */
function fileOf(loaded: object): string | undefined {
  return Object.keys(require.cache).find((f) => require.cache[f]?.exports === loaded);
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

  it('loads the addon npm puts in build/Release by its path, without bindings', () => {
    // No bindings in the folder: only a load by path can succeed.
    const { from, addons } = layout(['build/Release'], { bindings: false });
    const loaded = loadSqliteAddon(from) as { Database?: unknown };
    expect(typeof loaded.Database).toBe('function');
    expect(fileOf(loaded)).toBe(addons['build/Release']);
  });

  it('takes the addon bindings would take first: build/, then build/Debug, then build/Release', () => {
    const all = layout(['build/Release', 'build/Debug', 'build'], { bindings: false });
    expect(fileOf(loadSqliteAddon(all.from))).toBe(all.addons['build']);
    const debug = layout(['build/Release', 'build/Debug'], { bindings: false });
    expect(fileOf(loadSqliteAddon(debug.from))).toBe(debug.addons['build/Debug']);
  });

  it('finds an addon elsewhere in the package (out/Release) as better-sqlite3 would, through bindings', () => {
    const { from, addons } = layout(['out/Release']);
    const loaded = loadSqliteAddon(from) as { Database?: unknown };
    expect(typeof loaded.Database).toBe('function');
    expect(fileOf(loaded)).toBe(addons['out/Release']);
  });

  it('says so when there is no addon at all', () => {
    const { from } = layout([]);
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
