// Concurrent writers and readers on one database file.
//  - 4 processes add 200 articles each at once, all with the same title: all 800 land, none
//    fails with "database is locked", and the derived slugs stay unique (-2, -3 … -800).
//    The writers are fixtures/writer.mjs, a small node script calling dist/ops (the code
//    path of `article add`, without 800 process start-ups).
//  - A reader listing while an import runs sees the state before it or after it, never half.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { check, expectWholeArticles, needBuild, query, reported, seed, sleep, startNewsdesk, startNode, workDir, WRITER } from './helpers.js';

needBuild();

const WRITERS = 4;
const EACH = 200;

describe('concurrent writers', () => {
  it(`${WRITERS} processes adding ${EACH} articles each with the same title: all land, slugs unique`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db);
    const children = Array.from({ length: WRITERS }, (_, w) => startNode(WRITER, ['add', db, String(EACH), `w${w + 1}`, 'Tin nóng hôm nay']));
    const runs = await Promise.all(children.map((c) => c.done));
    for (const [w, r] of runs.entries()) {
      expect(r.err, `writer ${w + 1}`).toBe('');
      expect(r.code, `writer ${w + 1}`).toBe(0);
      expect(reported(r.out)).toHaveLength(EACH);
    }
    const total = WRITERS * EACH;
    const rows = query<{ id: number; slug: string; summary: string }>(db, 'SELECT id, slug, summary FROM articles ORDER BY id');
    expect(rows).toHaveLength(total);
    // Every id a writer was given is its own article.
    for (const r of runs) for (const s of reported(r.out)) expect(rows[s.id - 1]).toMatchObject({ id: s.id, summary: `tóm tắt ${s.worker}-${s.i}` });
    const slugs = new Set(rows.map((r) => r.slug));
    expect(slugs.size).toBe(total);
    expect([...slugs].sort()).toEqual(Array.from({ length: total }, (_, k) => (k === 0 ? 'tin-nong-hom-nay' : `tin-nong-hom-nay-${k + 1}`)).sort());
    expect(expectWholeArticles(db)).toBe(total);
    // The writers really ran at the same time: their ids interleave.
    const owner = rows.map((r) => r.summary.split(' ').pop()!.split('-')[0]);
    const switches = owner.filter((o, k) => k > 0 && o !== owner[k - 1]).length;
    expect(switches).toBeGreaterThan(WRITERS * 5);
    expect((await check(db)).problems).toEqual([]);
  }, 120_000);

  it('a reader listing during an import sees the old state or the new one, never half', async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 10 });
    const N = 1500;
    const lines = Array.from({ length: N }, (_, k) =>
      JSON.stringify({ title: `Bài nhập số ${k + 1}`, section: 'muc-moi', status: 'published', published_at: '2021-03-15', body: 'Nội dung '.repeat(200) }),
    );
    const file = join(dir, 'in.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const reader = new BetterSqlite3(db, { readonly: true, timeout: 10_000 });
    const snapshot = reader.transaction(() => ({
      articles: reader.prepare('SELECT count(*) FROM articles').pluck().get() as number,
      indexed: reader.prepare('SELECT count(*) FROM search_docs').pluck().get() as number,
      sections: reader.prepare('SELECT count(*) FROM sections').pluck().get() as number,
    }));
    const seen = new Map<string, number>();
    const cliSeen = new Set<string>();
    const child = startNewsdesk(['--db', db, 'import', file, '--create-sections', '--format', 'json']);
    let running = true;
    void child.done.then(() => (running = false));
    // The CLI, listing in parallel with the import (a few runs: each is a process).
    const cliReads = (async () => {
      while (running) {
        const out = await newsdeskAsync(db);
        if (out.code === 0) cliSeen.add(out.out.trim());
        else throw new Error(`article list failed during the import: ${out.err}`);
      }
    })();
    try {
      while (running) {
        const s = snapshot();
        const key = `${s.articles}/${s.indexed}/${s.sections}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        await sleep(2);
      }
      await cliReads;
      const r = await child.done;
      expect(r.code, r.err).toBe(0);
      const s = snapshot();
      seen.set(`${s.articles}/${s.indexed}/${s.sections}`, 1);
    } finally {
      reader.close();
    }
    // Only two states: before (10 articles, 10 indexed, 2 sections) and after (all of it).
    expect([...seen.keys()].sort()).toEqual([`10/10/2`, `${10 + N}/${10 + N}/3`].sort());
    expect(seen.get('10/10/2')!).toBeGreaterThan(5); // many reads happened while the import ran
    for (const v of cliSeen) expect(['10', String(10 + N)]).toContain(v);
    expect(cliSeen.has('10')).toBe(true);
  }, 120_000);
});

/** `newsdesk article list --all --format count`, without blocking the event loop. */
async function newsdeskAsync(db: string): Promise<{ code: number | null; out: string; err: string }> {
  const c = startNewsdesk(['--db', db, 'article', 'list', '--all', '--format', 'count']);
  return c.done;
}
