// Broken and hostile input: each a clear error — exit 1 or 2, one line `newsdesk: …` (and at
// most a `hint:` line), no stack trace — and nothing changed: the files are compared byte for
// byte before and after.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { testIO } from '../../src/cli/io.js';
import { run } from '../../src/main.js';
import { LATEST_VERSION } from '../../src/store/sqlite/migrations.js';
import { BIN, check, fingerprint, needBuild, newsdesk, png, query, seed, sha256, STACK_LINE, workDir, type Run } from './helpers.js';

needBuild();

let base: string;
beforeAll(async () => {
  base = join(workDir(), 'base.db');
  await seed(base, { articles: 3 });
});

/** A folder holding a copy of the seeded database as news.db. */
function fresh(): { dir: string; db: string } {
  const dir = workDir();
  const db = join(dir, 'news.db');
  copyFileSync(base, db);
  return { dir, db };
}

/** The one-line error of the contract. */
function expectError(r: Run | { code: number; out: string; err: string }, code: 1 | 2, message: RegExp): void {
  expect(r.err).not.toMatch(STACK_LINE);
  expect(r.err).not.toMatch(/unexpected error/);
  const lines = r.err.trimEnd().split('\n');
  expect(lines[0], r.err).toMatch(/^newsdesk: /);
  expect(lines[0], r.err).toMatch(message);
  expect(lines.length, r.err).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
  expect(r.out).toBe('');
  expect(r.code, r.err).toBe(code);
}

/** newsdesk in-process (for what a command line cannot carry: a megabyte argument, a NUL). */
async function inProcess(argv: string[], stdin?: Buffer): Promise<{ code: number; out: string; err: string }> {
  const io = await testIO(stdin ? { stdin } : {});
  const code = await run(argv, io, { env: { NO_COLOR: '1' }, cwd: workDir() });
  return { code, out: io.out(), err: io.err() };
}

const READ = ['article', 'list'];
const WRITE = ['article', 'add', '--title', 'Bài mới', '--section', 'tin-tuc'];
const COMMANDS = [READ, WRITE, ['check'], ['search', 'đảng viên'], ['export', 'json'], ['init', '--title', 'X'], ['section', 'add', 'Mục']];

describe('files that are not newsdesk databases', () => {
  const sqlite = (setup: string) => (path: string) => {
    const db = new BetterSqlite3(path);
    db.exec(setup);
    db.close();
  };
  const files: Array<[string, (path: string) => void, RegExp]> = [
    ['a text file', (p) => writeFileSync(p, 'Đây không phải cơ sở dữ liệu.\n'), /is not a newsdesk database \(not an SQLite file\); it was left untouched/],
    ['a PNG image', (p) => writeFileSync(p, png(64, 64)), /not an SQLite file/],
    ['16 KB of random bytes', (p) => writeFileSync(p, Buffer.from(Array.from({ length: 16384 }, (_, i) => (i * 7919 + 13) % 251))), /not an SQLite file/],
    ['an SQLite header followed by garbage', (p) => writeFileSync(p, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8000, 0xa5)])), /damaged or not a database|not a newsdesk database/],
    ['another program’s SQLite database', sqlite('PRAGMA application_id = 42; CREATE TABLE t (x); INSERT INTO t VALUES (1);'), /is an SQLite database of another program, not a newsdesk database; it was left untouched/],
    ['an SQLite database with tables but no application id', sqlite('CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT);'), /another program/],
  ];
  for (const [what, make, message] of files) {
    it(`${what}: refused by every command, byte for byte untouched`, () => {
      const dir = workDir();
      const db = join(dir, 'news.db');
      make(db);
      const before = fingerprint(dir);
      for (const cmd of COMMANDS) expectError(newsdesk(['--db', db, ...cmd], { cwd: dir }), 1, message);
      expectError(newsdesk(['--db', db, 'backup', join(dir, 'copy.db')]), 1, message);
      expect(fingerprint(dir)).toEqual(before);
    });
  }

  it('a truncated database (cut inside the header, after page 1, in the middle, one byte short): refused, untouched', () => {
    const size = readFileSync(base).length;
    for (const cut of [50, 100, 4096, Math.floor(size / 2), size - 1]) {
      const { dir, db } = fresh();
      truncateSync(db, cut);
      const before = fingerprint(dir);
      for (const cmd of [READ, WRITE, ['check']]) {
        expectError(newsdesk(['--db', db, ...cmd]), 1, / is truncated \(\d+ bytes(; its header counts \d+ pages of 4096 bytes|: not even its header is whole)?\); it was left untouched$/);
      }
      expect(fingerprint(dir), `cut at ${cut}`).toEqual(before);
    }
  });

  it('a newsdesk database from a newer version: refused, untouched', () => {
    const { dir, db } = fresh();
    const raw = new BetterSqlite3(db);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = fingerprint(dir);
    for (const cmd of [...COMMANDS, ['reindex'], ['backup', join(workDir(), 'b.db')]]) {
      expectError(
        newsdesk(['--db', db, ...cmd]),
        1,
        new RegExp(`was written by a newer newsdesk \\(schema ${LATEST_VERSION + 1}; this one knows up to ${LATEST_VERSION}\\); it was left untouched`),
      );
    }
    expect(fingerprint(dir)).toEqual(before);
  });
});

