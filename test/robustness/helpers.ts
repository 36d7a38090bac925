// Shared by the robustness tests: temporary folders, the built binary as a child process,
// databases seeded straight through the store, file fingerprints, and `check` in-process.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { CheckReport } from '../../src/store/store.js';
import { png } from '../helpers/png.js';
export { png };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'newsdesk.js');
export const FIXTURES = join(ROOT, 'test', 'robustness', 'fixtures');
/** A line of a JavaScript stack trace. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
export const FIXED_NOW = Date.parse('2024-05-01T01:00:00Z');

const dirs: string[] = [];
afterAll(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A temporary folder, removed when the test file ends. */
export function workDir(prefix = 'newsdesk-robust-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export { needBuild } from '../helpers/build.js';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR']) delete env[key];
  return { ...env, NO_COLOR: '1', ...extra };
}

/** `newsdesk <args>` as a child process, waited for. */
export function newsdesk(args: string[], opts: { cwd?: string; input?: string | Buffer; env?: Record<string, string>; uid?: number; gid?: number; timeout?: number } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: childEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** A child process (node running `script` with `args`), its output collected; resolves when it ends. */
export interface Child {
  pid: number;
  done: Promise<Run>;
  /** Output so far. */
  out(): string;
  kill(signal?: NodeJS.Signals): void;
}

export function startNode(script: string, args: string[], opts: SpawnOptions & { env?: Record<string, string> } = {}): Child {
  const child = spawn(process.execPath, [script, ...args], { cwd: opts.cwd ?? ROOT, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { pid: child.pid!, done, out: () => out, kill: (signal = 'SIGKILL') => child.kill(signal) };
}

/** `newsdesk <args>` started in the background. */
export function startNewsdesk(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Child {
  return startNode(BIN, args, opts);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file of a folder (recursively) with the hash of its bytes: equal maps mean nothing changed. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix + e.name;
      if (e.isDirectory()) walk(join(d, e.name), `${rel}/`);
      else if (e.isFile()) out[rel] = sha256(readFileSync(join(d, e.name)));
      else out[rel] = e.isSymbolicLink() ? 'symlink' : 'special'; // (never read a FIFO: it would wait)
    }
  };
  walk(dir, '');
  return out;
}


export interface SeedOptions {
  articles?: number;
  /** Each article's body is this many KB (padding), so the file spans many pages. */
  bodyKb?: number;
  /** Give every article one stored image (written to `imageDir`). */
  imageDir?: string;
}

/** A database with two sections and `articles` published articles "Bài số i", written through the store. */
export async function seed(path: string, opts: SeedOptions = {}): Promise<void> {
  const store = await SqliteStore.open(path, 'write');
  try {
    await store.transaction(async (tx) => {
      await tx.settings.set(await tx.settings.get());
      await addSection(tx, { title: 'Tin tức', slug: 'tin-tuc' });
      await addSection(tx, { title: 'Kinh tế - Xã hội', slug: 'kinh-te' });
      const pad = 'Nội dung bài viết về kinh tế xã hội của huyện. '.repeat(Math.ceil(((opts.bodyKb ?? 0) * 1024) / 50));
      for (let i = 1; i <= (opts.articles ?? 0); i++) {
        const image = opts.imageDir ? [{ src: writeImage(opts.imageDir, i), caption: `Ảnh ${i}` }] : undefined;
        await addArticle(
          tx,
          {
            title: `Bài số ${i}`,
            section: i % 2 ? 'tin-tuc' : 'kinh-te',
            status: 'published',
            published_at: new Date(Date.parse('2020-01-01T01:00:00Z') + i * 3_600_000).toISOString(),
            summary: `Tóm tắt ${i}`,
            body: `Bài số ${i}: đảng viên, nông thôn mới.\n\n${pad}`,
            tags: ['thời sự'],
            ...(image ? { images: image } : {}),
          },
          { now: FIXED_NOW, ...(opts.imageDir ? { imageBaseDir: opts.imageDir } : {}) },
        );
      }
    });
  } finally {
    await store.close();
  }
}

function writeImage(dir: string, i: number): string {
  const name = `anh-${i}.png`;
  writeFileSync(join(dir, name), png(2, 2, [i % 256, (i * 7) % 256, (i * 13) % 256]));
  return name;
}

/** `newsdesk check`, in-process: the same report the command prints. */
export async function check(path: string): Promise<CheckReport> {
  const store = await SqliteStore.open(path, 'read');
  try {
    return await store.check();
  } finally {
    await store.close();
  }
}

/** SQLite's own verdict, through a plain connection. */
export function integrity(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Rows of a query, through a plain read-only connection. */
export function query<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A uniform random integer in [lo, hi]. */
export function randInt(lo: number, hi: number): number {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

/** The body fixtures/writer.mjs gives write `i` tagged `tag` (the same text, built the same way). */
export function bodyOf(tag: string, i: number): string {
  return Array.from({ length: 120 }, (_, k) => `${tag} lần ${i} dòng ${k}: đảng viên, nông thôn mới, kinh tế.`).join('\n');
}

export const WRITER = join(FIXTURES, 'writer.mjs');

/** The `<worker> <i> <id>` lines a writer reported: the writes it saw committed. */
export function reported(out: string): Array<{ worker: string; i: number; id: number }> {
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [worker, i, id] = l.split(' ');
      return { worker: worker!, i: Number(i), id: Number(id) };
    });
}

/** Waits until `cond` holds (polling), or throws after `ms`. */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Every article written by fixtures/writer.mjs is whole: its summary names the write, and its
 * body and tags are exactly that write's. Returns the number of such articles.
 */
export function expectWholeArticles(path: string): number {
  const rows = query<{ id: number; slug: string; summary: string; body: string; tags: string }>(path, 'SELECT id, slug, summary, body, tags FROM articles ORDER BY id');
  let n = 0;
  for (const r of rows) {
    const m = /^tóm tắt (.+)-(\d+)$/.exec(r.summary);
    if (!m) continue;
    const tag = `${m[1]}-${m[2]}`;
    if (r.body !== bodyOf(tag, Number(m[2])) || r.tags !== JSON.stringify([tag])) {
      throw new Error(`article ${r.id} (${r.slug}) is not whole: summary "${r.summary}", body of ${r.body.length} characters, tags ${r.tags}`);
    }
    n++;
  }
  return n;
}
