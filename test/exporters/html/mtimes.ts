// Which files an export rewrote: modification times set to a fixed past moment before it, and
// compared after it.
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_NAME } from '../../../src/exporters/html/routes.js';
import { listFiles } from './site.js';

/** Modification times, set to a fixed past moment first, so a rewrite shows. */
export function freeze(dir: string): Map<string, number> {
  const past = new Date('2001-01-01T00:00:00Z');
  const times = new Map<string, number>();
  for (const f of listFiles(dir)) {
    utimesSync(join(dir, f), past, past);
    times.set(f, statSync(join(dir, f)).mtimeMs);
  }
  return times;
}

/** The files (but the manifest) written since `freeze`. */
export function touched(dir: string, before: Map<string, number>): string[] {
  return listFiles(dir).filter((f) => f !== MANIFEST_NAME && before.get(f) !== statSync(join(dir, f)).mtimeMs);
}
