import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalMarked,
  fold,
  foldJoined,
  foldTokens,
  forEachToken,
  forEachTokenReference,
  hasMarks,
  markedToken,
  SpellingList,
  tokenize,
  type Token,
  type TokenCallback,
} from '../../src/core/fold.js';

const nfd = (s: string): string => s.normalize('NFD');

describe('fold', () => {
  it.each([
    ['Đảng viên', 'dang vien'],
    ['ĐẢNG VIÊN', 'dang vien'],
    [nfd('đảng viên'), 'dang vien'],
    ['Ðồng Văn', 'dong van'], // U+00D0, the Icelandic eth that looks like Đ
    ['ɖ', 'd'],
    ['Hoà Bình', 'hoa binh'],
    ['Hòa Bình', 'hoa binh'],
    ['thuý thúy', 'thuy thuy'],
    ['khoẻ khỏe', 'khoe khoe'],
    ['Nghệ An, ộ ố ữ ệ', 'nghe an, o o u e'],
    ['Quế Phong: 104%', 'que phong: 104%'],
    ['café naïve', 'cafe naive'],
    ['ＣＯＶＩＤ－１９', 'covid-19'], // full-width forms
    ['ﬁ ²', 'fi 2'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe('tokenize', () => {
  it.each([
    ['Quế Phong: Nâng cao', ['que', 'phong', 'nang', 'cao']],
    ['kinh-tế 7,5% COVID-19', ['kinh', 'te', '7', '5', 'covid', '19']],
    ["l'amour \"Nông thôn mới\"", ['l', 'amour', 'nong', 'thon', 'moi']],
    ['  ', []],
    ['**Đảng** [viên](https://x.vn)', ['dang', 'vien', 'https', 'x', 'vn']],
    ['Hà Nội – Hải Phòng', ['ha', 'noi', 'hai', 'phong']],
    ['北京 Москва', ['北京', 'москва']],
    ['¼', ['1', '4']], // NFKD gives 1⁄4: two tokens of the same character
  ])('%j → %j', (input, expected) => {
    expect(foldTokens(input)).toEqual(expected);
  });

  it('maps every token back to its span in the original, marks included', () => {
    const s = 'Các ĐẢNG VIÊN mới';
    expect(tokenize(s).map((t) => s.slice(t.start, t.end))).toEqual(['Các', 'ĐẢNG', 'VIÊN', 'mới']);
    const d = nfd('Đảng viên');
    const spans = tokenize(d).map((t) => d.slice(t.start, t.end));
    expect(spans).toEqual([nfd('Đảng'), nfd('viên')]);
    expect(spans.join(' ')).toBe(d);
  });

  it('gives the same tokens for NFC and NFD input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(foldTokens(s.normalize('NFC'))).toEqual(foldTokens(s.normalize('NFD')));
      }),
      { numRuns: 500 },
    );
  });

  it('fast path and definition agree on any text (property)', () => {
    const collect = (f: (s: string, fn: TokenCallback) => void, s: string) => {
      const out: Array<[string, number, number, string]> = [];
      f(s, (folded, start, end, spelling) => out.push([folded, start, end, spelling]));
      return out;
    };
    const vietnamese = fc.constantFrom(...'aăâeêioôơuưyđĐÐ AĂÂÔƠƯ-.,\'"*()¼ﬁ²\u0300\u0301\u0309\u0303\u0323\u0302\u031b'.split(''), 'ộ', 'Ở', '𝐀', '😀');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: vietnamese, maxLength: 30 }));
    fc.assert(
      fc.property(text, (s) => {
        const fast = collect(forEachToken, s);
        expect(fast).toEqual(collect(forEachTokenReference, s));
        // The spelling given while indexing is the one a query computes for the same token.
        expect(fast.map(([, , , spelling]) => spelling)).toEqual(tokenize(s).map((t) => markedToken(s, t)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalMarked: the spelling typed, made comparable', () => {
  it.each([
    ['hoà', 'hòa'],
    ['HOÀ', 'hòa'],
    [nfd('hoà'), 'hòa'],
    ['hòa', 'hòa'],
    ['hoá học', 'hóa học'],
    ['hoả', 'hỏa'],
    ['hoã', 'hõa'],
    ['hoạ sĩ', 'họa sĩ'],
    ['thuý', 'thúy'],
    ['thuỳ', 'thùy'],
    ['Uỷ ban', 'ủy ban'],
    ['thuỹ', 'thũy'],
    ['luỵ', 'lụy'],
    ['khoẻ', 'khỏe'],
    ['khoè', 'khòe'],
    ['khoé', 'khóe'],
    ['khoẽ', 'khõe'],
    ['khoẹ', 'khọe'],
    ['Ðảng', 'đảng'],
    ['Đảng', 'đảng'],
    ['hoa', 'hoa'],
    ['ＡＢＣ', 'abc'],
  ])('%j → %j', (input, expected) => {
    expect(canonicalMarked(input)).toBe(expected);
  });

  it('keeps different tones apart', () => {
    expect(canonicalMarked('thuỷ')).not.toBe(canonicalMarked('thuý'));
    expect(canonicalMarked('hòa')).not.toBe(canonicalMarked('hoa'));
    expect(canonicalMarked('đang')).not.toBe(canonicalMarked('dang'));
  });
});

describe('markedToken and hasMarks', () => {
  const marked = (s: string): string[] => tokenize(s).map((t: Token) => markedToken(s, t));

  it.each([
    ['Hoà Bình', ['hòa', 'bình']],
    [nfd('Hòa Bình'), ['hòa', 'bình']],
    ['HOA hồng', ['hoa', 'hồng']],
    ['kinh-tế', ['kinh', 'tế']],
  ])('%j → %j', (input, expected) => {
    expect(marked(input)).toEqual(expected);
  });

  it.each([
    ['Hòa', true],
    ['dang vien', false],
    ['DANG VIEN', false],
    ['đang', true],
    [nfd('viên'), true],
    ['COVID-19', false],
  ])('hasMarks(%j) is %s', (input, expected) => {
    expect(hasMarks(input)).toBe(expected);
  });
});

// foldJoined is the indexing path (a byte buffer, a cache of spellings keyed by a hash of the
// code units, a stamp per spelling instead of a Set): it must give what the definition gives.
describe('foldJoined: the folded text and distinct spellings the index is built from', () => {
  /** The definition: tokens joined by spaces, spellings distinct in order of first use. */
  const reference = (fields: string[]): { folded: string[]; spellings: string[] } => {
    const spellings = new Set<string>();
    const folded = fields.map((s) => {
      const tokens: string[] = [];
      forEachTokenReference(s, (f, _start, _end, spelling) => {
        tokens.push(f);
        spellings.add(spelling);
      });
      return tokens.join(' ');
    });
    return { folded, spellings: [...spellings] };
  };
  const joined = (fields: string[]): { folded: string[]; spellings: string[] } => {
    const list = new SpellingList();
    const folded = fields.map((s) => foldJoined(s, list));
    return { folded, spellings: list.texts };
  };

  it.each([
    ['', []],
    ['Đảng viên', ['dang vien', ['đảng', 'viên']]],
    [nfd('Đảng viên ĐẢNG'), ['dang vien dang', ['đảng', 'viên']]],
    ['Ðồng ɖa đa Đa', ['dong da da da', ['đồng', 'đa']]],
    ['hoà hòa HOÀ ' + nfd('hoà'), ['hoa hoa hoa hoa', ['hòa']]],
    ['thuý thúy Uỷ ủy khoẻ khỏe', ['thuy thuy uy uy khoe khoe', ['thúy', 'ủy', 'khỏe']]],
    ['COVID-19 covid Covid 7,5%', ['covid 19 covid covid 7 5', ['covid', '19', '7', '5']]],
    ['Hà Nội 2024 — HÀ NỘI', ['ha noi 2024 ha noi', ['hà', 'nội', '2024']]],
    ['café naïve ＣＯＶＩＤ', ['cafe naive covid', ['café', 'naïve', 'covid']]],
  ] as Array<[string, [string, string[]] | []]>)('%j', (input, expected) => {
    const r = joined([input]);
    expect(r).toEqual(reference([input]));
    if (expected.length) expect(r).toEqual({ folded: [expected[0]], spellings: expected[1] });
  });

  // Inputs the byte path hands to the definition: other scripts, folds to several characters,
  // mixed folds, surrogates (paired and lone), a mark before any letter.
  it.each([
    ['北京 Москва Việt'],
    ['ﬁnal ² ¼ Æ ß ẞ'],
    ['😀 Hà𝐀Nội \ud800 lẻ \udfff'],
    ['\u0301ạ \u0300 a\u0301\u0323b'],
    ['İstanbul ǅ ǈ Ω K Å'],
    ['tab\there\nline ‐ ‑ – "quoted" l\'amour'],
  ])('%j (the definition\'s path)', (input) => {
    expect(joined([input])).toEqual(reference([input]));
  });

  it('one list dedupes across the fields of an article; the next list starts empty', () => {
    const fields = ['Hoà Bình', 'hòa bình hoà', nfd('Bình') + ' 北京 hoà', '', 'Hòa'];
    expect(joined(fields)).toEqual(reference(fields));
    expect(joined(fields)).toEqual(reference(fields)); // cache hits give the same
    expect(joined(['bình'])).toEqual({ folded: ['binh'], spellings: ['bình'] });
  });

  it('tokens beyond the caches (collisions, eviction between lists) give the same result', () => {
    const marks = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
    const text = (prefix: string): string =>
      Array.from({ length: 80_000 }, (_, i) => `${prefix}${i.toString(36)}a${marks[i % 6]}`.normalize(i % 2 ? 'NFC' : 'NFD')).join(' ');
    // 240,000 distinct spellings: more than the 65,536 slots and the 200,000 kept.
    const texts = ['x', 'Q', 'ư'].map(text);
    for (const t of [...texts, texts[0]!]) expect(joined([t, t])).toEqual(reference([t, t]));
  });

  it('agrees with the definition on any text, twice over (property)', () => {
    const vietnamese = fc.constantFrom(...'aăâeêioôơuưyđĐÐ AĂÂÔƠƯ-.,\'"*()¼ﬁ²\u0300\u0301\u0309\u0303\u0323\u0302\u031b'.split(''), 'ộ', 'Ở', 'hoà', 'HÒA', '𝐀', '😀', '7');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: vietnamese, maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (fields) => {
        expect(joined(fields)).toEqual(reference(fields));
        expect(joined(fields)).toEqual(reference(fields));
      }),
      { numRuns: 2000 },
    );
  });
});
