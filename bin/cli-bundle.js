// Loads the CLI bundle (dist/cli.bundle.js, made by scripts/build-cli-bundle.js) as a
// vm.Script with V8's code cache (dist/cli.bundle.cache). A cache that is missing, made for
// another bundle or refused by V8 (another Node) only costs compiling: the run goes on, and
// a plain run (no Node options) writes the cache again afterwards if the folder lets us.
'use strict';
const { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

/** The package's dist/ folder, where the bundle and its cache are. */
const DIST = join(__dirname, '..', 'dist');
const BUNDLE = 'cli.bundle.js';
const CACHE = 'cli.bundle.cache';

/** The bundle's exports ({ run, processIO, testIO }), or undefined when there is no bundle. */
function loadCli({ dist = DIST, cache = true } = {}) {
  const file = join(dist, BUNDLE);
  let source;
  try {
    // dist/ compiled again by tsc alone (a watch while developing) is newer than the bundle,
    // which would run the code before it: the modules then, until the next `npm run build`.
    // Only in a source checkout (tsconfig.json beside dist/): an installed package is never
    // compiled again, and npm writes its files in any order (dist/main.js after the bundle).
    if (existsSync(join(dist, '..', 'tsconfig.json')) && statSync(join(dist, 'main.js')).mtimeMs > statSync(file).mtimeMs) return undefined;
    source = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  // The cache file starts with the id on the bundle's first line: a cache for another bundle
  // is never handed to V8 (which checks only the source's length).
  const id = Buffer.from(`${source.slice(0, source.indexOf('\n'))}\n`);
  let cachedData;
  if (cache) {
    try {
      const bytes = readFileSync(join(dist, CACHE));
      if (bytes.subarray(0, id.length).equals(id)) cachedData = bytes.subarray(id.length);
    } catch {
      // no cache yet
    }
  }
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, lazyBuiltins(createRequire(file)), module, file, dist, pathToFileURL(`${dist}/`).href, (spec) => import(spec));
  // V8 refuses a cache made under other flags, so a run given options of its own (`node
  // --trace-gc …`, or through NODE_OPTIONS) would replace the cache with one that every plain
  // run refuses in turn, and holds only what that run compiled: such a run leaves the file
  // alone. (Any option at all, even one V8 ignores: such a run never writes a missing cache.)
  const missing = cachedData === undefined || script.cachedDataRejected === true;
  const plainRun = process.execArgv.length === 0 && (process.env.NODE_OPTIONS ?? '').trim() === '';
  return { exports: module.exports, script, dist, id, stale: missing && plainRun };
}

// Built-in modules Node has not loaded by the time a script starts and that a command may
// never use (the bundle requires every module's imports when the module is first needed):
// each is loaded on the first use of one of its exports instead.
const LAZY = new Set(['child_process', 'crypto', 'zlib', 'worker_threads', 'readline', 'perf_hooks', 'async_hooks']);

function lazyBuiltins(require) {
  const lazy = new Map();
  const wrapped = (id) => {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    if (!LAZY.has(name)) return require(id);
    if (!lazy.has(name)) {
      let mod;
      const load = () => (mod ??= require(`node:${name}`));
      lazy.set(
        name,
        new Proxy(
          {},
          {
            get: (_, key) => load()[key],
            set: (_, key, value) => ((load()[key] = value), true),
            has: (_, key) => key in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, key) => {
              const d = Reflect.getOwnPropertyDescriptor(load(), key);
              return d && { ...d, configurable: true };
            },
            getPrototypeOf: () => Reflect.getPrototypeOf(load()),
          },
        ),
      );
    }
    return lazy.get(name);
  };
  return Object.assign(wrapped, { resolve: require.resolve, cache: require.cache });
}

/** Writes the code cache of a loaded bundle (with what has been compiled so far); best effort. */
function writeCodeCache(cli) {
  const target = join(cli.dist, CACHE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([cli.id, cli.script.createCachedData()]));
    renameSync(temp, target);
  } catch {
    // a folder we may not write to: the next run compiles again
    rmSync(temp, { force: true });
  }
}

module.exports = { DIST, BUNDLE, loadCli, writeCodeCache };
