// A SIGKILL in the middle of an import leaves the database exactly as it was: the import's
// one transaction was never committed, and SQLite discards it when the file is next opened.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { cli } from '../helpers/cli.js';
import { FIXED_NOW, tempDir } from '../helpers/db.js';
import { dump } from './helpers.js';
// @ts-expect-error: a plain .mjs helper shared with the child process and the benchmark
import { generate } from './support/generate.mjs';

const SUPPORT = resolve(import.meta.dirname, 'support');

it('a SIGKILL mid-import leaves the database as it was, and intact', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const db = join(dir, 'news.db');
  const store = await SqliteStore.open(db, 'write');
  await store.transaction(async (tx) => {
    await tx.settings.set(await tx.settings.get());
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
    await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế' });
  });
  for (let i = 0; i < 5; i++) await addArticle(store, { title: `Có sẵn ${i}`, section: 'tin-tuc', body: 'nội dung' }, { now: FIXED_NOW });
  const before = await dump(store);
  await store.close();

  const file = join(dir, 'big.ndjson');
  await (generate as (path: string, count: number) => Promise<number>)(file, 10_000);

  const child = spawn(process.execPath, ['--import', join(SUPPORT, 'ts-register.mjs'), join(SUPPORT, 'import-child.mjs'), db, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));

  // Kill it once its transaction holds a few thousand new articles.
  let seen = { records: 0, articles: 0 };
  for await (const line of createInterface({ input: child.stdout })) {
    const msg = JSON.parse(line) as { records?: number; articles?: number; done?: boolean };
    if (msg.done) throw new Error('the import finished before it could be killed; make the input larger');
    seen = { records: msg.records!, articles: msg.articles! };
    if (seen.records >= 3000) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited, stderr).toBe('SIGKILL');
  expect(seen.articles).toBeGreaterThan(2000);

  const after = await SqliteStore.open(db, 'write');
  try {
    expect(after.handle.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await after.articles.count({})).toBe(5);
    expect(await dump(after)).toBe(before);
  } finally {
    await after.close();
  }
  const check = await cli(['--db', db, 'check']);
  expect(check.code, check.out + check.err).toBe(0);
});
