// The site search's full build shared by two threads (search-thread.ts, search-worker.ts): the
// search's thread makes each packed file's source and hands it back as UTF-8 bytes, and the
// main thread hashes, deflates and encodes it; on a fresh or forced export the thread starts
// with the export. The files, the manifest and the state the next export updates from must be
// those of the build on the main thread, byte for byte, on random corpora, with the thread
// holding back after every file too; a failure while the thread waits must end the export with
// the main thread's error and leave the last export's files as they were. Run on the built
// binary (the thread loads the compiled worker), with the thread forced both ways.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle, editArticle } from '../../../src/ops/articles.js';
import { addSection } from '../../../src/ops/sections.js';
import { SqliteStore } from '../../../src/store/sqlite/store.js';
import { needBuild } from '../../helpers/build.js';
import { FIXED_NOW } from '../../helpers/db.js';
import { expectSameTree, listFiles, searchStateOf, suiteWorkspace, type ProcessRun } from './site.js';
import { seeded as random } from '../../helpers/seeded.js';

const BIN = fileURLToPath(new URL('../../../bin/newsdesk.js', import.meta.url));
const PENDING = '.newsdesk-manifest.json.pending';

needBuild();


// Vietnamese with both tone placements, decomposed marks, astral letters, emoji, JSON's escapes
// (quotes, backslashes, controls are refused by the store), markup, ligatures and digits.
const WORDS = ['Đảng viên', 'đảng viên', 'dang vien', 'Hoà Bình', 'hòa bình', 'kết nạp', 'ﬁnance ¼', '𝐀𝐁𝐂', 'nông thôn mới', 'phát triển', 'KINH TẾ', 'thuý', 'Ðinh', 'Nguyễn', 'tiếng Việt', '😀 vui', '"trích dẫn"', 'a\\b', '</script>', '&amp;', 'ö', '2026', 'x₂', 'ﾊﾝｶｸ', '中文', 'ﬀ'];

async function fill(store: SqliteStore, seed: number, articles: number): Promise<void> {
  const next = random(seed);
  const pick = (k: number): string => Array.from({ length: k }, () => WORDS[Math.floor(next() * WORDS.length)]!).join(' ');
  await store.transaction(async (tx) => {
    await tx.settings.set({ title: 'Cổng thông tin', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', per_page: 1 + Math.floor(next() * 12), base_url: null, embed_hosts: '' });
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
    await addSection(tx, { slug: 'kinh-te', title: 'Kinh "tế"' });
    for (let i = 1; i <= articles; i++) {
      await addArticle(
        tx,
        {
          title: `Bài ${i}: ${pick(1 + Math.floor(next() * 6))}`,
          section: next() < 0.5 ? 'tin-tuc' : 'kinh-te',
          status: next() < 0.1 ? 'draft' : 'published',
          published_at: new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(next() * 400 * 86_400_000)).toISOString(),
          summary: pick(Math.floor(next() * 12)),
          author: next() < 0.6 ? 'Nguyễn Văn An' : 'Trần Thị Bình',
          body: Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick(Math.floor(next() * 80))).join('\n\n'),
        },
        { now: FIXED_NOW },
      );
    }
  });
}

