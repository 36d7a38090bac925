// SpelledAsTyped (the spelling typed, decided from an article's text) against the index of
// spellings it stands in for: for every query, the articles it accepts are the ones
// search_spelling finds (Store.search.spellingMatches).
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { openStore } from '../../src/store/open.js';
import { SpelledAsTyped } from '../../src/store/spelled-as-typed.js';
import type { Store } from '../../src/store/store.js';
import { ARTICLES, loadCorpus, otherToneStyle } from './corpus.js';
import { mixedCorpus, stripMarks } from './site/queries.js';

let dir: string;
let store: Store;
let texts: Array<{ id: number; fields: string[] }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdesk-spelled-'));
  store = await openStore(join(dir, 'spelled.db'), 'write');
  const ids = await loadCorpus(store, [...ARTICLES, ...mixedCorpus(150)]);
  texts = [];
  for (const id of ids) {
    const a = (await store.articles.find(id))!;
    texts.push({ id, fields: [a.title, a.summary, a.author, a.source, a.body] });
  }
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The ids SpelledAsTyped accepts, fed field by field as the search feeds it. */
function fromText(input: string): number[] {
  const check = new SpelledAsTyped(parseQuery(input).groups);
  const out: number[] = [];
  for (const t of texts) {
    check.reset();
    if (t.fields.some((f) => check.scan(f))) out.push(t.id);
  }
  return out.sort((a, b) => a - b);
}

async function fromIndex(input: string): Promise<number[]> {
  return [...(await store.search.spellingMatches(parseQuery(input)))].sort((a, b) => a - b);
}

describe('SpelledAsTyped = the index of spellings', () => {
  const nfd = (s: string): string => s.normalize('NFD');
  it.each([
    'đảng viên',
    'ĐẢNG VIÊN',
    nfd('đảng viên'),
    'Ðảng',
    'hoà',
    'Hòa',
    nfd('hoà bình'),
    'thuý',
    'khoẻ',
    'uỷ ban',
    'kinh-tế',
    '"kinh tế xã hội"',
    'phát*',
    'đ*',
    'hò*',
    'kinh-t*',
    'lũ OR bão',
    'mưa lũ OR bão -lụt',
    'Quế Phong',
    'Thúy Hằng',
    'Báo Nghệ An',
    'không có từ này',
  ])('%j', async (input) => {
    expect(fromText(input)).toEqual(await fromIndex(input));
  });

  it('finds some articles, and not all, for a marked word of the corpus', async () => {
    const got = fromText('đảng viên');
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(texts.length);
  });

  it('agrees on random marked queries drawn from the corpus (property)', async () => {
    const words = [...new Set(texts.flatMap((t) => t.fields.join(' ').split(/[^\p{L}\p{N}\p{M}]+/u)))].filter((w) => w && /[^\x00-\x7f]/.test(w));
    const spell = fc.constantFrom<(w: string) => string>((w) => w, stripMarks, (w) => w.toUpperCase(), (w) => w.normalize('NFD'), otherToneStyle);
    const term = fc.record({ w: fc.constantFrom(...words), w2: fc.constantFrom(...words), spell, kind: fc.constantFrom('word', 'phrase', 'prefix'), cut: fc.integer({ min: 1, max: 4 }) }).map(({ w, w2, spell, kind, cut }) => {
      if (kind === 'phrase') return `"${spell(w)} ${spell(w2)}"`;
      if (kind === 'prefix') return `${[...w.normalize('NFC')].slice(0, cut).join('')}*`;
      return spell(w);
    });
    const query = fc.record({ terms: fc.array(term, { minLength: 1, maxLength: 3 }), or: fc.boolean() }).map(({ terms, or }) => terms.join(or ? ' OR ' : ' '));
    let found = 0;
    await fc.assert(
      fc.asyncProperty(query, async (input) => {
        const q = parseQuery(input);
        if (!q.marked) return;
        const got = fromText(input);
        expect(got, input).toEqual(await fromIndex(input));
        found += got.length;
      }),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(0);
  });
});
