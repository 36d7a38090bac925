// The suite's exports keep their site-search state in a cache folder of their own, made for
// the run and removed after it: the tests never write into the user's ~/.cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-test-cache-'));
  process.env.NEWSDESK_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
