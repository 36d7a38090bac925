// Reading an exported site's search files from disk in Node, as the browser reads them:
// each file is a call of the loader with its data (run here with a stand-in for the global).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteSearchEngine, type Loader } from '../../../src/search/site/engine.js';
import { dataPath, LOAD_FUNCTION } from '../../../src/search/site/format.js';

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
