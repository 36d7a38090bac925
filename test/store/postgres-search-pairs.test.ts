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
import { DATABASE, superuserSql, usePostgres } from '../helpers/pg.js';
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
  const both = bothBackends(ARTICLES);

  // The same result sets (scores, and so orders within a rule, may differ: bm25 against ts_rank).
  it.each(QUERIES)('%s: the same articles as SQLite', async (q) => {
    const ids = async (store: Store): Promise<number[]> => (await searchArticles(store, q, { all: true })).items.map((i) => i.id).sort((a, b) => a - b);
    const expected = await ids(both.sqlite());
    expect(await ids(both.pg())).toEqual(expected);
  });

  it('finds something for most of these queries (the comparison is not of empty sets)', async () => {
    let found = 0;
    for (const q of QUERIES) if ((await searchArticles(both.sqlite(), q, { all: true })).items.length > 0) found++;
    expect(found).toBeGreaterThanOrEqual(QUERIES.length - 4);
  });

  it('leaves as candidates only the articles holding every pair of the phrase', async () => {
    const pairs = toPairQuery(parseQuery('"an toàn giao thông"').groups)!;
    const candidates = await sql<{ id: string }>(`SELECT id FROM ${both.schema()}.article_search WHERE ${both.schema()}.word_pairs(doc) @@ $1::tsquery ORDER BY id`, [pairs]);
    const words = await sql<{ id: string }>(`SELECT id FROM ${both.schema()}.article_search WHERE doc @@ 'an & toan & giao & thong'::tsquery ORDER BY id`);
    // Articles 1–4 hold the four words; 2 (other order) and 3 (across title and summary) lack a pair.
    expect(words.map((r) => Number(r.id))).toEqual([1, 2, 3, 4]);
    expect(candidates.map((r) => Number(r.id))).toEqual([1, 4]);
  });

  it("asks the pairs' index for a phrase's candidates: only those holding every pair are read", async () => {
    // The store's own statement for a count, run again under EXPLAIN ANALYZE on its connection.
    const client = (both.pg() as unknown as { conn: { client: pg.Client } }).conn.client;
    const sent: Array<{ text: string; values: unknown[] }> = [];
    const original = client.query.bind(client);
    (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown) => {
      if (typeof text === 'string' && /^SELECT count/.test(text)) sent.push({ text, values: values as unknown[] });
      return (original as (t: unknown, v?: unknown) => unknown)(text, values);
    };
    try {
      expect(await both.pg().search.count(parseQuery('"an toàn giao thông"'), {})).toBe(1);
    } finally {
      (client as unknown as { query: unknown }).query = original;
    }
    expect(sent).toHaveLength(1);
    await client.query('SET enable_seqscan = off');
    try {
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sent[0]!.text}`, sent[0]!.values);
      type PlanNode = { 'Index Name'?: string; 'Actual Rows'?: number; Plans?: PlanNode[] };
      const nodes: PlanNode[] = [];
      const walk = (n: PlanNode): void => {
        nodes.push(n);
        for (const c of n.Plans ?? []) walk(c);
      };
      walk((rows[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan);
      // Four articles hold the four words; the pairs' index gives the two holding the phrase's
      // pairs, of which one holds the phrase (article 4 holds them apart).
      expect(nodes.filter((n) => n['Index Name'] === 'article_search_pairs').map((n) => n['Actual Rows'])).toEqual([2]);
      expect(nodes.some((n) => n['Index Name'] === 'article_search_doc')).toBe(false);
    } finally {
      await client.query('RESET enable_seqscan');
    }
  });

  it('follows the search column, whoever writes it', async () => {
    // Another program rewrites article 5's search column: its pairs change with it.
    await sql(`UPDATE ${both.schema()}.articles SET search_doc = to_tsvector('simple', 'ba con meo') WHERE id = 5`);
    expect((await searchArticles(both.pg(), '"ba con meo"', { all: true })).items.map((i) => i.id)).toEqual([5]);
    expect((await searchArticles(both.pg(), '"kinh te xa hoi"', { all: true })).items.map((i) => i.id)).toEqual([]);
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
    expect(pairs('"an toàn giao"')).toBe("'-' | (('an toan' & 'toan giao'))");
    expect(pairs('"an toàn" OR "giao th"* x')).toBe("'-' | (('an toan' | 'giao th':*))");
    expect(pairs('"it\'s ok"')).toBe("'-' | (('it s' & 's ok'))");
    expect(pairs('"an toàn" "giao thông"')).toBe("'-' | ('an toan' & 'giao thong')");
  });
  it('asks a pair longer than the stored ones by its stored beginning', () => {
    const folded = 'dai'.repeat(110);
    expect(pairs(`"${LONG} ${LONG}x"`)).toBe(`'-' | ('${`${folded} ${folded}x`.slice(0, 500)}':*)`);
    expect(pairs(`"${LONG} x"`)).toBe(`'-' | ('${folded} x')`);
  });
  it('cuts a pair by its bytes, at a whole character: a beginning of the stored pair in UTF8 and in SQL_ASCII', () => {
    // 361 characters, 721 bytes: the server keeps it whole in UTF8, its first 500 bytes in SQL_ASCII.
    const word = 'дом'.repeat(60);
    expect(pairs(`"${word} ${word}"`)).toBe(`'-' | ('${word} ${'дом'.repeat(23)}':*)`);
    expect(Buffer.byteLength(`${word} ${'дом'.repeat(23)}`)).toBe(499); // one more character: 501
    // Four-byte characters: 125 of them fill 500 bytes exactly.
    const wide = '𠀀'.repeat(200);
    expect(pairs(`"${wide} x"`)).toBe(`'-' | ('${'𠀀'.repeat(125)}':*)`);
  });
});

/** A deterministic stream of letters (xorshift32, seeded), for bodies no dictionary repeats. */
function letters(seed: number, alphabet: string): (n: number) => string {
  let x = seed;
  return (n) => {
    let out = '';
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out += alphabet[(x >>> 0) % alphabet.length];
    }
    return out;
  };
}

/** Both backends given the same articles; a query's result set on each. */
function bothBackends(articles: Array<{ title: string; summary?: string; body: string }>): {
  ids(backend: 'pg' | 'sqlite', q: string): Promise<number[]>;
  schema(): string;
  pg(): Store;
  sqlite(): Store;
} {
  let pgStore: Store;
  let sqliteStore: Store;
  let schema = '';
  let dir: string;
  beforeAll(async () => {
    const location = server.newLocation();
    schema = /schema=(\w+)/.exec(location)![1]!;
    pgStore = await openStore(location, 'write');
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-pairs-'));
    sqliteStore = await openStore(join(dir, 'pairs.db'), 'write');
    for (const store of [pgStore, sqliteStore]) {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (const [i, a] of articles.entries()) await addArticle(store, { ...a, section: 'tin-tuc', status: 'published' }, { now: Date.UTC(2024, 0, 1 + i) });
    }
  }, 60_000);
  afterAll(async () => {
    await pgStore?.close();
    await sqliteStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    ids: async (backend, q) => (await searchArticles(backend === 'pg' ? pgStore : sqliteStore, q, { all: true })).items.map((i) => i.id).sort((a, b) => a - b),
    schema: () => schema,
    pg: () => pgStore,
    sqlite: () => sqliteStore,
  };
}

describe('postgres: an article with more word pairs than a tsvector holds', () => {
  const VIETNAMESE = 'Hội nghị bàn về phát triển kinh tế xã hội và xây dựng hạ tầng giao thông của tỉnh trong năm tới.';
  // 600 KB of base64 in an inline image: its search column is valid (about 650 KB), its pairs would not be (over 1 MB).
  const base64 = letters(7, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')(600_000);
  const next = letters(11, 'abcdefghijklmnopqrstuvwxyz');
  const WORDS = Array.from({ length: 16_000 }, () => next(40)); // distinct 40-letter words
  const both = bothBackends([
    { title: 'Ảnh nhúng', body: `${VIETNAMESE}\n\n<img src="data:image/png;base64,${base64}">\n\n${VIETNAMESE}` },
    { title: 'Một dòng', body: 'Bàn về kinh tế xã hội và xây dựng nông thôn mới.' },
    { title: 'Từ ngẫu nhiên', body: WORDS.join(' ') },
    { title: 'Không liền nhau', body: 'xây nhà, dựng cửa; kinh doanh tế nhị' },
  ]);
  const QUERIES_OVERSIZED = [
    '"kinh tế xã hội"',
    '"xây dựng"',
    '"xây dựng hạ tầng"*',
    `"${WORDS[15_000]} ${WORDS[15_001]}"`,
    `"${WORDS[15_000]} ${WORDS[15_001]} ${WORDS[15_002]}"`,
    `"${WORDS[15_000]} ${WORDS[15_002]}"`,
    `"${WORDS[9]} ${WORDS[10]}" OR "xây dựng nông"`,
    '"tế xã" -"kinh tế"',
    '"dựng kinh"',
  ];

  it.each(QUERIES_OVERSIZED.map((q) => [q.length > 60 ? `${q.slice(0, 60)}…` : q, q]))('%s: the same articles as SQLite', async (_, q) => {
    expect(await both.ids('pg', q!)).toEqual(await both.ids('sqlite', q!));
  });

  it('finds the oversized articles by their phrases (the comparison is not of empty sets)', async () => {
    expect(await both.ids('pg', '"kinh tế xã hội"')).toEqual([1, 2]);
    expect(await both.ids('pg', '"xây dựng"')).toEqual([1, 2]);
    expect(await both.ids('pg', `"${WORDS[15_000]} ${WORDS[15_001]}"`)).toEqual([3]);
    expect(await both.ids('pg', `"${WORDS[15_000]} ${WORDS[15_002]}"`)).toEqual([]);
  });

  it('keeps the marker as the pairs of an article past the limit, and every pair of the others', async () => {
    const s = both.schema();
    const rows = await sql<{ id: string; doc: number; pairs: string; n: number }>(
      `SELECT id, octet_length(doc::text) AS doc, CASE WHEN length(${s}.word_pairs(doc)) = 1 THEN ${s}.word_pairs(doc)::text END AS pairs, length(${s}.word_pairs(doc)) AS n
         FROM ${s}.article_search ORDER BY id`,
    );
    expect(rows.map((r) => [Number(r.id), r.pairs])).toEqual([
      [1, "'-'"],
      [2, null],
      [3, "'-'"],
      [4, null],
    ]);
    expect(rows[1]!.n).toBeGreaterThan(8);
    // Valid search columns (a tsvector's limit), both of them.
    expect(rows[0]!.doc).toBeGreaterThan(500_000);
    expect(rows[2]!.doc).toBeGreaterThan(500_000);
  });
});

describe('postgres: pairs over 500 bytes of non-Latin text', () => {
  const word = 'дом'.repeat(60); // 180 characters, 360 bytes: a pair of two is 721 bytes
  const other = 'мир'.repeat(60);
  const ARTICLES_WIDE = [
    { title: 'Дом', body: `начало ${word} ${other} конец` },
    { title: 'Мир', body: `${other} ${word} ${word}` },
    { title: 'Слова', body: `${word} начало ${other}` },
  ];
  const QUERIES_WIDE = [`"${word} ${other}"`, `"${other} ${word}"`, `"${word} ${word}"`, `"начало ${word} ${other} конец"`, `"${word} ${other.slice(0, 100)}"*`, `"${word} начало"`];

  describe('in a UTF8 database (pairs cut at 500 characters)', () => {
    const both = bothBackends(ARTICLES_WIDE);
    it.each(QUERIES_WIDE.map((q, i) => [i, q]))('query %i: the same articles as SQLite', async (_, q) => {
      expect(await both.ids('pg', q as string)).toEqual(await both.ids('sqlite', q as string));
    });
    it('finds them (the comparison is not of empty sets)', async () => {
      expect(await both.ids('pg', `"${word} ${other}"`)).toEqual([1]);
      expect(await both.ids('pg', `"${word} ${word}"`)).toEqual([2]);
    });
  });

  describe('in a SQL_ASCII database (pairs cut at 500 bytes)', () => {
    let store: Store;
    beforeAll(async () => {
      await sql("CREATE DATABASE newsdesk_ascii ENCODING 'SQL_ASCII' LC_CTYPE 'C' LC_COLLATE 'C' TEMPLATE template0");
      store = await openStore(server.newLocation().replace(`/${DATABASE}?`, '/newsdesk_ascii?'), 'write');
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (const [i, a] of ARTICLES_WIDE.entries()) await addArticle(store, { ...a, section: 'tin-tuc', status: 'published' }, { now: Date.UTC(2024, 0, 1 + i) });
    });
    afterAll(async () => {
      await store?.close();
    });
    it('finds a phrase whose pair the server cut inside a character', async () => {
      const ids = async (q: string): Promise<number[]> => (await searchArticles(store, q, { all: true })).items.map((i) => i.id).sort((a, b) => a - b);
      expect(await ids(`"${word} ${other}"`)).toEqual([1]);
      expect(await ids(`"${other} ${word}"`)).toEqual([2]);
      expect(await ids(`"${word} ${word}"`)).toEqual([2]);
      expect(await ids(`"начало ${word} ${other} конец"`)).toEqual([1]);
      expect(await ids(`"${word} начало"`)).toEqual([3]);
      expect(await ids(`"${word} конец"`)).toEqual([]);
    });
  });
});
