// run() from src/main.ts: exit codes, error messages, the database path, help, version, global flags.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/program.js';
import { LATEST_VERSION } from '../../src/store/sqlite/migrations.js';
import { tempDir } from '../helpers/db.js';
import { cli, ok, STACK_LINE, tempDb } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

describe('a missing database', () => {
  it('--db <tmp>/none.db article list: exit 1, says how to create one, no stack, no file', async () => {
    const dir = tempDir();
    const path = join(dir, 'none.db');
    const r = await cli(['--db', path, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`newsdesk: no database at ${path}\nhint: create one with \`newsdesk init\` (or point --db or NEWSDESK_DB at an existing database)\n`);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['section', 'list'],
    ['link', 'list'],
    ['site', 'show'],
    ['article', 'show', '1'],
    ['section', 'show', 'x'],
  ])('every read command (%s %s) behaves the same', async (...argv) => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'none.db');
    const r = await cli(['--db', path, ...argv]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('newsdesk init');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a writing command creates the database and its folder', async () => {
    const dir = tempDir();
    const path = join(dir, 'a', 'b', 'news.db');
    await ok(cli(['--db', path, 'section', 'add', 'Tin tức']));
    expect(existsSync(path)).toBe(true);
    expect((await cli(['--db', path, 'section', 'list', '--format', 'ids'])).out).toBe('1\n');
  });
});

describe('where the database is', () => {
  it('--db, else $NEWSDESK_DB, else data/newsdesk.db under the current folder', async () => {
    const cwd = tempDir();
    const fromEnv = join(cwd, 'env.db');
    await ok(cli(['init'], { cwd, env: { NO_COLOR: '1' } }));
    expect(existsSync(join(cwd, 'data', 'newsdesk.db'))).toBe(true);
    await ok(cli(['init', '--title', 'Env'], { cwd, env: { NEWSDESK_DB: fromEnv } }));
    expect(existsSync(fromEnv)).toBe(true);
    await ok(cli(['--db', 'rel/flag.db', 'init'], { cwd, env: { NEWSDESK_DB: fromEnv } }));
    expect(existsSync(join(cwd, 'rel', 'flag.db'))).toBe(true);
    const site = await cli(['site', 'show', '--format', 'json'], { cwd, env: { NEWSDESK_DB: fromEnv } });
    expect(JSON.parse(site.out).title).toBe('Env');
  });

  it('an empty --db is a usage error', async () => {
    const r = await cli(['--db', '', 'article', 'list']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--db needs a path');
  });
});

describe('files that are not newsdesk databases', () => {
  function refuse(path: string) {
    return async (argv: string[]) => {
      const before = readFileSync(path);
      const r = await cli(['--db', path, ...argv]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^newsdesk: .*left untouched\nhint: /);
      expect(r.err).not.toMatch(STACK_LINE);
      expect(readFileSync(path).equals(before)).toBe(true);
    };
  }

  it('a text file is refused by reading and writing commands, and left as it was', async () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'Ghi chú: đây không phải cơ sở dữ liệu.\n'.repeat(10));
    for (const argv of [['article', 'list'], ['init'], ['section', 'add', 'X']]) await refuse(path)(argv);
  });

  it('another program’s SQLite database is refused and left as it was', async () => {
    const dir = tempDir();
    const path = join(dir, 'other.sqlite');
    const db = new BetterSqlite3(path);
    db.exec("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x')");
    db.close();
    for (const argv of [['article', 'list'], ['init'], ['article', 'add', '--title', 'x', '--section', 'y']]) await refuse(path)(argv);
    expect(readdirSync(dir)).toEqual(['other.sqlite']);
  });

  it('a database from a newer newsdesk is refused, with the versions, and left as it was', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const raw = new BetterSqlite3(db);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    await refuse(db)(['section', 'list']);
    const r = await nd(['init']);
    expect(r.err).toContain(`written by a newer newsdesk (schema ${LATEST_VERSION + 5}`);
    expect(r.err).toContain('hint: upgrade newsdesk');
  });

  it('a folder given as --db is an error (exit 1)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'f'));
    const r = await cli(['--db', join(dir, 'f'), 'init']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is a folder, not a database file');
  });
});

