// markdown-it inside the CLI bundle (scripts/build-cli-bundle.js, ON_FIRST_USE): an export run
// through the bundle renders article bodies without loading a file of markdown-it or of its
// dependencies from node_modules (NODE_DEBUG=module lists what Node loads), and writes the same
// pages as dist/'s modules, which load it from node_modules.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { needBuild } from '../helpers/build.js';
import { tempDir } from '../helpers/db.js';
import { seedPortal } from '../helpers/portal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = '2025-01-01T00:00:00+07:00';
const MARKDOWN_PACKAGES = /node_modules[\\/](markdown-it|entities|mdurl|linkify-it|uc\.micro|punycode\.js)[\\/]/;

needBuild();

function run(root: string, args: string[]): { code: number | null; out: string; err: string } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'module', NEWSDESK_CACHE_DIR: tempDir('newsdesk-cache-') };
  for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR', 'NEWSDESK_LANG']) delete env[key];
  const r = spawnSync(process.execPath, [join(root, 'bin', 'newsdesk.js'), ...args], { cwd: tempDir(), env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The files Node loaded, as NODE_DEBUG=module reports them. */
const loaded = (stderr: string): string[] => [...stderr.matchAll(/load "([^"]+)"/g)].map((m) => m[1]!);

/** Every file of a folder, by its path inside it. */
function files(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, e.name);
    if (e.isDirectory()) for (const [k, v] of files(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel), 'utf8'));
  }
  return out;
}

/** A copy of the installed package's runnable part, node_modules linked. */
function copyPackage(): string {
  const dir = tempDir('newsdesk-bundle-');
  for (const part of ['bin', 'dist', 'src/exporters/html/assets']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('markdown-it in the CLI bundle', () => {
  let db: string;
  // Temporary folders go after each test: a portal for each.
  beforeEach(async () => {
    db = join(tempDir(), 'portal.db');
    await seedPortal(db, 3);
    const body = '## Kết quả\n\nTin tức **phát triển** kinh tế, _văn hóa_.\n\n- Một\n- Hai: [chi tiết](https://example.org/a)\n\n> Trích dẫn.';
    for (const id of ['1', '2']) expect(run(ROOT, ['--db', db, 'article', 'edit', id, '--body', body]).code).toBe(0);
  });

  it('renders the bodies with no file of markdown-it or of its dependencies loaded from node_modules', () => {
    const site = join(tempDir(), 'site');
    const r = run(ROOT, ['--db', db, '--now', NOW, 'export', 'html', '--out', site]);
    expect(r.code, r.err).toBe(0);
    expect(loaded(r.err).filter((f) => MARKDOWN_PACKAGES.test(f))).toEqual([]);
    const page = [...files(site)].find(([, text]) => text.includes('Trích dẫn'));
    expect(page?.[1]).toContain('<h2>Kết quả</h2>');
    expect(page?.[1]).toContain('<strong>phát triển</strong>');
  });

  it('runs markdown-it only when a body is rendered: not for article list, search or --help', () => {
    const dir = copyPackage();
    // A mark at the start of markdown-it's module in the bundle (esbuild names each wrapped
    // CommonJS module by its path), written when that module runs.
    const bundle = join(dir, 'dist', 'cli.bundle.js');
    const source = readFileSync(bundle, 'latin1');
    const start = '"node_modules/markdown-it/dist/index.cjs.js"(';
    const at = source.indexOf('{', source.indexOf(start)) + 1;
    expect(source.indexOf(start)).toBeGreaterThan(0);
    writeFileSync(bundle, `${source.slice(0, at)}process.stderr.write("markdown-it ran\\n");${source.slice(at)}`, 'latin1');
    const ran = (args: string[]): boolean => {
      const r = run(dir, args);
      expect(r.code, r.err).toBe(0);
      return r.err.includes('markdown-it ran');
    };
    expect(ran(['--db', db, 'article', 'list'])).toBe(false);
    expect(ran(['--db', db, 'search', 'Kết quả'])).toBe(false);
    expect(ran(['--help'])).toBe(false);
    expect(ran(['--db', db, '--now', NOW, 'export', 'html', '--out', join(tempDir(), 'site')])).toBe(true);
  });

  it('writes the same pages as the modules of dist/, which load markdown-it from node_modules', () => {
    const dir = copyPackage();
    rmSync(join(dir, 'dist', 'cli.bundle.js'));
    const bundled = join(tempDir(), 'site');
    const modules = join(tempDir(), 'site');
    const b = run(ROOT, ['--db', db, '--now', NOW, 'export', 'html', '--out', bundled]);
    expect(b.code, b.err).toBe(0);
    const r = run(dir, ['--db', db, '--now', NOW, 'export', 'html', '--out', modules]);
    expect(r.code, r.err).toBe(0);
    // The comparison means something only if these did load it from node_modules.
    expect(loaded(r.err).some((f) => /node_modules[\\/]markdown-it[\\/]/.test(f))).toBe(true);
    // The manifest's keys hold the running code's fingerprint, which differs by design.
    const pages = (dir: string) => new Map([...files(dir)].filter(([f]) => f !== '.newsdesk-manifest.json'));
    expect(pages(modules).size).toBeGreaterThan(10);
    expect(pages(modules)).toEqual(pages(bundled));
  });
});
