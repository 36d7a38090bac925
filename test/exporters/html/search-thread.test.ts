// The site search's full build on a thread of its own (search-thread.ts) must write what the
// build on the main thread writes, byte for byte (files, manifest, and the state the next
// export updates from), and a failure while its files are written must end the export as on
// the main thread, the thread stopped. Run on the built binary (the thread loads the compiled
// worker), with the thread forced both ways.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle, editArticle } from '../../../src/ops/articles.js';
import { addSection } from '../../../src/ops/sections.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import { needBuild } from '../../helpers/build.js';
import { FIXED_NOW } from '../../helpers/db.js';
import { expectSameTree, searchStateOf, suiteWorkspace, type ProcessRun } from './site.js';

const BIN = fileURLToPath(new URL('../../../bin/newsdesk.js', import.meta.url));
const ARTICLES = 400;
const WORDS = ['Đảng viên', 'đảng viên', 'dang vien', 'Hoà Bình', 'hòa bình', 'kết nạp', 'ﬁnance ¼', '𝐀𝐁𝐂', 'nông thôn mới', 'phát triển', 'KINH TẾ', 'thuý', 'Ðinh'];

needBuild();

describe('the site search built on its own thread', () => {
  let ws: Awaited<ReturnType<typeof suiteWorkspace>>;
  let store: SqliteStore;
  let db: string;

  const exportWith = (thread: '0' | '1', folder: string, ...flags: string[]): ProcessRun => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NEWSDESK_SEARCH_THREAD: thread, NEWSDESK_CACHE_DIR: join(ws.root, `cache-${folder}`) };
    delete env.NEWSDESK_DB;
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'export', 'html', '--out', folder, ...flags], { cwd: ws.root, env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, err: r.stderr.replaceAll(folder, 'OUT').replace(/ in \d+\.\d+ s/, '') };
  };

  beforeAll(async () => {
    ws = await suiteWorkspace();
    store = ws.store;
    db = join(ws.root, 'test.db');
    await store.transaction(async (tx) => {
      await tx.settings.set({ title: 'Cổng thông tin', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', per_page: 10, base_url: null, embed_hosts: '' });
      await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
      await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế' });
      for (let i = 1; i <= ARTICLES; i++) {
        const words = (k: number): string => Array.from({ length: k }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ');
        await addArticle(
          tx,
          {
            title: `Bài ${i}: ${words(3)}`,
            section: i % 2 ? 'tin-tuc' : 'kinh-te',
            status: i % 10 === 0 ? 'draft' : 'published',
            published_at: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 3_600_000).toISOString(),
            summary: words(5),
            author: i % 3 ? 'Nguyễn Văn An' : 'Trần Thị Bình',
            body: `${words(40)}\n\n${'Nội dung '.repeat(i % 50)}${words(i % 30)}`,
          },
          { now: FIXED_NOW },
        );
      }
    });
  }, 240_000);

  afterAll(() => ws?.dispose());

  it('writes the same files, manifest and state as the build on the main thread, first and after an edit', async () => {
    const main = exportWith('0', 'main');
    const thread = exportWith('1', 'thread');
    expect(main.code, main.err).toBe(0);
    expect(thread.code, thread.err).toBe(0);
    expect(thread.err).toBe(main.err);
    expectSameTree(join(ws.root, 'main'), join(ws.root, 'thread'));
    expect(searchStateOf(join(ws.root, 'cache-thread')).equals(searchStateOf(join(ws.root, 'cache-main')))).toBe(true);

    // The next export updates from the state the thread left, as from the main thread's.
    await editArticle(store, '5', { body: 'Kết nạp đảng viên mới ở Hoà Bình' }, { now: FIXED_NOW + 1000 });
    const main2 = exportWith('0', 'main');
    const thread2 = exportWith('1', 'thread');
    expect(thread2.code, thread2.err).toBe(0);
    expect(thread2.err).toBe(main2.err);
    expectSameTree(join(ws.root, 'main'), join(ws.root, 'thread'));
    expect(searchStateOf(join(ws.root, 'cache-thread')).equals(searchStateOf(join(ws.root, 'cache-main')))).toBe(true);
  }, 240_000);

  // The search page is written before any index file: a failure there comes before the thread's
  // files are taken, and the thread must still be stopped (else the process never ends).
  it.each([
    ['an index file', ['tim-kiem', 'du-lieu', 'v', '0.js']],
    ['the search page', ['tim-kiem', 'index.html']],
  ])('fails as the build on the main thread does when %s cannot be written, and ends', (_what, blocked) => {
    const name = blocked.join('-').replace('.', '-');
    for (const folder of [`blocked-main-${name}`, `blocked-thread-${name}`]) mkdirSync(join(ws.root, folder, ...blocked), { recursive: true });
    const main = exportWith('0', `blocked-main-${name}`, '--force');
    const thread = exportWith('1', `blocked-thread-${name}`, '--force');
    expect(main.err).toMatch(new RegExp(`^newsdesk: cannot write .*${blocked.join('/').replace('.', '\\.')}: a folder is in the way\n`));
    expect(thread.code).toBe(main.code);
    expect(thread.err).toBe(main.err);
  }, 240_000);
});
