// newsdesk check and reindex on PostgreSQL: the same logical work as on SQLite. The server
// keeps its own pages and references whole (no file to damage behind its back), so the check
// is of what newsdesk derives: the kept counts, the section tree, the media articles name, and
// the search columns against the text they were made from.
import { MEDIA_SRC, parseImages, sectionsInCycles } from '../rows.js';
import type { CheckReport, Problem } from '../store.js';
import type { Queryable } from './conn.js';
import { SEARCH_TABLE_DRIFT_SQL, SEARCH_TABLE_ORPHANS_SQL } from './search-table.js';
import { textHash } from '../index-text.js';
import { searchColumns } from './search-text.js';
import { english } from '../../i18n/issues.js';

const MAX_PER_CHECK = 50;
const BATCH = 500;

interface TextRow {
  id: number;
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
  search_hash: string | null;
  images: string;
}

async function* textBatches(db: Queryable): AsyncGenerator<TextRow[]> {
  let after = 0;
  for (;;) {
    const rows = await db.query<TextRow>('SELECT id, title, summary, body, author, source, search_hash, images FROM articles WHERE id > $1 ORDER BY id LIMIT $2', [after, BATCH]);
    if (rows.length) yield rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function checkPortal(db: Queryable): Promise<CheckReport> {
  const problems: Problem[] = [];
  const part = async (check: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      problems.push({ check, message: english('issue.checkIncomplete', { message: (err as Error).message }) });
    }
  };

  await part('article_counts', async () => {
    const wrong = await db.query<{ status: string; section_id: number; kept: number; actual: number }>(
      `SELECT coalesce(c.status, a.status) AS status, coalesce(c.section_id, a.section_id) AS section_id, coalesce(c.n, 0) AS kept, coalesce(a.n, 0) AS actual
         FROM article_counts c FULL JOIN (SELECT status, section_id, count(*) AS n FROM articles GROUP BY status, section_id) a
           ON a.status = c.status AND a.section_id = c.section_id
        WHERE coalesce(c.n, 0) <> coalesce(a.n, 0)
        ORDER BY 1, 2`,
    );
    for (const w of wrong.slice(0, MAX_PER_CHECK)) {
      problems.push({ check: 'article_counts', message: english('issue.check.countsAgain', { message: english('issue.check.count', { status: w.status, section: w.section_id, kept: w.kept, actual: w.actual }) }) });
    }
  });

  await part('sections', async () => {
    const sections = await db.query<{ id: number; slug: string; parent_id: number | null }>('SELECT id, slug, parent_id FROM sections ORDER BY id');
    for (const s of sectionsInCycles(sections)) problems.push({ check: 'sections', message: english('issue.check.cycle', { slug: s.slug }) });
  });

  let missing = 0;
  let stale = 0;
  await part('media', async () => {
    const stored = new Set((await db.query<{ hash: string }>('SELECT hash FROM media')).map((r) => r.hash));
    let mediaMissing = 0;
    for await (const batch of textBatches(db)) {
      for (const row of batch) {
        for (const img of parseImages(row.images)) {
          const m = MEDIA_SRC.exec(img.src);
          if (m && !stored.has(m[1]!) && mediaMissing++ < MAX_PER_CHECK) problems.push({ check: 'media', message: english('issue.check.mediaMissing', { id: row.id, src: img.src }) });
        }
        if (row.search_hash === null) missing++;
        else if (row.search_hash !== textHash(row)) stale++;
      }
    }
  });
  await part('search_index', async () => {
    const index: string[] = [];
    if (missing) index.push(english('issue.check.notIndexed', { count: missing, n: missing }));
    if (stale) index.push(english('issue.check.stale', { count: stale, n: stale }));
    const [noDoc] = await db.query<{ n: number }>('SELECT count(*) AS n FROM articles WHERE search_hash IS NOT NULL AND (search_doc IS NULL OR search_spelling IS NULL)');
    if (noDoc!.n) index.push(english('issue.check.noColumns', { count: noDoc!.n, n: noDoc!.n }));
    // The search table (migration 10) as the articles' triggers keep it.
    const [drift] = await db.query<{ n: number }>(SEARCH_TABLE_DRIFT_SQL);
    if (drift!.n) index.push(english('issue.check.notIndexed', { count: drift!.n, n: drift!.n }));
    for (const message of index) problems.push({ check: 'search_index', message: english('issue.check.rebuilds', { message }) });
  });

  const count = async (table: string): Promise<number | null> => {
    try {
      return (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
    } catch (err) {
      problems.push({ check: 'integrity', message: english('issue.check.uncounted', { table, message: (err as Error).message }) });
      return null;
    }
  };
  const articles = await count('articles');
  const sections = await count('sections');
  const links = await count('links');
  const media = await count('media');
  return { ok: problems.length === 0, articles, sections, links, media, problems };
}

/** Counts the articles again and makes every article's search columns anew; returns how many. */
export async function reindexPortal(db: Queryable, onProgress?: (done: number) => void): Promise<number> {
  await db.query('DELETE FROM article_counts');
  await db.query('INSERT INTO article_counts (status, section_id, n) SELECT status, section_id, count(*) FROM articles GROUP BY status, section_id');
  let n = 0;
  for await (const batch of textBatches(db)) {
    const cols = batch.map((r) => searchColumns(r));
    await db.query(
      `UPDATE articles a SET search_doc = v.doc::tsvector, search_spelling = v.spelling::tsvector, search_hash = v.hash
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(id, doc, spelling, hash) WHERE a.id = v.id`,
      [batch.map((r) => r.id), cols.map((c) => c.doc), cols.map((c) => c.spelling), cols.map((c) => c.hash)],
    );
    n += batch.length;
    onProgress?.(n);
  }
  // Each article's row in the search table followed its update (triggers); rows of no article go.
  await db.query(SEARCH_TABLE_ORPHANS_SQL);
  return n;
}
