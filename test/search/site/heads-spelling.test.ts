// A big word none of whose spellings is filed under it: its head must not claim the spelling typed.
import { describe, expect, it } from 'vitest';
import { SiteSearchBuilder, type SearchDoc } from '../../../src/search/site/build.js';
import { SiteSearchEngine, type Loader } from '../../../src/search/site/engine.js';
import { dataPath, LOAD_FUNCTION } from '../../../src/search/site/format.js';

const PER_PAGE = 10;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function build(docs: SearchDoc[]): Map<string, string> {
  const b = new SiteSearchBuilder();
  for (const d of docs) b.add(d);
  const files = new Map<string, string>();
  for (const f of b.files(PER_PAGE)) files.set(f.path, typeof f.content === 'string' ? f.content : f.content());
  return files;
}

function loader(files: Map<string, string>, heads: boolean, seen: string[] = []): Loader {
  return async (kind, name) => {
    if (kind === 'h' && !heads) return undefined;
    const path = dataPath(kind, name);
    seen.push(path);
    let data: unknown;
    new Function(LOAD_FUNCTION, files.get(path) ?? '')((_k: string, _n: string, d: unknown) => {
      data = d;
    });
    return data;
  };
}

async function compare(files: Map<string, string>, queries: string[], pagesOf: (pages: number) => number[]): Promise<{ mismatches: string[]; viaHeads: number; checked: number }> {
  const mismatches: string[] = [];
  let viaHeads = 0;
  let checked = 0;
  for (const q of queries) {
    const ref0 = await new SiteSearchEngine(loader(files, false)).search(q, 1);
    for (const page of new Set(pagesOf(ref0.pages))) {
      const ref = await new SiteSearchEngine(loader(files, false)).search(q, page);
      const seen: string[] = [];
      const got = await new SiteSearchEngine(loader(files, true, seen)).search(q, page);
      checked++;
      if (!seen.some((p) => p.includes('/t/'))) viaHeads++;
      const a = JSON.stringify([got.total, got.page, got.items.map((h) => [h.id, h.exact])]);
      const b = JSON.stringify([ref.total, ref.page, ref.items.map((h) => [h.id, h.exact])]);
      if (a !== b) mismatches.push(`${q} p${page}\n heads: ${a}\n full:  ${b}`);
    }
  }
  return { mismatches, viaHeads, checked };
}

describe('site search heads: a word with no spelling of its own', () => {
  it('ranks a marked query beside a Greek word (final sigma filed elsewhere) as every posting would', async () => {
    const docs: SearchDoc[] = [];
    const n = 4200;
    for (let id = 1; id <= n; id++) {
      let title = `Bài ${id}`;
      let body = `ΟΔΟΣ chữ số ${id % 97}`;
      if (id <= 30) {
        // In the head of οδοσ (in the title); 'hà' in ten, 'ha' (twice, ranking higher) in twenty.
        title = `ΟΔΟΣ ΟΔΟΣ tin ${id}`;
        body = id <= 10 ? `hà ${body}` : `ha ha ha ${body}`;
      }
      docs.push({ id, title, summary: '', body, author: '', source: '', path: `bai-viet/${id}.html`, date: '01/01/2024', section: 'x', publishedAt: 1_700_000_000_000 + id });
    }
    const files = build(docs);
    const r = await compare(files, ['οδοσ hà', 'οδοσ ha', 'hà οδοσ'], () => [1, 2, 3]);
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(9);
  }, 120_000);
});

