// What an installed newsdesk holds: every file the code reads at run time from outside dist/
// must be in the package (package.json "files"), or `export html` fails after `npm install`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function packedFiles(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

describe('the package as npm packs it', () => {
  it('holds the binary, the build, the sample portal and the site stylesheet', () => {
    const files = packedFiles();
    for (const f of ['bin/newsdesk.js', 'bin/cli-bundle.js', 'dist/main.js', 'dist/cli.bundle.js', 'src/exporters/html/assets/style.css']) expect(files, f).toContain(f);
    expect(files.some((f) => f.startsWith('data/sample/'))).toBe(true);
    // No tsconfig.json: the bundle's staleness check (bin/cli-bundle.js) tells a checkout by it.
    expect(files).not.toContain('tsconfig.json');
  });
});
