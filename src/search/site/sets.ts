// Sets of article ids as the heads files hold them (heads.ts), written at export and read by
// the engine: kept apart from the heads' building so that the browser's bundle holds only
// what reads them. Pure.
import { decodeNumbers, DIGIT_VALUE, encodeNumbers } from './format.js';

// A set of article ids as text: 'b' and a bitmap, six ids per character of the format's
// base-64 digits (format.ts), or 'd' and the id deltas as numbers.
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

export function encodeSet(ids: readonly number[]): string {
  const deltas: number[] = [];
  let last = 0;
  for (const id of ids) {
    deltas.push(id - last);
    last = id;
  }
  const listed = `d${encodeNumbers(deltas)}`;
  const max = ids.length ? ids[ids.length - 1]! : 0;
  const chars = Math.floor(max / 6) + 1;
  if (chars + 1 >= listed.length) return listed;
  const bits = new Uint8Array(chars);
  for (const id of ids) bits[Math.floor(id / 6)]! |= 1 << id % 6;
  let out = 'b';
  for (let i = 0; i < chars; i++) out += DIGITS[bits[i]!]!;
  return out;
}

export function decodeSet(s: string): Uint8Array {
  if (s.startsWith('d')) {
    const deltas = decodeNumbers(s.slice(1));
    let id = 0;
    let max = 0;
    for (const d of deltas) max += d;
    const out = new Uint8Array(max + 1);
    for (const d of deltas) {
      id += d;
      out[id] = 1;
    }
    return out;
  }
  if (!s.startsWith('b')) throw new Error('bad search data (set)');
  const out = new Uint8Array((s.length - 1) * 6);
  for (let i = 1; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? DIGIT_VALUE[code]! : -1;
    if (v < 0) throw new Error('bad search data (set)');
    for (let k = 0; k < 6; k++) if (v & (1 << k)) out[(i - 1) * 6 + k] = 1;
  }
  return out;
}
