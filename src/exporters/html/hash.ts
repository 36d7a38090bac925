// Hashes for change detection (manifest entries, page and article fingerprints). SHA-1 from
// node:crypto, one-shot: measured faster here than a hash written in JavaScript (the CPU
// does SHA-1 in hardware) and than a Hash object per call. Not used for security: a
// collision could at worst keep one stale page.
import { hash } from 'node:crypto';

export function fastHash(data: string | Uint8Array): string {
  return hash('sha1', data, 'base64url');
}
