// The store is the one door to the database: no file of src/ outside src/store/ loads a
// database driver or speaks SQL, and only src/store/open.ts picks a backend. A scan of the
// sources, plus the scan's own cases, so that it is known to catch what it looks for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** What only the store may do, each with a pattern that finds it in a line of TypeScript. */
const DATABASE_WORK: Array<{ what: string; pattern: RegExp }> = [
  { what: 'loads a database driver', pattern: /\bfrom\s+['"](better-sqlite3|pg|postgres|sqlite3|node:sqlite)['"]|import\(\s*['"](better-sqlite3|pg|postgres|sqlite3|node:sqlite)['"]\s*\)/ },
  { what: 'prepares a statement', pattern: /\.prepare\s*(<[^>]*>)?\s*\(/ },
  { what: 'runs a pragma', pattern: /\.pragma\s*\(|\bPRAGMA\b/ },
  { what: 'runs raw SQL', pattern: /\.exec\s*\(\s*[`'"]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|WITH)\b/ },
  {
    what: 'writes SQL',
    pattern: /[`'"]\s*(SELECT\s+[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TEMP\s+|VIRTUAL\s+)?(TABLE|INDEX|TRIGGER)\b|BEGIN(\s+(IMMEDIATE|DEFERRED|EXCLUSIVE))?\s*[`'";]|COMMIT\s*[`'";]|ROLLBACK\b|SAVEPOINT\b)/,
  },
  { what: 'holds a database handle', pattern: /\bstore\.(db|handle)\b|\.inTransaction\b/ },
  { what: 'reaches into a backend', pattern: /from\s+['"][./]*\/?store\/(sqlite|postgres)\/|import\(\s*['"][./]*\/?store\/(sqlite|postgres)\// },
];

export interface Breach {
  file: string;
  line: number;
  what: string;
  text: string;
}

/** The lines of one file that do what only the store may do (comments are not code). */
export function breachesIn(file: string, source: string): Breach[] {
  const breaches: Breach[] = [];
  let inBlockComment = false;
  source.split('\n').forEach((raw, i) => {
    let text = raw;
    if (inBlockComment) {
      const end = text.indexOf('*/');
      if (end < 0) return;
      text = text.slice(end + 2);
      inBlockComment = false;
    }
    text = text.replace(/\/\*.*?\*\//g, '');
    const open = text.indexOf('/*');
    if (open >= 0) {
      inBlockComment = true;
      text = text.slice(0, open);
    }
    text = text.replace(/(^|[^:'"`])\/\/.*$/, '$1');
    for (const { what, pattern } of DATABASE_WORK) {
      if (pattern.test(text)) breaches.push({ file, line: i + 1, what, text: raw.trim() });
    }
  });
  return breaches;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [path] : [];
  });
}

const outsideStore = (file: string): boolean => !relative(SRC, file).split(sep).join('/').startsWith('store/');

describe('the store boundary', () => {
  it('no file outside src/store/ loads a driver, speaks SQL or reaches into a backend', () => {
    const files = sourceFiles(SRC).filter(outsideStore);
    expect(files.length).toBeGreaterThan(50);
    const breaches = files.flatMap((f) => breachesIn(relative(SRC, f), readFileSync(f, 'utf8')));
    expect(breaches).toEqual([]);
  });

  it('the backends are reached only through src/store/open.ts', () => {
    const storeFiles = sourceFiles(join(SRC, 'store')).filter((f) => !f.includes(`${sep}sqlite${sep}`) && !f.includes(`${sep}postgres${sep}`));
    const reaching = storeFiles.filter((f) => /from\s+['"]\.\/(sqlite|postgres)\/|import\(\s*['"]\.\/(sqlite|postgres)\//.test(readFileSync(f, 'utf8')));
    expect(reaching.map((f) => relative(SRC, f))).toEqual(['store/open.ts']);
  });

  // The scan must find one stray statement, however it is written, and not a word in prose
  // (SQL is written in capitals here; a message that says "Select" is not SQL).
  it.each([
    ["const s = store.db.prepare('SELECT 1');", ['prepares a statement', 'writes SQL', 'holds a database handle']],
    ['const s = db.prepare<[number], Row>(sql);', ['prepares a statement']],
    ["import Database from 'better-sqlite3';", ['loads a database driver']],
    ["const { Pool } = await import('pg');", ['loads a database driver']],
    ["db.pragma('journal_mode = WAL');", ['runs a pragma']],
    ["db.exec('DELETE FROM articles');", ['runs raw SQL', 'writes SQL']],
    ['const sql = `INSERT INTO links (id) VALUES (?)`;', ['writes SQL']],
    ["run('BEGIN IMMEDIATE');", ['writes SQL']],
    ["import { ArticlesRepo } from '../store/sqlite/articles.js';", ['reaches into a backend']],
    ['if (store.handle.db.inTransaction) return;', ['holds a database handle']],
  ])('finds %s', (line, whats) => {
    expect(breachesIn('x.ts', `// a file\n${line}\n`).map((b) => b.what)).toEqual(whats);
  });

  it.each([
    '// SELECT the articles: a comment about SQL is not SQL',
    ' * INSERT INTO in a doc comment',
    "ctx.info('Select a section to update');",
    'const rows = await store.articles.list(filter, sort);',
    "import type { Store } from '../store/store.js';",
    "return store.transaction(async (tx) => tx.articles.delete(id));",
  ])('passes %s', (line) => {
    expect(breachesIn('x.ts', `/**\n${line}\n*/\n${line}\n`)).toEqual([]);
  });
});
