import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { highlightSpans, makeSnippet, mergeSpans } from '../../src/search/snippet.js';

const marked = (snippet: { text: string; highlights: Array<[number, number]> }): string[] =>
  snippet.highlights.map(([s, e]) => snippet.text.slice(s, e));

describe('highlightSpans', () => {
  it.each([
    ['dang vien', 'Quế Phong: phát triển đảng viên', ['đảng', 'viên']],
    ['DANG', 'ĐẢNG VIÊN và Đảng', ['ĐẢNG', 'Đảng']],
    ['hoà', 'Hòa Bình, hoa hồng, hóa học', ['Hòa', 'hoa', 'hóa']],
    ['"kinh te"', 'Kinh tế - xã hội; kinh-tế hộ; kinh doanh', ['Kinh tế', 'kinh-tế']],
    ['phat*', 'phát triển, phạt, pháp', ['phát', 'phạt']],
    ['lu OR bao -lut', 'mưa lũ và bão', ['lũ', 'bão']],
    ['covid-19', 'Tiêm vắc-xin COVID-19 mũi 3', ['COVID-19']],
  ])('%j in %j → %j', (q, text, expected) => {
    expect(highlightSpans(text, parseQuery(q)).map(([s, e]) => text.slice(s, e))).toEqual(expected);
  });

  it('covers the combining marks of decomposed text', () => {
    const text = 'Đảng viên'.normalize('NFD');
    const spans = highlightSpans(text, parseQuery('dang vien'));
    expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(['Đảng'.normalize('NFD'), 'viên'.normalize('NFD')]);
  });
});

describe('mergeSpans', () => {
  it.each([
    [[[5, 9], [0, 3]], [[0, 3], [5, 9]]],
    [[[0, 4], [2, 6]], [[0, 6]]],
    [[[0, 4], [4, 6]], [[0, 6]]],
    [[], []],
  ] as Array<[Array<[number, number]>, Array<[number, number]>]>)('%j → %j', (input, expected) => {
    expect(mergeSpans(input)).toEqual(expected);
  });
});

