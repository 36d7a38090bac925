// Schema steps of the PostgreSQL backend: a portal of an older version is
// brought to the search columns kept in the article row (migration 7) when it is next opened,
// its rows rewritten, its search unchanged.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { searchArticles } from '../../src/search/search.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { PG_LATEST_VERSION } from '../../src/store/postgres/schema.js';
import { DATABASE, superuserSql, usePostgres } from '../helpers/pg.js';

const server = usePostgres();

const sql = <R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> => superuserSql<R>(server, text, params);

/** A new portal on the server, given to `fill` through a store opened for writing, then closed. */
async function newPortal(fill: (store: Store, schema: string) => Promise<void>): Promise<{ location: string; schema: string }> {
  const location = server.newLocation();
  const schema = /schema=(\w+)/.exec(location)![1]!;
  const store = await openStore(location, 'write');
  try {
    await fill(store, schema);
  } finally {
    await store.close();
  }
  return { location, schema };
}

/** As version 10 left a portal: no word pairs in the search table (step 11). */
function asVersion10(schema: string): string {
  return `SET search_path = ${schema};
    DROP INDEX article_search_pairs;
    DROP FUNCTION word_pairs;
    UPDATE newsdesk_schema SET version = 10;
    RESET search_path;`;
}

/**
 * As version 9 left a portal: no search table (step 10), the articles' search columns indexed
 * in their own table, search_head among them. Older versions are made from it.
 */
function asVersion9(schema: string): string {
  return `${asVersion10(schema)}
    SET search_path = ${schema};
    DROP TABLE article_search;
    DROP FUNCTION article_search_inserted, article_search_updated, article_search_deleted, article_search_truncated CASCADE;
    CREATE INDEX articles_search_doc ON articles USING gin (search_doc) WITH (gin_pending_list_limit = 256);
    CREATE INDEX articles_search_spelling ON articles USING gin (search_spelling) WITH (gin_pending_list_limit = 256);
    ALTER TABLE articles ADD COLUMN search_head tsvector GENERATED ALWAYS AS (ts_filter(search_doc, '{a,b}')) STORED;
    ALTER TABLE articles ALTER COLUMN search_head SET STORAGE MAIN;
    UPDATE newsdesk_schema SET version = 9;
    RESET search_path;`;
}

