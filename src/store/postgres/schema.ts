// The portal's schema on PostgreSQL: whether a schema is ours, creating it, upgrading it, or
// refusing it (another program's tables, a newer newsdesk), with the messages SQLite gives for
// files. Steps carry SQLite's version numbers (migrations.ts there) and are recorded in
// newsdesk_schema, one row; each step runs in one transaction with its record, under the
// portal's lock, so two processes opening an old portal at once upgrade it once.
import { DatabaseError, NotFoundError } from '../../core/errors.js';
import type { PgConn } from './conn.js';
import { firstRevisionsOfAll, HISTORY_PG_SQL } from './history.js';
import { EXPORT_MARKS_PG_SQL } from './published.js';
import { SEARCH_PAIRS_PG_SQL } from './search-pairs.js';
import { SEARCH_TABLE_PG_SQL } from './search-table.js';
import { english } from '../../i18n/issues.js';

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
  /** A step in JavaScript after the SQL (what SQL alone cannot compute). */
  then?: (conn: PgConn) => Promise<void>;
}

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    description: 'settings, sections, links, articles, media',
    // COLLATE "C": text compares byte by byte, as SQLite's BINARY does (orders by title, slug).
    sql: `
      CREATE TABLE settings (
        key   text COLLATE "C" PRIMARY KEY,
        value text NOT NULL
      );
      CREATE TABLE sections (
        id          bigint PRIMARY KEY,
        slug        text COLLATE "C" NOT NULL UNIQUE,
        title       text COLLATE "C" NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('articles', 'links')),
        parent_id   bigint REFERENCES sections (id),
        position    integer NOT NULL,
        description text NOT NULL DEFAULT ''
      );
      CREATE INDEX sections_by_parent ON sections (parent_id, position);
      CREATE TABLE links (
        id         bigint PRIMARY KEY,
        section_id bigint NOT NULL REFERENCES sections (id),
        title      text COLLATE "C" NOT NULL,
        url        text NOT NULL,
        position   integer NOT NULL
      );
      CREATE INDEX links_by_section ON links (section_id, position);
      CREATE TABLE articles (
        id           bigint PRIMARY KEY,
        slug         text COLLATE "C" NOT NULL UNIQUE,
        title        text COLLATE "C" NOT NULL,
        summary      text COLLATE "C" NOT NULL DEFAULT '',
        body         text COLLATE "C" NOT NULL DEFAULT '',
        author       text COLLATE "C" NOT NULL DEFAULT '',
        source       text COLLATE "C" NOT NULL DEFAULT '',
        section_id   bigint NOT NULL REFERENCES sections (id),
        status       text NOT NULL CHECK (status IN ('draft', 'published')),
        published_at bigint,
        created_at   bigint NOT NULL,
        updated_at   bigint NOT NULL,
        images       text NOT NULL DEFAULT '[]',
        tags         text NOT NULL DEFAULT '[]',
        list_at      bigint GENERATED ALWAYS AS (CASE WHEN status = 'published' THEN published_at ELSE updated_at END) STORED,
        CHECK (status = 'draft' OR published_at IS NOT NULL)
      );
      CREATE INDEX articles_by_list_at ON articles (list_at, id);
      CREATE INDEX articles_by_status ON articles (status, list_at, id);
      CREATE INDEX articles_by_section ON articles (section_id, list_at, id);
      CREATE INDEX articles_by_published ON articles (published_at, id);
      CREATE INDEX articles_by_updated ON articles (updated_at, id);
      CREATE INDEX articles_by_created ON articles (created_at, id);
      CREATE INDEX articles_by_title ON articles (title, id);
      CREATE INDEX articles_by_author ON articles (author, id);
      CREATE TABLE media (
        hash       text COLLATE "C" PRIMARY KEY,
        mime       text NOT NULL,
        size       bigint NOT NULL,
        data       bytea NOT NULL,
        created_at bigint NOT NULL
      );`,
  },
  {
    version: 2,
    description: 'search columns (folded tokens with positions and weights, spellings, hash), filled by newsdesk',
    sql: `
      ALTER TABLE articles ADD COLUMN search_doc tsvector, ADD COLUMN search_spelling tsvector, ADD COLUMN search_hash text;
      CREATE INDEX articles_search_doc ON articles USING gin (search_doc);
      CREATE INDEX articles_search_spelling ON articles USING gin (search_spelling);`,
  },
  {
    version: 3,
    description: 'drafts left out of a search by their status (nothing to refile: the status is a column of the searched row)',
    sql: '',
  },
  {
    version: 4,
    description: 'article counts by status and section, kept by triggers, for the pager of article list',
    sql: `
      CREATE TABLE article_counts (
        status     text NOT NULL,
        section_id bigint NOT NULL,
        n          bigint NOT NULL,
        PRIMARY KEY (status, section_id)
      );
      -- Statement-level, over the rows a statement changed (transition tables): a COPY of a
      -- thousand articles updates each count once, not a thousand times (updates of one row
      -- within one transaction leave a chain of versions that every next update walks).
      CREATE FUNCTION article_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH delta AS (
          SELECT status, section_id, sum(n) AS n FROM (
            SELECT status, section_id, count(*) AS n FROM new_rows GROUP BY status, section_id
            UNION ALL
            SELECT status, section_id, -count(*) FROM old_rows GROUP BY status, section_id
          ) d GROUP BY status, section_id HAVING sum(n) <> 0
        )
        INSERT INTO article_counts (status, section_id, n) SELECT status, section_id, n FROM delta
          ON CONFLICT (status, section_id) DO UPDATE SET n = article_counts.n + excluded.n;
        RETURN NULL;
      END $$;
      CREATE FUNCTION article_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO article_counts (status, section_id, n) SELECT status, section_id, count(*) FROM new_rows GROUP BY status, section_id
          ON CONFLICT (status, section_id) DO UPDATE SET n = article_counts.n + excluded.n;
        RETURN NULL;
      END $$;
      CREATE FUNCTION article_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_counts c SET n = c.n - d.n
          FROM (SELECT status, section_id, count(*) AS n FROM old_rows GROUP BY status, section_id) d
         WHERE c.status = d.status AND c.section_id = d.section_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER article_counts_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION article_counts_inserted();
      CREATE TRIGGER article_counts_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION article_counts_deleted();
      CREATE TRIGGER article_counts_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION article_counts_apply();
      ${'INSERT INTO article_counts (status, section_id, n) SELECT status, section_id, count(*) FROM articles GROUP BY status, section_id;'}`,
  },
  {
    version: 5,
    description: 'where imported articles came from (GUID or Atom id, and source site), unique, for idempotent imports',
    sql: `
      CREATE TABLE article_origins (
        article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        site       text COLLATE "C" NOT NULL,
        guid       text COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX article_origins_by_key ON article_origins (site, guid);`,
  },
  {
    version: 6,
    description: 'revisions (each article its numbered history, older states deflated against newer) and the trash',
    sql: HISTORY_PG_SQL,
    then: firstRevisionsOfAll,
  },
  {
    // On SQLite, step 7 does nothing (the numbers stay the same on both backends).
    version: 7,
    description: 'search columns kept in the article row (not TOASTed) and search indexes without a long pending list',
    // A search ranks every match from its search columns: out of line (TOAST, as any value
    // over 2 KB goes by default) each costs an index lookup in another table, four times the
    // ranking itself. STORAGE MAIN and a row target of a whole page keep them in the row
    // (the body, EXTENDED, is compressed and moved out first). GIN's pending list (fastupdate)
    // is scanned whole by every search until merged: at most 256 kB of it, not 4 MB. The rows
    // written before are rewritten once, so that they are stored the new way too.
    sql: `
      ALTER TABLE articles SET (toast_tuple_target = 8160);
      ALTER TABLE articles ALTER COLUMN search_doc SET STORAGE MAIN, ALTER COLUMN search_spelling SET STORAGE MAIN;
      ALTER INDEX articles_search_doc SET (gin_pending_list_limit = 256);
      ALTER INDEX articles_search_spelling SET (gin_pending_list_limit = 256);
      UPDATE articles SET search_doc = search_doc || ''::tsvector, search_spelling = search_spelling || ''::tsvector WHERE search_doc IS NOT NULL;
      SELECT gin_clean_pending_list('articles_search_doc'::regclass), gin_clean_pending_list('articles_search_spelling'::regclass);`,
  },
  {
    version: 8,
    description: "what lets an export re-read only the articles that changed: a count of the changes made without a new revision (by another program), kept by triggers",
    sql: EXPORT_MARKS_PG_SQL,
  },
  {
    version: 9,
    description: "the count triggers of step 4 fixed to the portal's schema, whatever the search_path of the program writing the rows; the title and summary's part of the search column apart, for ranking",
    // Step 4's functions named article_counts without a schema: a program writing
    // newsdesk.articles with another search_path (psql's default, or one naming another
    // portal's schema) failed, or kept the counts of the wrong portal. As step 8's functions,
    // they now run with the search_path of this step: the portal's schema alone.
    // search_head is search_doc's title (A) and summary (B) lexemes with their positions, kept
    // by the server from search_doc (whoever writes the row): a search ranks every match from
    // it (about 600 bytes, in the row) instead of the whole search column (about 3 KB). Then
    // search_doc is read only to find the matches, which its GIN index does without the row
    // (a phrase aside): it goes back out of the row (step 7 kept it in), and a row holds about
    // a third of what it did, so the rows of a search's matches are a third of the pages. The
    // spellings stay in the row (every match of a query typed with marks reads them). Adding
    // the column rewrites the table once, in the new layout.
    sql: `
      ALTER FUNCTION article_counts_apply() SET search_path FROM CURRENT;
      ALTER FUNCTION article_counts_inserted() SET search_path FROM CURRENT;
      ALTER FUNCTION article_counts_deleted() SET search_path FROM CURRENT;
      ALTER TABLE articles RESET (toast_tuple_target);
      ALTER TABLE articles ALTER COLUMN search_doc SET STORAGE EXTENDED;
      ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_head tsvector GENERATED ALWAYS AS (ts_filter(search_doc, '{a,b}')) STORED;
      ALTER TABLE articles ALTER COLUMN search_head SET STORAGE MAIN;`,
  },
  {
    // On SQLite, step 10 does nothing (the numbers stay the same on both backends).
    version: 10,
    description: 'what a search reads in a narrow table of its own (status, section, dates, the ranked part of the search column in the row, the rest out of it), kept by triggers',
    sql: SEARCH_TABLE_PG_SQL,
  },
  {
    // On SQLite, step 11 does nothing (the numbers stay the same on both backends).
    version: 11,
    description: "each pair of neighbouring words of the search column, in the search table with an index of its own, so that a phrase's candidates are nearly its matches",
    sql: SEARCH_PAIRS_PG_SQL,
  },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
