#!/usr/bin/env node
// The raw limit of writing a static site on this machine: the same files (paths and sizes,
// from a list made of a real export) written with mkdirSync + writeFileSync into a fresh
// folder, and nothing else. Run as its own process, timed end to end like `export html`.
//
//   node bench/raw-write.js --list files.tsv --out DIR      (files.tsv: "relative/path\tbytes" lines)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name) => args[args.indexOf(`--${name}`) + 1];
const out = opt('out');
const started = performance.now();
const filler = Buffer.alloc(1 << 20, '<p>Nội dung trang</p>\n');
let files = 0;
let bytes = 0;
const made = new Set();
for (const line of readFileSync(opt('list'), 'utf8').split('\n')) {
  if (!line) continue;
  const tab = line.lastIndexOf('\t');
  const rel = line.slice(0, tab);
  const size = Number(line.slice(tab + 1));
  const path = join(out, rel);
  const dir = dirname(path);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(path, size <= filler.length ? filler.subarray(0, size) : Buffer.alloc(size, 'x'));
  files++;
  bytes += size;
}
process.stdout.write(`${JSON.stringify({ files, bytes, ms: performance.now() - started })}\n`);