describe('postgres: migrations 7 and 9, search columns in the row, then the ranked part alone', () => {
  it('upgrades a portal of version 6 on open: storage, pending lists, the rows themselves; search finds the same', async () => {
    const { location, schema } = await newPortal(async (store) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (let i = 0; i < 5; i++) {
        // 250 different words: search columns of some kilobytes, out of the row by default.
        const body = Array.from({ length: 250 }, (_, k) => `từ${i}x${k}`).join(' ');
        await addArticle(store, { title: `Phát triển đảng viên ${i}`, section: 'tin-tuc', status: 'published', body }, { now: Date.UTC(2024, 0, 1) });
      }
    });
    // As version 6 left it: TOASTed search columns, the default pending list.
    await sql(`${asVersion9(schema)}
      SET search_path = ${schema};
      ALTER TABLE ${schema}.articles RESET (toast_tuple_target);
      ALTER TABLE ${schema}.articles ALTER COLUMN search_doc SET STORAGE EXTENDED, ALTER COLUMN search_spelling SET STORAGE EXTENDED;
      ALTER INDEX ${schema}.articles_search_doc RESET (gin_pending_list_limit);
      ALTER TABLE ${schema}.articles DROP COLUMN search_head;
      UPDATE ${schema}.articles SET search_doc = search_doc || ''::tsvector;
      UPDATE ${schema}.newsdesk_schema SET version = 6`);
    /** How many values are stored out of the row (live ones: a SELECT sees only those). */
    const toastedValues = async (): Promise<number> => {
      const [{ toast }] = (await sql<{ toast: string }>(`SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE oid = '${schema}.articles'::regclass`)) as [{ toast: string }];
      return Number((await sql<{ n: string }>(`SELECT count(DISTINCT chunk_id) AS n FROM ${toast}`))[0]!.n);
    };
    expect(await toastedValues()).toBeGreaterThanOrEqual(5);

    const reader = await openStore(location, 'read');
    try {
      expect((await searchArticles(reader, 'dang vien', { perPage: 10 })).total).toBe(5);
      expect((await reader.check()).problems).toEqual([]);
    } finally {
      await reader.close();
    }
    expect((await sql<{ version: number }>(`SELECT version FROM ${schema}.newsdesk_schema`))[0]!.version).toBe(PG_LATEST_VERSION);
    // Step 7 kept both search columns in the row; step 9 (ranking from search_head) takes
    // search_doc back out of it and keeps the spellings and search_head in; step 10 moves
    // search_head and the indexes to the search table, the ranked part in its row.
    const columns = await sql<{ attname: string; attstorage: string }>(
      `SELECT attname, attstorage FROM pg_attribute WHERE attrelid = '${schema}.articles'::regclass AND attname IN ('search_doc', 'search_head', 'search_spelling') AND NOT attisdropped ORDER BY attname`,
    );
    expect(columns).toEqual([
      { attname: 'search_doc', attstorage: 'x' },
      { attname: 'search_spelling', attstorage: 'm' },
    ]);
    const searchColumns = await sql<{ attname: string; attstorage: string }>(
      `SELECT attname, attstorage FROM pg_attribute WHERE attrelid = '${schema}.article_search'::regclass AND attname IN ('doc', 'head', 'spelling') ORDER BY attname`,
    );
    expect(searchColumns).toEqual([
      { attname: 'doc', attstorage: 'e' },
      { attname: 'head', attstorage: 'm' },
      { attname: 'spelling', attstorage: 'e' },
    ]);
    const options = await sql<{ relname: string; reloptions: string[] | null }>(
      `SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname IN ('articles', 'articles_search_doc', 'articles_search_spelling', 'article_search', 'article_search_doc', 'article_search_spelling') ORDER BY 1`,
      [schema],
    );
    expect(options).toEqual([
      { relname: 'article_search', reloptions: ['toast_tuple_target=128'] },
      { relname: 'article_search_doc', reloptions: ['gin_pending_list_limit=256'] },
      { relname: 'article_search_spelling', reloptions: ['gin_pending_list_limit=256'] },
      { relname: 'articles', reloptions: null },
    ]);
    // The rows were rewritten by step 9 in its layout: each search_doc out of the row.
    expect(await toastedValues()).toBeGreaterThanOrEqual(5);
  });
});

describe('postgres: migration 6, revisions and the trash', () => {
  it('gives every article of a version-5 portal its revision 1, whole by check', async () => {
    const { location, schema } = await newPortal(async (store) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (let i = 0; i < 3; i++) await addArticle(store, { title: `Bài ${i}`, section: 'tin-tuc', body: `Nội dung ${i}` }, { now: Date.UTC(2024, 0, 1) });
    });
    // As version 5 left it: no history, no trash, no revision numbers.
    await sql(`${asVersion9(schema)}
      DROP TABLE ${schema}.article_revisions; DROP TABLE ${schema}.article_trash;
      ALTER TABLE ${schema}.articles DROP COLUMN revision;
      UPDATE ${schema}.newsdesk_schema SET version = 5`);
    const reopened = await openStore(location, 'write');
    try {
      for (const id of [1, 2, 3]) {
        expect((await reopened.history.list(id)).map((r) => [r.number, r.at])).toEqual([[1, Date.UTC(2024, 0, 1)]]);
        expect((await reopened.articles.find(id))!.revision).toBe(1);
      }
      expect((await reopened.check()).problems).toEqual([]);
    } finally {
      await reopened.close();
    }
    expect((await sql<{ version: number }>(`SELECT version FROM ${schema}.newsdesk_schema`))[0]!.version).toBe(PG_LATEST_VERSION);
  });
});