describe('read-only database file and folder', () => {
  // Root writes through any permission bits, so as root the commands run as the unprivileged
  // user 65534 (nobody): the permissions then bind, as they do for any other user.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? { uid: 65534, gid: 65534 } : {};
  // The temporary folder is made 0700; the other user must be able to reach the files.
  const open = (dir: string): void => chmodSync(dir, 0o755);

  it('a read-only file: reading works, writing is refused, the file is untouched', async () => {
    const { dir, db } = fresh();
    open(dir);
    chmodSync(dir, 0o777);
    chmodSync(db, 0o444);
    const bytes = sha256(readFileSync(db));
    if (asRoot) console.info('running as root: read-only cases run as uid 65534, where permissions apply');
    const list = newsdesk(['--db', db, 'article', 'list', '--format', 'count'], user);
    expect(list).toMatchObject({ code: 0, out: '3\n' });
    for (const cmd of [WRITE, ['article', 'edit', '1', '--title', 'Sửa'], ['article', 'remove', '1', '--yes'], ['reindex'], ['site', 'set', 'title', 'X']]) {
      expectError(newsdesk(['--db', db, ...cmd], user), 1, /the database .+ cannot be written \(read-only file or folder\)/);
    }
    expect(sha256(readFileSync(db))).toBe(bytes);
    expect((await check(db)).ok).toBe(true);
  });

  it('a read-only folder: every command fails clearly (SQLite needs its -wal and -shm beside the file); nothing changes', () => {
    const { dir, db } = fresh();
    open(dir);
    chmodSync(db, 0o666);
    chmodSync(dir, 0o555);
    const before = fingerprint(dir);
    try {
      for (const cmd of [READ, WRITE, ['check']]) {
        expectError(newsdesk(['--db', db, ...cmd], user), 1, /the database .+ cannot be written \(read-only file or folder\)/);
      }
      // A new database in a read-only folder.
      expectError(newsdesk(['--db', join(dir, 'new.db'), 'init'], user), 1, /cannot (be written|open)/);
      expect(fingerprint(dir)).toEqual(before);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('a full disk', () => {
  // Two ways, as this machine allows: a 2.5 MB tmpfs in a private mount namespace (needs the
  // right to mount; gone with the namespace), and a file-size limit (RLIMIT_FSIZE, allowed to
  // anyone: writes past it fail as on a full disk).
  const body = (dir: string): string => {
    const path = join(dir, 'body.md');
    const line = 'Nội dung rất dài của một bài viết lớn, lặp lại để lấp đầy đĩa. ';
    writeFileSync(path, Array.from({ length: 3_000_000 / 80 }, (_, i) => `${line}${i}`).join('\n'));
    return path;
  };

  it('an add that does not fit: a clear error, and the database is as it was', async () => {
    let methods = 0;
    // 1. RLIMIT_FSIZE (prlimit, util-linux).
    if (spawnSync('prlimit', ['--version']).status === 0) {
      methods++;
      const { dir, db } = fresh();
      const before = sha256(readFileSync(db));
      const r = spawnSync('prlimit', [`--fsize=${readFileSync(db).length + 500_000}`, process.execPath, BIN, '--db', db, ...WRITE, '--body-file', body(dir)], { encoding: 'utf8' });
      expectError({ code: r.status ?? -1, out: r.stdout, err: r.stderr }, 1, /cannot write to the database .+ \(SQLITE_IOERR_WRITE\)|the disk is full/);
      expect(sha256(readFileSync(db))).toBe(before);
      expect(await check(db)).toMatchObject({ ok: true, articles: 3 });
    }
    // 2. A tiny tmpfs, mounted in a namespace of its own.
    const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { encoding: 'utf8' });
    if (probe.status === 0) {
      methods++;
      const { dir, db } = fresh();
      const mnt = join(dir, 'mnt');
      mkdirSync(mnt);
      const script = [
        `mount -t tmpfs -o size=2500k tmpfs "${mnt}"`,
        `cp "${db}" "${mnt}/news.db"`,
        `"${process.execPath}" "${BIN}" --db "${mnt}/news.db" ${WRITE.map((a) => `'${a}'`).join(' ')} --body-file "${body(dir)}" 2>"${dir}/err"; echo $? >"${dir}/code"`,
        `cp "${mnt}/news.db" "${dir}/after.db"`,
        `ls -a "${mnt}" >"${dir}/files"`,
      ].join(' && ');
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expectError({ code: Number(readFileSync(join(dir, 'code'), 'utf8')), out: '', err: readFileSync(join(dir, 'err'), 'utf8') }, 1, /the disk is full: nothing was written to .+news\.db/);
      expect(sha256(readFileSync(join(dir, 'after.db')))).toBe(sha256(readFileSync(db)));
      expect(await check(join(dir, 'after.db'))).toMatchObject({ ok: true, articles: 3 });
    } else {
      console.info(`a tmpfs cannot be mounted here (${probe.stderr.trim() || `exit ${probe.status}`}): the full disk is simulated by RLIMIT_FSIZE only`);
    }
    expect(methods).toBeGreaterThan(0);
  }, 60_000);
});

describe('oversized and malformed text', () => {
  it('a title of a megabyte (in-process: no command line carries one) and of 120 KB (the binary): exit 2, nothing written', async () => {
    const { dir, db } = fresh();
    const before = fingerprint(dir);
    const mb = 'Tiêu đề rất dài '.repeat(65536);
    expectError(await inProcess(['--db', db, 'article', 'add', '--title', mb, '--section', 'tin-tuc']), 2, /^newsdesk: --title: is longer than 500 characters$/);
    expectError(await inProcess(['--db', db, 'section', 'add', mb]), 2, /longer than 500 characters/);
    expectError(await inProcess(['--db', db, 'article', 'edit', '1', '--summary', mb]), 2, /--summary: is longer than 5000 characters/);
    expectError(newsdesk(['--db', db, 'article', 'add', '--title', 'Đ'.repeat(60_000), '--section', 'tin-tuc']), 2, /--title: is longer than 500 characters/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a body of 50 MB (from a file or from stdin), and one byte over the 5 MB limit: refused, nothing written', () => {
    const { dir, db } = fresh();
    const big = join(workDir(), 'big.md');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024);
    const over = join(workDir(), 'over.md');
    writeFileSync(over, Buffer.alloc(5 * 1024 * 1024 + 1, 'a'));
    const before = fingerprint(dir);
    expectError(newsdesk(['--db', db, ...WRITE, '--body-file', big]), 1, /big\.md is larger than 5 MB/);
    expectError(newsdesk(['--db', db, ...WRITE, '--body-file', over]), 1, /over\.md is larger than 5 MB/);
    expectError(newsdesk(['--db', db, ...WRITE, '--body-file', '-'], { input: Buffer.alloc(50 * 1024 * 1024, 'b') }), 1, /standard input is larger than 5 MB/);
    expectError(newsdesk(['--db', db, 'article', 'edit', '2', '--body-file', big]), 1, /larger than 5 MB/);
    expect(fingerprint(dir)).toEqual(before);
  }, 60_000);

  it('control characters and invalid UTF-8, in a body file, on stdin, in flags and in an import: refused, nothing written', async () => {
    const { dir, db } = fresh();
    const inputs = workDir();
    const before = fingerprint(dir);
    const controls: Array<[string, string]> = [
      ['\u0001', 'U\\+0001'],
      ['\u001b[31mđỏ\u001b[0m', 'U\\+001B'],
      ['\u0000', 'U\\+0000'],
      ['\u007f', 'U\\+007F'],
      ['\r\u0008', 'U\\+0008'],
    ];
    for (const [bad, code] of controls) {
      const file = join(inputs, 'ctl.md');
      writeFileSync(file, `Đoạn một.\n\nĐoạn ${bad} hai.\n`);
      expectError(newsdesk(['--db', db, ...WRITE, '--body-file', file]), 2, new RegExp(`contains the control character ${code}`));
      expectError(await inProcess(['--db', db, 'article', 'add', '--title', `Tiêu đề ${bad}`, '--section', 'tin-tuc']), 2, /--title: contains the control character/);
    }
    for (const bytes of [[0xff, 0xfe], [0xc3], [0xe1, 0xba], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const file = join(inputs, 'bad.md');
      writeFileSync(file, Buffer.concat([Buffer.from('Tin tức '), Buffer.from(bytes), Buffer.from(' hôm nay')]));
      expectError(newsdesk(['--db', db, ...WRITE, '--body-file', file]), 1, /bad\.md is not valid UTF-8 text/);
      expectError(newsdesk(['--db', db, ...WRITE, '--body-file', '-'], { input: readFileSync(file) }), 1, /standard input is not valid UTF-8 text/);
      const nd = join(inputs, 'bad.ndjson');
      writeFileSync(nd, Buffer.concat([Buffer.from('{"title": "Một", "section": "tin-tuc"}\n{"title": "Hai '), Buffer.from(bytes), Buffer.from('", "section": "tin-tuc"}\n')]));
      const imp = newsdesk(['--db', db, 'import', nd]);
      expect(imp.code, imp.err).toBe(1);
      expect(imp.err).not.toMatch(STACK_LINE);
      expect(imp.err).toMatch(/line 2/);
    }
    const nd = join(inputs, 'ctl.ndjson');
    writeFileSync(nd, `${JSON.stringify({ title: 'Một', section: 'tin-tuc' })}\n${JSON.stringify({ title: 'Hai', section: 'tin-tuc', body: 'chuông \u0007' })}\n`);
    const imp = newsdesk(['--db', db, 'import', nd]);
    expect(imp.code).toBe(1);
    expect(imp.err).toMatch(/line 2: body: contains the control character U\+0007/);
    expect(fingerprint(dir)).toEqual(before);
  }, 60_000);

  it('hostile imports: random bytes, deep nesting, a truncated document, image paths that leave the input folder', () => {
    const { dir, db } = fresh();
    const inputs = workDir();
    const before = fingerprint(dir);
    writeFileSync(join(inputs, 'secret.png'), png());
    const sub = join(inputs, 'feed');
    mkdirSync(sub);
    const cases: Array<[string, string | Buffer]> = [
      ['random.json', Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 2654435761) % 256))],
      ['random.ndjson', Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 40503 + 7) % 256))],
      ['random.csv', Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 97 + 3) % 256))],
      ['deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
      ['deep.ndjson', `{"title": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`],
      ['cut.json', JSON.stringify([{ title: 'Một', section: 'tin-tuc' }, { title: 'Hai', section: 'tin-tuc' }]).slice(0, 40)],
      ['quote.csv', 'title,section\n"Một,tin-tuc\n'],
      ['up.ndjson', `${JSON.stringify({ title: 'Ảnh', section: 'tin-tuc', images: [{ src: '../secret.png' }] })}\n`],
      ['abs.ndjson', `${JSON.stringify({ title: 'Ảnh', section: 'tin-tuc', images: [{ src: join(inputs, 'secret.png') }] })}\n`],
      ['etc.ndjson', `${JSON.stringify({ title: 'Ảnh', section: 'tin-tuc', images: [{ src: '/etc/passwd' }] })}\n`],
      ['file-url.ndjson', `${JSON.stringify({ title: 'Ảnh', section: 'tin-tuc', images: [{ src: 'file:///etc/passwd' }] })}\n`],
    ];
    for (const [name, content] of cases) {
      const file = join(sub, name);
      writeFileSync(file, content);
      const r = newsdesk(['--db', db, 'import', file, '--create-sections']);
      expect(r.code, `${name}: ${r.err}`).toBe(1);
      expect(r.err, name).toMatch(/^newsdesk: /m);
      expect(r.err, name).not.toMatch(STACK_LINE);
      expect(r.err, name).not.toMatch(/unexpected error/);
      if (/^(up|abs|etc)\./.test(name)) expect(r.err, name).toMatch(/lies outside the folder of the input/);
    }
    expect(fingerprint(dir)).toEqual(before);
    expect(query(db, 'SELECT count(*) AS n FROM media')).toEqual([{ n: 0 }]);
  }, 60_000);
});

