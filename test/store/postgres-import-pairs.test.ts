// The word pairs' index and an import on PostgreSQL (pairs-deferred.ts): a copy into an empty
// portal builds the index after its rows; an import (even into an empty portal, so that a
// search meanwhile answers at once), a copy while a reader holds the search table, a dry run
// or a failed import leave the index as it was. Either way, phrases find the same articles.
// And a search while an import fills an empty portal answers at once, as on SQLite.
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
  it('keeps the index as an import into an empty portal goes', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const before = (await pairsIndex(schemaOf(location)))!;
    expect((await importInto(location, corpus('i'))).code).toBe(0);
    expect((await pairsIndex(schemaOf(location)))!.oid).toBe(before.oid);
    expect(await phrase(location, '"an toàn giao thông"')).toEqual(['i-0', 'i-2']);
  });

  it('lets a search of an empty portal answer while an import fills it; a copy makes it wait', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    /** Whether a search from another connection answers while a session of these options is open. */
    const answersDuring = async (wholePortal: boolean): Promise<boolean> => {
      const writer = await openStore(location, 'write');
      const session = await writer.importSession({ dryRun: false, wholePortal });
      const searching = phrase(location, '"an toàn giao thông"');
      try {
        const first = await Promise.race([searching.then(() => 'answered'), new Promise((done) => setTimeout(() => done('waiting'), 5_000))]);
        return first === 'answered';
      } finally {
        await session.end();
        await writer.close();
        expect(await searching).toEqual([]);
      }
    };
    expect(await answersDuring(false)).toBe(true);
    // The copy's session drops the index until it commits: the reader waits (and is answered after).
    expect(await answersDuring(true)).toBe(false);
  });

  it('builds the index after the rows of a copy into an empty portal, as a new portal has it', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const before = (await pairsIndex(schemaOf(location)))!;
    expect(before.options).toEqual(['gin_pending_list_limit=256']);
    expect(before.stats).toBe(0);

    const source = join(tempDir(), 'source.db');
    expect((await cli(['--db', source, 'init', '--title', 'T'])).code).toBe(0);
    expect((await importInto(source, corpus('a'))).code).toBe(0);
    const copied = await cli(['--db', source, 'copy', '--to', location]);
    expect(copied.code, copied.err).toBe(0);
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

  it('keeps the index, without waiting, when a reader holds the search table as a copy begins', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const source = join(tempDir(), 'source-e.db');
    expect((await cli(['--db', source, 'init', '--title', 'T'])).code).toBe(0);
    expect((await importInto(source, corpus('e'))).code).toBe(0);
    const schema = schemaOf(location);
    const before = (await pairsIndex(schema))!;
    const reader = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${schema}.article_search`);
      const t0 = performance.now();
      expect((await cli(['--db', source, 'copy', '--to', location])).code).toBe(0);
      expect(performance.now() - t0).toBeLessThan(20_000); // not the 30 s the portal's lock would wait
      await reader.query('COMMIT');
    } finally {
      await reader.end();
    }
    expect((await pairsIndex(schema))!.oid).toBe(before.oid);
    expect(await phrase(location, '"an toàn giao thông"')).toEqual(['e-0', 'e-2']);
  });
});

describe('postgres: a page of a marked query from its best candidates', () => {
  it('ranks a row whose spelling column another program left empty as not spelled as typed, on every page', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init', '--title', 'T'])).code).toBe(0);
    const lines = [JSON.stringify({ type: 'section', slug: 'tin-tuc', title: 'Tin tức' })];
    lines.push(JSON.stringify({ type: 'article', slug: 'k-0', title: 'Tin hoa', section: 'tin-tuc', status: 'published', published_at: '2024-01-05T08:00:00+07:00', body: 'hoa' }));
    for (let i = 1; i <= 4; i++) lines.push(JSON.stringify({ type: 'article', slug: `k-${i}`, title: `Tin hòa ${i}`, section: 'tin-tuc', status: 'published', published_at: `2024-01-0${i}T08:00:00+07:00`, body: 'hòa' }));
    const file = join(tempDir(), 'k.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await importInto(location, file)).code).toBe(0);
    // An outside write the triggers accept (check reports it until reindex).
    await sql(`UPDATE ${schemaOf(location)}.articles SET search_spelling = NULL WHERE slug = 'k-0'`);
    const store = await openStore(location, 'read');
    try {
      const all = (await searchArticles(store, 'hòa', { all: true })).items.map((i) => i.slug);
      expect(all[all.length - 1]).toBe('k-0');
      const paged: string[] = [];
      for (let page = 1; page <= 3; page++) paged.push(...(await searchArticles(store, 'hòa', { page, perPage: 2 })).items.map((i) => i.slug));
      expect(paged).toEqual(all);
    } finally {
      await store.close();
    }
  });
});
