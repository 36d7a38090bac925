// newsdesk check on SQLite: what can be wrong with a database file, found without changing it.
import { MEDIA_SRC, parseImages, sectionsInCycles } from '../rows.js';
import type { CheckReport, Problem } from '../store.js';
import type { SqliteHandle } from './handle.js';
import { english } from '../../i18n/issues.js';

const MAX_PER_CHECK = 50;

export function checkDatabase(store: SqliteHandle): CheckReport {
  const problems: Problem[] = [];
  const db = store.db;
  // A damaged page can make any statement below throw (SQLITE_CORRUPT): each part of the check
  // then reports that it could not finish, and the others still run.
  const part = (check: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      problems.push({ check, message: english('issue.checkIncomplete', { message: describe(err) }) });
    }
  };

  part('integrity', () => problems.push(...integrityProblems(store)));

  part('foreign_keys', () => {
    const fk = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>;
    for (const v of fk.slice(0, MAX_PER_CHECK)) {
      problems.push({ check: 'foreign_keys', message: english('issue.check.foreignKey', { table: v.table, rowid: v.rowid, parent: v.parent }) });
    }
  });

  // The counts behind the pager of article list (kept by triggers).
  part('article_counts', () => {
    for (const message of store.articles.countProblems().slice(0, MAX_PER_CHECK)) {
      problems.push({ check: 'article_counts', message: english('issue.check.countsAgain', { message }) });
    }
  });

  // Sections: every parent chain must reach the top without a cycle.
  part('sections', () => {
    const sections = db.prepare('SELECT id, slug, parent_id FROM sections').all() as Array<{ id: number; slug: string; parent_id: number | null }>;
    for (const s of sectionsInCycles(sections)) problems.push({ check: 'sections', message: english('issue.check.cycle', { slug: s.slug }) });
  });

  part('media', () => {
    let mediaMissing = 0;
    for (const row of db.prepare('SELECT id, images FROM articles').iterate() as IterableIterator<{ id: number; images: string }>) {
      for (const img of parseImages(row.images)) {
        const m = MEDIA_SRC.exec(img.src);
        if (m && !store.media.has(m[1]!) && mediaMissing++ < MAX_PER_CHECK) {
          problems.push({ check: 'media', message: english('issue.check.mediaMissing', { id: row.id, src: img.src }) });
        }
      }
    }
  });

  part('search_index', () => problems.push(...store.index.verify().map((message) => ({ check: 'search_index', message }))));

  const count = (table: string): number | null => {
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } catch (err) {
      problems.push({ check: 'integrity', message: english('issue.check.uncounted', { table, message: describe(err) }) });
      return null;
    }
  };
  return {
    ok: problems.length === 0,
    articles: count('articles'),
    sections: count('sections'),
    links: count('links'),
    media: count('media'),
    problems,
  };
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.code === 'string' && e.code.startsWith('SQLITE_') ? `${message} (${e.code})` : message;
}

/**
 * PRAGMA integrity_check, line by line. SQLite's whole-file check stops with SQLITE_CORRUPT on
 * some damage (a record it cannot decode while checking an index); the damage is then named
 * table by table, each with its indexes, so the report still says where it lies.
 */
function integrityProblems(store: SqliteHandle): Problem[] {
  const db = store.db;
  // One problem a line: SQLite's first line carries a "*** in database main ***" header.
  const lines = (sql: string): string[] =>
    (db.prepare(sql).pluck().all() as string[])
      .flatMap((l) => l.split('\n'))
      .filter((l) => l !== 'ok' && l.trim() !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(l));
  try {
    return lines('PRAGMA integrity_check').slice(0, MAX_PER_CHECK).map((message) => ({ check: 'integrity', message }));
  } catch (err) {
    const problems: Problem[] = [];
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all() as string[];
    for (const table of tables) {
      // Table names come from the schema, never from input; quoted all the same.
      const name = `"${table.replaceAll('"', '""')}"`;
      try {
        for (const line of lines(`PRAGMA integrity_check(${name})`)) problems.push({ check: 'integrity', message: line });
      } catch (e) {
        // The quick check reads less (no index against its table) and may still say where.
        let detail: string[] = [];
        try {
          detail = lines(`PRAGMA quick_check(${name})`);
        } catch {
          // nothing more to say than the error itself
        }
        problems.push({ check: 'integrity', message: english('issue.check.tableDamaged', { table, message: `${describe(e)}${detail.length ? `: ${detail.join('; ')}` : ''}` }) });
      }
    }
    if (problems.length === 0) problems.push({ check: 'integrity', message: english('issue.check.integrityStopped', { message: describe(err) }) });
    return problems.slice(0, MAX_PER_CHECK);
  }
}
