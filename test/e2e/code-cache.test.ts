// The binary runs the CLI bundle (dist/cli.bundle.js) with V8's code cache beside it. A cache
// that is missing, damaged, made for another bundle or impossible to write must cost only
// time: the same output, the same exit code, nothing on stderr, and the cache made again when
// the folder allows it. Each case runs a copy of bin/ and dist/ in a folder of its own.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { needBuild } from '../helpers/build.js';
import { tempDir } from '../helpers/db.js';
import { seedPortal } from '../helpers/portal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

needBuild();

/** A copy of the package's runnable part: bin/, dist/, package.json, node_modules (linked). */
/** A copy of the package as installed (no tsconfig.json), or as a source checkout. */
function copyPackage({ checkout = false } = {}): { dir: string; cache: string } {
  const dir = tempDir('newsdesk-cache-');
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  if (checkout) cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, cache: join(dir, 'dist', 'cli.bundle.cache') };
}

function run(dir: string, args: string[]): { code: number | null; out: string; err: string } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  // Plain runs: Node options from the caller's shell would keep the binary from writing its cache.
  for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR', 'NEWSDESK_LANG', 'NODE_OPTIONS']) delete env[key];
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'newsdesk.js'), ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the CLI bundle and its code cache', () => {
  let db: string;
  let expected: ReturnType<typeof run>;
  const args = () => ['--db', db, 'article', 'list'];

  // The temporary folders go after each test: a portal for each, and the output the binary
  // of the package prints for it.
  beforeEach(async () => {
    db = join(tempDir(), 'portal.db');
    await seedPortal(db, 12);
    expected = run(ROOT, args());
    expect(expected.code).toBe(0);
    expect(expected.out.split('\n').filter(Boolean)).toHaveLength(10);
  });

  it('the build makes the bundle and a cache tied to it', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'cli.bundle.js'), 'latin1');
    const cache = readFileSync(join(ROOT, 'dist', 'cli.bundle.cache'));
    const id = bundle.slice(0, bundle.indexOf('\n') + 1);
    expect(id).toMatch(/^\/\/ newsdesk-cli [0-9a-f]{32}\n$/);
    expect(cache.subarray(0, id.length).toString('latin1')).toBe(id);
    expect(cache.length).toBeGreaterThan(id.length + 1000);
    // Read as one-byte text: nothing outside ASCII.
    expect(/[^\x00-\x7f]/.test(bundle)).toBe(false);
  });

  it('a missing cache: the same output, and the cache written for the next run', () => {
    const { dir, cache } = copyPackage();
    rmSync(cache);
    expect(run(dir, args())).toEqual(expected);
    expect(existsSync(cache)).toBe(true);
    expect(run(dir, args())).toEqual(expected);
  });

  it('a damaged cache is refused by V8 and written again; the output does not change', () => {
    const { dir, cache } = copyPackage();
    const good = readFileSync(cache);
    const id = good.subarray(0, good.indexOf(0x0a) + 1);
    const damaged = Buffer.concat([id, Buffer.alloc(good.length - id.length, 0x5a)]);
    writeFileSync(cache, damaged);
    expect(run(dir, args())).toEqual(expected);
    const after = readFileSync(cache);
    expect(after.equals(damaged)).toBe(false);
    expect(after.subarray(0, id.length).equals(id)).toBe(true);
  });

  it('a cache made for another bundle is not used, and is replaced', () => {
    const { dir, cache } = copyPackage();
    const good = readFileSync(cache);
    const other = Buffer.concat([Buffer.from(`// newsdesk-cli ${'0'.repeat(32)}\n`), good.subarray(good.indexOf(0x0a) + 1)]);
    writeFileSync(cache, other);
    expect(run(dir, args())).toEqual(expected);
    const id = good.subarray(0, good.indexOf(0x0a) + 1);
    expect(readFileSync(cache).subarray(0, id.length).equals(id)).toBe(true);
  });

  it('a run with V8 options of its own (--trace-gc) leaves the cache as it is, for the plain runs', () => {
    const { dir, cache } = copyPackage();
    const good = readFileSync(cache);
    const r = spawnSync(process.execPath, ['--trace-gc', join(dir, 'bin', 'newsdesk.js'), ...args()], { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(expected.out.split('\n')[0]);
    expect(readFileSync(cache).equals(good)).toBe(true);
  });

  it('a run given V8 options through NODE_OPTIONS leaves the cache as it is too', () => {
    const { dir, cache } = copyPackage();
    const good = readFileSync(cache);
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'newsdesk.js'), ...args()], { env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '--max-old-space-size=4096' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(expected.out.split('\n')[0]);
    expect(readFileSync(cache).equals(good)).toBe(true);
  });

  it('a cache that cannot be written: the command still succeeds, with nothing on stderr', () => {
    const { dir, cache } = copyPackage();
    rmSync(cache);
    mkdirSync(cache); // a folder where the file would go: reading and writing it both fail
    expect(run(dir, args())).toEqual(expected);
    expect(run(dir, ['--db', db, 'search', 'zzzzunmatched', '--format', 'count'])).toEqual({ code: 0, out: '0\n', err: '' });
  });

  it('without a bundle (tsc alone), the binary runs the modules of dist/', () => {
    const { dir, cache } = copyPackage();
    rmSync(cache);
    rmSync(join(dir, 'dist', 'cli.bundle.js'));
    expect(run(dir, args())).toEqual(expected);
    expect(existsSync(cache)).toBe(false);
  });

  it('dist/ compiled again after the bundle (tsc alone): the binary runs the modules, not the older bundle', () => {
    const { dir, cache } = copyPackage({ checkout: true });
    const bundle = join(dir, 'dist', 'cli.bundle.js');
    writeFileSync(bundle, `// newsdesk-cli ${'0'.repeat(32)}\n(function () { throw new Error('the older bundle ran'); })`);
    const main = statSync(join(dir, 'dist', 'main.js')).mtime;
    utimesSync(bundle, main, new Date(main.getTime() - 60_000));
    rmSync(cache);
    expect(run(dir, args())).toEqual(expected);
    expect(existsSync(cache)).toBe(false);
    // The same bundle, newer than the modules, is the one that runs.
    utimesSync(bundle, main, new Date(main.getTime() + 60_000));
    const r = run(dir, args());
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('the older bundle ran');
  });

  it('an installed package runs its bundle whatever order npm wrote dist/ in (main.js after the bundle)', () => {
    const { dir } = copyPackage();
    const bundle = join(dir, 'dist', 'cli.bundle.js');
    const main = statSync(join(dir, 'dist', 'main.js')).mtime;
    utimesSync(bundle, main, new Date(main.getTime() - 1_000));
    // The bundle marked so that its run shows: its id line kept, one statement put before it runs.
    const source = readFileSync(bundle, 'latin1');
    const eol = source.indexOf('\n') + 1;
    writeFileSync(bundle, `${source.slice(0, eol)}process.stderr.write('bundle ran\\n');\n${source.slice(eol)}`, 'latin1');
    utimesSync(bundle, main, new Date(main.getTime() - 1_000));
    const r = run(dir, args());
    expect(r.err).toContain('bundle ran');
    expect(r.out).toBe(expected.out);
  });

  it('errors and exit codes come through the bundle as through the modules', () => {
    const { dir } = copyPackage();
    const missing = join(tempDir(), 'none.db');
    const viaBundle = run(dir, ['--db', missing, 'article', 'list']);
    rmSync(join(dir, 'dist', 'cli.bundle.js'));
    const viaModules = run(dir, ['--db', missing, 'article', 'list']);
    expect(viaBundle.code).toBe(1);
    expect(viaBundle).toEqual(viaModules);
    expect(run(dir, ['article', 'lisst']).code).toBe(2);
  });
});
