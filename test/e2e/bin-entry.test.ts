// bin/newsdesk.js is a CommonJS entry (bin/package.json): a command run through the bundle sets
// up no loader of ES modules (NODE_DEBUG=esm says what it loads), and without the bundle the ES
// modules of dist/ run the same command.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { needBuild } from '../helpers/build.js';
import { tempDir } from '../helpers/db.js';
import { seedPortal } from '../helpers/portal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

needBuild();

function run(root: string, args: string[]): { code: number | null; out: string; err: string } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'esm' };
  for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR', 'NEWSDESK_LANG']) delete env[key];
  const r = spawnSync(process.execPath, [join(root, 'bin', 'newsdesk.js'), ...args], { cwd: tempDir(), env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What Node's loader of ES modules logged under NODE_DEBUG=esm. */
const esmLines = (stderr: string): string[] => stderr.split('\n').filter((l) => /^ESM \d+:/.test(l));

describe('the binary as a CommonJS entry', () => {
  let db: string;
  // Temporary folders go after each test: a portal for each.
  beforeEach(async () => {
    db = join(tempDir(), 'portal.db');
    await seedPortal(db, 4);
  });

  it('--version prints the version (package.json\'s, src/version.ts\'s) and loads no ES module', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(VERSION);
    expect(run(ROOT, ['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    expect(run(ROOT, ['-V'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  it('runs a command through the bundle without the loader of ES modules', () => {
    const r = run(ROOT, ['--db', db, 'article', 'list']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean)).toHaveLength(4);
    expect(esmLines(r.err)).toEqual([]);
  });

  it('an error is reported and exits as before (a usage error: 2)', () => {
    const r = run(ROOT, ['--db', db, 'no-such-command']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'no-such-command'/);
  });

  it('without the bundle, the ES modules of dist/ run the same command with the same output', () => {
    const dir = tempDir('newsdesk-nobundle-');
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    rmSync(join(dir, 'dist', 'cli.bundle.js'));
    const bundled = run(ROOT, ['--db', db, 'article', 'list']);
    const modules = run(dir, ['--db', db, 'article', 'list']);
    expect(modules.code).toBe(0);
    expect(modules.out).toBe(bundled.out);
    expect(esmLines(modules.err).some((l) => l.includes('/dist/main.js'))).toBe(true);
  });
});
