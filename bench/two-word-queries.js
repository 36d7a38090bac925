#!/usr/bin/env node
// Two-word queries drawn from a portal's published articles, to measure the site search's first
// pages on more than the benchmark's few (bench/search-site.js --queries FILE). Deterministic:
//   node bench/two-word-queries.js DB [--count 200] > queries.json
// prints {"frequent": […], "adjacent": […], "together": […]}:
// - frequent: the most frequent pairs of neighbouring words (in the articles whose id is a
//   multiple of 20), one per folded pair: what readers type most, compound words mostly;
// - adjacent: two neighbouring words at a random place of a random article;
// - together: two words at random places of one random article (a query like "kháng chiến",
//   whose words an article holds apart).
// Numbers and pairs of one word twice are left out.
import Database from 'better-sqlite3';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const args = process.argv.slice(2);
const db = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--count');
const at = args.indexOf('--count');
const count = at < 0 ? 200 : Number(args[at + 1]);
if (!Number.isInteger(count) || count < 1) {
  console.error('--count: a whole number of queries, at least 1');
  process.exit(2);
}
if (!db) {
  console.error('usage: node bench/two-word-queries.js DB [--count N]');
  process.exit(2);
}
const { fold } = await import(pathToFileURL(join(fileURLToPath(new URL('..', import.meta.url)), 'dist/core/fold.js')).href);
const { mulberry32 } = await import('./corpus.js');
const d = new Database(db, { readonly: true });
const wordsOf = (text) => text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w && !/^\d+$/.test(w));

/** Adds `a b` to `out` unless its fold is there already or both words fold alike. */
function adder(out, seen) {
  return (a, b) => {
    const f = fold(`${a} ${b}`);
    if (fold(a) === fold(b) || seen.has(f)) return;
    seen.add(f);
    out.push(`${a} ${b}`);
  };
}

const pairs = new Map();
for (const r of d.prepare("SELECT title, summary, body FROM articles WHERE status = 'published' AND id % 20 = 0 ORDER BY id").iterate()) {
  for (const text of [r.title, r.summary, r.body]) {
    const w = wordsOf(text);
    for (let i = 0; i + 1 < w.length; i++) pairs.set(`${w[i]} ${w[i + 1]}`, (pairs.get(`${w[i]} ${w[i + 1]}`) ?? 0) + 1);
  }
}
const frequent = [];
const addFrequent = adder(frequent, new Set());
for (const [pair] of [...pairs].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) {
  if (frequent.length >= count) break;
  const [a, b] = pair.split(' ');
  addFrequent(a, b);
}

const ids = d.prepare("SELECT id FROM articles WHERE status = 'published' ORDER BY id").pluck().all();
const get = d.prepare('SELECT title, body FROM articles WHERE id = ?');
function drawn(seed, pick) {
  const rand = mulberry32(seed);
  const out = [];
  const add = adder(out, new Set());
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const r = get.get(ids[Math.floor(rand() * ids.length)]);
    const w = wordsOf(`${r.title} ${r.body}`);
    if (w.length < 2) continue;
    pick(w, rand, add);
  }
  return out;
}
const adjacent = drawn(12345, (w, rand, add) => {
  const i = Math.floor(rand() * (w.length - 1));
  add(w[i], w[i + 1]);
});
const together = drawn(12345, (w, rand, add) => add(w[Math.floor(rand() * w.length)], w[Math.floor(rand() * w.length)]));
d.close();
console.log(JSON.stringify({ frequent, adjacent, together }));
