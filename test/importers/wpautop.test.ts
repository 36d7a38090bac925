// wpautop takes a one-pass way for text without markup (most classic-editor posts); its rules,
// one by one, stay the reference. The two must give the same bytes on any such text, and the
// cases below are WordPress's own behaviour (its wpautop with $br = true, as the_content runs
// it; WordPress ends the result with a newline, which the importer trims).
import { describe, expect, it } from 'vitest';
import { wpautop, wpautopRules } from '../../src/importers/feeds/body.js';

/** A seeded generator: the same strings on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Letters, Vietnamese marks, every kind of space and line end the rules treat apart (\s in a
// regular expression and trim() know \u00a0, \u2028, \ufeff; split('\n') does not), and the
// characters of entities and shortcodes.
const ALPHABET = ['a', 'b', 'Đ', 'ệ', 'ữ', ' ', ' ', '\t', '\n', '\n', '\n', '\r', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u3000', '&', ';', '[', ']', '/', '>', 'p', '.'];

function plainText(next: () => number): string {
  const n = Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

describe('wpautop on text without markup', () => {
  it('gives what its rules give, on 20,000 random texts of spaces, line ends and letters', () => {
    const next = random(15);
    let multi = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = plainText(next);
      const rules = wpautopRules(text);
      if (rules.includes('</p>\n<p>')) multi++;
      expect(wpautop(text), JSON.stringify(text)).toBe(rules);
    }
    // The texts did exercise paragraphs, not only single lines.
    expect(multi).toBeGreaterThan(1000);
  });

  it('gives what its rules give on real bodies: paragraphs of Vietnamese text with single line breaks', () => {
    const body = 'Đoạn một, dòng một.  \nDòng hai\t\n\n\n\nĐoạn hai.\n \t\nĐoạn ba\u00a0\n\n';
    expect(wpautop(body)).toBe(wpautopRules(body));
    expect(wpautop(body)).toBe('<p>Đoạn một, dòng một.<br />\nDòng hai</p>\n<p>Đoạn hai.</p>\n<p>Đoạn ba</p>');
  });

  it('behaves as WordPress: blank lines make paragraphs, a single line end a <br />', () => {
    expect(wpautop('Paragraph one.\n\nParagraph two.')).toBe('<p>Paragraph one.</p>\n<p>Paragraph two.</p>');
    expect(wpautop('Hello\nWorld')).toBe('<p>Hello<br />\nWorld</p>');
    // Runs of blank lines, and lines of spaces, are one paragraph break.
    expect(wpautop('a\n\n\n\nb\n  \t\nc')).toBe('<p>a</p>\n<p>b</p>\n<p>c</p>');
    // Spaces before a line end go (WordPress's \s*\n → <br />\n); the ones starting a line stay.
    expect(wpautop('a   \n  b')).toBe('<p>a<br />\n  b</p>');
    // Leading and trailing blank lines make nothing.
    expect(wpautop('\n\n  foo  \n\n')).toBe('<p>foo</p>');
    expect(wpautop('')).toBe('');
    expect(wpautop(' \n\t\n ')).toBe('');
  });
});
