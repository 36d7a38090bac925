// The PostgreSQL backend when things go wrong: a server that cannot be reached or does not
// answer, a wrong or missing password (which never appears in any output, trace or the
// process title), a schema that is not a portal, one from a newer newsdesk, and the server
// stopped in the middle of an import, a copy or an edit (nothing half-written).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { needBuild } from '../helpers/build.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { DATABASE, PASSWORD, PASSWORD_ROLE, usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const BIN = fileURLToPath(new URL('../../bin/newsdesk.js', import.meta.url));
needBuild();

const silent: Server[] = [];
afterEach(async () => {
  while (silent.length) await new Promise((r) => silent.pop()!.close(r));
});

/** A port that accepts connections and never says a word (a server hung, a firewall dropping). */
async function silentPort(): Promise<number> {
  const sockets: Socket[] = [];
  const srv = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  srv.on('close', () => sockets.forEach((s) => s.destroy()));
  const close = srv.close.bind(srv);
  srv.close = ((cb?: (err?: Error) => void) => {
    sockets.forEach((s) => s.destroy());
    return close(cb);
  }) as typeof srv.close;
  silent.push(srv);
  return (srv.address() as { port: number }).port;
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function binary(args: string[], env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH!, NO_COLOR: '1', HOME: tempDir(), ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** SQL run on the test server as its superuser (setting up what newsdesk must refuse). */
async function sql(text: string): Promise<void> {
  const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('postgres: a server out of reach', () => {
  it('refused: exit 1 naming the host and port, with a hint', async () => {
    const port = await closedPort();
    const r = await cli(['--db', `postgres://editor@127.0.0.1:${port}/portal`, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `newsdesk: cannot reach the PostgreSQL server at 127.0.0.1:${port} (connection refused)\nhint: check that the server is running and that the host and port of --db (or PGHOST, PGPORT) are right\n`,
    );
  });

  it('silent: gives up after connect_timeout, exit 1 naming the host and port', async () => {
    const port = await silentPort();
    const started = Date.now();
    const r = await cli(['--db', `postgres://editor@127.0.0.1:${port}/portal?connect_timeout=1`, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot reach the PostgreSQL server at 127.0.0.1:${port} (no answer in time)`);
    expect(r.err).toContain('hint: ');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a Unix-socket folder without a server: named as such', async () => {
    const dir = tempDir();
    const r = await cli(['--db', `postgresql:///portal?host=${encodeURIComponent(dir)}`, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot reach the PostgreSQL server at ${dir}:5432 (no server socket there)`);
  });
});

describe('postgres: passwords', () => {
  it('a wrong password: a clear message, and the password appears nowhere, not even in --debug traces', async () => {
    const wrong = 'Wr0ng-p4ss-xyzzy';
    for (const extra of [[], ['--debug']]) {
      for (const cmd of [['init'], ['site', 'show'], ['article', 'list'], ['search', 'hoa'], ['import', 'none.ndjson'], ['export', 'json'], ['backup', 'b.db'], ['copy', '--to', 'c.db']]) {
        const r = await cli([...extra, '--db', server.passwordLocation(wrong), ...cmd], { cwd: tempDir(), env: { NO_COLOR: '1', NEWSDESK_DEBUG: '1' } });
        expect(r.code, cmd.join(' ')).toBe(1);
        expect(r.err, cmd.join(' ')).toContain(`newsdesk: the PostgreSQL server at 127.0.0.1:${server.port} refused the password of role "${PASSWORD_ROLE}"`);
        expect(r.out + r.err).not.toContain(wrong);
        expect(r.out + r.err).not.toContain(encodeURIComponent(wrong));
      }
    }
  });

  it('the right password works, and is shown nowhere: init, site show, check, errors, --debug', async () => {
    const location = server.passwordLocation();
    const runs = [
      await cli(['--db', location, 'init', '--title', 'Cổng thông tin']),
      await cli(['--db', location, 'site', 'show']),
      await cli(['--db', location, 'check']),
      await cli(['--debug', '--db', location, 'article', 'show', '999']),
      await cli(['--debug', '--db', location, 'section', 'add', 'A', '--parent', 'khong-co']),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 1, 1]);
    expect(runs[0]!.err).toBe(`Initialised ${location.replace(`:${encodeURIComponent(PASSWORD)}@`, '@')}\n`);
    for (const r of runs) expect(r.out + r.err).not.toContain(encodeURIComponent(PASSWORD));
    for (const r of runs) expect(r.out + r.err).not.toContain(PASSWORD);
  });

  it('no password where one is needed: says so; ~/.pgpass and PGPASSWORD supply it', async () => {
    const address = `postgres://${PASSWORD_ROLE}@127.0.0.1:${server.port}/${DATABASE}?schema=pgpass_${process.pid}`;
    const none = binary(['--db', address, 'init']);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`asks for a password for role "${PASSWORD_ROLE}" and none was given`);
    const home = tempDir();
    writeFileSync(join(home, '.pgpass'), `127.0.0.1:${server.port}:${DATABASE}:${PASSWORD_ROLE}:${PASSWORD}\n`);
    chmodSync(join(home, '.pgpass'), 0o600);
    const viaFile = binary(['--db', address, 'init'], { HOME: home });
    expect(viaFile.err).toBe(`Initialised ${address}\n`);
    expect(viaFile.code).toBe(0);
    const viaEnv = binary(['--db', address, 'site', 'show', '--format', 'json', '--debug'], { PGPASSWORD: PASSWORD });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.out + viaEnv.err).not.toContain(PASSWORD);
  });

  it('the process title hides a password given in --db', async () => {
    const port = await silentPort();
    const secret = 'T1tle-s3cret';
    const child = spawn(process.execPath, [BIN, '--db', `postgres://editor:${secret}@127.0.0.1:${port}/portal?connect_timeout=5`, 'article', 'list'], {
      env: { PATH: process.env.PATH!, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    // While it waits for the silent server: what `ps` shows of it, once newsdesk has read --db
    // (before that, the command line as typed: give passwords in ~/.pgpass or PGPASSWORD).
    let cmdline = '';
    for (let i = 0; i < 40 && !cmdline.startsWith('newsdesk '); i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replaceAll('\u0000', ' ');
      } catch {
        // not yet there
      }
    }
    expect(cmdline).toContain('article list');
    expect(cmdline).toContain('postgres://editor@127.0.0.1');
    expect(cmdline).not.toContain(secret);
    expect(await exited).toBe(1);
    expect(err).not.toContain(secret);
  });
});

describe('postgres: schemas that are not ours', () => {
  it('a schema holding another program\'s tables is refused and left untouched', async () => {
    await sql('CREATE SCHEMA shop; CREATE TABLE shop.customers (id int); INSERT INTO shop.customers VALUES (7)');
    const location = server.newLocation().replace(/schema=[a-z0-9_]+/, 'schema=shop');
    for (const cmd of [['init'], ['article', 'list']]) {
      const r = await cli(['--db', location, ...cmd]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `newsdesk: the schema "shop" of ${location} holds tables newsdesk did not make (customers); it was left untouched\nhint: name another schema with ?schema=NAME in --db, or an empty one\n`,
      );
    }
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await client.connect();
    const tables = (await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop'")).rows;
    const rows = (await client.query('SELECT id FROM shop.customers')).rows;
    await client.end();
    expect(tables).toEqual([{ table_name: 'customers' }]);
    expect(rows).toEqual([{ id: 7 }]);
  });

  it('a portal from a newer newsdesk is refused, the same message as for a file', async () => {
    const location = server.newLocation();
    expect((await cli(['--db', location, 'init'])).code).toBe(0);
    const schema = /schema=([a-z0-9_]+)/.exec(location)![1]!;
    await sql(`UPDATE ${schema}.newsdesk_schema SET version = 99`);
    const r = await cli(['--db', location, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^newsdesk: .* was written by a newer newsdesk \(schema 99; this one knows up to \d+\); it was left untouched\nhint: upgrade newsdesk to use this portal\n$/);
  });

  it('reading a portal that does not exist creates nothing; a database that does not exist is named', async () => {
    const location = server.newLocation();
    const r = await cli(['--db', location, 'article', 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`newsdesk: no portal at ${location}\nhint: create it with \`newsdesk init\` (or point --db or NEWSDESK_DB at an existing portal)\n`);
    const schema = /schema=([a-z0-9_]+)/.exec(location)![1]!;
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await client.connect();
    const found = (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rows;
    await client.end();
    expect(found).toEqual([]);
    const noDb = await cli(['--db', location.replace(`/${DATABASE}?`, '/no_such_db?'), 'init']);
    expect(noDb.code).toBe(1);
    expect(noDb.err).toContain('newsdesk: no database "no_such_db" on the PostgreSQL server at');
  });

  it('a schema name that is not a plain name is a usage error', async () => {
    const r = await cli(['--db', server.newLocation().replace(/schema=[a-z0-9_]+/, 'schema=a%22%3Bdrop'), 'init']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not a plain name');
  });
});

describe('postgres: the server stopped in the middle of an import', () => {
  it('exit 1 and nothing half-written: the portal is as before, and whole', async () => {
    const location = server.newLocation();
    const dir = tempDir();
    expect((await cli(['--db', location, 'init'])).code).toBe(0);
    expect((await cli(['--db', location, 'section', 'add', 'Tin tức'])).code).toBe(0);
    expect((await cli(['--db', location, 'article', 'add', '--title', 'Trước khi nhập', '--section', 'tin-tuc'])).code).toBe(0);
    const lines = Array.from({ length: 60_000 }, (_, i) => JSON.stringify({ title: `Bản tin số ${i + 1}`, section: 'tin-tuc', body: 'Nội dung '.repeat(20) }));
    writeFileSync(join(dir, 'big.ndjson'), `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [BIN, '--db', location, 'import', 'big.ndjson'], { cwd: dir, env: { PATH: process.env.PATH!, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    // Wait until the import has written some rows (its transaction is open), then stop the server.
    const probe = await openStore(location, 'read');
    let busy = false;
    for (let i = 0; i < 200 && !busy; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
      await client.connect();
      busy = (await client.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'newsdesk' AND state <> 'idle' AND xact_start < now() - interval '300 ms'")).rows.length > 0;
      await client.end();
    }
    await probe.close();
    expect(busy).toBe(true);
    server.stop('fast');
    const code = await exited;
    server.start();
    expect(code).toBe(1);
    expect(err).toMatch(/newsdesk: the connection to the PostgreSQL server at .* was lost: the unfinished change was not written\n/);
    const store = await openStore(location, 'read');
    try {
      expect(await store.articles.count({})).toBe(1);
      expect((await store.articles.list({}, { field: 'default', desc: true })).map((a) => a.title)).toEqual(['Trước khi nhập']);
      expect((await store.check()).problems).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});

/** True once the portal's schema, made in one unit, is committed (its version table visible). */
async function portalCreated(schema: string): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await client.connect();
    try {
      if ((await client.query('SELECT to_regclass($1) AS t', [`${schema}.newsdesk_schema`])).rows[0].t !== null) return true;
    } finally {
      await client.end();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** True once a newsdesk connection has held a transaction open for a while (it is mid-write). */
async function newsdeskMidTransaction(extra = ''): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await client.connect();
    try {
      const rows = (await client.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'newsdesk' AND state <> 'idle' AND xact_start < now() - interval '300 ms'${extra}`)).rows;
      if (rows.length > 0) return true;
    } finally {
      await client.end();
    }
  }
  return false;
}

describe('postgres: the server stopped in the middle of a copy or an edit', () => {
  it('copy --to postgres://…: exit 1, a clear message without the password, and nothing on the target but the empty portal', async () => {
    const dir = tempDir();
    const source = join(dir, 'source.db');
    expect((await cli(['--db', source, 'init'])).code).toBe(0);
    expect((await cli(['--db', source, 'section', 'add', 'Tin tức'])).code).toBe(0);
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ title: `Bản tin số ${i + 1}`, section: 'tin-tuc', status: 'published', published_at: '2024-01-01T08:00:00+07:00', body: 'Nội dung '.repeat(20) }));
    writeFileSync(join(dir, 'big.ndjson'), `${lines.join('\n')}\n`);
    expect((await cli(['--db', source, 'import', join(dir, 'big.ndjson'), '--no-progress'])).code).toBe(0);
    const target = server.passwordLocation();
    const child = spawn(process.execPath, [BIN, '--db', source, 'copy', '--to', target], { cwd: dir, env: { PATH: process.env.PATH!, NO_COLOR: '1', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    // The target's creation commits first (a unit that a loaded machine can hold open for
    // longer than the wait below): the long transaction sought is the copy's, after it.
    expect(await portalCreated(/schema=(\w+)/.exec(target)![1]!)).toBe(true);
    const midCopy = await newsdeskMidTransaction();
    server.stop('fast');
    const code = await exited;
    server.start();
    expect(midCopy).toBe(true);
    expect(code).toBe(1);
    expect(out).toMatch(/newsdesk: the connection to the PostgreSQL server at 127\.0\.0\.1:\d+ .*was lost: the unfinished change was not written\n/);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(encodeURIComponent(PASSWORD));
    // The target was created (an empty portal) before the copy's one transaction began; none
    // of what that transaction wrote is there.
    const store = await openStore(target, 'read');
    try {
      expect(await store.articles.count({})).toBe(0);
      expect(await store.sections.tree()).toEqual([]);
      expect((await store.check()).problems).toEqual([]);
    } finally {
      await store.close();
    }
    // And the copy can be made again, whole.
    const again = await cli(['--db', source, 'copy', '--to', target]);
    expect(again.code).toBe(0);
    const copied = await openStore(target, 'read');
    try {
      expect(await copied.articles.count({})).toBe(30_000);
    } finally {
      await copied.close();
    }
  }, 180_000);

  it('article edit: exit 1, a clear message without the password, and the article unchanged', async () => {
    const location = server.passwordLocation();
    expect((await cli(['--db', location, 'init'])).code).toBe(0);
    expect((await cli(['--db', location, 'section', 'add', 'Tin tức'])).code).toBe(0);
    expect((await cli(['--db', location, 'article', 'add', '--title', 'Trước khi sửa', '--section', 'tin-tuc', '--body', 'Nội dung cũ'])).code).toBe(0);
    const schema = /schema=(\w+)/.exec(location)![1]!;
    // Another writer holds the portal's lock: the edit has begun its transaction and waits
    // for its turn when the server stops.
    const holder = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await holder.connect();
    holder.on('error', () => {});
    await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x4e44534b, schema]);
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, '--db', location, 'article', 'edit', '1', '--title', 'Sau khi sửa', '--body', 'Nội dung mới'], {
      cwd: dir,
      env: { PATH: process.env.PATH!, NO_COLOR: '1', HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const midEdit = await newsdeskMidTransaction(" AND wait_event_type = 'Lock'");
    server.stop('fast');
    const code = await exited;
    await holder.end().catch(() => {});
    server.start();
    expect(midEdit).toBe(true);
    expect(code).toBe(1);
    expect(out).toMatch(/^newsdesk: the connection to the PostgreSQL server at 127\.0\.0\.1:\d+ .*was lost: the unfinished change was not written\n/);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(encodeURIComponent(PASSWORD));
    const store = await openStore(location, 'read');
    try {
      const a = (await store.articles.find(1))!;
      expect([a.title, a.body]).toEqual(['Trước khi sửa', 'Nội dung cũ']);
      expect(await store.articles.count({})).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
