// Word pairs in the PostgreSQL search table (migration 11): a phrase's candidates narrowed by the
// pairs of neighbouring words, its matches unchanged — the same result sets as SQLite for
// phrases at the edges (across fields, repeated words, a prefix at the end, long words, OR,
// exclusions) — and the pairs themselves as the server keeps them.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { parseQuery } from '../../src/core/search-query.js';
import { searchArticles } from '../../src/search/search.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { toPairQuery } from '../../src/store/postgres/search-pairs.js';
import { superuserSql, usePostgres } from '../helpers/pg.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const server = usePostgres();

const sql = <R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> => superuserSql<R>(server, text, params);

const LONG = 'dài'.repeat(110); // 330 characters: a pair of two such words is cut to 500
const ARTICLES: Array<{ title: string; summary?: string; body: string }> = [
  { title: 'An toàn giao thông mùa lễ', body: 'Bảo đảm an toàn giao thông trên quốc lộ.' },
  { title: 'Giao thông an toàn', body: 'Thông tin giao thông, an toàn là trên hết.' },
  { title: 'Tin an toàn', summary: 'giao thông nông thôn', body: 'Không có cụm từ liền nhau.' },
  { title: 'Lặp lại', body: 'an an an toàn toàn giao giao thông thông' },
  { title: 'Kinh tế xã hội', body: 'Phát triển kinh tế xã hội bền vững; kinh tế tư nhân.' },
  { title: 'Kinh tuyến', body: 'kinh tuyến gốc, kinh thánh, kinh te' },
  { title: 'Từ dài', body: `mở đầu ${LONG} ${LONG}x kết thúc ${LONG}` },
  { title: 'Bảo vệ môi trường', body: 'Phòng chống dịch bệnh và bảo vệ môi trường sống.' },
];

const QUERIES = [
  '"an toàn giao thông"',
  '"an toan giao thong"',
  '"giao thông an toàn"',
  '"toàn giao"',
  '"an toàn" "giao thông"',
  '"an an"',
  '"an an an toàn"',
  '"toàn toàn giao"',
  '"kinh tế xã hội"',
  '"kinh t"*',
  '"kinh te xa h"*',
  '"kinh tuyến"*',
  '"phát triển kinh"*',
  `"mở đầu ${LONG}"`,
  `"${LONG} ${LONG}x"`,
  `"${LONG} ${LONG}"`,
  `"${LONG} kết"`,
  `"${LONG}x kết thúc"`,
  `"${LONG} ${LONG}x kết"`,
  `"kết thúc ${LONG.slice(0, 100)}"*`,
  `"${LONG} ${LONG.slice(0, 200)}"*`,
  '"bảo vệ môi trường" OR "phòng chống dịch bệnh"',
  '"bảo vệ môi trường" OR giao',
  'giao "an toàn giao"',
  'giao -"an toàn giao"',
  '"an toàn" -"giao thông an"',
  '"toàn" "an"',
];

describe('postgres: word pairs narrow a phrase, never its matches', () => {
  let pgStore: Store;
  let sqliteStore: Store;
  let schema: string;
  let dir: string;

  beforeAll(async () => {
    const location = server.newLocation();
    schema = /schema=(\w+)/.exec(location)![1]!;
    pgStore = await openStore(location, 'write');
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-pairs-'));
    sqliteStore = await openStore(join(dir, 'pairs.db'), 'write');
    for (const store of [pgStore, sqliteStore]) {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (const [i, a] of ARTICLES.entries()) await addArticle(store, { ...a, section: 'tin-tuc', status: 'published' }, { now: Date.UTC(2024, 0, 1 + i) });
    }
  });
  afterAll(async () => {
    await pgStore?.close();
    await sqliteStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The same result sets (scores, and so orders within a rule, may differ: bm25 against ts_rank).
  it.each(QUERIES)('%s: the same articles as SQLite', async (q) => {
    const ids = async (store: Store): Promise<number[]> => (await searchArticles(store, q, { all: true })).items.map((i) => i.id).sort((a, b) => a - b);
    const expected = await ids(sqliteStore);
    expect(await ids(pgStore)).toEqual(expected);
  });

  it('finds something for most of these queries (the comparison is not of empty sets)', async () => {
    let found = 0;
    for (const q of QUERIES) if ((await searchArticles(sqliteStore, q, { all: true })).items.length > 0) found++;
    expect(found).toBeGreaterThanOrEqual(QUERIES.length - 4);
  });

  it('leaves as candidates only the articles holding every pair of the phrase', async () => {
    const pairs = toPairQuery(parseQuery('"an toàn giao thông"').groups)!;
    const candidates = await sql<{ id: string }>(`SELECT id FROM ${schema}.article_search WHERE ${schema}.word_pairs(doc) @@ $1::tsquery ORDER BY id`, [pairs]);
    const words = await sql<{ id: string }>(`SELECT id FROM ${schema}.article_search WHERE doc @@ 'an & toan & giao & thong'::tsquery ORDER BY id`);
    // Articles 1–4 hold the four words; 2 (other order) and 3 (across title and summary) lack a pair.
    expect(words.map((r) => Number(r.id))).toEqual([1, 2, 3, 4]);
    expect(candidates.map((r) => Number(r.id))).toEqual([1, 4]);
  });

  it('follows the search column, whoever writes it', async () => {
    // Another program rewrites article 5's search column: its pairs change with it.
    await sql(`UPDATE ${schema}.articles SET search_doc = to_tsvector('simple', 'ba con meo') WHERE id = 5`);
    expect((await searchArticles(pgStore, '"ba con meo"', { all: true })).items.map((i) => i.id)).toEqual([5]);
    expect((await searchArticles(pgStore, '"kinh te xa hoi"', { all: true })).items.map((i) => i.id)).toEqual([]);
  });
});

describe('toPairQuery', () => {
  const pairs = (q: string): string | undefined => toPairQuery(parseQuery(q).groups);
  it('asks nothing of words alone, nor of a group holding a word', () => {
    expect(pairs('an toàn')).toBeUndefined();
    expect(pairs('"an"')).toBeUndefined();
    expect(pairs('"an toàn" OR giao')).toBeUndefined();
    expect(pairs('-"an toàn" giao')).toBeUndefined();
  });
  it("asks every pair of a phrase, one phrase's pairs of a group of phrases, a prefix at the end", () => {
    expect(pairs('"an toàn giao"')).toBe("('an toan' & 'toan giao')");
    expect(pairs('"an toàn" OR "giao th"* x')).toBe("('an toan' | 'giao th':*)");
    expect(pairs('"it\'s ok"')).toBe("('it s' & 's ok')");
  });
  it('asks a pair longer than the stored ones by its stored beginning', () => {
    const folded = 'dai'.repeat(110);
    expect(pairs(`"${LONG} ${LONG}x"`)).toBe(`'${`${folded} ${folded}x`.slice(0, 500)}':*`);
    expect(pairs(`"${LONG} x"`)).toBe(`'${folded} x'`);
  });
});
