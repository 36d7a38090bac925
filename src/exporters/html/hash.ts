// Hashes for change detection (manifest entries, page and article fingerprints). SHA-1 from
// node:crypto, one-shot: measured faster here than a hash written in JavaScript (the CPU
// does SHA-1 in hardware) and than a Hash object per call. Not used for security: a
// collision could at worst keep one stale page.
import { createHash, hash } from 'node:crypto';

export function fastHash(data: string | Uint8Array): string {
  return hash('sha1', data, 'base64url');
}

/** fastHash of the concatenation of `parts` (strings as UTF-8), without making it. */
export function fastHashOfParts(parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash('sha1');
  for (const part of parts) h.update(part);
  return h.digest('base64url');
}

/**
 * A 64-bit hash of a short string (two 32-bit hashes of its code units, as hex), computed in
 * JavaScript: for the many keys of a few dozen characters that are only compared with the
 * last export's (the site search's per-article keys), where a SHA-1 call each costs ten times
 * as much. Not for content, not for anything an adversary could choose to collide.
 */
export function shortKey(s: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= s.length;
  b = Math.imul(b ^ (b >>> 13), 0x5bd1e995) ^ a;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
