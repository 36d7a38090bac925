// What a postgres:// address names: the server, the role, the database and the schema of the
// portal, read with libpq's conventions where the address is silent (PGHOST, PGPORT, PGUSER,
// PGPASSWORD, PGDATABASE, ~/.pgpass, sslmode=, a Unix-socket host). The password is kept in the
// connection settings only: every name of the portal shown to a person is `display`.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { pgpassLookup } from './pgpass.js';
import { english } from '../../i18n/issues.js';

export interface PgTarget {
  /** The address as the user gave it, without the password (store.location, messages). */
  display: string;
  /** Host (or socket folder) and port, for messages: "localhost:5432", "/var/run/postgresql:5432". */
  server: string;
  host: string;
  port: number;
  user: string;
  database: string;
  /** The password given in the address, PGPASSWORD or ~/.pgpass; undefined when none is. */
  password: string | undefined;
  schema: string;
  ssl: boolean | { rejectUnauthorized: boolean };
  connectTimeoutMs: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DEFAULT_SOCKET_DIR = '/var/run/postgresql';
const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** The address with any password taken out (of the user part and of a password= parameter). */
export function redactAddress(address: string): string {
  let out = address.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon === -1 ? userinfo : userinfo.slice(0, colon)}@`;
  });
  out = out.replace(/([?&]password=)[^&#]*/gi, '$1***');
  return out;
}

function param(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  return v === null || v === '' ? undefined : v;
}

export function parseTarget(address: string, env: Record<string, string | undefined> = process.env): PgTarget {
  let url: URL;
  try {
    // A URL with an empty host (postgresql:///db) parses once given a placeholder host.
    url = new URL(address.replace(/^(postgres(?:ql)?:\/\/)([^/?#]*@)?(?=[/?]|$)/i, (_m, s: string, u: string | undefined) => `${s}${u ?? ''}__socket__`));
  } catch {
    throw new UsageError(english('issue.pgBadAddress', { address: redactAddress(address) }), english('issue.pgAddressHint'));
  }
  const known = new Set(['schema', 'host', 'port', 'user', 'password', 'dbname', 'sslmode', 'connect_timeout', 'application_name']);
  for (const key of url.searchParams.keys()) {
    if (!known.has(key)) throw new UsageError(english('issue.pgUnknownParam', { key }), english('issue.pgKnown', { keys: [...known].join(', ') }));
  }
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new UsageError(english('issue.pgBadEscape', { address: redactAddress(address) }));
    }
  };
  const urlHost = url.hostname === '__socket__' ? '' : decode(url.hostname.replace(/^\[(.+)\]$/, '$1'));
  const host = param(url, 'host') ?? (urlHost || env.PGHOST || (existsSync(DEFAULT_SOCKET_DIR) ? DEFAULT_SOCKET_DIR : 'localhost'));
  const portText = param(url, 'port') ?? (url.port || env.PGPORT || '5432');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(english('issue.pgPort', { port: portText }));
  const user = param(url, 'user') ?? (decode(url.username) || env.PGUSER || userInfo().username);
  const fromPath = decode(url.pathname.replace(/^\//, ''));
  const database = param(url, 'dbname') ?? (fromPath || env.PGDATABASE || user);
  const password = param(url, 'password') ?? (url.password ? decode(url.password) : env.PGPASSWORD) ?? pgpassLookup(host, port, database, user, env);
  const schema = param(url, 'schema') ?? 'newsdesk';
  if (!SCHEMA_NAME.test(schema)) {
    throw new UsageError(english('issue.pgSchemaName', { schema }), english('issue.pgSchemaNameHint'));
  }
  const sslmode = param(url, 'sslmode') ?? env.PGSSLMODE ?? 'disable';
  let ssl: PgTarget['ssl'];
  switch (sslmode) {
    case 'disable':
    case 'allow':
    case 'prefer':
      // The driver cannot fall back from TLS to plain: "prefer" is taken as plain, as on a socket.
      ssl = false;
      break;
    case 'require':
      ssl = { rejectUnauthorized: false };
      break;
    case 'verify-ca':
    case 'verify-full':
      ssl = { rejectUnauthorized: true };
      break;
    default:
      throw new UsageError(english('issue.pgSslmode', { sslmode }));
  }
  const timeoutText = param(url, 'connect_timeout') ?? env.PGCONNECT_TIMEOUT ?? String(DEFAULT_CONNECT_TIMEOUT_S);
  const timeout = Number(timeoutText);
  if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(english('issue.pgTimeout', { value: timeoutText }));
  return {
    display: redactAddress(address),
    server: `${host}:${port}`,
    host,
    port,
    user,
    database,
    password,
    schema,
    ssl: host.startsWith('/') ? false : ssl,
    connectTimeoutMs: (timeout || DEFAULT_CONNECT_TIMEOUT_S) * 1000,
  };
}

/** Takes any password out of the process title (what `ps` shows of the command line). */
export function redactProcessTitle(address: string): void {
  if (redactAddress(address) === address) return;
  try {
    process.title = ['newsdesk', ...process.argv.slice(2).map((a) => (a === address || a.includes('://') ? redactAddress(a) : a))].join(' ');
  } catch {
    // a platform that cannot set the title: nothing to hide it from there
  }
}
