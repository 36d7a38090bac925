import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { MAX_QUERY_LENGTH, parseQuery, toFtsMatch, toMarkedMatch } from '../../src/core/search-query.js';

const match = (input: string): string => toFtsMatch(parseQuery(input));

describe('parseQuery → FTS5 MATCH', () => {
  it.each([
    ['dang vien', '"dang" AND "vien"'],
    ['Đảng viên', '"dang" AND "vien"'],
    ['ĐẢNG   VIÊN', '"dang" AND "vien"'],
    ['"đảng viên"', '"dang vien"'],
    ['“nông thôn mới”', '"nong thon moi"'],
    ['kinh-te', '"kinh te"'],
    ['kinh-tế xã-hội', '"kinh te" AND "xa hoi"'],
    ['7.5', '"7 5"'],
    ["l'amour", '"l amour"'],
    ['20:30', '"20 30"'],
    ['kinh*', '"kinh" *'],
    ['kinh-t*', '"kinh t" *'],
    ['"kinh t"*', '"kinh t" *'],
    ['hoa -hong', '("hoa") NOT "hong"'],
    ['hoa -"hoa hong" -ban', '("hoa") NOT ("hoa hong" OR "ban")'],
    ['hoa -hồ*', '("hoa") NOT "ho" *'],
    ['lu OR bao', '("lu" OR "bao")'],
    ['lu OR bao OR "ap thap"', '("lu" OR "bao" OR "ap thap")'],
    ['mua lu OR bao', '"mua" AND ("lu" OR "bao")'],
    ['lu OR bao mua -lut', '(("lu" OR "bao") AND "mua") NOT "lut"'],
    ['or and not near', '"or" AND "and" AND "not" AND "near"'],
    ['"AND" "OR" "NEAR"', '"and" AND "or" AND "near"'],
    ['"NOT"', '"not"'],
    ['+kinh', '"kinh"'],
    ['kinh – te', '"kinh" AND "te"'],
    ['kinh - te', '"kinh" AND "te"'],
    ['kinh & te', '"kinh" AND "te"'],
    ['kinh "" te', '"kinh" AND "te"'],
    ['^kinh', '"kinh"'],
    ['{kinh}', '"kinh"'],
  ])('%j → %s', (input, expected) => {
    expect(match(input)).toBe(expected);
  });

  it.each([
    ['Hòa', true, '"hòa"'],
    ['hoà', true, '"hòa"'],
    ['hoa', false, '"hoa"'],
    ['HOA', false, '"hoa"'],
    ['hoa hồng', true, '"hoa" AND "hồng"'],
    ['"Hòa Bình"', true, '("hòa" AND "bình")'],
    ['thuý OR thuỷ', true, '("thúy" OR "thủy")'],
    ['hò*', true, '"hò" *'],
    ['dang -đảng', false, '"dang"'],
  ])('%j: marked %s, spelling match %s', (input, marked, spelling) => {
    const q = parseQuery(input);
    expect(q.marked).toBe(marked);
    expect(toMarkedMatch(q)).toBe(spelling);
  });

  it('folds NFD input and both tone styles alike', () => {
    expect(match('hòa'.normalize('NFD'))).toBe(match('hoà'));
    expect(toMarkedMatch(parseQuery('hòa'.normalize('NFD')))).toBe(toMarkedMatch(parseQuery('hoà')));
    expect(toMarkedMatch(parseQuery('khoẻ'))).toBe(toMarkedMatch(parseQuery('khỏe')));
  });
});

describe('parseQuery: usage errors that say what is wrong', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['"kinh te', /quote .* not closed/],
    ['kinh "te', /quote .* not closed/],
    ['*', /lone "\*"/],
    ['kinh *', /lone "\*"/],
    ['-*', /lone "\*"/],
    ['ki*nh', /may only end a word/],
    ['kinh**', /may only end a word/],
    ['kinh-*', /must follow the letters/],
    ['kinh AND te', /AND is not needed/],
    ['NOT kinh', /NOT is not part/],
    ['kinh NEAR te', /NEAR is not part/],
    ['NEAR(kinh te)', /NEAR is not part/],
    ['(kinh OR te)', /parentheses/],
    ['kinh)', /parentheses/],
    ['title:kinh', /column filters like "title:"/],
    ['-body:kinh', /column filters like "body:"/],
    ['a:b', /column filters like "a:"/],
    ['OR kinh', /OR must stand between/],
    ['kinh OR', /OR must stand between/],
    ['kinh OR OR te', /OR must stand between/],
    ['kinh OR -te', /OR cannot join an exclusion/],
    ['-kinh OR te', /OR cannot join an exclusion/],
    ['-kinh', /at least one word to find/],
    ['-kinh -"te"', /at least one word to find/],
    ['!!! ...', /no letters or digits/],
    ['kinh"te"', /space before the opening quote/],
    ['"kinh"te', /space after the closing quote/],
    ['x'.repeat(MAX_QUERY_LENGTH + 1), /longer than/],
    [Array.from({ length: 70 }, (_, i) => `w${i}`).join(' '), /at most 64/],
  ])('%j', (input, message) => {
    let caught: unknown;
    try {
      parseQuery(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toMatch(message);
  });

  it('gives a hint with most errors', () => {
    for (const input of ['"kinh', 'kinh AND te', '(kinh)', 'title:x', '-kinh', '*']) {
      expect(() => parseQuery(input)).toThrow(UsageError);
      try {
        parseQuery(input);
      } catch (err) {
        expect((err as UsageError).hint).toBeTruthy();
      }
    }
  });
});

describe('any string is a valid FTS5 query or a UsageError (property)', () => {
  const db = new BetterSqlite3(':memory:');
  db.exec(`
    CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize = 'ascii', content = '', contentless_delete = 1);
    CREATE VIRTUAL TABLE s USING fts5(a, tokenize = 'ascii', content = '', contentless_delete = 1, detail = none);
    INSERT INTO t (rowid, a, b) VALUES (1, 'kinh te', 'hoa binh');
    INSERT INTO s (rowid, a) VALUES (1, 'kinh tế hòa bình');
  `);
  const runT = db.prepare('SELECT rowid FROM t WHERE t MATCH ?');
  const runS = db.prepare('SELECT rowid FROM s WHERE s MATCH ?');
  afterAll(() => db.close());

  const syntax = fc.constantFrom(
    ...'"“”*-+():^{}[],.;\'!?&|/\\<>=@#$%~`_ \t\n'.split(''),
    'AND', 'OR', 'NOT', 'NEAR', 'NEAR(', 'title:', 'kinh', 'tế', 'Đảng', 'hoà', '\u0301', '\u0000', '😀', 'ộ',
  );
  const input = fc.oneof(
    fc.array(syntax, { maxLength: 12 }).map((a) => a.join('')),
    fc.array(syntax, { maxLength: 12 }).map((a) => a.join(' ')),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );

  it('never throws anything else, and what it builds, FTS5 accepts', () => {
    fc.assert(
      fc.property(input, (s) => {
        let q;
        try {
          q = parseQuery(s);
        } catch (err) {
          if (!(err instanceof UsageError)) throw err;
          return;
        }
        expect(() => runT.all(toFtsMatch(q))).not.toThrow();
        expect(() => runS.all(toMarkedMatch(q))).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});
