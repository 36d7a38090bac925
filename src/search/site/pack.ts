// The packed form of a search data file, made at export (Node): its JSON deflated, then
// written as text (see format.ts, PACK_DIGITS) so that the file is still a classic script
// that calls the loader with a string. On disk a file takes about 1.25× its deflated size
// instead of its whole JSON; a static host's gzip finds little more to take.
import { promisify } from 'node:util';
import { deflate, deflateSync } from 'node:zlib';
import { PACK_DIGITS } from './format.js';

const DIGIT_CODES = Uint8Array.from(PACK_DIGITS, (c) => c.charCodeAt(0));

/** Bytes as text: each 4 bytes (big-endian) as 5 base-85 digits; a last group of r bytes as r + 1 digits. */
export function encodeBytes(bytes: Uint8Array): string {
  const whole = bytes.length - (bytes.length % 4);
  const rest = bytes.length - whole;
  const out = Buffer.allocUnsafe((whole / 4) * 5 + (rest ? 5 : 0));
  let o = 0;
  // The 5 digits of a 32-bit group, most significant first.
  const group = (v: number): void => {
    for (let k = 4; k >= 0; k--) {
      const d = v % 85;
      out[o + k] = DIGIT_CODES[d]!;
      v = (v - d) / 85;
    }
    o += 5;
  };
  for (let i = 0; i < whole; i += 4) group(((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0);
  if (rest) {
    let v = 0;
    for (let k = 0; k < 4; k++) v = v * 256 + (k < rest ? bytes[whole + k]! : 0);
    group(v);
  }
  // A last group of r bytes keeps r + 1 digits.
  return out.toString('latin1', 0, rest ? o - 4 + rest : o);
}

const deflateAsync = promisify(deflate);

/** JSON text deflated and encoded. */
export function packJson(json: string): string {
  return encodeBytes(deflateSync(Buffer.from(json, 'utf8')));
}

/** packJson, deflating on the thread pool. */
export async function packJsonAsync(json: string): Promise<string> {
  return encodeBytes(await deflateAsync(Buffer.from(json, 'utf8')));
}

/** The JSON of `data`, deflated and encoded. */
export function packData(data: unknown): string {
  return packJson(JSON.stringify(data));
}
