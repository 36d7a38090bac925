// Crash safety of the long commands, each run as the built binary and killed with SIGKILL at a
// random moment: an import is all or nothing; an HTML export never harms the database and the
// next export repairs the site; a backup never leaves half a file under the destination's name.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, fingerprint, integrity, needBuild, newsdesk, query, randInt, seed, sha256, sleep, startNewsdesk, workDir } from './helpers.js';

needBuild();

const KILLS = { import: 8, export: 6, backup: 5 };
const IMPORT_RECORDS = 1500;

const count = (db: string): number => query<{ n: number }>(db, 'SELECT count(*) AS n FROM articles')[0]!.n;

/** An NDJSON file of `n` articles whose slugs start with `prefix`. */
function ndjsonFile(dir: string, prefix: string, n: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    lines.push(
      JSON.stringify({
        title: `Bài nhập ${prefix} số ${i}`,
        slug: `${prefix}-bai-${i}`,
        section: i % 3 ? 'tin-tuc' : 'chuyen-muc-moi',
        status: 'published',
        published_at: '15/03/2021 08:30',
        summary: `Tóm tắt ${i}`,
        body: `Nội dung bài nhập số ${i}, về đảng viên và nông thôn mới. `.repeat(30),
        tags: ['nhập', prefix],
      }),
    );
  }
  const path = join(dir, `${prefix}.ndjson`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('crash safety: SIGKILL during long commands', () => {
  it(`import of an NDJSON file, killed ${KILLS.import} times: all of it or none`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 5 });
    // How long a whole import takes here, so the kills can land anywhere in it.
    const t0 = Date.now();
    const full = newsdesk(['--db', db, 'import', ndjsonFile(dir, 'calib', IMPORT_RECORDS), '--create-sections', '--format', 'json'], { timeout: 120_000 });
    const duration = Date.now() - t0;
    expect(full.code, full.err).toBe(0);
    expect(JSON.parse(full.out)).toMatchObject({ read: IMPORT_RECORDS, inserted: IMPORT_RECORDS, rejected: 0 });
    let before = count(db);
    expect(before).toBe(5 + IMPORT_RECORDS);

    const outcomes = { none: 0, all: 0 };
    // At least KILLS.import rounds; more (up to three times as many) while fewer than half
    // have landed mid-import: the calibration may have run slower than the rounds (a busy
    // machine), and each import that finished before its kill shortens the estimate.
    let expected = duration;
    for (let round = 1; round <= KILLS.import * 3 && (round <= KILLS.import || outcomes.none < KILLS.import / 2); round++) {
      const file = ndjsonFile(dir, `r${round}`, IMPORT_RECORDS);
      const child = startNewsdesk(['--db', db, 'import', file, '--create-sections', '--format', 'json']);
      // Anywhere from the start to a little past the expected end.
      const wait = randInt(50, Math.max(100, Math.round(expected * 1.1)));
      await sleep(wait);
      child.kill('SIGKILL');
      const r = await child.done;
      if (r.signal !== 'SIGKILL') expected = Math.min(expected, wait);
      const after = count(db);
      expect([before, before + IMPORT_RECORDS], `round ${round}`).toContain(after);
      if (r.signal !== 'SIGKILL') expect(r.code, r.err).toBe(0); // it had finished
      else if (after === before) outcomes.none++;
      if (after !== before) outcomes.all++;
      // The records that are there are whole, with their new section.
      const mine = query<{ n: number; bad: number }>(
        db,
        "SELECT count(*) AS n, sum(body NOT LIKE 'Nội dung bài nhập số %' OR tags != json_array('nhập', ?)) AS bad FROM articles WHERE slug LIKE ? || '-bai-%'",
        `r${round}`,
        `r${round}`,
      )[0]!;
      expect(mine.n).toBe(after - before);
      expect(mine.bad ?? 0).toBe(0);
      expect(integrity(db)).toEqual(['ok']);
      expect((await check(db)).problems, `round ${round}`).toEqual([]);
      before = after;
    }
    // Most kills interrupted an import in progress.
    expect(outcomes.none).toBeGreaterThanOrEqual(KILLS.import / 2);
  }, 300_000);

  it(`export html, killed ${KILLS.export} times: the database is untouched and the next export makes the whole site`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 300 });
    const out = join(dir, 'site');
    const fresh = join(dir, 'fresh');
    const dbBytes = sha256(readFileSync(db));
    // A reference export into an empty folder, and how long it takes.
    const t0 = Date.now();
    expect(newsdesk(['--db', db, 'export', 'html', '--out', fresh]).code).toBe(0);
    const duration = Date.now() - t0;

    let interrupted = 0;
    // At least KILLS.export rounds; more (up to three times as many) while fewer than half
    // were killed mid-export, the estimate shortened by each export that finished first.
    let expected = duration;
    for (let round = 1; round <= KILLS.export * 3 && (round <= KILLS.export || interrupted < KILLS.export / 2); round++) {
      // Each round changes something first; --clean makes it rewrite every file, so that
      // each export is as long as the first (a re-export writes only what changed).
      if (round > 1) expect(newsdesk(['--db', db, 'article', 'edit', String(round), '--title', `Bài số ${round} (sửa)`]).code).toBe(0);
      const stamp = sha256(readFileSync(db));
      const child = startNewsdesk(['--db', db, 'export', 'html', '--out', out, '--clean']);
      const wait = randInt(50, Math.max(100, expected));
      await sleep(wait);
      child.kill('SIGKILL');
      const r = await child.done;
      if (r.signal === 'SIGKILL') interrupted++;
      else expected = Math.min(expected, wait);
      // The export only reads: the database file is byte for byte what it was.
      expect(sha256(readFileSync(db))).toBe(stamp);
      expect((await check(db)).problems).toEqual([]);
    }
    expect(sha256(readFileSync(db))).not.toBe(dbBytes); // (the edits did change it)
    expect(interrupted).toBeGreaterThanOrEqual(KILLS.export / 2);

    // The next export completes, and its site is exactly the one a fresh export makes.
    const again = newsdesk(['--db', db, 'export', 'html', '--out', out]);
    expect(again.code, again.err).toBe(0);
    const fresh2 = join(dir, 'fresh2');
    expect(newsdesk(['--db', db, 'export', 'html', '--out', fresh2]).code).toBe(0);
    // (The manifest is the exporter's own bookkeeping: what it knew of earlier exports.)
    const site = (d: string): Record<string, string> => {
      const { ['.newsdesk-manifest.json']: _, ...files } = fingerprint(d);
      return files;
    };
    expect(site(out)).toEqual(site(fresh2));
    expect(Object.keys(site(fresh2))).toEqual(Object.keys(site(fresh)));
    expect(Object.keys(site(fresh)).length).toBeGreaterThan(300);
  }, 300_000);

  it(`backup, killed ${KILLS.backup} times: the destination is whole or absent`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 200, bodyKb: 40 });
    const t0 = Date.now();
    expect(newsdesk(['--db', db, 'backup', join(dir, 'timing.db')]).code).toBe(0);
    const duration = Date.now() - t0;
    let absent = 0;
    for (let round = 1; round <= KILLS.backup; round++) {
      const dest = join(dir, `b${round}.db`);
      const child = startNewsdesk(['--db', db, 'backup', dest]);
      await sleep(randInt(50, duration));
      child.kill('SIGKILL');
      await child.done;
      if (existsSync(dest)) expect(await check(dest)).toMatchObject({ ok: true, articles: 200 });
      else absent++;
      expect((await check(db)).problems).toEqual([]);
    }
    expect(absent).toBeGreaterThan(0);
    // What a killed backup leaves is a temporary file, hidden, never under the backup's name.
    // (A backup that was whole was opened by the check above, which leaves its -shm beside it.)
    for (const name of readdirSync(dir)) expect(name).toMatch(/^(news\.db(-wal|-shm)?|timing\.db|b\d\.db(-wal|-shm)?|\.b\d\.db\.[0-9a-f]{16}\.tmp(-journal)?)$/);
  }, 90_000);
});