describe('makeSnippet', () => {
  const long = (words: number, word = 'chữ'): string => Array.from({ length: words }, () => word).join(' ');

  it('prefers the summary, then the body, then the title', () => {
    const q = parseQuery('dang vien');
    const fields = (summary: string, body: string, title: string) => [{ text: summary }, { text: body }, { text: title }];
    expect(makeSnippet(fields('Phát triển đảng viên mới.', 'Đảng viên trẻ.', 'Đảng viên'), q).text).toBe('Phát triển đảng viên mới.');
    expect(makeSnippet(fields('Không khớp.', 'Các ĐẢNG VIÊN mới.', 'Đảng viên'), q).text).toBe('Các ĐẢNG VIÊN mới.');
    expect(makeSnippet(fields('Không khớp.', 'Cũng không.', 'Kết nạp đảng viên'), q).text).toBe('Kết nạp đảng viên');
  });

  it('picks the field and window with the most distinct words', () => {
    const q = parseQuery('bao lu');
    const s = makeSnippet([{ text: 'Tin về bão.' }, { text: `${long(60)} bão và lũ ${long(60)}` }], q, 80);
    expect(marked(s)).toEqual(['bão', 'lũ']);
  });

  it('cuts long text around the match, at spaces, with ellipses', () => {
    const text = `${long(100, 'trước')} Lễ kết nạp đảng viên mới ${long(100, 'sau')}`;
    const s = makeSnippet([{ text }], parseQuery('dang vien'), 100);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(102);
    // No word is cut in half: only whole "trước" and "sau" around the match.
    expect(s.text).toMatch(/^… ?(trước )*trước Lễ kết nạp đảng viên mới( sau)* sau ?…$/);
    expect(marked(s)).toEqual(['đảng', 'viên']);
  });

  it('makes whitespace single spaces and keeps the offsets right', () => {
    const text = 'Dòng một.\n\n  Đảng   viên\tmới.';
    const s = makeSnippet([{ text }], parseQuery('dang vien'));
    expect(s.text).toBe('Dòng một. Đảng viên mới.');
    expect(marked(s)).toEqual(['Đảng', 'viên']);
  });

  it('highlights a phrase as one span and a prefix as the whole word', () => {
    const s = makeSnippet([{ text: 'Nông thôn mới và phát triển' }], parseQuery('"nong thon moi" phat*'));
    expect(marked(s)).toEqual(['Nông thôn mới', 'phát']);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'😀'.repeat(120)} đảng viên`;
    const s = makeSnippet([{ text }], parseQuery('dang vien'), 40);
    expect(s.text).not.toMatch(/^…?[\uDC00-\uDFFF]/);
    expect(marked(s)).toEqual(['đảng', 'viên']);
  });

  it('falls back to the start of the first text when nothing matches', () => {
    const s = makeSnippet([{ text: '' }, { text: 'Nội dung khác hẳn.' }], parseQuery('bao'));
    expect(s).toEqual({ text: 'Nội dung khác hẳn.', highlights: [] });
  });

  describe('reading fields in chunks', () => {
    // Texts that put the words anywhere: marks composed and decomposed, đ, capitals,
    // punctuation and line breaks between them, long runs without a match, phrases that
    // straddle where a chunk would end, a word wider than the window.
    const WORDS = ['đảng', 'viên', 'Đảng', 'VIÊN', 'dang', 'kinh', 'tế', 'kinh-tế', 'xã', 'hội', 'phát', 'triển', 'phát triển', 'nông', 'thôn', 'mới', 'lũ', 'bão', 'chữ', 'và', 'của', '2024', 'COVID-19', 'a'.repeat(200), '-', '–', '…'];
    const SEPS = [' ', ' ', ' ', ', ', '. ', '\n', '\n\n', '\t', ' - ', '  ', '; '];
    const QUERIES = ['dang vien', '"kinh te"', 'phat trien kinh te', 'kinh*', '"phat trien" OR lu', 'xa hoi -bao', 'đảng viên', 'covid-19', 'thon moi', 'chu', '"nong thon" lu', 'aaa* dang', 'aaaa*'];

    function random(seed: number): () => number {
      let x = seed >>> 0 || 1;
      return () => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 2 ** 32;
      };
    }

    function text(rnd: () => number): string {
      const n = Math.floor(rnd() ** 2 * 600);
      let out = '';
      for (let i = 0; i < n; i++) {
        let w = WORDS[Math.floor(rnd() * WORDS.length)]!;
        if (rnd() < 0.1) w = w.normalize('NFD');
        out += w + SEPS[Math.floor(rnd() * SEPS.length)]!;
      }
      return out;
    }

    it('gives the snippet of reading every field whole', () => {
      const rnd = random(20261207);
      let stopped = 0;
      for (let round = 0; round < 400; round++) {
        const fields = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => ({ text: text(rnd) }));
        const q = parseQuery(QUERIES[Math.floor(rnd() * QUERIES.length)]!);
        const width = [40, 100, 180][Math.floor(rnd() * 3)]!;
        const whole = makeSnippet(fields, q, width, Infinity);
        for (const chunk of [1, 17, 256, 1024]) expect(makeSnippet(fields, q, width, chunk)).toEqual(whole);
        if (whole.highlights.length) stopped++;
      }
      expect(stopped).toBeGreaterThan(200);
    });

    it('reads on until a phrase that starts inside the snippet is whole', () => {
      // The snippet ends in the spaced dashes; the phrase that starts before them ends after
      // the first space past the window, where the reading would stop if only the window counted.
      const text = 'lũ nông thôn chữ chữ chữ nông - - - - - - - - - - thôn chữ';
      const q = parseQuery('"nong thon" lu');
      const s = makeSnippet([{ text }], q, 30, 1);
      expect(s).toEqual(makeSnippet([{ text }], q, 30, Infinity));
      expect(marked(s)).toEqual(['lũ', 'nông thôn', 'nông']);
    });
  });
});

