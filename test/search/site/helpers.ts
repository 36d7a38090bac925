// Reading an exported site's search files from disk in Node, as the browser reads them:
// each file is a call of the loader with its data (run here with a stand-in for the global).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteSearchEngine, type Loader } from '../../../src/search/site/engine.js';
import { DATA_DIR, dataPath, LOAD_FUNCTION } from '../../../src/search/site/format.js';
import { unpackData } from '../../../src/search/site/unpack.js';

/** A loader over the files of `siteDir`, counting the files and bytes it reads. */
export function diskLoader(siteDir: string, seen: string[] = []): Loader {
  return async (kind, name) => {
    const path = dataPath(kind, name);
    seen.push(path);
    const text = readFileSync(join(siteDir, path), 'utf8');
    let data: unknown;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(LOAD_FUNCTION, text)((_k: string, _n: string, d: unknown) => {
      data = d;
    });
    return data;
  };
}

export function diskEngine(siteDir: string, seen: string[] = []): SiteSearchEngine {
  return new SiteSearchEngine(diskLoader(siteDir, seen));
}

/**
 * The text of a file of the site's search as a reader could read it: a data file's data as
 * JSON (unpacked when packed), any other file as it is.
 */
export async function searchFileText(siteDir: string, path: string): Promise<string> {
  const text = readFileSync(join(siteDir, path), 'utf8');
  if (!path.startsWith(`${DATA_DIR}/`)) return text;
  let data: unknown;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function(LOAD_FUNCTION, text)((_k: string, _n: string, d: unknown) => {
    data = d;
  });
  return JSON.stringify(typeof data === 'string' ? await unpackData(data) : data);
}
