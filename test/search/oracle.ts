// The index against a brute-force scan: the same folding applied to every article of a
// corpus must find exactly the articles the index finds, and the articles holding the words as
// typed must be exactly those ranked first. Written once, run against every backend
// (oracle.test.ts: SQLite; oracle.postgres.test.ts: PostgreSQL).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalMarked, tokenize } from '../../src/core/fold.js';
import { parseQuery, type SearchQuery, type Term } from '../../src/core/search-query.js';
import { searchArticles } from '../../src/search/search.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { ARTICLES, loadCorpus, otherToneStyle } from './corpus.js';
import { mixedCorpus, stripMarks } from './site/queries.js';

// --- a bigger corpus: mixedCorpus of site/queries.ts, shared with the site's oracle ---------

// --- the brute force ------------------------------------------------------------------------

interface Doc {
  id: number;
  fields: string[][];
  spellings: Set<string>;
}

async function toDoc(store: Store, id: number): Promise<Doc> {
  const a = (await store.articles.find(id))!;
  const texts = [a.title, a.summary, a.body, a.author, a.source];
  const spellings = new Set<string>();
  const fields = texts.map((t) =>
    tokenize(t).map((tok) => {
      spellings.add(canonicalMarked(t.slice(tok.start, tok.end)));
      return tok.folded;
    }),
  );
  return { id, fields, spellings };
}

/** The term's tokens follow each other in one field (the last as a prefix for prefix*). */
function occurs(doc: Doc, term: Term): boolean {
  const n = term.tokens.length;
  return doc.fields.some((toks) => {
    for (let i = 0; i + n <= toks.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const got = toks[i + k]!;
        const want = term.tokens[k]!;
        ok = term.prefix && k === n - 1 ? got.startsWith(want) : got === want;
      }
      if (ok) return true;
    }
    return false;
  });
}

function bruteMatches(docs: Doc[], q: SearchQuery): number[] {
  return docs
    .filter((d) => q.groups.every((g) => g.some((t) => occurs(d, t))) && !q.exclude.some((t) => occurs(d, t)))
    .map((d) => d.id)
    .sort((a, b) => a - b);
}

/** Holds every token of some term of every group in the spelling typed. */
function bruteSpelled(doc: Doc, q: SearchQuery): boolean {
  return q.groups.every((g) =>
    g.some((t) =>
      t.marked.every((m, k) =>
        t.prefix && k === t.marked.length - 1 ? [...doc.spellings].some((s) => s.startsWith(m)) : doc.spellings.has(m),
      ),
    ),
  );
}

// --- the tests --------------------------------------------------------------------------------

/** A backend for the oracle: where a new portal goes, and how to remove it afterwards. */
export interface OracleBackend {
  name: string;
  /** The location of a new, empty portal that lives until `remove` (one for the whole file). */
  newLocation(): Promise<string>;
  remove?(): Promise<void>;
}

