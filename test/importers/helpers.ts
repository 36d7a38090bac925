// Helpers for import tests: run the pipeline on text, take a full export as a fingerprint of
// the database, and a tiny PNG for image tests.
import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';
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

export const ndjson = (...records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A valid PNG of w×h pixels of one colour (distinct colours give distinct hashes). */
export function png(w = 2, h = 2, rgb: [number, number, number] = [200, 30, 30]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