export const PG_APPLICATION = 'newsdesk';

const CREATE_HINT = 'create it with `newsdesk init` (or point --db or NEWSDESK_DB at an existing portal)';

type SchemaState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'ours'; version: number } | { kind: 'foreign'; tables: string[] };

async function inspect(conn: PgConn): Promise<SchemaState> {
  const schema = conn.target.schema;
  const exists = await conn.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.length === 0) return { kind: 'missing' };
  const tables = (await conn.query<{ name: string }>("SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1", [schema])).map((r) => r.name);
  if (tables.length === 0) return { kind: 'empty' };
  if (!tables.includes('newsdesk_schema')) return { kind: 'foreign', tables };
  const rows = await conn.query<{ application: string; version: number }>('SELECT application, version FROM newsdesk_schema');
  if (rows.length !== 1 || rows[0]!.application !== PG_APPLICATION) return { kind: 'foreign', tables };
  return { kind: 'ours', version: rows[0]!.version };
}

/** The version of a portal at the current version, in one round trip; undefined otherwise. */
async function currentVersion(conn: PgConn): Promise<number | undefined> {
  try {
    const [row] = await conn.query<{ version: number }>('SELECT version FROM newsdesk_schema WHERE application = $1', [PG_APPLICATION]);
    return row?.version === PG_LATEST_VERSION ? row.version : undefined;
  } catch {
    return undefined; // no such table (yet): the whole inspection below says what the schema is
  }
}