export function oracleSuite(backend: OracleBackend): void {
  let store: Store;
  let docs: Doc[];
  afterAll(async () => {
    await store?.close();
    await backend.remove?.();
  });

  beforeAll(async () => {
    // One store for the whole file (freshStore closes its stores after each test).
    store = await openStore(await backend.newLocation(), 'write');
    const ids = await loadCorpus(store, [...ARTICLES, ...mixedCorpus(150)]);
    docs = [];
    for (const id of ids) docs.push(await toDoc(store, id));
  });

  async function check(input: string): Promise<{ found: number; exact: number }> {
    const q = parseQuery(input);
    const result = await searchArticles(store, q, { all: true, status: 'all' });
    const got = result.items.map((i) => i.id).sort((a, b) => a - b);
    expect(got, `query ${JSON.stringify(input)}`).toEqual(bruteMatches(docs, q));
    expect(result.total).toBe(got.length);

    // Spelling typed first: exactly the articles holding the words as typed score 1 or more,
    // and they all come before the others.
    const byId = new Map(docs.map((d) => [d.id, d]));
    const exact = result.items.filter((i) => i.score >= 1).map((i) => i.id).sort((a, b) => a - b);
    const expected = q.marked ? got.filter((id) => bruteSpelled(byId.get(id)!, q)) : [];
    expect(exact, `spelling of ${JSON.stringify(input)}`).toEqual(expected);
    const firstFoldOnly = result.items.findIndex((i) => i.score < 1);
    if (firstFoldOnly !== -1) expect(result.items.slice(firstFoldOnly).every((i) => i.score < 1)).toBe(true);
    return { found: got.length, exact: exact.length };
  }

  describe(`${backend.name}: index = brute force`, () => {
    const nfd = (s: string): string => s.normalize('NFD');
    it.each([
      'dang vien',
      'đảng viên',
      'ĐẢNG VIÊN',
      nfd('đảng viên'),
      'Ðảng',
      'Hòa',
      'hoà',
      'hoa',
      nfd('hoà bình'),
      'thuý',
      'thúy',
      'thuỷ',
      'khoẻ',
      'khỏe',
      'khoe',
      'uỷ ban',
      '"đảng viên"',
      '"viên đảng"',
      '"ket nap dang vien"',
      'kinh-te',
      'kinh-tế',
      '"kinh tế" -"xã hội"',
      'hoa -hồng',
      'hoa -"hoa hong"',
      'dang -vien',
      'phát*',
      'ph*',
      'đ*',
      'hò*',
      'kinh-t*',
      'lũ OR bão',
      'mua lu OR bao -lut',
      'covid-19',
      '7,5',
      '50.000',
      '30/4',
      'Quế Phong',
      'Thúy Hằng',
      'Báo Nghệ An',
      'CDC',
      'không có từ này',
    ])('%j', async (input) => {
      const r = await check(input);
      if (input !== 'không có từ này') expect(r.found).toBeGreaterThan(0);
    });

    it('finds what the issue asks for: dang vien, đảng viên and NFD alike, marked spelling highlighted', async () => {
      const sets: number[][] = [];
      for (const q of ['dang vien', 'đảng viên', nfd('đảng viên')]) {
        sets.push(
          (await searchArticles(store, q, { all: true })).items
            .map((i) => i.id)
            .sort((a, b) => a - b),
        );
      }
      expect(sets[0]!.length).toBeGreaterThan(2);
      expect(sets[1]).toEqual(sets[0]);
      expect(sets[2]).toEqual(sets[0]);
      const first = (await searchArticles(store, 'dang vien', { all: true })).items.find((i) => i.slug.startsWith('que-phong'))!;
      expect(first.highlights.map(([s, e]) => first.snippet.slice(s, e))).toEqual(['đảng', 'viên']);
    });

    it('agrees on random queries drawn from the corpus (property)', async () => {
      const texts: string[] = [];
      for (const d of docs) {
        const a = (await store.articles.find(d.id))!;
        texts.push(`${a.title} ${a.summary} ${a.body}`);
      }
      const wordAt = (t: string, i: number): string[] => {
        const words = t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
        return words.slice(i % Math.max(1, words.length));
      };
      const clean = (w: string): string => w.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim();
      const spelling = fc.constantFrom<(w: string) => string>(
        (w) => w,
        stripMarks,
        (w) => w.toUpperCase(),
        (w) => w.normalize('NFD'),
        otherToneStyle,
      );
      const term = fc
        .record({
          doc: fc.nat(texts.length - 1),
          at: fc.nat(200),
          kind: fc.constantFrom('word', 'word', 'phrase', 'prefix'),
          spell: spelling,
          cut: fc.integer({ min: 1, max: 4 }),
          negate: fc.boolean(),
        })
        .map(({ doc, at, kind, spell, cut, negate }) => {
          const words = wordAt(texts[doc]!, at).map(clean).filter(Boolean);
          const first = words[0] ?? 'kinh';
          let text: string;
          if (kind === 'phrase') text = `"${words.slice(0, 2 + (cut % 2)).map(spell).join(' ')}"`;
          else if (kind === 'prefix') {
            const chars = [...spell(first.split(' ')[0]!).normalize('NFC')];
            text = `${chars.slice(0, Math.min(chars.length, cut)).join('')}*`;
          } else text = spell(first.split(' ')[0]!);
          return { text, negate };
        });
      const query = fc.record({ terms: fc.array(term, { minLength: 1, maxLength: 3 }), or: fc.boolean() }).map(({ terms, or }) => {
        const positive = terms.filter((t) => !t.negate).map((t) => t.text);
        const negative = terms.filter((t) => t.negate).map((t) => `-${t.text}`);
        if (positive.length === 0) positive.push(terms[0]!.text);
        return [positive.join(or ? ' OR ' : ' '), ...negative].join(' ');
      });
      let found = 0;
      let exact = 0;
      await fc.assert(
        fc.asyncProperty(query, async (input) => {
          const r = await check(input);
          found += r.found;
          exact += r.exact;
        }),
        { numRuns: 300 },
      );
      // The queries drawn from the corpus find things, and some find them as typed.
      expect(found).toBeGreaterThan(300);
      expect(exact).toBeGreaterThan(0);
    });
  });
}
