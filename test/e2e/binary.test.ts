// The built binary, run as a user runs it: a child process on temporary databases.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { needBuild } from '../helpers/build.js';
import { tempDir } from '../helpers/db.js';
import { seedPortal } from '../helpers/portal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'newsdesk.js');
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

needBuild();

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function newsdesk(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of ['NEWSDESK_DB', 'NEWSDESK_DEBUG', 'FORCE_COLOR']) delete env[key];
  Object.assign(env, { NO_COLOR: '1' }, opts.env);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? tempDir(),
    env,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the built binary', () => {
  it('--version prints the version of package.json on stdout', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(newsdesk(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('--help and <noun> --help print help on stdout and exit 0', () => {
    const top = newsdesk(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/^Usage: newsdesk/);
    for (const noun of ['article', 'section', 'link', 'init', 'site']) expect(top.out).toContain(noun);
    expect(top.err).toBe('');
    const article = newsdesk(['article', '--help']);
    expect(article.code).toBe(0);
    expect(article.out).toMatch(/^Usage: newsdesk article/);
  });

  it('a read command on a missing database: exit 1, how to create one, no stack trace, no file', () => {
    const dir = tempDir();
    const db = join(dir, 'none.db');
    const r = newsdesk(['--db', db, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`newsdesk: no database at ${db}`);
    expect(r.err).toContain('newsdesk init');
    expect(r.err).not.toMatch(STACK_LINE);
    expect(existsSync(db)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the acceptance case: add with a Vietnamese title and a 12-hour date, then show as JSON', () => {
    const dir = tempDir();
    const db = join(dir, 'news.db');
    expect(newsdesk(['--db', db, 'init'], { cwd: dir }).code).toBe(0);
    const section = newsdesk(['--db', db, 'section', 'add', 'Hệ thống chính trị'], { cwd: dir });
    expect(section).toMatchObject({ code: 0, out: '1\n' });
    writeFileSync(join(dir, 'body.md'), 'Sáng 23/10, Huyện ủy Quế Phong tổ chức hội nghị.\n');
    const add = newsdesk(
      ['--db', db, 'article', 'add', '--title', 'Quế Phong: Nâng cao chất lượng phát triển đảng viên', '--section', 'he-thong-chinh-tri', '--published-at', '23/10/2020 08:37 PM', '--body-file', 'body.md'],
      { cwd: dir },
    );
    expect(add.code).toBe(0);
    expect(add.out).toBe('1\n');
    expect(add.err).toContain('que-phong-nang-cao-chat-luong-phat-trien-dang-vien');
    const show = newsdesk(['--db', db, 'article', 'show', 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien', '--format', 'json'], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.err).toBe('');
    expect(show.out).toContain('"published_at": "2020-10-23T20:37:00+07:00"');
    const a = JSON.parse(show.out) as Record<string, unknown>;
    expect(a).toMatchObject({ slug: 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien', title: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên', body: 'Sáng 23/10, Huyện ủy Quế Phong tổ chức hội nghị.\n' });
  });

  it('137 articles: page 14 has 7 items of 137 in 14 pages; page 13 ends where page 14 begins', async () => {
    const dir = tempDir();
    const db = join(dir, 'news.db');
    await seedPortal(db, 137);
    const r = newsdesk(['--db', db, 'article', 'list', '--page', '14', '--format', 'json']);
    expect(r.code).toBe(0);
    const env = JSON.parse(r.out) as { items: unknown[]; total: number; pages: number; page: number };
    expect(env.items).toHaveLength(7);
    expect(env).toMatchObject({ total: 137, pages: 14, page: 14 });
    // (Every page of the 137, one by one, is checked in-process in test/cli/article.test.ts.)
    const first = JSON.parse(newsdesk(['--db', db, 'article', 'list', '--page', '13', '--format', 'json']).out) as { items: Array<{ id: number }> };
    expect(first.items.map((i) => i.id)).toEqual([17, 16, 15, 14, 13, 12, 11, 10, 9, 8]);
    const all = newsdesk(['--db', db, 'article', 'list', '--all', '--format', 'ids']).out.trim().split('\n').map(Number);
    expect([...all].sort((x, y) => x - y)).toEqual(Array.from({ length: 137 }, (_, i) => i + 1));
  });

  it('piped, a list is tab-separated data on stdout with nothing on stderr', async () => {
    const dir = tempDir();
    const db = join(dir, 'news.db');
    await seedPortal(db, 3);
    const r = newsdesk(['--db', db, 'article', 'list']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const rows = r.out.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.map((cols) => cols[0])).toEqual(['3', '2', '1']);
    expect(rows[0]).toEqual(['3', '2020-01-01T11:00:00+07:00', 'published', 'kinh-te', 'Bài số 3']);
    expect(r.out).not.toMatch(/\u001b\[|[┌│]/);
  });

  it.each([
    [['frobnicate'], 2],
    [['article', 'list', '--per-page', '0'], 2],
    [['article', 'list', '--format', 'xml'], 2],
    [['article', 'add', '--section', 'kinh-te'], 2],
    [['article', 'remove', '1'], 2],
    [['article', 'show', '999'], 1],
    [['section', 'remove', 'kinh-te', '--yes'], 1],
  ])('%j exits %d with one "newsdesk:" line on stderr, nothing on stdout, never waiting for input', async (args, code) => {
    const dir = tempDir();
    const db = join(dir, 'news.db');
    await seedPortal(db, 1);
    const r = newsdesk(['--db', db, ...args]);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^newsdesk: /);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('without a terminal, a missing --title is a usage error naming it', async () => {
    const dir = tempDir();
    const db = join(dir, 'news.db');
    await seedPortal(db);
    const r = newsdesk(['--db', db, 'article', 'add', '--section', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--title');
  });

  it('--debug prints the stack trace', async () => {
    const dir = tempDir();
    const db = join(dir, 'news.db');
    await seedPortal(db);
    const r = newsdesk(['--debug', '--db', db, 'article', 'show', '999']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^newsdesk: no article "999"/);
    expect(r.err).toMatch(STACK_LINE);
    const env = newsdesk(['--db', db, 'article', 'show', '999'], { env: { NEWSDESK_DEBUG: '1' } });
    expect(env.err).toMatch(STACK_LINE);
  });

  it('refuses a file that is not a newsdesk database and leaves it byte for byte', () => {
    const dir = tempDir();
    const path = join(dir, 'notes.db');
    const content = 'Không phải cơ sở dữ liệu.\n'.repeat(20);
    writeFileSync(path, content);
    for (const args of [['article', 'list'], ['init']]) {
      const r = newsdesk(['--db', path, ...args]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('not a newsdesk database');
      expect(r.err).not.toMatch(STACK_LINE);
    }
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual(['notes.db']);
  });

  it('uses $NEWSDESK_DB, else data/newsdesk.db under the current folder', () => {
    const cwd = tempDir();
    const init = newsdesk(['init'], { cwd });
    expect(init.code).toBe(0);
    expect(existsSync(join(cwd, 'data', 'newsdesk.db'))).toBe(true);
    const other = join(cwd, 'other.db');
    expect(newsdesk(['section', 'add', 'Tin tức'], { cwd, env: { NEWSDESK_DB: other } }).code).toBe(0);
    expect(existsSync(other)).toBe(true);
    expect(newsdesk(['section', 'list', '--format', 'count'], { cwd }).out).toBe('0\n');
  });
});
