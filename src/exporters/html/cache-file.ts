// Files of newsdesk's own cache (the site search's state, the re-export's cache): written
// whole or not at all, readable by the user alone, never through a link.
import { closeSync, constants, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `chunks` to `path` (beside it, then renamed over it; folder 0700, file 0600). False
 * when the cache cannot be written (not a folder, another user's): the caller goes without.
 */
export function writeCacheFile(path: string, chunks: readonly Uint8Array[]): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      for (const c of chunks) for (let at = 0; at < c.length; ) at += writeSync(fd, c, at, c.length - at);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was made there.
    }
    return false;
  }
}
