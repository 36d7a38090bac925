// newsdesk copy --to TARGET between an SQLite file and a PostgreSQL schema, both ways, and
// backup of a PostgreSQL portal: the whole portal or, if anything fails, nothing of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { openStore } from '../../src/store/open.js';
import { cli, type CliResult } from '../helpers/cli.js';
import { FIXED_NOW, tempDir } from '../helpers/db.js';
import { png } from '../helpers/png.js';
import { seedPortal } from '../helpers/portal.js';
import { DATABASE, usePostgres } from '../helpers/pg.js';

const server = usePostgres();

/** An SQLite portal with sections, links, articles (drafts too), an image and settings. */
async function filePortal(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'portal.db');
  await seedPortal(db, 25);
  const store = await openStore(db, 'write');
  try {
    const src = await store.media.put(png(3, 2), 'image/png', FIXED_NOW);
    await addArticle(store, { title: 'Ảnh hoạt động Hòa Bình', section: 'kinh-te', images: [{ src, caption: 'Ảnh', alt: 'Ảnh' }], body: 'Nội dung' }, { now: FIXED_NOW });
    await store.settings.set({ title: 'Cổng thông tin điện tử huyện Sơn Lâm', per_page: 7 });
  } finally {
    await store.close();
  }
  return { dir, db };
}

async function exported(db: string, dir: string, name: string): Promise<string> {
  const r = await cli(['--db', db, 'export', 'json', '--out', name], { cwd: dir });
  expect(r.code, r.err).toBe(0);
  return readFileSync(join(dir, name), 'utf8').replace(/"exported_at":\s*"[^"]*"/, '');
}

const ok = (r: CliResult): CliResult => {
  expect(r.code, r.err).toBe(0);
  return r;
};

describe('copy between backends', () => {
  it('file → PostgreSQL → file: export json of every side is the same but for exported_at', async () => {
    const { dir, db } = await filePortal();
    const pgLocation = server.newLocation();
    const there = ok(await cli(['--db', db, 'copy', '--to', pgLocation], { cwd: dir }));
    expect(there.err).toBe(`Copied 26 articles, 5 sections, 3 links and 1 media file from ${db} to ${pgLocation}\n`);
    const back = join(dir, 'offline', 'copy.db');
    ok(await cli(['--db', pgLocation, 'copy', '--to', 'offline/copy.db'], { cwd: dir }));
    const original = await exported(db, dir, 'a.json');
    expect(original).toContain('"per_page":7');
    expect(await exported(pgLocation, dir, 'b.json')).toBe(original);
    expect(await exported(back, dir, 'c.json')).toBe(original);
    for (const location of [pgLocation, back]) {
      expect(ok(await cli(['--db', location, 'check'])).out).toMatch(/^ok: 26 articles, 5 sections, 3 links, 1 media;/);
      expect((await cli(['--db', location, 'search', 'hoa binh', '--format', 'ids'])).out).toBe((await cli(['--db', db, 'search', 'hoa binh', '--format', 'ids'])).out);
    }
    // New articles after the copy continue the ids, as on the source.
    const added = ok(await cli(['--db', pgLocation, 'article', 'add', '--title', 'Bài mới', '--section', 'kinh-te']));
    expect(added.out).toBe('27\n');
  });

  it('into an initialised, empty portal: allowed; into one that holds a portal: refused, untouched', async () => {
    const { dir, db } = await filePortal();
    const empty = server.newLocation();
    ok(await cli(['--db', empty, 'init', '--title', 'Trống']));
    ok(await cli(['--db', db, 'copy', '--to', empty], { cwd: dir }));
    const again = await cli(['--db', db, 'copy', '--to', empty], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.err).toBe(`newsdesk: ${empty} already holds a portal\nhint: copy into a new file or schema, or an initialised, empty portal\n`);
    expect(ok(await cli(['--db', empty, 'article', 'list', '--format', 'count'])).out).toBe('26\n');
    // A file that holds a portal: the same, and the file is left as it was.
    const other = join(dir, 'other.db');
    await seedPortal(other, 2);
    const before = readFileSync(other);
    const refused = await cli(['--db', empty, 'copy', '--to', other], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('already holds a portal');
    expect(ok(await cli(['--db', other, 'article', 'list', '--format', 'count'])).out).toBe('2\n');
    expect(readFileSync(other).length).toBe(before.length);
  });

  it('a copy that fails on the way leaves nothing on the target', async () => {
    const { dir, db } = await filePortal();
    const target = server.newLocation();
    ok(await cli(['--db', target, 'init']));
    // The target's server refuses the 20th article (a rule of its administrator, say).
    const schema = /schema=([a-z0-9_]+)/.exec(target)![1]!;
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await client.connect();
    await client.query(`CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = 20 THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
                        CREATE TRIGGER refuse BEFORE INSERT ON ${schema}.articles FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse()`);
    await client.end();
    const r = await cli(['--db', db, 'copy', '--to', target], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^newsdesk: database error \(P0001: refused\)\n/);
    const store = await openStore(target, 'read');
    try {
      expect(await store.sections.tree()).toEqual([]);
      expect(await store.links.all()).toEqual([]);
      expect(await store.articles.count({})).toBe(0);
      expect(await store.media.has('0'.repeat(64))).toBe(false);
      expect((await store.site()).title).not.toBe('Cổng thông tin điện tử huyện Sơn Lâm');
    } finally {
      await store.close();
    }
  });

  it('the portal itself is not a target', async () => {
    const location = server.newLocation();
    ok(await cli(['--db', location, 'init']));
    const r = await cli(['--db', location, 'copy', '--to', location]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('newsdesk: the copy cannot be the portal itself\nhint: give --to a new file or another schema\n');
    const missing = await cli(['--db', location, 'copy']);
    expect(missing.code).toBe(2);
  });
});

describe('backup of a PostgreSQL portal', () => {
  it('a consistent SQLite file that --db opens as is', async () => {
    const { dir, db } = await filePortal();
    const location = server.newLocation();
    ok(await cli(['--db', db, 'copy', '--to', location], { cwd: dir }));
    const r = ok(await cli(['--db', location, 'backup', 'backups/portal.db'], { cwd: dir }));
    expect(r.err).toMatch(new RegExp(`^Backed up ${location.replace(/[?.*+^$()|[\]\\]/g, '\\$&')} to ${join(dir, 'backups', 'portal.db')} \\(\\d+ KB\\)\n$`));
    expect(await exported(join(dir, 'backups', 'portal.db'), dir, 'b.json')).toBe(await exported(db, dir, 'a.json'));
    const exists = await cli(['--db', location, 'backup', 'backups/portal.db'], { cwd: dir });
    expect(exists.code).toBe(1);
    expect(exists.err).toBe('newsdesk: backups/portal.db exists\nhint: add --force to overwrite it\n');
  });
});
