// The schema, as forward-only steps keyed by PRAGMA user_version. Each step runs in one
// transaction together with the bump of user_version, so a database is always at a version.
import type { Database } from 'better-sqlite3';
import { COUNT_ARTICLES_SQL } from './articles.js';
import { createSearchTables, SearchIndex } from './fts.js';
import { firstRevisionsOfAll, HISTORY_SQL } from './history.js';
import { ORIGINS_SQL } from './origins.js';
import { EXPORT_MARKS_SQL } from './published.js';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'settings, sections, links, articles, media',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE sections (
          id          INTEGER PRIMARY KEY,
          slug        TEXT NOT NULL UNIQUE,
          title       TEXT NOT NULL,
          kind        TEXT NOT NULL CHECK (kind IN ('articles', 'links')),
          parent_id   INTEGER REFERENCES sections (id),
          position    INTEGER NOT NULL,
          description TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX sections_by_parent ON sections (parent_id, position);

        CREATE TABLE links (
          id         INTEGER PRIMARY KEY,
          section_id INTEGER NOT NULL REFERENCES sections (id),
          title      TEXT NOT NULL,
          url        TEXT NOT NULL,
          position   INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX links_by_section ON links (section_id, position);

        CREATE TABLE articles (
          id           INTEGER PRIMARY KEY,
          slug         TEXT NOT NULL UNIQUE,
          title        TEXT NOT NULL,
          summary      TEXT NOT NULL DEFAULT '',
          body         TEXT NOT NULL DEFAULT '',
          author       TEXT NOT NULL DEFAULT '',
          source       TEXT NOT NULL DEFAULT '',
          section_id   INTEGER NOT NULL REFERENCES sections (id),
          status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
          published_at INTEGER,
          created_at   INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL,
          images       TEXT NOT NULL DEFAULT '[]',
          tags         TEXT NOT NULL DEFAULT '[]',
          -- The default order of lists: published articles by date, drafts by last change.
          list_at      INTEGER GENERATED ALWAYS AS
                         (CASE WHEN status = 'published' THEN published_at ELSE updated_at END) VIRTUAL,
          CHECK (status = 'draft' OR published_at IS NOT NULL)
        ) STRICT;
        CREATE INDEX articles_by_list_at ON articles (list_at, id);
        CREATE INDEX articles_by_status ON articles (status, list_at, id);
        CREATE INDEX articles_by_section ON articles (section_id, list_at, id);
        CREATE INDEX articles_by_published ON articles (published_at, id);

        CREATE TABLE media (
          hash       TEXT PRIMARY KEY,
          mime       TEXT NOT NULL,
          size       INTEGER NOT NULL,
          data       BLOB NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    description: 'search index (folded full text, spellings, hashes), filled from the articles',
    up(db) {
      createSearchTables(db);
    },
  },
  {
    version: 3,
    description: 'search entries of drafts filed under minus their id, so that FTS5 itself leaves drafts out',
    up(db) {
      new SearchIndex(db).refileDrafts();
    },
  },
  {
    version: 4,
    description: 'article counts by status and section, kept by triggers, for the pager of article list',
    up(db) {
      db.exec(ARTICLE_COUNTS_SQL);
      db.exec(COUNT_ARTICLES_SQL);
    },
  },
  {
    version: 5,
    description: 'where imported articles came from (GUID or Atom id, and source site), unique, for idempotent imports',
    up(db) {
      db.exec(ORIGINS_SQL);
    },
  },
  {
    version: 6,
    description: 'revisions (each article its numbered history, older states deflated against newer) and the trash',
    up(db) {
      db.exec(HISTORY_SQL);
      firstRevisionsOfAll(db);
    },
  },
  {
    version: 7,
    description: 'nothing on SQLite (on PostgreSQL: search columns kept in the row); the numbers stay the same on both backends',
    up() {},
  },
  {
    version: 8,
    description: 'what lets an export re-read only the articles that changed: a count of the changes made without a new revision (by another program), kept by triggers',
    up(db) {
      db.exec(EXPORT_MARKS_SQL);
    },
  },
  {
    version: 9,
    description: 'nothing on SQLite (on PostgreSQL: the count triggers fixed to the portal\'s schema); the numbers stay the same on both backends',
    up() {},
  },
  {
    version: 10,
    description: 'nothing on SQLite (on PostgreSQL: a narrow table of what a search reads, kept by triggers); the numbers stay the same on both backends',
    up() {},
  },
  {
    version: 11,
    description: "nothing on SQLite (FTS5 keeps positions in its index; on PostgreSQL: neighbouring word pairs, so that a phrase's candidates are nearly its matches); the numbers stay the same on both backends",
    up() {},
  },
];

// `article list` shows how many articles its filter holds. count(*) reads a whole index: about
// 10 ms at 100,000 articles and 85 ms at 1,000,000, on every page. These counts answer the
// filters by status and section at once; the triggers keep them whatever writes the rows.
const ARTICLE_COUNTS_SQL = `
  CREATE TABLE article_counts (
    status     TEXT NOT NULL,
    section_id INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (status, section_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER article_counts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_counts (status, section_id, n) VALUES (NEW.status, NEW.section_id, 1)
      ON CONFLICT (status, section_id) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER article_counts_delete AFTER DELETE ON articles BEGIN
    UPDATE article_counts SET n = n - 1 WHERE status = OLD.status AND section_id = OLD.section_id;
  END;
  CREATE TRIGGER article_counts_update AFTER UPDATE OF status, section_id ON articles
    WHEN OLD.status IS NOT NEW.status OR OLD.section_id IS NOT NEW.section_id BEGIN
    UPDATE article_counts SET n = n - 1 WHERE status = OLD.status AND section_id = OLD.section_id;
    INSERT INTO article_counts (status, section_id, n) VALUES (NEW.status, NEW.section_id, 1)
      ON CONFLICT (status, section_id) DO UPDATE SET n = n + 1;
  END;
`;

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies every step above the database's version, each in its own immediate transaction. */
export function migrate(db: Database): void {
  for (const m of MIGRATIONS) {
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    });
    step.immediate();
  }
}
