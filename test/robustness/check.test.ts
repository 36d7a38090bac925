// newsdesk check: one line when all is well; each problem listed, exit 1, when not — whether
// the damage is logical (a missing image, a broken reference, a stale search index) or bytes
// written over the file. check itself never changes the file.
import { copyFileSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { needBuild, newsdesk, seed, sha256, STACK_LINE, workDir, type Run } from './helpers.js';

needBuild();

let base: string;
beforeAll(async () => {
  const dir = workDir();
  const images = mkdtempSync(join(dir, 'img-'));
  base = join(dir, 'base.db');
  // 40 articles with an image each, bodies long enough to need overflow pages.
  await seed(base, { articles: 40, bodyKb: 6, imageDir: images });
});

/** A copy of the seeded database to damage. */
function copy(): string {
  const path = join(workDir(), 'news.db');
  copyFileSync(base, path);
  return path;
}

/** Writes to the file through SQLite, with foreign keys off (as a buggy tool would). */
function tamper(path: string, ...sql: string[]): void {
  const db = new BetterSqlite3(path);
  db.pragma('foreign_keys = OFF');
  for (const s of sql) db.exec(s);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Overwrites `length` bytes at `offset` of one page of `object` (a table or index) with garbage. */
function scribble(path: string, object: string, pick: (pages: Array<{ pageno: number; pagetype: string }>) => number, offset = 0, length = 4096): number {
  const db = new BetterSqlite3(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.prepare('SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno').all(object) as Array<{ pageno: number; pagetype: string }>;
  db.close();
  const page = pick(pages);
  const garbage = Buffer.alloc(length);
  for (let i = 0; i < length; i++) garbage[i] = (i * 151 + 7) & 255;
  const fd = openSync(path, 'r+');
  writeSync(fd, garbage, 0, length, (page - 1) * pageSize + offset);
  closeSync(fd);
  return page;
}

function checkRun(path: string, format?: 'json'): Run {
  return newsdesk(['--db', path, 'check', ...(format ? ['--format', format] : [])]);
}

/** A failed check: exit 1, every problem a `check: message` line on stdout, one error line (and a hint) on stderr. */
function expectProblems(r: Run): string[] {
  expect(r.code).toBe(1);
  expect(r.err).not.toMatch(STACK_LINE);
  expect(r.err).not.toMatch(/unexpected error/);
  const lines = r.out.trimEnd().split('\n');
  expect(r.err).toBe(`newsdesk: ${lines.length} problem${lines.length === 1 ? '' : 's'} found in ${r.err.match(/found in (.+)\n/)![1]}\nhint: restore from a backup, or run newsdesk reindex if only the search index, the article counts or a change made outside newsdesk are at fault\n`);
  // history: the chains of revisions (a row changed outside newsdesk shows there too).
  for (const l of lines) expect(l).toMatch(/^(integrity|foreign_keys|article_counts|sections|media|search_index|history): \S/);
  return lines;
}

describe('newsdesk check', () => {
  it('on a sound database: exit 0, one line of summary; --format json: the same as an object', () => {
    const db = copy();
    const before = sha256(readFileSync(db));
    const r = checkRun(db);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('ok: 40 articles, 2 sections, 0 links, 40 media; integrity, references, article counts, search index and media verified\n');
    const j = checkRun(db, 'json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toEqual({ ok: true, articles: 40, sections: 2, links: 0, media: 40, problems: [] });
    expect(sha256(readFileSync(db))).toBe(before);
  });

  it('names an article whose image is missing from the database', () => {
    const db = copy();
    tamper(db, 'DELETE FROM media WHERE rowid = (SELECT min(rowid) FROM media)');
    const r = checkRun(db);
    const lines = expectProblems(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^media: article \d+ names media\/[0-9a-f]{64}\.png, which is not in the database$/);
    const j = checkRun(db, 'json');
    expect(j.code).toBe(1);
    const report = JSON.parse(j.out) as { ok: boolean; media: number; problems: Array<{ check: string; message: string }> };
    expect(report.ok).toBe(false);
    expect(report.media).toBe(39);
    expect(report.problems).toEqual([{ check: 'media', message: lines[0]!.slice('media: '.length) }]);
  });

  it('lists every problem at once: broken reference, cycle of sections, stale and missing index entries, missing image', () => {
    const db = copy();
    tamper(
      db,
      'UPDATE articles SET section_id = 999 WHERE id = 2',
      "UPDATE sections SET parent_id = (SELECT id FROM sections WHERE slug = 'kinh-te') WHERE slug = 'tin-tuc'",
      "UPDATE sections SET parent_id = (SELECT id FROM sections WHERE slug = 'tin-tuc') WHERE slug = 'kinh-te'",
      "UPDATE articles SET title = 'Đổi tên ngoài newsdesk' WHERE id = 3",
      'DELETE FROM search_docs WHERE id = 4',
      'DELETE FROM media WHERE rowid = (SELECT max(rowid) FROM media)',
    );
    const lines = expectProblems(checkRun(db));
    const kinds = new Set(lines.map((l) => l.split(':')[0]));
    expect([...kinds].sort()).toEqual(['foreign_keys', 'history', 'media', 'search_index', 'sections']);
    expect(lines).toContain('history: article 3 was changed outside newsdesk since its revision 1: the revisions before cannot be rebuilt (newsdesk reindex records the change as a revision)');
    expect(lines).toContain('foreign_keys: articles row 2 refers to a missing sections row');
    expect(lines.filter((l) => l.startsWith('sections:'))).toHaveLength(2);
    expect(lines.some((l) => /^search_index: .*not indexed/.test(l))).toBe(true);
    expect(lines.some((l) => /^search_index: 1 article has changed since it was indexed \(newsdesk reindex rebuilds it\)$/.test(l))).toBe(true);
  });

  it('finds article counts out of step with the rows, and reindex counts them again', () => {
    const db = copy();
    // Written past the triggers that keep the counts (a restore of one table by hand).
    tamper(db, "UPDATE article_counts SET n = n + 3 WHERE status = 'published'");
    const lines = expectProblems(checkRun(db));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^article_counts: the count of published articles in section \d+ is (\d+), but \d+ are there \(newsdesk reindex counts them again\)$/);
    const listed = JSON.parse(newsdesk(['--db', db, 'article', 'list', '--status', 'all', '--format', 'json']).out) as { total: number };
    expect(listed.total).toBe(40 + 3 * lines.length); // what the pager believed
    expect(newsdesk(['--db', db, 'reindex']).code).toBe(0);
    expect(checkRun(db).code).toBe(0);
    expect((JSON.parse(newsdesk(['--db', db, 'article', 'list', '--status', 'all', '--format', 'json']).out) as { total: number }).total).toBe(40);
  });

  // Bytes written into the file where rows, an index, the search index or a section live.
  const damages: Array<[string, string, (p: Array<{ pageno: number; pagetype: string }>) => number, number?, number?]> = [
    ['a leaf page of the articles table', 'articles', (p) => p.filter((x) => x.pagetype === 'leaf')[5]!.pageno],
    ['an overflow page holding part of a body', 'articles', (p) => p.filter((x) => x.pagetype === 'overflow')[3]!.pageno],
    ['an index of the articles', 'articles_by_status', (p) => p[p.length - 1]!.pageno],
    ['the unique index of the slugs', 'sqlite_autoindex_articles_1', (p) => p[0]!.pageno],
    ['the full-text index', 'search_fts_data', (p) => p[Math.floor(p.length / 2)]!.pageno],
    ['the sections table', 'sections', (p) => p[0]!.pageno],
    ['the media table', 'media', (p) => p[p.length - 1]!.pageno],
  ];
  for (const [what, object, pick, offset, length] of damages) {
    it(`reports ${what} overwritten with garbage, without changing the file`, () => {
      const db = copy();
      scribble(db, object, pick, offset, length);
      const before = sha256(readFileSync(db));
      const r = checkRun(db);
      const lines = expectProblems(r);
      expect(lines.length).toBeGreaterThan(0);
      // The damage is named by SQLite's check, or by the part of the check that hit it.
      expect(lines.some((l) => /^integrity: |could not be checked|is damaged/.test(l)), r.out).toBe(true);
      const j = checkRun(db, 'json');
      expect(j.code).toBe(1);
      expect(JSON.parse(j.out)).toMatchObject({ ok: false });
      expect(sha256(readFileSync(db))).toBe(before);
    });
  }

  it('reports 40 bytes of garbage inside the text of an article (which only the hashes of the index and of the history can see)', () => {
    const db = copy();
    scribble(db, 'articles', (p) => p.filter((x) => x.pagetype === 'leaf')[9]!.pageno, 1800, 40);
    const lines = expectProblems(checkRun(db));
    expect(lines).toEqual([
      expect.stringMatching(/^search_index: 1 article has changed since .*indexed/),
      expect.stringMatching(/^history: article \d+ was changed outside newsdesk since its revision 1/),
    ]);
  });

  it('a file whose schema page is destroyed: exit 1, says it is damaged; json still gives a report', () => {
    const db = copy();
    scribble(db, 'sqlite_schema', (p) => p[p.length - 1]!.pageno);
    const before = sha256(readFileSync(db));
    const r = checkRun(db);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^newsdesk: the database .+ is damaged or not a database \(SQLITE_CORRUPT\)\nhint: restore it from a backup/);
    const j = checkRun(db, 'json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toEqual({
      ok: false,
      articles: null,
      sections: null,
      links: null,
      media: null,
      problems: [{ check: 'open', message: expect.stringMatching(/is damaged or not a database/) }],
    });
    expect(sha256(readFileSync(db))).toBe(before);
  });

  it('a missing database: exit 1 with how to create one, and nothing is created', () => {
    const dir = workDir();
    const r = newsdesk(['--db', join(dir, 'none.db'), 'check']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^newsdesk: no database at .+none\.db\nhint: create one with `newsdesk init`/);
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });
});
