// The reference for one `newsdesk search` process (issue 16): Debian's sqlite-utils searching
// the same articles, as a process. Its database is built once per corpus, untimed, the way a
// user of sqlite-utils would build it:
//   sqlite-utils insert DB articles corpus.ndjson --nl      (the corpus's article lines)
//   sqlite-utils enable-fts DB articles title summary body  (FTS5, its default tokenizer)
// and the figure is `sqlite-utils search DB articles QUERY --limit 10 -c …`: the same query,
// the first 10 results by rank, as newsdesk's first page shows 10.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EXE = 'sqlite-utils';
/** The columns it prints: those of newsdesk's table (the slug for the id), but the snippet, which it cannot make. */
const COLUMNS = ['slug', 'published_at', 'section', 'title'];

/** Whether sqlite-utils can be run here. */
export function sqliteUtilsVersion() {
  const r = spawnSync(EXE, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The sqlite-utils database of the corpus's articles in `dir` (made when missing or made from
 * another corpus), and the command of one search: { command, args } for the bench's runner.
 */
export function sqliteUtilsSearch({ corpusFile, dir, query, log = () => {} }) {
  const db = join(dir, 'sqlite-utils.db');
  const meta = `${db}.json`;
  const made = `${corpusFile}:${statSync(corpusFile).size}`;
  const known = existsSync(db) && existsSync(meta) ? JSON.parse(readFileSync(meta, 'utf8')).made : null;
  if (known !== made) {
    for (const s of ['', '-wal', '-shm', '.json']) rmSync(db + s, { force: true });
    log(`  sqlite-utils: building ${db} (untimed)…`);
    // The article lines only (the corpus starts with its sections); rowids in file order.
    const insert = spawnSync('sh', ['-c', `grep -v '^{"type":"section"' "$1" | ${EXE} insert "$2" articles - --nl`, 'sh', corpusFile, db], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (insert.status !== 0) throw new Error(`sqlite-utils insert: ${insert.stderr.trim()}`);
    const fts = spawnSync(EXE, ['enable-fts', db, 'articles', 'title', 'summary', 'body'], { encoding: 'utf8' });
    if (fts.status !== 0) throw new Error(`sqlite-utils enable-fts: ${fts.stderr.trim()}`);
    writeFileSync(meta, JSON.stringify({ made }));
  }
  return { command: EXE, args: ['search', db, 'articles', query, '--limit', '10', ...COLUMNS.flatMap((c) => ['-c', c])] };
}
