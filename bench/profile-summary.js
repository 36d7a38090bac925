#!/usr/bin/env node
// Summarises a .cpuprofile (node --cpu-prof): self time by function, and total time by file.
//   node bench/profile-summary.js PROFILE [--top 30]
import { readFileSync } from 'node:fs';

const [file, , topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const p = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, '~/');
  return `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
};
const byFn = new Map();
const byFile = new Map();
for (const [id, t] of self) {
  const n = nodes.get(id);
  byFn.set(where(n), (byFn.get(where(n)) ?? 0) + t);
  const url = n.callFrame.url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\/([^/]+).*/, '~/$1') || `(${n.callFrame.functionName})`;
  byFile.set(url, (byFile.get(url) ?? 0) + t);
}
const ms = (t) => (t / 1000).toFixed(0).padStart(7);
console.log(`total ${ms(total)} ms\n-- self time by function`);
for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(t)} ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log('-- self time by file');
for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms(t)} ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
