// The site's stylesheet, kept as a real CSS file beside this module (src/…/assets). A build
// that compiles to dist/ without copying it still finds the source file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = [
  './assets/style.css',
  // dist/exporters/html/ → src/exporters/html/
  '../../../src/exporters/html/assets/style.css',
];

let cached: string | undefined;

export function stylesheet(): string {
  if (cached !== undefined) return cached;
  for (const rel of CANDIDATES) {
    try {
      cached = readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
      return cached;
    } catch {
      // try the next place
    }
  }
  throw new Error('the stylesheet src/exporters/html/assets/style.css is missing from this installation');
}
