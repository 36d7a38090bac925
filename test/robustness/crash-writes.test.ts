// Crash safety of single writes: a process running `article add` after `article add`, or
// `article edit` after `article edit`, is killed with SIGKILL at a random moment, many times
// over. After each kill the database passes `check` (SQLite's integrity check included), every
// write the process saw committed is there, and every article is whole: never half an edit,
// never a row without its search entry.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, expectWholeArticles, integrity, needBuild, query, randInt, reported, seed, sleep, startNode, until, workDir, WRITER, type Child } from './helpers.js';

needBuild();

const KILLS = { add: 12, edit: 10 };
/**
 * When to kill: one round in four at a random moment of the start (opening the database,
 * the first write), the others at a random moment after the first write has committed.
 */
async function killAtRandom(child: Child, round: number): Promise<void> {
  if (round % 4 === 0) await sleep(randInt(0, 400));
  else {
    await until(() => child.out().length > 0, 20_000, 'the first write');
    await sleep(randInt(0, 400));
  }
  child.kill('SIGKILL');
}

describe('crash safety: SIGKILL during single writes', () => {
  it(`article add, run after run (the CLI command, in a loop), killed ${KILLS.add} times`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db);
    const committed = new Map<number, string>();
    let rows = 0;
    let midWrite = 0;
    for (let round = 1; round <= KILLS.add; round++) {
      // The same title every time: each add derives a slug and must find the next free -N.
      const child = startNode(WRITER, ['add', db, '100000', `k${round}`, 'Tin nóng hôm nay', 'cli']);
      await killAtRandom(child, round);
      const r = await child.done;
      expect(r.signal, r.err).toBe('SIGKILL');
      const seen = reported(r.out);
      if (seen.length > 0) midWrite++;
      for (const s of seen) committed.set(s.id, `${s.worker}-${s.i}`);

      expect(integrity(db)).toEqual(['ok']);
      const report = await check(db);
      expect(report.problems, `round ${round}`).toEqual([]);
      // Every write reported committed is there, whole; at most one more (committed, not yet reported).
      const whole = expectWholeArticles(db);
      expect(whole).toBeGreaterThanOrEqual(rows + seen.length);
      expect(whole).toBeLessThanOrEqual(rows + seen.length + 1);
      rows = whole;
      for (const [id, tag] of committed) {
        expect(query(db, 'SELECT summary FROM articles WHERE id = ?', id), `article ${id}`).toEqual([{ summary: `tóm tắt ${tag}` }]);
      }
    }
    // Slugs: the base title's, then -2, -3 … with no gap and no duplicate.
    const slugs = query<{ slug: string }>(db, 'SELECT slug FROM articles ORDER BY id').map((r) => r.slug);
    expect(slugs).toEqual(Array.from({ length: rows }, (_, k) => (k === 0 ? 'tin-nong-hom-nay' : `tin-nong-hom-nay-${k + 1}`)));
    // The kills did land in the middle of the runs, not only before or after them.
    expect(midWrite).toBeGreaterThanOrEqual(KILLS.add / 2);
    expect(rows).toBeGreaterThan(KILLS.add);
  }, 90_000);

  it(`article edit, again and again on one article, killed ${KILLS.edit} times: never half an edit`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 1 });
    let midWrite = 0;
    let previous = 0; // the edit the article holds (0: none yet)
    for (let round = 1; round <= KILLS.edit; round++) {
      const child = startNode(WRITER, ['edit', db, '100000', '', '', 'cli']);
      await killAtRandom(child, round);
      const r = await child.done;
      expect(r.signal, r.err).toBe('SIGKILL');
      const last = reported(r.out).length;
      if (last > 0) midWrite++;

      expect(integrity(db)).toEqual(['ok']);
      expect((await check(db)).problems, `round ${round}`).toEqual([]);
      const [a] = query<{ title: string; summary: string }>(db, 'SELECT title, summary FROM articles WHERE id = 1');
      // Title, summary, body and tags all from the same edit: the last reported, or the one
      // after it (committed, not yet reported), or, killed before any, what the article held.
      let i = 0;
      if (a!.title !== 'Bài số 1') {
        const m = /^Phiên bản (\d+)$/.exec(a!.title);
        expect(m, a!.title).not.toBeNull();
        i = Number(m![1]);
        expect(a!.summary).toBe(`tóm tắt sửa-${i}`);
        expect(expectWholeArticles(db)).toBe(1);
        // The search index follows the edit.
        expect(query(db, "SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'phien'")).toEqual([{ n: 1 }]);
      }
      expect(last > 0 ? [last, last + 1] : [previous, 1], `round ${round}: ${last} edits reported`).toContain(i);
      previous = i;
    }
    expect(midWrite).toBeGreaterThanOrEqual(KILLS.edit / 2);
  }, 90_000);
});
