// better-sqlite3's Database with its native part loaded by path. Left to itself, better-sqlite3
// finds that file through the `bindings` package (a stack trace read, then one path after
// another tried by require), about 3 ms of every command that opens a database. Here the
// package is asked of Node's own resolution from this module, so that it is the copy Node
// would load, and the first three places `bindings` tries are looked at in its order;
// `bindings` itself only for a file elsewhere. It would also let the CLI bundle hold
// better-sqlite3's JavaScript (bundled, `bindings` would look for the file beside the bundle);
// see scripts/build-cli-bundle.js for why it does not.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Options } from 'better-sqlite3';

const ADDON = 'better_sqlite3.node';
// `bindings`' own first places, in its order: a Debug build is taken before the Release one npm
// installs, as better-sqlite3 would take it (whoever built Debug beside it meant it to run).
const ADDON_DIRS = ['build', join('build', 'Debug'), join('build', 'Release')];

/**
 * The native addon of the better-sqlite3 that Node resolves from `from` (a file URL or path):
 * the file where `bindings` would look first, else the one it finds elsewhere in the package.
 */
export function loadSqliteAddon(from: string): object {
  const require = createRequire(from);
  const root = dirname(require.resolve('better-sqlite3/package.json'));
  for (const dir of ADDON_DIRS) {
    const file = join(root, dir, ADDON);
    if (existsSync(file)) return require(file) as object;
  }
  const bindings = createRequire(`${root}/`)('bindings') as (opts: { bindings: string; module_root: string }) => object;
  return bindings({ bindings: ADDON, module_root: root });
}

let addon: object | undefined;

/** Opens a connection, as `new Database(path, options)` of better-sqlite3 does. */
export function openSqlite(path: string, options: Omit<Options, 'nativeBinding'> = {}): Database {
  // better-sqlite3 takes the addon itself as well as its path (its types say only the path).
  return new BetterSqlite3(path, { ...options, nativeBinding: (addon ??= loadSqliteAddon(import.meta.url)) as unknown as string });
}
