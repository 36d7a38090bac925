// The import session's slug filter on PostgreSQL: the hashes it reads from the server are the
// ones it computes itself, every slug in the portal is a "maybe", and an import that relies on
// it still finds every taken slug (a title used before gets -2, an explicit slug taken is a
// conflict), as on SQLite.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { slugHash, SlugFilter } from '../../src/store/postgres/slug-filter.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { DATABASE, usePostgres } from '../helpers/pg.js';

const server = usePostgres();

async function withClient<T>(schema: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('postgres: the slug filter of an import session', () => {
  it('hashes a slug as the server does, bytes of UTF-8 included', async () => {
    const texts = ['duong-ve-ban', 'bai-viet-2', 'hòa-bình', 'x'.repeat(300), '', 'đảng-viên-🙂'];
    const server_ = await withClient('public', async (c) => (await c.query<{ h: number }>("SELECT ('x' || left(md5(t), 8))::bit(32)::int AS h FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n", [texts])).rows.map((r) => r.h));
    expect(texts.map(slugHash)).toEqual(server_);
  });

  it('says "maybe" for every slug in the portal and for the ones added, "no" for others', async () => {
    const location = server.newLocation();
    const store = await openStore(location, 'write');
    const taken: string[] = [];
    try {
      const { addSection } = await import('../../src/ops/sections.js');
      const { addArticle } = await import('../../src/ops/articles.js');
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      await store.transaction(async (tx) => {
        for (let i = 0; i < 120; i++) taken.push((await addArticle(tx, { title: `Bản tin ${i}`, section: 'tin-tuc' }, { now: Date.UTC(2024, 0, 1) })).slug);
      });
    } finally {
      await store.close();
    }
    const schema = /schema=(\w+)/.exec(location)![1]!;
    const filter = await withClient(schema, (c) => SlugFilter.load({ query: async (sql, params) => (await c.query(sql, params as unknown[])).rows }));
    for (const slug of taken) expect(filter.mayExist(slug)).toBe(true);
    const absent = Array.from({ length: 500 }, (_, i) => `chua-co-${i}`);
    expect(absent.filter((s) => filter.mayExist(s))).toEqual([]);
    // Added past the point where they are merged into the sorted hashes: still found.
    const added = Array.from({ length: 70_000 }, (_, i) => `moi-${i}`);
    for (const s of added) filter.add(s);
    expect(added.every((s) => filter.mayExist(s))).toBe(true);
    expect(taken.every((s) => filter.mayExist(s))).toBe(true);
  });

  it('an import finds every taken slug, as on SQLite: conflicts, skips and updates, within the input too', async () => {
    const dir = tempDir();
    const records = [
      { title: 'Đường về bản', section: 'tin-tuc' },
      { title: 'Đường về bản', section: 'tin-tuc', body: 'Lần hai' },
      { title: 'Trùng', section: 'tin-tuc', slug: 'tin-rieng' },
      { title: 'Mới hẳn', section: 'tin-tuc' },
    ];
    writeFileSync(join(dir, 'a.ndjson'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const run = async (location: string): Promise<string[]> => {
      const outputs: string[] = [];
      for (const step of [
        ['init'],
        ['section', 'add', 'Tin tức'],
        ['article', 'add', '--title', 'Đường về bản', '--section', 'tin-tuc'],
        ['article', 'add', '--title', 'Khác', '--section', 'tin-tuc', '--slug', 'tin-rieng'],
        ['import', join(dir, 'a.ndjson'), '--format', 'json'],
        ['import', join(dir, 'a.ndjson'), '--on-conflict', 'skip', '--format', 'json'],
        ['import', join(dir, 'a.ndjson'), '--on-conflict', 'update', '--format', 'json'],
        ['article', 'list', '--sort', 'slug', '--format', 'csv'],
      ]) {
        const r = await cli(['--db', location, ...step]);
        outputs.push(`${r.code}\n${r.out}\n${r.err.replaceAll(location, '<portal>').replace(/in \d+\.\d+ s/, '')}`);
      }
      return outputs;
    };
    const sqlite = await run(join(tempDir(), 'portal.db'));
    const postgres = await run(server.newLocation());
    expect(postgres).toEqual(sqlite);
    expect(sqlite[4]!.startsWith('1\n')).toBe(true);
    expect(sqlite[7]).toContain('duong-ve-ban');
  });
});
