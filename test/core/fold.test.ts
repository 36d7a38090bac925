import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalMarked,
  fold,
  foldTokens,
  forEachToken,
  forEachTokenReference,
  hasMarks,
  markedToken,
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