describe('postgres: migration 8, what tells an export which articles changed', () => {
  it("moves an article's version when another program changes its row, even keeping its revision and dates", async () => {
    await newPortal(async (store, schema) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      const a = await addArticle(store, { title: 'Tin một', section: 'tin-tuc', status: 'published', body: 'Thân bài.' }, { now: Date.UTC(2024, 0, 1) });
      await addArticle(store, { title: 'Tin hai', section: 'tin-tuc', status: 'published', body: 'Thân bài hai.' }, { now: Date.UTC(2024, 0, 1) });
      const versions = async (): Promise<Map<number, string>> => {
        const out = new Map<number, string>();
        await store.snapshot(async (r) => {
          for await (const batch of r.publishedHeads()) for (const h of batch) out.set(h.id, h.version);
        });
        return out;
      };
      const before = await versions();
      // Another program's session, on the portal's schema (the count triggers of migration 4 need it).
      await sql(`SET search_path = ${schema}; UPDATE articles SET title = 'Sửa ngoài' WHERE id = ${Number(a.id)}`);
      const afterUpdate = await versions();
      expect(afterUpdate.get(a.id)).not.toBe(before.get(a.id));
      for (const [id, v] of before) if (id !== a.id) expect(afterUpdate.get(id)).toBe(v);
      // Removed and put back as it was: a new version still.
      const id = Number(a.id);
      await sql(`SET search_path = ${schema}; DO $$ DECLARE cols text; BEGIN
        SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) INTO cols FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'articles' AND is_generated = 'NEVER';
        EXECUTE format('CREATE TEMP TABLE kept AS SELECT %s FROM articles WHERE id = ${id}', cols);
        DELETE FROM articles WHERE id = ${id};
        EXECUTE format('INSERT INTO articles (%s) SELECT %s FROM kept', cols, cols);
      END $$`);
      const afterPutBack = await versions();
      expect(afterPutBack.get(a.id)).not.toBe(afterUpdate.get(a.id));
    });
  });
});

describe("postgres: migration 9, the count triggers fixed to the portal's schema", () => {
  it("upgrades a portal of version 8, whose counts then stay right whatever the writer's search_path", async () => {
    const location = server.newLocation();
    const other = server.newLocation();
    const schema = /schema=(\w+)/.exec(location)![1]!;
    const otherSchema = /schema=(\w+)/.exec(other)![1]!;
    for (const where of [location, other]) {
      const store = await openStore(where, 'write');
      try {
        await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
        await addSection(store, { title: 'Thể thao', slug: 'the-thao' });
        for (let i = 0; i < 4; i++) await addArticle(store, { title: `Tin ${i}`, section: 'tin-tuc', status: i % 2 ? 'published' : 'draft', body: `Thân bài ${i}.` }, { now: Date.UTC(2024, 0, 1) });
      } finally {
        await store.close();
      }
    }
    // As version 8 left the functions: no search_path of their own.
    await sql(`${asVersion9(schema)}
      SET search_path = ${schema};
      ALTER FUNCTION article_counts_apply() RESET search_path;
      ALTER FUNCTION article_counts_inserted() RESET search_path;
      ALTER FUNCTION article_counts_deleted() RESET search_path;
      ALTER TABLE articles DROP COLUMN search_head;
      UPDATE newsdesk_schema SET version = 8`);
    // Before the upgrade, a write with psql's default search_path breaks the trigger.
    await expect(sql(`UPDATE ${schema}.articles SET status = 'published', published_at = updated_at WHERE id = 1`)).rejects.toThrow(/article_counts/);

    const reopened = await openStore(location, 'read');
    await reopened.close();
    expect((await sql<{ version: number }>(`SELECT version FROM ${schema}.newsdesk_schema`))[0]!.version).toBe(PG_LATEST_VERSION);
    const configs = await sql<{ proname: string; proconfig: string[] }>(
      `SELECT p.proname, p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname LIKE 'article_counts_%' ORDER BY 1`,
      [schema],
    );
    expect(configs).toEqual(['article_counts_apply', 'article_counts_deleted', 'article_counts_inserted'].map((proname) => ({ proname, proconfig: [`search_path="${schema}"`] })));
    // The title and summary's lexemes apart, for ranking: kept by the server from search_doc
    // (in the search table since step 10).
    const heads = await sql<{ same: boolean; title_only: boolean }>(
      `SELECT head = ts_filter(doc, '{a,b}') AS same, head @@ 'tin'::tsquery AND NOT head @@ 'than'::tsquery AS title_only FROM ${schema}.article_search`,
    );
    expect(heads).toHaveLength(4);
    for (const h of heads) expect(h).toEqual({ same: true, title_only: true });

    // Writes from plain sessions: psql's default search_path, then one naming the other portal.
    const sectionOf = async (slug: string): Promise<number> => Number((await sql<{ id: string }>(`SELECT id FROM ${schema}.sections WHERE slug = $1`, [slug]))[0]!.id);
    const sport = await sectionOf('the-thao');
    await sql(`UPDATE ${schema}.articles SET status = 'published', published_at = updated_at WHERE id = 1`);
    await sql(`SET search_path = ${otherSchema}; UPDATE ${schema}.articles SET section_id = ${sport} WHERE id IN (2, 3)`);
    await sql(`SET search_path = ${otherSchema}; DELETE FROM ${schema}.article_revisions WHERE article_id = 4; DELETE FROM ${schema}.articles WHERE id = 4`);
    await sql(`SET search_path = public; INSERT INTO ${schema}.articles (id, slug, title, section_id, status, created_at, updated_at, revision)
      VALUES (9, 'ngoai', 'Ngoài', ${sport}, 'draft', 1, 1, 1)`);
    const counts = async (s: string): Promise<Array<{ status: string; section_id: number; n: number }>> =>
      (await sql<{ status: string; section_id: string; n: string }>(`SELECT status, section_id, n FROM ${s}.article_counts WHERE n <> 0 ORDER BY 1, 2`)).map((r) => ({ status: r.status, section_id: Number(r.section_id), n: Number(r.n) }));
    const news = await sectionOf('tin-tuc');
    expect(await counts(schema)).toEqual([
      // 1 draft → published; 2 (published) and 3 (draft) to sport; 4 (published) deleted; 9 a draft in sport.
      { status: 'draft', section_id: sport, n: 2 },
      { status: 'published', section_id: news, n: 1 },
      { status: 'published', section_id: sport, n: 1 },
    ]);
    // The other portal's counts are its own still.
    const otherNews = (await sql<{ id: number }>(`SELECT id FROM ${otherSchema}.sections WHERE slug = 'tin-tuc'`))[0]!.id;
    expect(await counts(otherSchema)).toEqual([
      { status: 'draft', section_id: Number(otherNews), n: 2 },
      { status: 'published', section_id: Number(otherNews), n: 2 },
    ]);
    for (const where of [location, other]) {
      const store = await openStore(where, 'read');
      try {
        const report = await store.check();
        expect(report.problems.filter((p) => p.check === 'article_counts')).toEqual([]);
      } finally {
        await store.close();
      }
    }
  });
});