describe('the site search built by two threads', () => {
  let ws: Awaited<ReturnType<typeof suiteWorkspace>>;
  const stores: SqliteStore[] = [];

  /** An export of `db` into `folder` (under the workspace), the thread forced on or off, `bytes` lowering its bounds. */
  const exportWith = (db: string, thread: '0' | '1', folder: string, bytes?: number, ...flags: string[]): ProcessRun => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NEWSDESK_SEARCH_THREAD: thread, NEWSDESK_CACHE_DIR: join(ws.root, `cache-${folder}`) };
    delete env.NEWSDESK_DB;
    if (bytes !== undefined) env.NEWSDESK_SEARCH_THREAD_BYTES = String(bytes);
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'export', 'html', '--out', folder, ...flags], { cwd: ws.root, env, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, err: r.stderr.replaceAll(folder, 'OUT').replace(/ in \d+\.\d+ s/, '') };
  };

  beforeAll(async () => {
    ws = await suiteWorkspace();
  }, 60_000);

  afterAll(async () => {
    for (const s of stores) await s.close();
    await ws?.dispose();
  });

  it.each([
    [1, 90],
    [2, 700],
    [3, 1100],
  ])('writes the same files, manifest and state as the main thread on random corpus %i (%i articles), first and after an edit', async (seed, articles) => {
    const db = join(ws.root, `corpus-${seed}.db`);
    const store = await SqliteStore.open(db, 'write');
    stores.push(store);
    await fill(store, seed, articles);
    const ways = [
      ['main', '0', undefined],
      ['thread', '1', undefined],
      // Every file in a message of its own, the thread waiting for each to be taken.
      ['held', '1', 1],
    ] as const;
    const folder = (way: string): string => `c${seed}-${way}`;
    for (let round = 0; round < 2; round++) {
      const runs = ways.map(([way, thread, bytes]) => exportWith(db, thread, folder(way), bytes));
      for (const r of runs) expect(r.code, r.err).toBe(0);
      for (const r of runs.slice(1)) expect(r.err).toBe(runs[0]!.err);
      for (const [way] of ways.slice(1)) {
        expectSameTree(join(ws.root, folder('main')), join(ws.root, folder(way)));
        expect(searchStateOf(join(ws.root, `cache-${folder(way)}`)).equals(searchStateOf(join(ws.root, `cache-${folder('main')}`)))).toBe(true);
      }
      // The next export updates the search from the state each left.
      await editArticle(store, String(1 + seed), { body: `Kết nạp đảng viên mới ở Hoà Bình ${seed}` }, { now: FIXED_NOW + 1000 });
    }
  }, 300_000);

  it('ends with the main thread\'s error when a file before the search cannot be written, the thread started and stopped, the last export left as it was', async () => {
    const db = join(ws.root, 'corpus-fail.db');
    const store = await SqliteStore.open(db, 'write');
    stores.push(store);
    await fill(store, 9, 120);
    const before = new Map<string, Map<string, Buffer>>();
    for (const way of ['0', '1'] as const) {
      const folder = `fail-${way}`;
      expect(exportWith(db, way, folder).code).toBe(0);
      // The stylesheet is written before the search is built: a folder in its way fails the export while the thread waits.
      rmSync(join(ws.root, folder, 'assets', 'style.css'));
      mkdirSync(join(ws.root, folder, 'assets', 'style.css', 'x'), { recursive: true });
      before.set(way, new Map(listFiles(join(ws.root, folder)).map((f) => [f, readFileSync(join(ws.root, folder, f))])));
    }
    const main = exportWith(db, '0', 'fail-0', undefined, '--force');
    const thread = exportWith(db, '1', 'fail-1', undefined, '--force');
    expect(main.code).toBe(1);
    expect(main.err).toMatch(/^newsdesk: cannot write .*assets\/style\.css: a folder is in the way\n/);
    // Ended (not held by a thread left running: spawnSync's timeout would give no code) with the same error.
    expect(thread.code).toBe(main.code);
    expect(thread.err.replaceAll('fail-1', 'fail-0')).toBe(main.err);
    for (const way of ['0', '1'] as const) {
      const folder = join(ws.root, `fail-${way}`);
      const files = listFiles(folder);
      // Besides the writer's note of the files it was about to write (write.ts), as after any failed export.
      expect(files).toContain(PENDING);
      const now = new Map(files.filter((f) => f !== PENDING).map((f) => [f, readFileSync(join(folder, f))]));
      expect([...now.keys()]).toEqual([...before.get(way)!.keys()]);
      expect([...now].filter(([f, bytes]) => !bytes.equals(before.get(way)!.get(f)!)).map(([f]) => f)).toEqual([]);
    }
  }, 300_000);
});
