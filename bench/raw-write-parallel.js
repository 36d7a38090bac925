#!/usr/bin/env node
// The raw floor of writing a static site with every core: the same files as raw-write.js
// (paths and sizes from a list made of a real export), the folders made first, then the files
// shared among N threads (worker_threads, default: the CPUs), each writing its share with
// plain writeFileSync, in the order of the list. Nothing else: no rendering, no manifest.
//
//   node bench/raw-write-parallel.js --list files.tsv --out DIR [--threads N]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

const filler = Buffer.alloc(1 << 20, '<p>Nội dung trang</p>\n');

/** Writes files [paths, sizes] with synchronous calls. */
function writeShare(files) {
  for (const [path, size] of files) writeFileSync(path, size <= filler.length ? filler.subarray(0, size) : Buffer.alloc(size, 'x'));
}

if (!isMainThread) {
  writeShare(workerData);
} else {
  const args = process.argv.slice(2);
  const opt = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
  const out = opt('out');
  const threads = Number(opt('threads') ?? availableParallelism());
  const started = performance.now();
  const files = [];
  let bytes = 0;
  const made = new Set();
  for (const line of readFileSync(opt('list'), 'utf8').split('\n')) {
    if (!line) continue;
    const tab = line.lastIndexOf('\t');
    const path = join(out, line.slice(0, tab));
    const size = Number(line.slice(tab + 1));
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    files.push([path, size]);
    bytes += size;
  }
  // Interleaved shares: each thread gets files from every folder, as an export's threads do.
  const shares = Array.from({ length: threads }, () => []);
  files.forEach((f, i) => shares[i % threads].push(f));
  await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: share });
          w.on('error', reject);
          w.on('exit', resolve);
        }),
    ),
  );
  process.stdout.write(`${JSON.stringify({ files: files.length, bytes, threads, ms: performance.now() - started })}\n`);
}
