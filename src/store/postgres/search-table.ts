// What a search reads on PostgreSQL, in a narrow table of its own (migration 10), kept from
// the articles by triggers, whoever writes them (newsdesk, an import, another program).
//
// A frequent word matches most articles, and each match's row is visited: for its status and
// the other filters, its date, and its rank. In the articles table a row holds the article's
// text too (a third of a page), so at 100,000 articles a frequent word read some 33,000 pages,
// more than the server's cache holds, on every search. Here a row holds only what a search
// needs of it (about 700 bytes: id, status, section, dates, and `head`, the title's and the
// summary's lexemes that a match is ranked by); the whole search column and the spellings are
// stored out of the row (toast_tuple_target at its least, no compression: a phrase reads its
// candidates' positions there). Their GIN indexes move here: the articles keep their search
// columns (written with each article, read by check and reindex) without indexes.
/** The rows a statement wrote to the articles (`new_rows`), put into the search table. */
const UPSERT_NEW_ROWS = `INSERT INTO article_search (id, status, section_id, published_at, list_at, doc, spelling)
      SELECT id, status, section_id, published_at, list_at, search_doc, search_spelling FROM new_rows
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, section_id = excluded.section_id, published_at = excluded.published_at,
        list_at = excluded.list_at, doc = excluded.doc, spelling = excluded.spelling;`;

export const SEARCH_TABLE_PG_SQL = `
  -- Other programs may write the articles while this step runs (the advisory lock keeps only
  -- newsdesk out): without this lock, a write committed between the copy below and the
  -- triggers' creation would be missing from the search table.
  LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE;
  CREATE TABLE article_search (
    id           bigint PRIMARY KEY,
    status       text NOT NULL,
    section_id   bigint NOT NULL,
    published_at bigint,
    list_at      bigint,
    doc          tsvector,
    spelling     tsvector,
    head         tsvector GENERATED ALWAYS AS (ts_filter(doc, '{a,b}')) STORED
  ) WITH (toast_tuple_target = 128);
  ALTER TABLE article_search ALTER COLUMN doc SET STORAGE EXTERNAL, ALTER COLUMN spelling SET STORAGE EXTERNAL, ALTER COLUMN head SET STORAGE MAIN;
  INSERT INTO article_search (id, status, section_id, published_at, list_at, doc, spelling)
    SELECT id, status, section_id, published_at, list_at, search_doc, search_spelling FROM articles;
  CREATE INDEX article_search_doc ON article_search USING gin (doc) WITH (gin_pending_list_limit = 256);
  CREATE INDEX article_search_spelling ON article_search USING gin (spelling) WITH (gin_pending_list_limit = 256);
  DROP INDEX IF EXISTS articles_search_doc;
  DROP INDEX IF EXISTS articles_search_spelling;
  ALTER TABLE articles DROP COLUMN search_head;

  -- Statement-level, over the rows a statement changed (transition tables): a COPY of a
  -- thousand articles is one INSERT here. Each runs with this schema as its search_path.
  -- A row left behind by a write that bypassed the triggers (replica mode, a restore without
  -- triggers) is replaced rather than blocking the article that takes its id.
  CREATE FUNCTION article_search_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    ${UPSERT_NEW_ROWS}
    RETURN NULL;
  END $$;
  CREATE FUNCTION article_search_updated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    DELETE FROM article_search WHERE id IN (SELECT id FROM old_rows EXCEPT SELECT id FROM new_rows);
    ${UPSERT_NEW_ROWS}
    RETURN NULL;
  END $$;
  CREATE FUNCTION article_search_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    DELETE FROM article_search WHERE id IN (SELECT id FROM old_rows);
    RETURN NULL;
  END $$;
  CREATE FUNCTION article_search_truncated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    TRUNCATE article_search;
    RETURN NULL;
  END $$;
  CREATE TRIGGER article_search_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION article_search_inserted();
  CREATE TRIGGER article_search_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION article_search_updated();
  CREATE TRIGGER article_search_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION article_search_deleted();
  CREATE TRIGGER article_search_truncate AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION article_search_truncated();
  ANALYZE article_search;`;

/** Articles whose row in the search table is missing or differs, and rows of no article. */
export const SEARCH_TABLE_DRIFT_SQL = `
  SELECT count(*) AS n FROM articles a FULL JOIN article_search s ON s.id = a.id
   WHERE a.id IS NULL OR s.id IS NULL
      OR (a.status, a.section_id, a.published_at, a.list_at) IS DISTINCT FROM (s.status, s.section_id, s.published_at, s.list_at)
      OR a.search_doc IS DISTINCT FROM s.doc OR a.search_spelling IS DISTINCT FROM s.spelling`;

/** Rows of the search table whose article is gone (reindex; the others follow each article's update). */
export const SEARCH_TABLE_ORPHANS_SQL = 'DELETE FROM article_search s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.id)';
