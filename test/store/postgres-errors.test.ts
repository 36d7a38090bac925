// Server failures named for a person: which SQLSTATE says what, and never the password.
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/core/errors.js';
import { translatePgError } from '../../src/store/postgres/errors.js';
import { parseTarget } from '../../src/store/postgres/location.js';

const target = parseTarget('postgres://editor:s3cret-pw@db.example.vn:6543/portal', { HOME: '/nonexistent' });
const fromServer = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('a PostgreSQL error', () => {
  it('cancelled by a statement_timeout says so, not that another process holds a lock', () => {
    const err = translatePgError(fromServer('57014', 'canceling statement due to statement timeout'), target) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.message).toMatch(/cancelled the command .*canceling statement due to statement timeout.*nothing was written/);
    expect(err.message).not.toMatch(/locked/);
    expect(err.hint).toMatch(/statement_timeout/);
    expect(`${err.message} ${err.hint}`).not.toContain('s3cret-pw');
  });

  it('of a lock not granted in time (our lock_timeout) says the portal stayed locked', () => {
    const err = translatePgError(fromServer('55P03', 'canceling statement due to lock timeout'), target) as DatabaseError;
    expect(err.message).toMatch(/stayed locked by another process/);
    expect(err.message).not.toContain('s3cret-pw');
  });
});
