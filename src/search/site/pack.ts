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
  for (let i = 0; i < whole; i += 4, o += 5) {
    groupInto(((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0, out, o);
  }
  if (rest) {
    let v = 0;
    for (let k = 0; k < 4; k++) v = v * 256 + (k < rest ? bytes[whole + k]! : 0);
    groupInto(v, out, o);
    o += 5;
  }
  // A last group of r bytes keeps r + 1 digits.
  return out.toString('latin1', 0, rest ? o - 4 + rest : o);
}

/** Two digits by value (0 .. 85² - 1): the high digit's code, then the low digit's. */
const DIGIT_PAIRS = new Uint8Array(85 * 85 * 2);
for (let i = 0; i < 85 * 85; i++) {
  DIGIT_PAIRS[2 * i] = DIGIT_CODES[Math.floor(i / 85)]!;
  DIGIT_PAIRS[2 * i + 1] = DIGIT_CODES[i % 85]!;
}

/** The 5 digits of a 32-bit group, most significant first, at out[o .. o + 5). */
function groupInto(v: number, out: Buffer, o: number): void {
  // Two digits at a time: the low pair from the 32-bit value, then the rest fits a small
  // integer (< 2^20), and the highest digit is what remains.
  const low = v % 7225;
  const q = (v - low) / 7225;
  const high = (q / 7225) | 0;
  const mid = q - high * 7225;
  out[o] = DIGIT_CODES[high]!;
  out[o + 1] = DIGIT_PAIRS[2 * mid]!;
  out[o + 2] = DIGIT_PAIRS[2 * mid + 1]!;
  out[o + 3] = DIGIT_PAIRS[2 * low]!;
  out[o + 4] = DIGIT_PAIRS[2 * low + 1]!;
}

const deflateAsync = promisify(deflate);

/** JSON text deflated and encoded. */
export function packJson(json: string): string {
  return encodeBytes(deflateSync(Buffer.from(json, 'utf8')));
}

/** JSON text already encoded as UTF-8, deflated and encoded (packJson of its text). */
export function packUtf8(utf8: Uint8Array): string {
  return encodeBytes(deflateSync(utf8));
}

/** packJson, deflating on the thread pool. */
export async function packJsonAsync(json: string): Promise<string> {
  return encodeBytes(await deflateAsync(Buffer.from(json, 'utf8')));
}

/** packUtf8, deflating on the thread pool. */
export async function packUtf8Async(utf8: Uint8Array): Promise<string> {
  return encodeBytes(await deflateAsync(utf8));
}

/** The JSON of `data`, deflated and encoded. */
export function packData(data: unknown): string {
  return packJson(JSON.stringify(data));
}

const DIGIT_VALUES = new Int16Array(256).fill(-1);
for (let i = 0; i < PACK_DIGITS.length; i++) DIGIT_VALUES[PACK_DIGITS.charCodeAt(i)] = i;

/**
 * encodeBytes undone on the bytes of a file (bytes[from, to) being the encoded text), as
 * unpack.ts does in the browser but without making a string of them first. Throws on a
 * byte outside the digits.
 */
export function decodeEncodedBytes(bytes: Uint8Array, from: number, to: number): Buffer {
  const length = to - from;
  const whole = length - (length % 5);
  const rest = length - whole;
  if (rest === 1) throw new Error('bad search data (length)');
  const out = Buffer.allocUnsafe((whole / 5) * 4 + (rest ? rest - 1 : 0));
  let o = 0;
  let bad = 0;
  const end = from + whole;
  for (let i = from; i < end; i += 5) {
    const a = DIGIT_VALUES[bytes[i]!]!;
    const b = DIGIT_VALUES[bytes[i + 1]!]!;
    const c = DIGIT_VALUES[bytes[i + 2]!]!;
    const d = DIGIT_VALUES[bytes[i + 3]!]!;
    const e = DIGIT_VALUES[bytes[i + 4]!]!;
    bad |= a | b | c | d | e;
    const v = (((a * 85 + b) * 85 + c) * 85 + d) * 85 + e;
    if (v > 0xffffffff) bad = -1;
    out[o++] = v >>> 24;
    out[o++] = (v >>> 16) & 255;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (rest) {
    let v = 0;
    for (let k = 0; k < 5; k++) {
      const x = k < rest ? DIGIT_VALUES[bytes[end + k]!]! : 84;
      bad |= x;
      v = v * 85 + x;
    }
    if (v > 0xffffffff) bad = -1;
    for (let k = 0; k < rest - 1; k++) out[o++] = (v >>> (24 - 8 * k)) & 255;
  }
  if (bad < 0) throw new Error('bad search data');
  return out;
}
