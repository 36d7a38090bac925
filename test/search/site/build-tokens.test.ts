// The site search's builder finds an article's tokens with a tokenizer of its own (each token
// as spelled folded once per build). Here it is held to the definition the CLI's index uses,
// core/fold's foldJoined and SpellingList, over every BMP code unit and the awkward cases
// (marks, NFD, đ, compatibility forms, astral letters, lone surrogates): the same tokens, the
// same positions, postings, spellings and column hashes as an index computed from foldJoined.
import { describe, expect, it } from 'vitest';
import { fold, foldJoined, SpellingList } from '../../../src/core/fold.js';
import { SiteSearchBuilder, type SearchDoc } from '../../../src/search/site/build.js';
import { COLUMN_WEIGHTS, encodeNumbers } from '../../../src/search/site/format.js';

const COLUMNS = ['title', 'summary', 'body', 'author', 'source'] as const;

function doc(id: number, texts: readonly string[]): SearchDoc {
  const [title = '', summary = '', body = '', author = '', source = ''] = texts;
  return { id, title, summary, body, author, source, path: `bai-viet/${id}.html`, date: '', section: '', publishedAt: id };
}

function fnv(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

interface Expected {
  tokens: string[][];
  columns: number[][];
  postings: Map<string, string>;
  positions: Map<string, string>;
  spellings: Map<string, Record<string, string> | undefined>;
}

/** The index of `docs` computed from foldJoined, the CLI index's tokenizer. */
function expected(docs: readonly SearchDoc[]): Expected {
  const postings = new Map<string, number[]>();
  const positions = new Map<string, number[]>();
  const lastId = new Map<string, number>();
  const docCount = new Map<string, number>();
  /** By token, by spelling, the indexes (among the token's articles) that hold it. */
  const spelled = new Map<string, Map<string, number[]>>();
  const out: Expected = { tokens: [], columns: [], postings: new Map(), positions: new Map(), spellings: new Map() };
  for (const d of docs) {
    const spellings = new SpellingList();
    const perColumn = COLUMNS.map((c) => {
      const joined = foldJoined(d[c], spellings);
      return joined === '' ? [] : joined.split(' ');
    });
    const distinct: string[] = [];
    const occurrences = new Map<string, Array<[column: number, position: number]>>();
    const weighted = new Map<string, number>();
    const hashes: number[] = [];
    perColumn.forEach((tokens, c) => {
      let a = 0;
      let b = 0;
      tokens.forEach((t, p) => {
        const h = fnv(t);
        a = Math.imul(a ^ h, 0x01000193);
        b = Math.imul((b + h) | 0, 0x5bd1e995) ^ (b >>> 15);
        if (!occurrences.has(t)) {
          occurrences.set(t, []);
          distinct.push(t);
        }
        occurrences.get(t)!.push([c, p]);
        weighted.set(t, (weighted.get(t) ?? 0) + COLUMN_WEIGHTS[c]!);
      });
      hashes.push(a, b);
    });
    const length = perColumn.reduce((n, t) => n + t.length, 0);
    out.tokens.push(distinct);
    out.columns.push(hashes);
    for (const t of distinct) {
      const index = docCount.get(t) ?? 0;
      (postings.get(t) ?? postings.set(t, []).get(t)!).push(d.id - (lastId.get(t) ?? 0), length, weighted.get(t)!);
      const occ = occurrences.get(t)!;
      const pos = positions.get(t) ?? positions.set(t, []).get(t)!;
      let mask = 0;
      for (const [c] of occ) mask |= 1 << c;
      pos.push(mask);
      for (let c = 0; c < COLUMNS.length; c++) {
        const at = occ.filter(([col]) => col === c).map(([, p]) => p);
        if (at.length === 0) continue;
        pos.push(at.length, ...at.map((p, i) => p - (i === 0 ? 0 : at[i - 1]!)));
      }
      lastId.set(t, d.id);
      docCount.set(t, index + 1);
    }
    // A spelling belongs to the token it folds to, when the article holds that token.
    for (const sp of spellings.texts) {
      const t = fold(sp);
      if (!occurrences.has(t)) continue;
      const bySpelling = spelled.get(t) ?? spelled.set(t, new Map()).get(t)!;
      (bySpelling.get(sp) ?? bySpelling.set(sp, []).get(sp)!).push(docCount.get(t)! - 1);
    }
  }
  for (const [t, ns] of postings) out.postings.set(t, encodeNumbers(ns));
  for (const [t, ns] of positions) out.positions.set(t, encodeNumbers(ns));
  // A token none of whose spellings folds to it (¼ → 1⁄4: tokens 1 and 4) has an empty list.
  for (const t of postings.keys()) if (!spelled.has(t)) out.spellings.set(t, {});
  for (const [t, bySpelling] of spelled) {
    const docs = docCount.get(t)!;
    if (bySpelling.size === 1 && bySpelling.get(t)?.length === docs) {
      out.spellings.set(t, undefined);
      continue;
    }
    const record: Record<string, string> = {};
    for (const sp of [...bySpelling.keys()].sort((x, y) => (x < y ? -1 : 1))) {
      const at = bySpelling.get(sp)!;
      record[sp] = at.length === docs ? '' : encodeNumbers(at.map((i, k) => i - (k === 0 ? 0 : at[k - 1]!)));
    }
    out.spellings.set(t, record);
  }
  return out;
}

function expectSameIndex(docs: readonly SearchDoc[]): void {
  const builder = new SiteSearchBuilder();
  for (const d of docs) builder.add(d);
  const got = builder.contents();
  const want = expected(docs);
  expect(got.articles.map((a) => a.tokens)).toEqual(want.tokens);
  expect(got.articles.map((a) => a.columns)).toEqual(want.columns);
  // As objects: compared in one pass (a Map's comparison looks each entry up in the other's).
  const of = <T>(entries: Iterable<[string, T]>): Record<string, T> => Object.fromEntries(entries);
  expect(of([...got.terms].map(([t, e]) => [t, e.entry[0]]))).toEqual(of(want.postings));
  expect(of([...got.terms].map(([t, e]) => [t, e.positions]))).toEqual(of(want.positions));
  expect(of([...got.terms].map(([t, e]) => [t, e.entry[1] ?? null]))).toEqual(of([...want.postings.keys()].map((t) => [t, want.spellings.get(t) ?? null])));
}

describe('the site search builder tokenizes as the CLI index does', () => {
  it('every BMP code unit, inside a word and alone, each alone in its text', () => {
    const docs: SearchDoc[] = [];
    // One code unit per column (its text holds nothing else but ASCII), five per article.
    const texts: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      texts.push(`x${ch}y ${ch}`);
    }
    for (let i = 0; i < texts.length; i += 5) docs.push(doc(docs.length + 1, texts.slice(i, i + 5)));
    expectSameIndex(docs);
  });

  it('marks, NFD, đ, tone placement, compatibility forms, astral letters and lone surrogates', () => {
    const texts = [
      'Kết nạp đảng viên mới, Đảng viên; ĐẢNG VIÊN, dang vien',
      'Kết nạp đảng viên'.normalize('NFD') + ' hoà hòa HOÀ thuý thúy khoẻ khỏe',
      '\u0301 dấu trước chữ; chữ\u0301\u0302 hai dấu; ﬁnance ﬂ ¼ ½ ² ℡ Ⅻ ｆｕｌｌ',
      '𝐀𝐁𝐂 bold; 😀 emoji; lone \ud800 high and \udc00 low; 中文 文字 العربية Ελληνικά',
      'Hoà Bình, hoà bình, HOÀ BÌNH, Hòa Bình',
      'x'.repeat(3000) + ' ' + 'đ'.repeat(10) + ' 12345678901234567890',
      '',
      'Ⅻ ¼ only',
      // Alone in their text: nothing else there sends it to forEachToken.
      '𝐀𝐁𝐂 bold',
      'chữ \ud800 lone',
      'ﬁnance',
      'Ⅻ',
      '中文',
    ];
    const docs: SearchDoc[] = [];
    for (let i = 0; i < texts.length; i++) {
      // Each text in a different column, and the next one beside it.
      const columns = ['', '', '', '', ''];
      columns[i % 5] = texts[i]!;
      columns[(i + 1) % 5] = texts[(i + 1) % texts.length]!;
      docs.push(doc(i * 3 + 1, columns));
    }
    expectSameIndex(docs);
  });
});
