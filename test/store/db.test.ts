import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseError, IOError, NotFoundError } from '../../src/core/errors.js';
import { APPLICATION_ID, BUSY_TIMEOUT_MS, CREATE_HINT } from '../../src/store/sqlite/db.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../src/store/sqlite/migrations.js';
import type { SqliteHandle } from '../../src/store/sqlite/handle.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { ConflictError } from '../../src/core/errors.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';

/** Who makes the changes (their revisions record it). */
const WRITER = { at: 0, by: 'test' };

function pragma(path: string, name: string): unknown {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

function tables(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** A newsdesk database written by this version, closed. */
async function makeNewsdeskDb(dir: string, name = 'news.db'): Promise<string> {
  const path = join(dir, name);
  await (await SqliteStore.open(path, 'write')).close();
  return path;
}

async function expectRefusedAndUnchanged(path: string, mode: 'read' | 'write', kind: typeof DatabaseError | typeof IOError, message: RegExp): Promise<void> {
  const dir = join(path, '..');
  const before = readFileSync(path);
  const filesBefore = readdirSync(dir).sort();
  let error: unknown;
  try {
    await (await SqliteStore.open(path, mode)).close();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(kind);
  expect((error as Error).message).toMatch(message);
  expect(readFileSync(path).equals(before)).toBe(true);
  // No -wal, -shm or -journal left beside it.
  expect(readdirSync(dir).sort()).toEqual(filesBefore);
}

describe('opening and creating', () => {
  it('creates a missing database and its folders when writing, marked and versioned', async () => {
    const path = join(tempDir(), 'a', 'b', 'news.db');
    const store = await SqliteStore.open(path, 'write');
    await store.close();
    expect(existsSync(path)).toBe(true);
    expect(pragma(path, 'application_id')).toBe(APPLICATION_ID);
    expect(pragma(path, 'user_version')).toBe(LATEST_VERSION);
    expect(tables(path)).toEqual(expect.arrayContaining(['articles', 'links', 'media', 'sections', 'settings']));
  });

  it('configures WAL, foreign keys and a busy timeout of at least 5 s', async () => {
    const store = await freshStore();
    expect(store.handle.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.handle.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.handle.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    expect(BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(5000);
  });

  it('opening an existing database again changes nothing', async () => {
    const path = await makeNewsdeskDb(tempDir());
    const before = readFileSync(path);
    await (await SqliteStore.open(path, 'write')).close();
    await (await SqliteStore.open(path, 'read')).close();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('read mode on a missing path fails, says how to create one, and creates nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'none.db');
    let error: unknown;
    try {
      await SqliteStore.open(path, 'read');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain(path);
    expect((error as NotFoundError).hint).toBe(CREATE_HINT);
    expect(CREATE_HINT).toContain('newsdesk init');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dir, 'sub'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder given as the path is refused (read and write)', async () => {
    const dir = tempDir();
    const folder = join(dir, 'db-folder');
    mkdirSync(folder);
    for (const mode of ['read', 'write'] as const) {
      await expect(SqliteStore.open(folder, mode)).rejects.toThrow(IOError);
      await expect(SqliteStore.open(folder, mode)).rejects.toThrow(/is a folder/);
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('an empty file becomes a database when writing, and is "not a database yet" when reading', async () => {
    const dir = tempDir();
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    await expect(SqliteStore.open(path, 'read')).rejects.toThrow(NotFoundError);
    expect(readFileSync(path).length).toBe(0);
    await (await SqliteStore.open(path, 'write')).close();
    expect(pragma(path, 'application_id')).toBe(APPLICATION_ID);
  });
});

describe('files that are not newsdesk databases are refused and never modified', () => {
  it.each(['read', 'write'] as const)('a text file (%s)', async (mode) => {
    const path = join(tempDir(), 'notes.db');
    writeFileSync(path, 'Đây không phải là cơ sở dữ liệu. '.repeat(20));
    await expectRefusedAndUnchanged(path, mode, DatabaseError, /not a newsdesk database \(not an SQLite file\)/);
  });

  it.each(['read', 'write'] as const)('a file shorter than an SQLite header (%s)', async (mode) => {
    const path = join(tempDir(), 'short.db');
    writeFileSync(path, 'SQLite format 3\u0000');
    await expectRefusedAndUnchanged(path, mode, DatabaseError, /is truncated \(16 bytes: not even its header is whole\)/);
  });

  it.each(['read', 'write'] as const)('another program’s SQLite database with tables (%s)', async (mode) => {
    const path = join(tempDir(), 'other.db');
    const db = new BetterSqlite3(path);
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('An')");
    db.close();
    await expectRefusedAndUnchanged(path, mode, DatabaseError, /SQLite database of another program/);
  });

  it.each(['read', 'write'] as const)('an SQLite database with another application_id (%s)', async (mode) => {
    const path = join(tempDir(), 'other.db');
    const db = new BetterSqlite3(path);
    db.pragma('application_id = 1234');
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expectRefusedAndUnchanged(path, mode, DatabaseError, /another program/);
  });

  it.each(['read', 'write'] as const)('an SQLite database that uses user_version but no application_id (%s)', async (mode) => {
    const path = join(tempDir(), 'other.db');
    const db = new BetterSqlite3(path);
    db.pragma('user_version = 3');
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expectRefusedAndUnchanged(path, mode, DatabaseError, /another program/);
  });

  it.each(['read', 'write'] as const)('a newsdesk database from a newer version (%s)', async (mode) => {
    const path = await makeNewsdeskDb(tempDir());
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    await expectRefusedAndUnchanged(path, mode, DatabaseError, new RegExp(`newer newsdesk \\(schema ${LATEST_VERSION + 1}; this one knows up to ${LATEST_VERSION}\\)`));
  });
});

describe('migrations', () => {
  it('numbers its steps 1, 2, 3 … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it.each(['write', 'read'] as const)('upgrades a database at user_version 0 that carries the application_id (%s)', async (mode) => {
    const path = join(tempDir(), 'old.db');
    const db = new BetterSqlite3(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.close();
    expect(pragma(path, 'user_version')).toBe(0);
    const store = await SqliteStore.open(path, mode);
    try {
      expect(store.handle.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(await store.sections.tree()).toEqual([]);
    } finally {
      await store.close();
    }
    expect(tables(path)).toEqual(expect.arrayContaining(['articles', 'sections', 'settings']));
  });

  it('applies only the steps above the current version, each with its version bump', async () => {
    const store = (await freshStore()).handle;
    const calls: number[] = [];
    const extra = {
      version: LATEST_VERSION + 1,
      description: 'test step',
      up(db: BetterSqlite3.Database) {
        calls.push(LATEST_VERSION + 1);
        db.exec('CREATE TABLE extra (x INTEGER) STRICT');
      },
    };
    MIGRATIONS.push(extra);
    try {
      migrate(store.db);
      migrate(store.db);
    } finally {
      MIGRATIONS.pop();
    }
    expect(calls).toEqual([LATEST_VERSION + 1]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
  });

  it('rolls a failing step back entirely: no half-made table, version unchanged', async () => {
    const store = (await freshStore()).handle;
    MIGRATIONS.push({
      version: LATEST_VERSION + 1,
      description: 'fails half way',
      up(db) {
        db.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    });
    try {
      expect(() => migrate(store.db)).toThrow('boom');
    } finally {
      MIGRATIONS.pop();
    }
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);
  });

  it('keeps the data of a database through reopening', async () => {
    const dir = tempDir();
    const path = join(dir, 'keep.db');
    const s1 = await SqliteStore.open(path, 'write');
    await s1.transaction((tx) => tx.settings.set({ title: 'Cổng thông tin' }));
    await s1.close();
    const s2 = await SqliteStore.open(path, 'read');
    try {
      expect((await s2.site()).title).toBe('Cổng thông tin');
      expect(s2.readonly).toBe(true);
      expect(() => s2.handle.db.exec("INSERT INTO settings VALUES ('x', 'y')")).toThrow();
    } finally {
      await s2.close();
    }
  });
});

describe('constraints of the schema', () => {
  /** The synchronous handle of a new database (the repositories and SQLite errors as they are). */
  async function withSection(): Promise<{ store: SqliteHandle; sectionId: number }> {
    const store = (await freshStore()).handle;
    const sectionId = store.tx(() => store.sections.insert({ slug: 'tin-tuc', title: 'Tin tức', kind: 'articles', parent_id: null, description: '' }));
    return { store, sectionId };
  }

  const row = (sectionId: number, over: Record<string, unknown> = {}) => ({
    slug: 'bai-1',
    title: 'Bài 1',
    summary: '',
    body: '',
    author: '',
    source: '',
    section_id: sectionId,
    status: 'published',
    published_at: FIXED_NOW,
    created_at: FIXED_NOW,
    updated_at: FIXED_NOW,
    images: '[]',
    tags: '[]',
    ...over,
  });

  it.each([
    ['a duplicate article slug', (sid: number) => [row(sid), row(sid)]],
    ['an unknown status', (sid: number) => [row(sid, { status: 'deleted' })]],
    ['a published article without a date', (sid: number) => [row(sid, { published_at: null })]],
    ['a section that does not exist (foreign key)', (sid: number) => [row(sid + 100)]],
    ['a text where an integer belongs (STRICT)', (sid: number) => [row(sid, { created_at: 'hôm nay' })]],
  ])('refuses %s, as a domain error, writing nothing', async (_name, rows) => {
    const { store, sectionId } = await withSection();
    let error: unknown;
    try {
      store.tx(() => {
        for (const r of rows(sectionId)) store.articles.insert(r as never, WRITER);
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeDefined();
    expect((error as Error).constructor.name).toMatch(/ConflictError|DatabaseError/);
    expect((error as Error).message).not.toMatch(/^SQLITE_/);
    expect(store.articles.count({})).toBe(0);
  });

  it('reports a constraint as a conflict', async () => {
    const { store, sectionId } = await withSection();
    store.tx(() => store.articles.insert(row(sectionId) as never, WRITER));
    expect(() => store.tx(() => store.articles.insert(row(sectionId) as never, WRITER))).toThrow(ConflictError);
    expect(store.articles.count({})).toBe(1);
  });

  it('a draft may have no date', async () => {
    const { store, sectionId } = await withSection();
    store.tx(() => store.articles.insert(row(sectionId, { status: 'draft', published_at: null }) as never, WRITER));
    expect(store.articles.count({ status: 'draft' })).toBe(1);
  });

  it('refuses a section of an unknown kind and a duplicate section slug', async () => {
    const { store } = await withSection();
    expect(() => store.tx(() => store.sections.insert({ slug: 'x', title: 'X', kind: 'videos' as never, parent_id: null, description: '' }))).toThrow();
    expect(() => store.tx(() => store.sections.insert({ slug: 'tin-tuc', title: 'Tin tức 2', kind: 'articles', parent_id: null, description: '' }))).toThrow(ConflictError);
    expect(store.sections.tree()).toHaveLength(1);
  });

  it('refuses to delete a section that articles still point to (foreign key)', async () => {
    const { store, sectionId } = await withSection();
    store.tx(() => store.articles.insert(row(sectionId) as never, WRITER));
    expect(() => store.tx(() => store.sections.delete(sectionId))).toThrow(ConflictError);
    expect(store.sections.find(sectionId)).toBeDefined();
  });
});