describe('paths that are not what they should be', () => {
  it('--db (or NEWSDESK_DB) naming a folder, a device, a FIFO, a path under a file, or nothing', () => {
    const dir = workDir();
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const fifo = join(dir, 'pipe.db');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    writeFileSync(join(dir, 'file.txt'), 'x');
    const before = fingerprint(dir);
    for (const cmd of [READ, WRITE, ['init'], ['check']]) {
      expectError(newsdesk(['--db', folder, ...cmd]), 1, /a-folder is a folder, not a database file/);
      expectError(newsdesk(cmd, { env: { NEWSDESK_DB: folder } }), 1, /a-folder is a folder, not a database file/);
      expectError(newsdesk(['--db', fifo, ...cmd], { timeout: 10_000 }), 1, /pipe\.db is not a regular file/);
      expectError(newsdesk(['--db', '/dev/null', ...cmd]), 1, /\/dev\/null is not a regular file/);
      expectError(newsdesk(['--db', '', ...cmd]), 2, /--db needs a path/);
    }
    expectError(newsdesk(['--db', join(dir, 'file.txt', 'news.db'), ...WRITE]), 1, /cannot use .+file\.txt\/news\.db: a part of the path is a file, not a folder$/);
    expect(fingerprint(dir)).toEqual(before);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('export html --out naming a file, /etc or /: refused, and nothing is written there', () => {
    const { db } = fresh();
    const dir = workDir();
    const file = join(dir, 'site.txt');
    writeFileSync(file, 'not a folder');
    expectError(newsdesk(['--db', db, 'export', 'html', '--out', file]), 1, /site\.txt is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    for (const system of ['/etc', '/']) {
      const listing = readdirSync(system).sort();
      expectError(newsdesk(['--db', db, 'export', 'html', '--out', system]), 1, /is not empty and holds no newsdesk export; refusing to write into it/);
      expect(readdirSync(system).sort()).toEqual(listing);
      expect(existsSync(join(system, 'index.html'))).toBe(false);
      expect(existsSync(join(system, '.newsdesk-manifest.json'))).toBe(false);
    }
    // An output folder whose entries are links out of it: nothing is written through them.
    const out = join(dir, 'site');
    expect(newsdesk(['--db', db, 'export', 'html', '--out', out]).code).toBe(0);
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    const assets = readdirSync(out).find((n) => n === 'assets')!;
    const moved = join(dir, 'assets-moved');
    spawnSync('mv', [join(out, assets), moved]);
    symlinkSync(outside, join(out, assets));
    const r = newsdesk(['--db', db, 'export', 'html', '--out', out, '--clean']);
    expectError(r, 1, /refusing to write through the symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });
});
