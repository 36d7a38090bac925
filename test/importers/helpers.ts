// Helpers for import tests: run the pipeline on text, take a full export as a fingerprint of
// the database, and a tiny PNG for image tests.
import { Readable } from 'node:stream';
import { exportJson, type ExportJsonOptions } from '../../src/exporters/json.js';
import { importStream, type ImportOptions, type ImportReport, type Reject } from '../../src/importers/pipeline.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';

export async function importText(
  store: Store,
  text: string | Buffer,
  opts: Partial<ImportOptions> & { baseDir?: string } = {},
): Promise<ImportReport & { rejects: Reject[] }> {
  const rejects: Reject[] = [];
  const report = await importStream(store, Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]), {
    now: FIXED_NOW,
    onReject: (r) => rejects.push(r),
    ...opts,
  });
  return { ...report, rejects };
}

/** The full export (NDJSON form, fixed clock): equal strings mean equal databases. */
export async function dump(store: Store, opts: Partial<ExportJsonOptions> = {}): Promise<string> {
  let out = '';
  await exportJson(store, { write: (s: string) => ((out += s), true) }, { now: FIXED_NOW, ndjson: true, ...opts });
  return out;
}

export { png } from '../helpers/png.js';

export const ndjson = (...records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

