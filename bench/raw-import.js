#!/usr/bin/env node
// The raw limit of an import: the same rows, inserted by plain better-sqlite3 prepared
// statements in one transaction, into exactly the schema of a database newsdesk created
// (every table, index, trigger and FTS5 table, read from its sqlite_schema), with the same
// pragmas (WAL, synchronous=FULL, foreign keys). Run as its own process, so that its time and
// peak RSS are measured end to end like `newsdesk import`.
//
//   node bench/raw-import.js --template nd.db --db raw.db --corpus corpus.ndjson --variant together [--dist DIR]
//
// Variants:
//   together  each article row and its index entries (search_fts, search_spelling, search_docs)
//             inserted one after the other: the text goes to the FTS tables as it is (the
//             tokenizer splits it, no folding in JS).
//   rebuild   the rows first, then the index filled by INSERT … SELECT from the rows.
//   fold      like `together`, but the index entries made by newsdesk's own folding
//             (dist/store/sqlite/fts.js indexEntry, textHash): not a limit, a diagnostic that
//             separates the cost of folding from the cost of the import pipeline.
// Prints one JSON line: {variant, articles, ms}.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) throw new Error(`raw-import: --${name} is required`);
  return args[i + 1];
};
const template = opt('template');
const dbPath = opt('db');
const corpus = opt('corpus');
const variant = opt('variant');
if (!['together', 'rebuild', 'fold'].includes(variant)) throw new Error(`raw-import: unknown variant ${variant}`);

const started = performance.now();
// The build to take the folding from (bench/run.js passes its frozen copy).
const distDir = args.includes('--dist') ? opt('dist') : fileURLToPath(new URL('../dist', import.meta.url));
const fold = variant === 'fold' ? await import(pathToFileURL(join(distDir, 'store', 'sqlite', 'fts.js')).href) : undefined;

/** Every line of a file, read synchronously in 1 MB chunks (flat memory, no await). */
function* lines(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  const dec = new StringDecoder('utf8');
  let rest = '';
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + dec.write(buf.subarray(0, n));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl > start) yield text.slice(start, nl);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    rest += dec.end();
    if (rest.trim()) yield rest;
  } finally {
    closeSync(fd);
  }
}

for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');

// The schema, object by object in the order it was created; the shadow tables of the FTS5
// tables come into being with them and are skipped.
const tpl = new Database(template, { readonly: true, fileMustExist: true });
const schema = tpl.prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid").all();
tpl.close();
const exists = db.prepare('SELECT 1 FROM sqlite_schema WHERE name = ?').pluck();
for (const o of schema) if (!exists.get(o.name)) db.exec(o.sql);

const insSection = db.prepare('INSERT INTO sections (slug, title, kind, parent_id, position, description) VALUES (?, ?, ?, ?, ?, ?)');
const insArticle = db.prepare(
  `INSERT INTO articles (slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags)
   VALUES (@slug, @title, @summary, @body, @author, @source, @section_id, @status, @published_at, @created_at, @updated_at, @images, @tags)`,
);
const insFts = db.prepare('INSERT INTO search_fts (rowid, title, summary, body, author, source) VALUES (?, ?, ?, ?, ?, ?)');
const insSpelling = db.prepare('INSERT INTO search_spelling (rowid, tokens) VALUES (?, ?)');
const insDoc = db.prepare('INSERT INTO search_docs (id, hash) VALUES (?, ?)');
const sha = (r) => createHash('sha1').update(`${r.title}\u0000${r.summary}\u0000${r.body}\u0000${r.author}\u0000${r.source}`).digest('base64url').slice(0, 16);

const now = Date.now();
const sectionIds = new Map();
let articles = 0;
const run = db.transaction(() => {
  for (const line of lines(corpus)) {
    const r = JSON.parse(line);
    if (r.type === 'section') {
      const parent = r.parent ? sectionIds.get(r.parent) : null;
      const info = insSection.run(r.slug, r.title, r.kind ?? 'articles', parent, r.position ?? sectionIds.size + 1, r.description ?? '');
      sectionIds.set(r.slug, Number(info.lastInsertRowid));
      continue;
    }
    const row = {
      slug: r.slug,
      title: r.title,
      summary: r.summary ?? '',
      body: r.body ?? '',
      author: r.author ?? '',
      source: r.source ?? '',
      section_id: sectionIds.get(r.section),
      status: r.status ?? 'draft',
      published_at: r.published_at ? Date.parse(r.published_at) : null,
      created_at: now,
      updated_at: now,
      images: JSON.stringify(r.images ?? []),
      tags: JSON.stringify(r.tags ?? []),
    };
    const id = Number(insArticle.run(row).lastInsertRowid);
    // Index entries are filed as newsdesk files them: a draft under minus its id.
    const key = row.status === 'draft' ? -id : id;
    articles++;
    if (variant === 'together') {
      insFts.run(key, row.title, row.summary, row.body, row.author, row.source);
      insSpelling.run(key, `${row.title} ${row.summary} ${row.body} ${row.author} ${row.source}`);
      insDoc.run(key, sha(row));
    } else if (variant === 'fold') {
      const e = fold.indexEntry(row);
      insFts.run(key, ...e.folded);
      insSpelling.run(key, e.spelling);
      insDoc.run(key, fold.textHash(row));
    } else {
      insDoc.run(key, sha(row));
    }
  }
  if (variant === 'rebuild') {
    const key = "CASE status WHEN 'draft' THEN -id ELSE id END";
    db.exec(`INSERT INTO search_fts (rowid, title, summary, body, author, source) SELECT ${key}, title, summary, body, author, source FROM articles ORDER BY id;
             INSERT INTO search_spelling (rowid, tokens) SELECT ${key}, title || ' ' || summary || ' ' || body || ' ' || author || ' ' || source FROM articles ORDER BY id;`);
  }
});
run.immediate();
db.close();
process.stdout.write(`${JSON.stringify({ variant, articles, ms: performance.now() - started })}\n`);
