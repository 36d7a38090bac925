// newsdesk search and newsdesk reindex through the real command tree, on a terminal and piped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testIO } from '../../src/cli/io.js';
import { run } from '../../src/main.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';
import { loadCorpus } from './corpus.js';

async function portal(): Promise<string> {
  const store = await freshStore();
  await loadCorpus(store);
  const path = store.location;
  await store.close();
  return path;
}

async function cli(db: string, args: string[], opts: { tty?: boolean; color?: boolean } = {}) {
  const io = await testIO({ tty: opts.tty ?? false });
  const env: Record<string, string> = opts.color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' };
  const code = await run(['--db', db, ...args], io, { env, now: () => FIXED_NOW });
  return { code, out: io.out(), err: io.err() };
}

describe('newsdesk search', () => {
  it('piped: tab-separated rows, best first, no header, no colour', async () => {
    const db = await portal();
    const r = await cli(db, ['search', 'dang', 'vien']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const rows = r.out.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.length).toBe(3); // the draft is left out by default
    expect(rows.every((cols) => cols.length === 5)).toBe(true);
    expect(rows.map((c) => c[3])).toContain('Quế Phong: Nâng cao chất lượng phát triển đảng viên');
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('on a terminal: a table with the matched words highlighted and the pager line', async () => {
    const db = await portal();
    const r = await cli(db, ['search', 'đảng viên', '--per-page', '2'], { tty: true, color: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain('┌');
    expect(r.out).toMatch(/\x1b\[[0-9;]*m(ĐẢNG|Đảng|đảng)\x1b\[/);
    expect(r.out).toContain('Page 1 of 2 · 3 articles');
    expect(r.out).toContain('« ‹ [1] 2 › »');
  });

  it('json: the envelope, with score, snippet and highlights in the marked spelling, no body', async () => {
    const db = await portal();
    const r = await cli(db, ['search', 'dang vien', '--format', 'json', '--per-page', '2', '--page', '2']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      items: Array<Record<string, unknown> & { snippet: string; highlights: Array<[number, number]> }>;
      page: number;
      per_page: number;
      total: number;
      pages: number;
    };
    expect(doc).toMatchObject({ page: 2, per_page: 2, total: 3, pages: 2 });
    expect(doc.items).toHaveLength(1);
    const item = doc.items[0]!;
    expect(item).not.toHaveProperty('body');
    expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'slug', 'title', 'section', 'published_at', 'score', 'snippet', 'highlights']));
    expect(item.highlights.map(([s, e]) => item.snippet.slice(s, e).toLowerCase())).toContain('đảng');
    expect(r.out).toContain('đảng'); // UTF-8, not \u escapes
  });

  it.each([
    ['ndjson', (out: string) => expect(out.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number })).toHaveLength(3)],
    ['csv', (out: string) => expect(out.split('\r\n')[0]).toBe('id,title,score')],
    ['ids', (out: string) => expect(out.trimEnd().split('\n').every((l) => /^\d+$/.test(l))).toBe(true)],
    ['count', (out: string) => expect(out).toBe('3\n')],
  ])('--format %s', async (format, verify) => {
    const db = await portal();
    const args = ['search', 'dang vien', '--format', format];
    if (format === 'csv') args.push('--fields', 'id,title,score');
    const r = await cli(db, args);
    expect(r.code).toBe(0);
    verify(r.out);
  });

  it('takes the filters of article list', async () => {
    const db = await portal();
    const count = async (...extra: string[]) => (await cli(db, ['search', 'dang vien', '--format', 'count', ...extra])).out.trim();
    expect(await count('--status', 'all')).toBe('4');
    expect(await count('--section', 'he-thong-chinh-tri')).toBe('3'); // with its subsection xay-dung-dang
    expect(await count('--section', 'xay-dung-dang')).toBe('2');
    expect(await count('--since', '01/01/2021')).toBe('2');
    expect(await count('--until', '23/10/2020')).toBe('1'); // a date alone: to the end of that day
    const all = await cli(db, ['search', 'dang vien', '--all', '--format', 'json']);
    expect(JSON.parse(all.out)).toMatchObject({ page: 1, pages: 1, total: 3 });
  });

  it.each([
    [['search', '"kinh te'], /quote .* not closed/],
    [['search', 'kinh', 'AND', 'te'], /AND is not needed/],
    [['search', 'title:kinh'], /column filters/],
    [['search', '--', '-kinh'], /at least one word/],
    [['search', 'kinh', '--format', 'xml'], /--format must be one of/],
    [['search', 'kinh', '--fields', 'body'], /unknown field/],
    [['search', 'kinh', '--status', 'draft'], /--status must be published, all/],
    [['search', 'kinh', '--page', '0'], /--page must be a whole number/],
    [['search', 'kinh', '--per-page', 'many'], /--per-page must be a whole number/],
    [['search', 'kinh', '--since', 'yesterday'], /--since: "yesterday" is not a date/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const db = await portal();
    const r = await cli(db, args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^newsdesk: .*${message.source}`));
  });

  it('an unknown section is a failure (exit 1)', async () => {
    const db = await portal();
    const r = await cli(db, ['search', 'kinh', '--section', 'khong-co']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no section "khong-co"/);
  });

  it('an empty result is success', async () => {
    const db = await portal();
    expect(await cli(db, ['search', 'khongcotunay'])).toMatchObject({ code: 0, out: '' });
    const tty = await cli(db, ['search', 'khongcotunay'], { tty: true });
    expect(tty).toMatchObject({ code: 0, out: 'No articles.\n' });
  });

  it('fails on a missing database and says how to create one', async () => {
    const r = await cli(join(tempDir(), 'none.db'), ['search', 'kinh']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no database at/);
    expect(r.err).toMatch(/hint: .*newsdesk init/);
  });
});

describe('newsdesk reindex', () => {
  it('rebuilds the index and says so in one line on stderr', async () => {
    const db = await portal();
    const r = await cli(db, ['reindex']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Reindexed 16 articles in \d+\.\d s; index [\d.]+ [KM]B for [\d.]+ [KM]B of text \(\d+% of the text\)\.\n$/);
    expect((await cli(db, ['search', 'dang vien', '--format', 'count'])).out).toBe('3\n');
    expect((await cli(db, ['-q', 'reindex'])).err).toBe('');
  });
});

describe('newsdesk check, on the search index', () => {
  it('reports an index out of step (exit 1) until reindex rebuilds it', async () => {
    const db = await portal();
    const store = await SqliteStore.open(db, 'write');
    store.handle.db.prepare('DELETE FROM search_docs WHERE id = 1').run();
    store.handle.db.prepare("UPDATE articles SET title = 'Đổi tên' WHERE id = 2").run(); // behind the index's back
    await store.close();
    const bad = await cli(db, ['check']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/search_index: 1 article is not indexed/);
    expect(bad.out).toMatch(/search_index: 1 article has changed since it was indexed/);
    expect((await cli(db, ['reindex'])).code).toBe(0);
    expect(await cli(db, ['check'])).toMatchObject({ code: 0 });
    expect((await cli(db, ['search', 'doi ten', '--format', 'ids'])).out).toBe('2\n');
  });
});

describe('loading the commands', () => {
  it('loads no store, SQLite or zod until a command runs (type imports only at the top)', () => {
    for (const file of ['src/cli/commands/search.ts', 'src/cli/commands/reindex.ts']) {
      const imports = readFileSync(file, 'utf8').match(/^import .*$/gm) ?? [];
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((l) => !l.startsWith('import type '))).toEqual([]);
    }
  });
});
