// The parallel export (issue 20): pages rendered and written on worker threads must be the
// files a single-threaded export writes, byte for byte, manifest included, on a first export,
// on a re-export of every page, and on one that finds the same bytes again; a thread's
// failure must end the export with the same error as a single-threaded one. Run on the built
// binary (the threads load the compiled worker), with the thread count forced both ways.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle } from '../../../src/ops/articles.js';
import { addSection } from '../../../src/ops/sections.js';
import type { SqliteStore } from '../../../src/store/sqlite/store.js';
import { needBuild } from '../../helpers/build.js';
import { FIXED_NOW } from '../../helpers/db.js';
import { expectSameTree, suiteWorkspace } from './site.js';

const BIN = fileURLToPath(new URL('../../../bin/newsdesk.js', import.meta.url));
// Past the number of pages from which bodies come from the search's pass (export.ts).
const ARTICLES = 2050;

needBuild();

interface Run {
  code: number | null;
  err: string;
}

/** Lines of the closing message with the folder's name taken out. */
function closing(r: Run, folder: string): string {
  return r.err.replaceAll(folder, 'OUT').replace(/ in \d+\.\d+ s/, '');
}

describe('export html on worker threads', () => {
  let ws: Awaited<ReturnType<typeof suiteWorkspace>>;
  let store: SqliteStore;
  let db: string;

  const exportWith = (threads: number | { threads: number; teasersHeld: number }, folder: string, ...flags: string[]): Run => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    if (typeof threads === 'number') env.NEWSDESK_EXPORT_THREADS = String(threads);
    else Object.assign(env, { NEWSDESK_EXPORT_THREADS: String(threads.threads), NEWSDESK_EXPORT_TEASERS_HELD: String(threads.teasersHeld) });
    delete env.NEWSDESK_DB;
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'export', 'html', '--out', folder, ...flags], { cwd: ws.root, env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, err: r.stderr };
  };

  beforeAll(async () => {
    ws = await suiteWorkspace();
    store = ws.store;
    db = join(ws.root, 'test.db');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    await store.transaction(async (tx) => {
      // A zone with summer time: the threads read zones otherwise than the main thread.
      await tx.settings.set({ title: 'Cổng thông tin', language: 'vi', timezone: 'America/New_York', per_page: 25, base_url: 'https://sonlam.gov.vn/', embed_hosts: 'youtube.com' });
      await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
      await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế', parent: 'tin-tuc' });
      await addSection(tx, { slug: 'van-hoa', title: 'Văn hóa & "Xã hội"' });
      const src = await tx.media.put(photo, 'image/jpeg', FIXED_NOW);
      // Every 37 minutes from the night the clocks went forward in 2021.
      const start = Date.parse('2021-03-13T20:00:00Z');
      for (let i = 1; i <= ARTICLES; i++) {
        const body = [
          `## Phần ${i}`,
          `Đoạn *một* của bài ${i}, với [liên kết](https://example.org/${i}) và <script>alert(${i})</script>.`,
          i % 5 === 0 ? `![Ảnh ${i}](${src})` : '- mục một\n- mục hai',
          i % 7 === 0 ? 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' : `> Trích dẫn ${i}`,
        ].join('\n\n');
        await addArticle(
          tx,
          {
            title: `Bài số ${i}: "Đổi mới" & phát triển`,
            section: ['tin-tuc', 'kinh-te', 'van-hoa'][i % 3]!,
            status: 'published',
            published_at: new Date(start + i * 37 * 60_000).toISOString(),
            summary: `Tóm tắt ${i}`,
            author: i % 2 ? 'Nguyễn Văn An' : 'Trần Thị Bình',
            body,
            ...(i % 4 === 0 ? { images: [{ src, alt: `Ảnh ${i}`, caption: `Chú thích ${i}` }] } : {}),
          },
          { now: FIXED_NOW },
        );
      }
    });
  }, 240_000);

  afterAll(() => ws?.dispose());

  it('writes the same files and manifest as a single-threaded export, first and again', async () => {
    const one = exportWith(0, 'one');
    const many = exportWith(2, 'many');
    expect(one.code, one.err).toBe(0);
    expect(many.code, many.err).toBe(0);
    expect(closing(many, 'many')).toBe(closing(one, 'one'));
    expect(one.err).toMatch(/ (\d+) written, 0 unchanged, 0 removed/);
    expectSameTree(join(ws.root, 'one'), join(ws.root, 'many'));

    // Threads whose teaser tables start again every few batches write the same pages.
    const reset = exportWith({ threads: 2, teasersHeld: 37 }, 'reset');
    expect(reset.code, reset.err).toBe(0);
    expect(closing(reset, 'reset')).toBe(closing(one, 'one'));
    expectSameTree(join(ws.root, 'one'), join(ws.root, 'reset'));

    // Every page's inputs change (the site's title): every page is rendered again.
    await store.transaction(async (tx) => tx.settings.set({ ...(await tx.settings.get()), title: 'Cổng thông tin mới' }));
    const one2 = exportWith(0, 'one');
    const many2 = exportWith(2, 'many');
    expect(many2.code, many2.err).toBe(0);
    expect(closing(many2, 'many')).toBe(closing(one2, 'one'));
    expectSameTree(join(ws.root, 'one'), join(ws.root, 'many'));

    // A manifest that lost its fingerprints: every page is rendered, found the same, kept.
    for (const folder of ['one', 'many']) {
      const path = join(ws.root, folder, '.newsdesk-manifest.json');
      const m = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, { h?: string; k?: string }> };
      for (const e of Object.values(m.files)) delete e.k;
      writeFileSync(path, JSON.stringify(m));
    }
    const one3 = exportWith(0, 'one');
    const many3 = exportWith(3, 'many');
    expect(many3.code, many3.err).toBe(0);
    expect(closing(many3, 'many')).toBe(closing(one3, 'one'));
    const kept = / (\d+) written, (\d+) unchanged/.exec(many3.err)!;
    expect(Number(kept[2])).toBeGreaterThan(ARTICLES);
    expectSameTree(join(ws.root, 'one'), join(ws.root, 'many'));
  }, 240_000);

  it('fails as a single-threaded export does when a page cannot be written, and ends', () => {
    const slug = 'bai-so-1200-doi-moi-phat-trien';
    for (const folder of ['blocked-one', 'blocked-many']) mkdirSync(join(ws.root, folder, 'bai-viet', `${slug}.html`), { recursive: true });
    const one = exportWith(0, 'blocked-one', '--force');
    const many = exportWith(2, 'blocked-many', '--force');
    expect(one.err).toMatch(/^newsdesk: cannot write .*blocked-one\/bai-viet\/bai-so-1200-doi-moi-phat-trien\.html: a folder is in the way\n/);
    expect(many.code).toBe(one.code);
    expect(closing(many, 'blocked-many')).toBe(closing(one, 'blocked-one'));
  }, 240_000);

  it('fails alike when a listing page cannot be written (handed over while the search files are made)', () => {
    for (const folder of ['list-one', 'list-many']) mkdirSync(join(ws.root, folder, 'page', '3', 'index.html'), { recursive: true });
    const one = exportWith(0, 'list-one', '--force');
    const many = exportWith(2, 'list-many', '--force');
    expect(one.code).toBe(1);
    expect(one.err).toMatch(/^newsdesk: cannot write .*list-one\/page\/3\/index\.html: a folder is in the way\n/);
    expect(many.code).toBe(one.code);
    expect(closing(many, 'list-many')).toBe(closing(one, 'list-one'));
    // Nothing was left unhandled on the way: the one error is the only thing said.
    expect(many.err.trim().split('\n').filter((l) => l.startsWith('newsdesk:'))).toHaveLength(1);
    expect(many.err).not.toMatch(/Unhandled|PromiseRejection/);
  }, 240_000);
});
