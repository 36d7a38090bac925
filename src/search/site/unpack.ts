// Reading a packed search data file (pack.ts) back, in the browser and in Node alike: the
// text decoded to the deflated bytes, inflated by the platform's DecompressionStream (no
// library, no WebAssembly, no worker), then parsed as JSON (never evaluated).
import { PACK_DIGITS } from './format.js';

const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < PACK_DIGITS.length; i++) VALUE[PACK_DIGITS.charCodeAt(i)] = i;

function digit(s: string, i: number): number {
  const code = s.charCodeAt(i);
  const v = code < 128 ? VALUE[code]! : -1;
  if (v < 0) throw new Error(`bad search data (character ${JSON.stringify(s[i])})`);
  return v;
}

/** The bytes encodeBytes (pack.ts) encoded. */
export function decodeBytes(s: string): Uint8Array<ArrayBuffer> {
  const whole = s.length - (s.length % 5);
  const rest = s.length - whole;
  if (rest === 1) throw new Error('bad search data (length)');
  const out = new Uint8Array(new ArrayBuffer((whole / 5) * 4 + (rest ? rest - 1 : 0)));
  let o = 0;
  for (let i = 0; i < whole; i += 5) {
    const v = (((digit(s, i) * 85 + digit(s, i + 1)) * 85 + digit(s, i + 2)) * 85 + digit(s, i + 3)) * 85 + digit(s, i + 4);
    if (v > 0xffffffff) throw new Error('bad search data (group)');
    out[o++] = v >>> 24;
    out[o++] = (v >>> 16) & 255;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (rest) {
    // The missing digits taken as the highest: the kept bytes come out as encoded.
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + (k < rest ? digit(s, whole + k) : 84);
    if (v > 0xffffffff) throw new Error('bad search data (group)');
    for (let k = 0; k < rest - 1; k++) out[o++] = (v >>> (24 - 8 * k)) & 255;
  }
  return out;
}

/** The data packData (pack.ts) packed. */
export async function unpackData(s: string): Promise<unknown> {
  const stream = new Blob([decodeBytes(s)]).stream().pipeThrough(new DecompressionStream('deflate'));
  return JSON.parse(await new Response(stream).text()) as unknown;
}
