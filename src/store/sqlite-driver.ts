// better-sqlite3's Database with its native part loaded by path. Left to itself, better-sqlite3
// finds that file through the `bindings` package (a stack trace read, then one path after
// another tried by require), about 3 ms of every command that opens a database. Here the
// file npm puts in place is asked of Node's own resolution from this module, so that it is the
// copy of the package Node would load; `bindings` stays the way to a file built elsewhere (from
// source, in Debug). It would also let the CLI bundle hold better-sqlite3's JavaScript (bundled,
// `bindings` would look for the file beside the bundle); see scripts/build-cli-bundle.js for why
// it does not.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Options } from 'better-sqlite3';

const ADDON_PATH = 'better-sqlite3/build/Release/better_sqlite3.node';

/**
 * The native addon of the better-sqlite3 that Node resolves from `from` (a file URL or path):
 * the file npm puts in place, else the one `bindings` finds in the package's folder.
 */
export function loadSqliteAddon(from: string): object {
  const require = createRequire(from);
  let file: string | undefined;
  try {
    file = require.resolve(ADDON_PATH);
  } catch {
    // Not where npm puts it: found as better-sqlite3 finds it, from the package's own folder.
  }
  if (file !== undefined) return require(file) as object;
  const root = dirname(require.resolve('better-sqlite3/package.json'));
  const bindings = createRequire(`${root}/`)('bindings') as (opts: { bindings: string; module_root: string }) => object;
  return bindings({ bindings: 'better_sqlite3.node', module_root: root });
}

let addon: object | undefined;

/** Opens a connection, as `new Database(path, options)` of better-sqlite3 does. */
export function openSqlite(path: string, options: Omit<Options, 'nativeBinding'> = {}): Database {
  // better-sqlite3 takes the addon itself as well as its path (its types say only the path).
  return new BetterSqlite3(path, { ...options, nativeBinding: (addon ??= loadSqliteAddon(import.meta.url)) as unknown as string });
}
