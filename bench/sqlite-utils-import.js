// The peer of `newsdesk import`: sqlite-utils (Debian's package, a Python program) making a
// searchable table of the same articles, as whole processes:
//
//   sqlite-utils insert DB articles articles.ndjson --nl
//   sqlite-utils enable-fts DB articles title summary body --create-triggers
//
// --create-triggers: newsdesk's index is kept in step with every later write, and a table
// whose index goes stale on the first edit is not the same product. The triggers are created
// after the index is filled, so they cost the import nothing; they only make the two results
// alike (a searchable table that stays searchable).
//
// The input is the corpus without its section records (sqlite-utils would add their columns
// to the table): written once into the bench's work folder, outside the timing, as newsdesk's sections
// are a dozen lines of the same file.
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lines } from './lines.js';

export const SQLITE_UTILS = '/usr/bin/sqlite-utils';

/** The articles of a corpus as their own NDJSON file, made once (reused while newer than the corpus). */
export function articlesOnly(corpus, dir) {
  const out = join(dir, basename(corpus).replace(/\.ndjson$/, '.articles.ndjson'));
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(corpus).mtimeMs) return out;
  const tmp = `${out}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let chunk = '';
    for (const line of lines(corpus)) {
      if (line.startsWith('{"type":"section"')) continue;
      chunk += line + '\n';
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  return out;
}

/**
 * Times the two sqlite-utils processes with the bench's `heavy` (spawn to exit, CPU time and
 * peak RSS of each): ms and cpuMs are their sums, rssMB the larger peak.
 */
export async function sqliteUtilsImport(heavy, { db, articles }) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(db + s, { force: true });
  const steps = [
    ['insert', db, 'articles', articles, '--nl'],
    ['enable-fts', db, 'articles', 'title', 'summary', 'body', '--create-triggers'],
  ];
  const runs = [];
  for (const args of steps) runs.push(await heavy(args, { script: SQLITE_UTILS }));
  return {
    ms: runs.reduce((t, r) => t + r.ms, 0),
    cpuMs: runs.reduce((t, r) => t + r.cpuMs, 0),
    rssMB: Math.max(...runs.map((r) => r.rssMB)),
    steps: runs.map((r) => ({ ms: Math.round(r.ms), cpuMs: Math.round(r.cpuMs) })),
  };
}
