// A real, throwaway PostgreSQL server for the tests of the PostgreSQL backend: Debian's
// PostgreSQL (initdb + pg_ctl), a cluster in a temporary folder run by an unprivileged user
// (postgres, when the tests run as root: initdb refuses root), listening on a Unix socket in
// that folder and on a free loopback port, stopped and deleted when the test file ends. No
// mocks: every query goes to the server. When PostgreSQL is missing, the tests fail with the
// advice to install it (scripts/test-prereqs.js installs it on our machines).
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** The role the password tests log in as, and its password. */
export const PASSWORD_ROLE = 'editor_pw';
export const PASSWORD = 'S3cr3t-pässwörd-never-shown';
export const DATABASE = 'newsdesk_test';

export interface PgServer {
  /** The folder of the server's socket. */
  socketDir: string;
  /** The loopback port it listens on. */
  port: number;
  /** An address of a new, empty portal (a schema of its own) on the socket, as the superuser. */
  newLocation(): string;
  /** The same server over TCP with the password role. */
  passwordLocation(password?: string): string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: the tests of the PostgreSQL backend need its server binaries. Install them with: sudo apt-get install -y postgresql');
  }
  return join(root, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

function run(cmd: string, args: string[]): string {
  const argv = asRoot ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

let schemas = 0;

export async function startPostgres(): Promise<PgServer & { destroy(): void }> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-pg-'));
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  // The password role logs in with its password; every other role is trusted (tests only).
  const hba = [
    `local all ${PASSWORD_ROLE} scram-sha-256`,
    `host all ${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256`,
    'local all all trust',
    'host all all 127.0.0.1/32 trust',
  ].join('\n');
  writeFileSync(join(dir, 'pg_hba.conf'), `${hba}\n`);
  if (asRoot) chownSync(join(dir, 'pg_hba.conf'), Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
  const options = [
    `-k ${dir}`,
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c hba_file=${join(dir, 'pg_hba.conf')}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
    '-c shared_buffers=32MB',
  ].join(' ');
  const start = (): void => void run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast'): void => void run(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  const psql = (sql: string, db = 'postgres'): void => void run(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
  psql(`CREATE DATABASE ${DATABASE}`);
  psql(`CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD '${PASSWORD}'; GRANT ALL ON DATABASE ${DATABASE} TO ${PASSWORD_ROLE}`);
  return {
    socketDir: dir,
    port,
    newLocation: () => `postgresql://postgres@/${DATABASE}?host=${encodeURIComponent(dir)}&port=${port}&schema=portal_${process.pid}_${++schemas}`,
    passwordLocation: (password = PASSWORD) => `postgres://${PASSWORD_ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}?schema=pw_${process.pid}_${++schemas}`,
    stop,
    start,
    destroy() {
      try {
        stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One server for the test file: started before its tests, stopped and deleted after them. */
export function usePostgres(): PgServer {
  let server: (PgServer & { destroy(): void }) | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.destroy());
  const get = (): PgServer => {
    if (!server) throw new Error('the PostgreSQL server of this file has not started');
    return server;
  };
  return {
    get socketDir() {
      return get().socketDir;
    },
    get port() {
      return get().port;
    },
    newLocation: () => get().newLocation(),
    passwordLocation: (p) => get().passwordLocation(p),
    stop: (m) => get().stop(m),
    start: () => get().start(),
  };
}

/** Runs `text` on the server's test database as the superuser, on a connection of its own. */
export async function superuserSql<R extends pg.QueryResultRow>(server: PgServer, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