/** Makes the portal's schema ready for `mode`: refused, created (write), or upgraded. */
export async function prepareSchema(conn: PgConn, mode: 'read' | 'write'): Promise<void> {
  // The common case, a portal at this version, in one query.
  if ((await currentVersion(conn)) !== undefined) return;
  const t = conn.target;
  const state = await inspect(conn);
  if (state.kind === 'foreign') {
    throw new DatabaseError(
      `the schema "${t.schema}" of ${t.display} holds tables newsdesk did not make (${state.tables.slice(0, 3).join(', ')}${state.tables.length > 3 ? ', …' : ''}); it was left untouched`,
      'name another schema with ?schema=NAME in --db, or an empty one',
    );
  }
  if (state.kind === 'ours' && state.version > PG_LATEST_VERSION) {
    throw new DatabaseError(english('issue.pgNewer', { display: t.display, version: state.version, latest: PG_LATEST_VERSION }), english('issue.upgradePortalHint'));
  }
  if (state.kind === 'ours' && state.version === PG_LATEST_VERSION) return;
  if (mode === 'read' && state.kind !== 'ours') throw new NotFoundError(english('issue.noPortal', { display: t.display }), CREATE_HINT);
  await migrate(conn);
}

async function migrate(conn: PgConn): Promise<void> {
  const t = conn.target;
  // Read opens upgrade too (as SQLite's do): this one unit may write on a read-only connection.
  await conn.unit(async () => {
    // A step may take minutes on a large portal (migration 11's index: 305 s at 100,000
    // articles): a statement_timeout set for the role or database would cancel it every time.
    await conn.query('SET LOCAL statement_timeout = 0');
    await conn.query(`CREATE SCHEMA IF NOT EXISTS "${t.schema}"`);
    const state = await inspect(conn);
    if (state.kind === 'foreign') throw new DatabaseError(english('issue.pgForeign', { schema: t.schema, display: t.display }));
    let version = state.kind === 'ours' ? state.version : 0;
    if (version === 0) {
      await conn.query('CREATE TABLE newsdesk_schema (application text NOT NULL, version integer NOT NULL)');
      await conn.query('INSERT INTO newsdesk_schema (application, version) VALUES ($1, 0)', [PG_APPLICATION]);
    }
    for (const m of PG_MIGRATIONS) {
      if (m.version <= version) continue;
      if (m.sql) await conn.query(m.sql);
      if (m.then) await m.then(conn);
      await conn.query('UPDATE newsdesk_schema SET version = $1', [m.version]);
      version = m.version;
    }
  }, { readWrite: true });
}
