#!/usr/bin/env node
// The raw limit of an import into PostgreSQL: the same rows loaded by a plain script into the
// same schema (made by `newsdesk init`: every table, index and trigger) with one COPY of all the
// articles in one transaction, their search columns then made by the server itself from the
// text (to_tsvector 'simple', weighted as newsdesk weighs) — no folding in JavaScript, no
// validation, no checks of slugs. Run as its own process, like `newsdesk import`.
//
//   node bench/raw-copy.js --db postgres://… --corpus corpus.ndjson
//
// Prints one JSON line: {articles, ms}.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { lines } from './lines.js';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) throw new Error(`raw-copy: --${name} is required`);
  return args[i + 1];
};
// An empty host (a Unix socket named by ?host=) is not a valid host to the URL parser.
const address = new URL(opt('db').replace('@/', '@localhost/'));
const schema = address.searchParams.get('schema') ?? 'newsdesk';
const started = performance.now();

const text = (v) => (v === null || v === undefined ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t'));

const client = new pg.Client({
  host: address.searchParams.get('host') ?? address.hostname,
  port: Number(address.searchParams.get('port') ?? address.port ?? 5432),
  user: decodeURIComponent(address.username) || 'postgres',
  database: address.pathname.slice(1),
});
await client.connect();
await client.query(`SET search_path TO "${schema}"`);
await client.query('BEGIN');
const now = Date.now();
const sections = new Map();
let articles = 0;
function* rows() {
  for (const line of lines(opt('corpus'))) {
    const r = JSON.parse(line);
    if (r.type === 'section') continue;
    articles++;
    const publishedAt = r.published_at ? Date.parse(r.published_at) : null;
    yield `${[articles, r.slug, r.title, r.summary ?? '', r.body ?? '', r.author ?? '', r.source ?? '', sections.get(r.section), r.status ?? 'draft', publishedAt, now, now, JSON.stringify(r.images ?? []), JSON.stringify(r.tags ?? [])].map(text).join('\t')}\n`;
  }
}
// Sections first (a dozen rows), then every article in one COPY.
for (const line of lines(opt('corpus'))) {
  const r = JSON.parse(line);
  if (r.type !== 'section') break;
  const id = sections.size + 1;
  await client.query('INSERT INTO sections (id, slug, title, kind, parent_id, position, description) VALUES ($1, $2, $3, $4, $5, $6, $7)', [id, r.slug, r.title, r.kind ?? 'articles', r.parent ? sections.get(r.parent) : null, r.position ?? id, r.description ?? '']);
  sections.set(r.slug, id);
}
const copy = client.query(copyStreams.from('COPY articles (id, slug, title, summary, body, author, source, section_id, status, published_at, created_at, updated_at, images, tags) FROM STDIN'));
await pipeline(Readable.from(rows()), copy);
await client.query(`UPDATE articles SET search_hash = md5(title || summary || body),
  search_doc = setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', summary), 'B') || to_tsvector('simple', body || ' ' || author || ' ' || source),
  search_spelling = to_tsvector('simple', title || ' ' || summary || ' ' || body || ' ' || author || ' ' || source)`);
await client.query('COMMIT');
await client.end();
process.stdout.write(`${JSON.stringify({ articles, ms: performance.now() - started })}\n`);
