// How a postgres:// address is read: libpq's conventions where it is silent, the schema, the
// password kept out of every name shown, and ~/.pgpass as libpq reads it.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseTarget, redactAddress } from '../../src/store/postgres/location.js';
import { pgpassLookup } from '../../src/store/postgres/pgpass.js';
import { tempDir } from '../helpers/db.js';

const NO_ENV = { HOME: '/nonexistent' };

describe('a postgres:// address', () => {
  it('names user, password, host, port, database and schema', () => {
    const t = parseTarget('postgres://editor:p%40ss@db.example.vn:6543/portal?schema=hanoi', NO_ENV);
    expect(t).toMatchObject({ user: 'editor', password: 'p@ss', host: 'db.example.vn', port: 6543, database: 'portal', schema: 'hanoi', server: 'db.example.vn:6543', ssl: false });
    expect(t.display).toBe('postgres://editor@db.example.vn:6543/portal?schema=hanoi');
  });

  it('takes what it leaves out from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE; the schema is newsdesk', () => {
    const t = parseTarget('postgresql://', { HOME: '/nonexistent', PGHOST: 'pg.local', PGPORT: '5433', PGUSER: 'bientap', PGPASSWORD: 'x', PGDATABASE: 'tin' });
    expect(t).toMatchObject({ host: 'pg.local', port: 5433, user: 'bientap', password: 'x', database: 'tin', schema: 'newsdesk' });
    expect(t.display).toBe('postgresql://');
  });

  it('a Unix socket: ?host=/folder or an empty host with PGHOST; the database defaults to the user', () => {
    expect(parseTarget('postgresql:///portal?host=/run/pg&port=5499', NO_ENV)).toMatchObject({ host: '/run/pg', port: 5499, database: 'portal', server: '/run/pg:5499' });
    expect(parseTarget('postgresql://editor@/?host=%2Frun%2Fpg', NO_ENV)).toMatchObject({ host: '/run/pg', user: 'editor', database: 'editor' });
  });

  it('sslmode: disable and prefer plain, require without checking, verify-full checking the certificate', () => {
    expect(parseTarget('postgres://h/db?sslmode=require', NO_ENV).ssl).toEqual({ rejectUnauthorized: false });
    expect(parseTarget('postgres://h/db?sslmode=verify-full', NO_ENV).ssl).toEqual({ rejectUnauthorized: true });
    expect(parseTarget('postgres://h/db?sslmode=prefer', NO_ENV).ssl).toBe(false);
    expect(parseTarget('postgres://h/db', { ...NO_ENV, PGSSLMODE: 'require' }).ssl).toEqual({ rejectUnauthorized: false });
  });

  it.each([
    ['postgres://h/db?schema=Bad-Name', 'is not a plain name'],
    ['postgres://h/db?schema=a%22b', 'is not a plain name'],
    ['postgres://h/db?port=99999', 'the port "99999" is not a port number'],
    ['postgres://u:s3cret@h:99999/db', '--db: postgres://u@h:99999/db is not a valid postgres:// address'],
    ['postgres://h/db?sslmode=sometimes', 'sslmode "sometimes"'],
    ['postgres://h/db?colour=blue', 'unknown parameter "colour"'],
    ['postgres://h/db?connect_timeout=soon', 'connect_timeout "soon"'],
  ])('%s is a usage error (%s)', (address, message) => {
    expect(() => parseTarget(address, NO_ENV)).toThrow(UsageError);
    expect(() => parseTarget(address, NO_ENV)).toThrow(message);
  });

  it('a password never reaches a message, even in a bad address', () => {
    expect(redactAddress('postgres://u:s3cret@h/db?password=other&x=1')).toBe('postgres://u@h/db?password=***&x=1');
    expect(() => parseTarget('postgres://u:s3cret@h:0/db', NO_ENV)).toThrow(/^(?!.*s3cret)/);
    try {
      parseTarget('postgres://u:s3cret@h/db?schema=BAD', NO_ENV);
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cret');
    }
  });
});

describe('~/.pgpass', () => {
  function pgpass(text: string, mode = 0o600): Record<string, string> {
    const home = tempDir();
    writeFileSync(join(home, '.pgpass'), text);
    chmodSync(join(home, '.pgpass'), mode);
    return { HOME: home };
  }

  it('the first line that matches wins; * matches anything; \\: and \\\\ are escapes; a socket is localhost', () => {
    const env = pgpass(['# comment', 'other:5432:*:editor:nope', 'db.example.vn:5432:portal:editor:a\\:b\\\\c', '*:*:*:editor:fallback', ''].join('\n'));
    expect(pgpassLookup('db.example.vn', 5432, 'portal', 'editor', env)).toBe('a:b\\c');
    expect(pgpassLookup('db.example.vn', 5433, 'portal', 'editor', env)).toBe('fallback');
    expect(pgpassLookup('/run/pg', 5432, 'x', 'editor', env)).toBe('fallback');
    expect(pgpassLookup('db.example.vn', 5432, 'portal', 'someone', env)).toBeUndefined();
    expect(parseTarget('postgres://editor@db.example.vn/portal', env).password).toBe('a:b\\c');
  });

  it('is ignored when others may read it, as libpq ignores it', () => {
    const env = pgpass('*:*:*:*:secret\n', 0o644);
    expect(pgpassLookup('h', 5432, 'd', 'u', env)).toBeUndefined();
  });

  it('PGPASSFILE names another file; a password in the address comes first', () => {
    const env = pgpass('*:*:*:*:from-file\n');
    const other = { PGPASSFILE: join(env.HOME!, '.pgpass'), HOME: '/nonexistent' };
    expect(pgpassLookup('h', 5432, 'd', 'u', other)).toBe('from-file');
    expect(parseTarget('postgres://u:given@h/d', other).password).toBe('given');
  });
});
