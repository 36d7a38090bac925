// The word pairs' index (search-pairs.ts) built after the rows when a copy fills an empty
// portal (`copy --to postgres://…`; ImportSessionOptions.wholePortal).
//
// Kept row by row, the index costs an import about as much as computing the pairs: each
// article adds a thousand-odd keys to a large GIN index, a few at a time through its pending
// list (at 10,000 articles, 0.76 ms of the server's time an article of 2.6 in all). Built once
// at the end, from the rows sorted in memory, it costs a fraction of that. Dropping the index
// inside the import's transaction locks the search table until the import commits, so it is
// done only for a copy into a portal that has no article (searches of it then wait for the
// copy rather than find nothing; a plain `import` keeps the index, so a search meanwhile answers
// at once, as on SQLite) and only when no one is reading the table at that moment (otherwise
// the copy keeps the index as it goes). The drop is undone with the copy if it fails.
import type { PgConn } from './conn.js';
import { SEARCH_PAIRS_INDEX_SQL } from './search-pairs.js';

/** The memory the build may gather pairs in, when the server's setting is lower. */
const BUILD_MEMORY = '256MB';

/** How long the drop waits for a reader of the search table before giving up the idea. */
const DROP_WAIT = '200ms';

/** In the import's transaction: drops the pairs' index when the portal is empty; true when it did. */
export async function deferPairsIndex(conn: PgConn): Promise<boolean> {
  const [row] = await conn.query<{ empty: boolean; wait: string }>("SELECT NOT EXISTS (SELECT 1 FROM articles) AS empty, current_setting('lock_timeout') AS wait");
  if (!row!.empty) return false;
  await conn.query('SAVEPOINT defer_pairs');
  try {
    await conn.query(`SELECT set_config('lock_timeout', '${DROP_WAIT}', true)`);
    await conn.query('DROP INDEX article_search_pairs');
    await conn.query("SELECT set_config('lock_timeout', $1, true)", [row!.wait]);
    await conn.query('RELEASE SAVEPOINT defer_pairs');
    return true;
  } catch {
    // A reader holds the table (or the index is not there): the rows go in with the index kept.
    await conn.query('ROLLBACK TO SAVEPOINT defer_pairs');
    return false;
  }
}

/** In the import's transaction, after its last rows: the index dropped by deferPairsIndex, built. */
export async function buildPairsIndex(conn: PgConn): Promise<void> {
  // One statement over every row: a statement_timeout set for the role would cancel it where
  // the rows, sent a few hundred at a time, passed.
  // The build gathers the pairs in memory up to maintenance_work_mem before merging them into
  // the index: at the default 64 MB, a 100,000-article import (some 1.7 GB of pairs) would
  // merge some 25 times over a growing index.
  const [row] = await conn.query<{ timeout: string; memory: string }>(
    `SELECT current_setting('statement_timeout') AS timeout, current_setting('maintenance_work_mem') AS memory, set_config('statement_timeout', '0', true),
            CASE WHEN pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('${BUILD_MEMORY}') THEN set_config('maintenance_work_mem', '${BUILD_MEMORY}', true) END`,
  );
  await conn.query(SEARCH_PAIRS_INDEX_SQL);
  await conn.query("SELECT set_config('statement_timeout', $1, true), set_config('maintenance_work_mem', $2, true)", [row!.timeout, row!.memory]);
}