describe('postgres: migration 10, the search table', () => {
  it('upgrades a portal of version 9: the table filled from the articles, kept whoever writes them; check sees it drift, reindex mends it', async () => {
    const { location, schema } = await newPortal(async (store) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (let i = 0; i < 4; i++) {
        await addArticle(store, { title: `Lũ quét ${i}`, section: 'tin-tuc', status: i === 3 ? 'draft' : 'published', summary: 'Miền núi', body: `Thân bài ${i}: phát triển nông thôn mới.` }, { now: Date.UTC(2024, 0, 1 + i) });
      }
    });
    const ids = async (q: string, s: Store): Promise<number[]> => (await searchArticles(s, q, { all: true })).items.map((i) => i.id);
    const queries = ['lu quet', 'Lũ', '"nong thon moi"', 'phát*', 'mien -nui'];
    const before = await (async () => {
      const s = await openStore(location, 'read');
      try {
        return await Promise.all(queries.map((q) => ids(q, s)));
      } finally {
        await s.close();
      }
    })();
    await sql(asVersion9(schema));
    const reader = await openStore(location, 'read');
    try {
      // The same results from the upgraded portal, and nothing amiss.
      expect(await Promise.all(queries.map((q) => ids(q, reader)))).toEqual(before);
      expect(before[0]).toHaveLength(3);
      expect((await reader.check()).problems).toEqual([]);
    } finally {
      await reader.close();
    }
    expect((await sql<{ version: number }>(`SELECT version FROM ${schema}.newsdesk_schema`))[0]!.version).toBe(PG_LATEST_VERSION);
    const rows = async () =>
      (await sql<{ id: string; status: string; same: boolean }>(`SELECT s.id, s.status, s.doc = a.search_doc AND s.list_at = a.list_at AS same FROM ${schema}.article_search s LEFT JOIN ${schema}.articles a ON a.id = s.id ORDER BY s.id`)).map((r) => [Number(r.id), r.status, r.same]);
    expect(await rows()).toEqual([
      [1, 'published', true],
      [2, 'published', true],
      [3, 'published', true],
      [4, 'draft', true],
    ]);
    // Another program's writes, with psql's default search_path: an update, a delete, an insert.
    await sql(`UPDATE ${schema}.articles SET status = 'published', published_at = updated_at WHERE id = 4`);
    await sql(`DELETE FROM ${schema}.article_revisions WHERE article_id = 1; DELETE FROM ${schema}.articles WHERE id = 1`);
    await sql(`INSERT INTO ${schema}.articles (id, slug, title, section_id, status, created_at, updated_at, revision, search_doc, search_spelling)
      SELECT 9, 'ngoai', 'Ngoài', section_id, 'draft', 1, 1, 1, search_doc, search_spelling FROM ${schema}.articles WHERE id = 2`);
    expect(await rows()).toEqual([
      [2, 'published', true],
      [3, 'published', true],
      [4, 'published', true],
      [9, 'draft', true],
    ]);
    // A row of the search table changed behind the triggers' back: check says so, reindex mends it.
    await sql(`UPDATE ${schema}.article_search SET status = 'draft' WHERE id = 2; INSERT INTO ${schema}.article_search (id, status, section_id) VALUES (77, 'published', 1)`);
    const writer = await openStore(location, 'write');
    try {
      expect((await writer.check()).problems.map((p) => p.check)).toContain('search_index');
      await writer.reindex();
      expect((await writer.check()).problems.filter((p) => p.check === 'search_index')).toEqual([]);
      expect(await ids('lu quet', writer)).toEqual([4, 3, 2]);
    } finally {
      await writer.close();
    }
  });

  it("keeps another program's write committed while the upgrade waits in the search table", async () => {
    const { location, schema } = await newPortal(async (store) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (let i = 0; i < 3; i++) await addArticle(store, { title: `Lũ quét ${i}`, section: 'tin-tuc', status: 'published', body: `Thân bài ${i}` }, { now: Date.UTC(2024, 0, 1 + i) });
    });
    await sql(asVersion9(schema));
    // Another program unpublishes article 2 in a transaction still open when the upgrade starts.
    const other = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: DATABASE });
    await other.connect();
    let reopened: Store | undefined;
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE ${schema}.articles SET status = 'draft', published_at = NULL WHERE id = 2`);
      const opening = openStore(location, 'write');
      // The upgrade is waiting for the other program's lock before the other commits.
      for (let i = 0; i < 100; i++) {
        const waiting = await sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = $1`, [DATABASE]);
        if (waiting.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await other.query('COMMIT');
      reopened = await opening;
      const rows = await sql<{ id: string; status: string }>(`SELECT id, status FROM ${schema}.article_search ORDER BY id`);
      expect(rows.map((r) => [Number(r.id), r.status])).toEqual([
        [1, 'published'],
        [2, 'draft'],
        [3, 'published'],
      ]);
      expect((await searchArticles(reopened, 'lu quet', { all: true })).items.map((i) => i.id)).toEqual([3, 1]);
      // (The history check rightly notes the other program's change made without a revision.)
      expect((await reopened.check()).problems.filter((p) => p.check === 'search_index')).toEqual([]);
    } finally {
      await other.end();
      await reopened?.close();
    }
  });

  it('replaces a row left behind in the search table when a new article takes its id', async () => {
    await newPortal(async (store, schema) => {
      await addSection(store, { title: 'Tin', slug: 'tin' });
      await addArticle(store, { title: 'Một', section: 'tin', status: 'published', body: 'x' }, { now: Date.UTC(2024, 0, 1) });
      // A row of no article, as a write that bypassed the triggers leaves one: the next article's id.
      await sql(`INSERT INTO ${schema}.article_search (id, status, section_id) VALUES (2, 'draft', 1)`);
      await addArticle(store, { title: 'Hai bản tin', section: 'tin', status: 'published', body: 'y' }, { now: Date.UTC(2024, 0, 2) });
      expect((await searchArticles(store, 'hai ban tin', { all: true })).items.map((i) => i.id)).toEqual([2]);
      expect((await store.check()).problems).toEqual([]);
    });
  });
});