describe('exit codes', () => {
  it.each([
    // [argv after --db, exit, text on stderr]
    [['frobnicate'], 2, "unknown command 'frobnicate'"],
    [['article', 'frob'], 2, "unknown command 'frob'"],
    [['article', 'list', '--bogus'], 2, "unknown option '--bogus'"],
    [['article', 'show'], 2, "missing required argument 'article'"],
    [['article', 'list', '--format', 'xml'], 2, '--format must be one of'],
    [['article', 'list', '--per-page', 'many'], 2, '--per-page must be a whole number'],
    [['article', 'show', '1', '--format', 'csv'], 2, '--format must be one of text, json'],
    [['article', 'add', '--title', 'x', '--section', 'kinh-te', '--slug', 'X Y'], 2, '--slug'],
    [['article', 'add', '--title', 'x', '--section', 'kinh-te', '--published-at', '2024-02-30'], 2, '--published-at'],
    [['article', 'add', '--section', 'kinh-te'], 2, '--title'],
    [['article', 'add'], 2, 'missing --title and --section'],
    [['article', 'edit', '1'], 2, 'nothing to change'],
    [['article', 'remove', '1'], 2, 'confirmation needed'],
    [['section', 'remove', 'gioi-thieu'], 2, 'confirmation needed'],
    [['section', 'add', 'X', '--kind', 'videos'], 2, '--kind'],
    [['section', 'add', 'X', '--slug', 'Sai'], 2, '--slug'],
    [['section', 'move', 'kinh-te'], 2, 'needs --before, --after, --parent or --position'],
    [['section', 'move', 'kinh-te', '--position', 'first'], 2, '--position'],
    [['link', 'add', 'lien-ket-website', 'X', 'javascript:alert(1)'], 2, 'javascript'],
    [['link', 'add', 'lien-ket-website', 'X', 'file:///etc/passwd'], 2, 'file'],
    [['link', 'edit', '1'], 2, 'nothing to change'],
    [['site', 'set', 'colour', 'red'], 2, 'unknown setting "colour"'],
    [['site', 'set', 'per_page', '0'], 2, 'newsdesk: per_page: must be at least 1'],
    [['site', 'set', 'timezone', 'Mars/Base'], 2, 'timezone'],
    [['init', '--language', 'fr'], 2, '--language'],
    [['article', 'show', '99'], 1, 'no article "99"'],
    [['article', 'show', 'khong-co'], 1, 'no article "khong-co"'],
    [['article', 'publish', '99'], 1, 'no article'],
    [['article', 'remove', '99', '--yes'], 1, 'no article'],
    [['section', 'show', 'khong-co'], 1, 'no section "khong-co"'],
    [['section', 'edit', 'khong-co', '--title', 'x'], 1, 'no section'],
    [['section', 'remove', 'he-thong-chinh-tri', '--yes'], 1, 'still holds 0 articles, 0 links and 1 subsection'],
    [['section', 'remove', 'lien-ket-website', '--yes'], 1, 'still holds 0 articles, 3 links and 0 subsections'],
    [['section', 'move', 'he-thong-chinh-tri', '--parent', 'huyen-uy'], 1, 'cannot be moved under itself'],
    [['section', 'add', 'Khác', '--slug', 'kinh-te'], 1, 'already taken'],
    [['link', 'remove', '99'], 1, 'no link with id "99"'],
    [['link', 'add', 'kinh-te', 'X', 'https://a.vn'], 1, 'links go in a links section'],
    [['article', 'add', '--title', 'x', '--section', 'lien-ket-website'], 1, 'is a links section'],
  ])('%j → exit %d (%s)', async (argv, code, text) => {
    const { db, nd } = tempDb();
    await seedPortal(db, 1);
    const r = await nd(argv);
    expect(r.code).toBe(code);
    expect(r.err).toContain(text);
    expect(r.err.split('\n')[0]).toMatch(/^newsdesk: /);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.out).toBe('');
  });

  it('a usage error names the missing flags and points to --help', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const r = await nd(['article', 'add', '--section', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^newsdesk: missing --title\n/);
    const unknown = await nd(['artcle', 'list']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('hint: see newsdesk --help');
  });
});

describe('--debug', () => {
  it('prints the stack of an expected error; without it, none', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const plain = await nd(['article', 'show', '99']);
    expect(plain.err).not.toMatch(STACK_LINE);
    const debug = await nd(['--debug', 'article', 'show', '99']);
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(/^newsdesk: no article "99"\n/);
    expect(debug.err).toContain('NotFoundError: no article "99"');
    expect(debug.err).toMatch(STACK_LINE);
  });

  it('NEWSDESK_DEBUG=1 does the same, for usage errors too', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const r = await nd(['article', 'list', '--per-page', 'x'], { env: { NO_COLOR: '1', NEWSDESK_DEBUG: '1' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('UsageError');
    expect(r.err).toMatch(STACK_LINE);
  });

  it('a missing database with --debug: the stack, and still no file', async () => {
    const dir = tempDir();
    const r = await cli(['--debug', '--db', join(dir, 'none.db'), 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('help and version', () => {
  it('--version prints the version on stdout', async () => {
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  it.each([[['--help']], [['article', '--help']], [['article', 'list', '--help']], [['section', 'move', '--help']], [['link', '--help']]])('%j prints help on stdout, exit 0', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: newsdesk/);
    expect(r.err).toBe('');
  });

  it('help of article list names every list flag', async () => {
    const r = await cli(['article', 'list', '--help']);
    for (const flag of ['--page', '--per-page', '--section', '--status', '--author', '--since', '--until', '--sort', '--all', '--format', '--fields']) expect(r.out).toContain(flag);
  });
});

describe('global flags', () => {
  it('--no-color removes colour on a terminal; --quiet keeps errors', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 2);
    const coloured = await nd(['article', 'list'], { tty: true, env: {} });
    expect(coloured.out).toMatch(/\u001b\[/);
    const plain = await nd(['--no-color', 'article', 'list'], { tty: true, env: {} });
    expect(plain.out).not.toMatch(/\u001b\[/);
    const noColorEnv = await nd(['article', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColorEnv.out).not.toMatch(/\u001b\[/);
    const quietError = await nd(['-q', 'article', 'show', '99']);
    expect(quietError.code).toBe(1);
    expect(quietError.err).toContain('newsdesk: no article "99"');
  });
});

describe('messages quote bad input without its control characters', () => {
  it('an ESC sequence in a bad --published-at is shown escaped, exit 2', async () => {
    const { nd } = tempDb();
    const r = await nd(['article', 'add', '--title', 'Tin', '--section', 'x', '--published-at', '\u001b[2Jhôm qua']);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('\u001b');
    expect(r.err).toContain('\\u001B[2Jhôm qua');
  });
});
