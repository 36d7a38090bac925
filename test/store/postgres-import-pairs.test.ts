// The word pairs' index and an import on PostgreSQL (pairs-deferred.ts): an import into an
// empty portal builds the index after its rows; into a portal with articles, while a reader
// holds the search table, as a dry run, or when the import fails, the index stays as it was.
// Either way, phrases find the same articles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { searchArticles } from '../../src/search/search.js';
import { openStore } from '../../src/store/open.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { DATABASE, superuserSql, usePostgres } from '../helpers/pg.js';

const server = usePostgres();

const sql = <R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> => superuserSql<R>(server, text, params);

const BODIES = [
  'Bảo đảm an toàn giao thông trên quốc lộ.',
  'Thông tin giao thông, an toàn là trên hết.',
  'Phát triển kinh tế xã hội bền vững; an toàn giao thông nông thôn.',
  'an an toàn toàn giao giao thông thông',
];

/** An NDJSON file of one section and the articles with these bodies (slugs from `tag`). */
function corpus(tag: string, bodies: string[] = BODIES, extra = ''): string {
  const lines = [JSON.stringify({ type: 'section', slug: 'tin-tuc', title: 'Tin tức' })];
  bodies.forEach((body, i) => lines.push(JSON.stringify({ type: 'article', slug: `${tag}-${i}`, title: `Bài ${tag} ${i}`, section: 'tin-tuc', status: 'published', published_at: '2024-01-01T08:00:00+07:00', body })));
  const file = join(tempDir(), `${tag}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n${extra}`);
  return file;
}

function schemaOf(location: string): string {
  return /schema=(\w+)/.exec(location)![1]!;
}

/** The pairs' index as the catalog has it: its identity, definition, options, statistics target. */
async function pairsIndex(schema: string): Promise<{ oid: number; def: string; options: string[] | null; stats: number } | undefined> {
  const [row] = await sql<{ oid: number; def: string; options: string[] | null; stats: number }>(
    `SELECT c.oid::int AS oid, pg_get_indexdef(c.oid) AS def, c.reloptions AS options, a.attstattarget AS stats
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
      WHERE n.nspname = $1 AND c.relname = 'article_search_pairs'`,
    [schema],
  );
  return row;
}

async function phrase(location: string, q: string): Promise<string[]> {
  const store = await openStore(location, 'read');
  try {
    return (await searchArticles(store, q, { all: true })).items.map((i) => i.slug).sort();
  } finally {
    await store.close();
  }
}

async function importInto(location: string, file: string, ...flags: string[]): Promise<{ code: number; err: string }> {
  return cli(['--db', location, 'import', file, '--no-progress', ...flags]);
}

describe("postgres: the word pairs' index and an import", () => {
  it('builds the index after the rows of an import into an empty portal, as a new portal has it', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const before = (await pairsIndex(schemaOf(location)))!;
    expect(before.options).toEqual(['gin_pending_list_limit=256']);
    expect(before.stats).toBe(0);

    expect((await importInto(location, corpus('a'))).code).toBe(0);
    const after = (await pairsIndex(schemaOf(location)))!;
    // Another index (dropped and built again), the same in every respect.
    expect(after.oid).not.toBe(before.oid);
    expect({ ...after, oid: 0 }).toEqual({ ...before, oid: 0 });
    expect(await phrase(location, '"an toàn giao thông"')).toEqual(['a-0', 'a-2']);
    expect(await phrase(location, '"giao thông an"')).toEqual(['a-1']);
    expect(await phrase(location, '"toàn giao an"')).toEqual([]);

    // The next import finds articles there: the index is kept as the rows go in.
    expect((await importInto(location, corpus('b'), '--on-conflict', 'skip')).code).toBe(0);
    expect((await pairsIndex(schemaOf(location)))!.oid).toBe(after.oid);
    expect(await phrase(location, '"an toàn giao thông"')).toEqual(['a-0', 'a-2', 'b-0', 'b-2']);
    expect((await cli(['--db', location, 'check'])).code).toBe(0);
  });

  it('leaves the index as it was when the import fails, or is a dry run', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const before = (await pairsIndex(schemaOf(location)))!;
    // A record that cannot be imported, after valid ones: all or nothing.
    const failing = await importInto(location, corpus('c', BODIES, `${JSON.stringify({ type: 'article', slug: 'x', title: '', section: 'nowhere' })}\n`));
    expect(failing.code).not.toBe(0);
    expect(await pairsIndex(schemaOf(location))).toEqual(before);
    expect((await importInto(location, corpus('d'), '--dry-run')).code).toBe(0);
    expect(await pairsIndex(schemaOf(location))).toEqual(before);
    expect(await phrase(location, '"an toàn giao thông"')).toEqual([]);
  });

  it('keeps the index, without waiting, when a reader holds the search table', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const schema = schemaOf(location);
    const before = (await pairsIndex(schema))!;
    const reader = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${schema}.article_search`);
      const t0 = performance.now();
      expect((await importInto(location, corpus('e'))).code).toBe(0);
      expect(performance.now() - t0).toBeLessThan(20_000); // not the 30 s the portal's lock would wait
      await reader.query('COMMIT');
    } finally {
      await reader.end();
    }
    expect((await pairsIndex(schema))!.oid).toBe(before.oid);
    expect(await phrase(location, '"an toàn giao thông"')).toEqual(['e-0', 'e-2']);
  });
});