describe('postgres: migration 11, neighbouring word pairs in the search table', () => {
  it('upgrades a portal of version 10: the pairs of every row indexed; phrases find the same; check clean', async () => {
    const { location, schema } = await newPortal(async (store) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      await addArticle(store, { title: 'An toàn giao thông', section: 'tin-tuc', status: 'published', body: 'Giữ an toàn giao thông.' }, { now: Date.UTC(2024, 0, 1) });
      await addArticle(store, { title: 'Giao thông', section: 'tin-tuc', status: 'published', body: 'Thông tin an toàn giao dịch.' }, { now: Date.UTC(2024, 0, 2) });
      await addArticle(store, { title: 'Nháp', section: 'tin-tuc', body: 'an toàn giao thông' }, { now: Date.UTC(2024, 0, 3) });
    });
    await sql(asVersion10(schema));
    const reopened = await openStore(location, 'read');
    try {
      expect((await searchArticles(reopened, '"an toan giao thong"', { all: true })).items.map((i) => i.id)).toEqual([1]);
      expect((await searchArticles(reopened, '"an toàn giao"', { all: true })).items.map((i) => i.id).sort()).toEqual([1, 2]);
      expect((await reopened.check()).problems).toEqual([]);
    } finally {
      await reopened.close();
    }
    expect((await sql<{ version: number }>(`SELECT version FROM ${schema}.newsdesk_schema`))[0]!.version).toBe(PG_LATEST_VERSION);
    const rows = await sql<{ id: string; pairs: string }>(`SELECT id, ${schema}.word_pairs(doc)::text AS pairs FROM ${schema}.article_search ORDER BY id`);
    // No pair spans two fields (title, then body: a position apart, as phrases are).
    expect(rows.map((r) => [Number(r.id), r.pairs])).toEqual([
      [1, "'an toan' 'giao thong' 'giu an' 'toan giao'"],
      [2, "'an toan' 'giao dich' 'giao thong' 'thong tin' 'tin an' 'toan giao'"],
      [3, "'an toan' 'giao thong' 'toan giao'"],
    ]);
    const indexes = await sql<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'article_search_pairs'`, [schema]);
    expect(indexes).toHaveLength(1);
    expect(indexes[0]!.indexdef).toMatch(/USING gin \(\w+\.word_pairs\(doc\)\)/);
  });
});

describe('postgres: an upgrade under a statement_timeout', () => {
  it("upgrades a portal of version 10 for a role whose statements time out long before the step's index is built", async () => {
    const { location, schema } = await newPortal(async (store) => {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      for (let i = 0; i < 30; i++) await addArticle(store, { title: `Bài ${i}`, section: 'tin-tuc', status: 'published', body: 'an toàn giao thông' }, { now: Date.UTC(2024, 0, 1 + i) });
    });
    await sql(asVersion10(schema));
    // Search columns of 16,000 words each (written by another program): the step's index
    // computes the pairs of every one, far past the role's timeout.
    await sql(`UPDATE ${schema}.articles SET search_doc = (SELECT string_agg('w' || g || 'x' || id, ' ') FROM generate_series(1, 16000) g)::tsvector || search_doc`);
    await sql("CREATE ROLE hurried LOGIN SUPERUSER; ALTER ROLE hurried SET statement_timeout = '100ms'");
    const hurried = location.replace('postgresql://postgres@', 'postgresql://hurried@');
    // The timeout is in force for the role's sessions.
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'hurried', database: DATABASE });
    await client.connect();
    try {
      await expect(client.query('SELECT pg_sleep(1)')).rejects.toThrow(/statement timeout/);
    } finally {
      await client.end();
    }
    const reopened = await openStore(hurried, 'read');
    await reopened.close();
    expect((await sql<{ version: number }>(`SELECT version FROM ${schema}.newsdesk_schema`))[0]!.version).toBe(PG_LATEST_VERSION);
    expect(await sql(`SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexname = 'article_search_pairs'`, [schema])).toHaveLength(1);
    // The step set the timeout for itself alone: the role's sessions keep theirs.
    const after = new pg.Client({ host: server.socketDir, port: server.port, user: 'hurried', database: DATABASE });
    await after.connect();
    try {
      expect((await after.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t")).rows[0]!.t).toBe('100ms');
    } finally {
      await after.end();
    }
  });
});
