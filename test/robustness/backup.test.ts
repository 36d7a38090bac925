// newsdesk backup: a consistent copy while another process writes; never overwrites without
// --force; never half a file; restoring is copying the file back.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  check,
  expectWholeArticles,
  integrity,
  needBuild,
  newsdesk,
  query,
  reported,
  seed,
  sha256,
  STACK_LINE,
  startNewsdesk,
  startNode,
  until,
  workDir,
  WRITER,
} from './helpers.js';

needBuild();

const count = (db: string): number => query<{ n: number }>(db, 'SELECT count(*) AS n FROM articles')[0]!.n;

describe('newsdesk backup', () => {
  it('makes a consistent copy while another process keeps adding articles', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    // ~6 MB: more than one step of the backup (1000 pages), so a writer committing between
    // steps would make SQLite start the copy over.
    await seed(db, { articles: 300, bodyKb: 20 });
    const writer = startNode(WRITER, ['add', db, '100000', 'bk', 'Tin nóng hôm nay']);
    try {
      await until(() => reported(writer.out()).length >= 5, 20_000, 'the writer to commit');
      const before = reported(writer.out()).length;
      const backup = startNewsdesk(['--db', db, 'backup', join(dir, 'copies', 'news-backup.db')], { cwd: dir });
      const r = await backup.done;
      const after = reported(writer.out()).length;
      expect(r.err).toMatch(/^Backed up .+news\.db to .+news-backup\.db \(\d+ KB\)\n$/);
      expect(r.code).toBe(0);
      // The writer went on committing while the backup ran.
      expect(after).toBeGreaterThan(before);
      writer.kill('SIGTERM');
      await writer.done;

      const copy = join(dir, 'copies', 'news-backup.db');
      expect(readdirSync(join(dir, 'copies'))).toEqual(['news-backup.db']); // no temporary file left
      expect(integrity(copy)).toEqual(['ok']);
      const report = await check(copy);
      expect(report.problems).toEqual([]);
      // A snapshot: the seeded articles and a prefix of the writer's, every one of them whole.
      const written = expectWholeArticles(copy);
      expect(written).toBeGreaterThanOrEqual(before);
      expect(written).toBeLessThanOrEqual(after + 1);
      expect(report.articles).toBe(300 + written);
      const ids = query<{ id: number }>(copy, 'SELECT id FROM articles ORDER BY id').map((x) => x.id);
      expect(ids).toEqual(Array.from({ length: 300 + written }, (_, k) => k + 1));
      // And the binary agrees.
      const c = newsdesk(['--db', copy, 'check']);
      expect(c.code).toBe(0);
      expect(c.out).toMatch(new RegExp(`^ok: ${300 + written} articles, 2 sections, 0 links, 0 media; .+\\n$`));
    } finally {
      writer.kill('SIGKILL');
      await writer.done;
    }
  }, 60_000);

  it('refuses to overwrite a file without --force, and replaces it with --force', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 3 });
    const dest = join(dir, 'existing.db');
    writeFileSync(dest, 'an older backup, or anything else');
    const before = sha256(readFileSync(dest));

    const r = newsdesk(['--db', db, 'backup', 'existing.db'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toBe('newsdesk: existing.db exists\nhint: add --force to overwrite it\n');
    expect(r.out).toBe('');
    expect(sha256(readFileSync(dest))).toBe(before);

    const f = newsdesk(['--db', db, 'backup', 'existing.db', '--force'], { cwd: dir });
    expect(f.code).toBe(0);
    expect(await check(dest)).toMatchObject({ ok: true, articles: 3, sections: 2 });
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('with --force, does not let the old file’s journal leak into the new copy', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 5 });
    const dest = join(dir, 'b.db');
    expect(newsdesk(['--db', db, 'backup', dest]).code).toBe(0);
    // Someone writes to the old backup and is killed: its -wal holds committed pages.
    const w = startNode(WRITER, ['add', dest, '100000', 'stale', 'Bài cũ']);
    await until(() => reported(w.out()).length >= 20, 20_000, 'writes to the old backup');
    w.kill('SIGKILL');
    await w.done;
    expect(existsSync(`${dest}-wal`)).toBe(true);

    const r = newsdesk(['--db', db, 'backup', dest, '--force']);
    expect(r.code).toBe(0);
    // The copy is the database, not the database plus the old file's last writes.
    expect(count(dest)).toBe(5);
    expect((await check(dest)).problems).toEqual([]);
  }, 30_000);

  it('restoring is copying the file back (and removing the -wal and -shm beside it)', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 12 });
    const snapshot = (): unknown[] => query(db, 'SELECT id, slug, title, summary, body, tags, updated_at FROM articles ORDER BY id');
    const original = snapshot();
    expect(newsdesk(['--db', db, 'backup', 'news-backup.db'], { cwd: dir }).code).toBe(0);

    // A bad day: articles removed, one edited, one added.
    expect(newsdesk(['--db', db, 'article', 'remove', '1', '2', '3', '--yes']).code).toBe(0);
    expect(newsdesk(['--db', db, 'article', 'edit', '5', '--title', 'Sửa nhầm']).code).toBe(0);
    expect(newsdesk(['--db', db, 'article', 'add', '--title', 'Bài thừa', '--section', 'tin-tuc']).code).toBe(0);
    expect(snapshot()).not.toEqual(original);

    // The README's restore: stop newsdesk, copy the backup over the database, remove its -wal and -shm.
    copyFileSync(join(dir, 'news-backup.db'), db);
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });

    expect(snapshot()).toEqual(original);
    const c = newsdesk(['--db', db, 'check']);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/^ok: 12 articles, 2 sections/);
    const s = newsdesk(['--db', db, 'search', 'đảng viên', '--format', 'count']);
    expect(s.out).toBe('12\n');
  });

  it('refuses the database itself as the destination, under any name, and changes nothing', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 2 });
    symlinkSync(dir, join(dir, 'alias'));
    const before = sha256(readFileSync(db));
    for (const dest of [db, 'news.db', join(dir, 'alias', 'news.db'), './alias/../news.db']) {
      const r = newsdesk(['--db', db, 'backup', dest, '--force'], { cwd: dir });
      expect(r.code, dest).toBe(1);
      expect(r.err, dest).toMatch(/^newsdesk: .*(the database itself)/);
      expect(r.err).not.toMatch(STACK_LINE);
    }
    expect(sha256(readFileSync(db))).toBe(before);
    expect((await check(db)).ok).toBe(true);
  });

  it('fails clearly on a folder as destination, a missing database, or a destination it cannot create', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 1 });
    mkdirSync(join(dir, 'folder'));
    const cases: Array<[string[], RegExp]> = [
      [['--db', db, 'backup', 'folder'], /^newsdesk: folder is a folder\nhint: /],
      [['--db', db, 'backup', 'folder', '--force'], /^newsdesk: folder is a folder\nhint: /],
      [['--db', join(dir, 'missing.db'), 'backup', 'x.db'], /^newsdesk: no database at .+missing\.db\nhint: create one with `newsdesk init`/],
      [['--db', db, 'backup', 'news.db/inside.db'], /^newsdesk: cannot create the folder of news\.db\/inside\.db: (EEXIST|ENOTDIR)\n$/],
    ];
    for (const [args, expected] of cases) {
      const r = newsdesk(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(expected);
      expect(r.err).not.toMatch(STACK_LINE);
    }
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
    expect(readdirSync(join(dir, 'folder'))).toEqual([]);
  });
});
