// Tests that run the binary as a child process need dist/ built from the current src/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ before the suite when it is missing or older than src/. */
export function needBuild(): void {
  beforeAll(() => {
    const main = join(ROOT, 'dist', 'main.js');
    if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
    const started = Date.now();
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    // tsc writes dist/ even when it reports type errors (the type-check is its own CI step);
    // what matters here is a fresh dist/ to run.
    if (!existsSync(main) || statSync(main).mtimeMs < started - 1000) {
      throw new Error(`npm run build did not produce dist/main.js:\n${build.stdout}\n${build.stderr}`);
    }
  }, 180_000);
}
