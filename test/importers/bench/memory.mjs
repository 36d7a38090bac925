// Flat memory: imports generated NDJSON files of growing size, each in its own process, and
// prints the peak RSS of each. Runs the compiled code (no TypeScript loader in the process):
//   npx tsc -p tsconfig.build.json --outDir /tmp/nd-bench/dist && ln -sfn "$PWD/node_modules" /tmp/nd-bench/node_modules
//   node test/importers/bench/memory.mjs /tmp/nd-bench/dist 20000 100000 200000
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from '../support/generate.mjs';

const [dist, ...counts] = process.argv.slice(2);
const runner = join(import.meta.dirname, 'memory-child.mjs');
for (const n of counts.map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-mem-'));
  const file = join(dir, 'articles.ndjson');
  const bytes = await generate(file, n);
  const r = spawnSync(process.execPath, [runner, resolve(dist), join(dir, 'news.db'), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  console.log(JSON.stringify({ articles: n, mb: +(bytes / 1e6).toFixed(0), ...JSON.parse(r.stdout) }));
  rmSync(dir, { recursive: true, force: true });
}
