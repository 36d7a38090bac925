import { describe, expect, it } from 'vitest';
import { charLength, describeControlChar, findControlChar, normalizeText, printable, utf8Length } from '../../src/core/text.js';

describe('normalizeText', () => {
  it.each([
    ['Quế Phong', 'Quế Phong'],
    ['đảng viên', 'đảng viên'],
    ['a\r\nb', 'a\nb'],
    ['a\rb', 'a\nb'],
    ['a\r\n\r\nb\r', 'a\n\nb\n'],
    ['plain', 'plain'],
  ])('%j is stored as NFC with \\n line ends', (input, expected) => {
    const out = normalizeText(input.normalize('NFD'));
    expect(out).toBe(expected);
    expect(out.normalize('NFC')).toBe(out);
  });

  it('turns decomposed Vietnamese into the composed form', () => {
    const nfd = 'Nâng cao chất lượng phát triển đảng viên'.normalize('NFD');
    expect(nfd.length).toBeGreaterThan(40);
    const nfc = normalizeText(nfd);
    expect(nfc).toBe('Nâng cao chất lượng phát triển đảng viên');
    expect(nfc.length).toBe(40);
  });
});

describe('findControlChar', () => {
  it.each([
    ['\u0000', true],
    ['\u0001', true],
    ['\u0007', true],
    ['\u0008', true],
    ['\u000B', true],
    ['\u000C', true],
    ['\u001B', true],
    ['\u001F', true],
    ['\u007F', true],
    ['\u0085', true],
    ['\u009F', true],
    ['\t', false],
    ['\n', false],
    [' ', false],
    ['\u00A0', false],
    ['ế', false],
  ])('%j in text: control=%s', (c, bad) => {
    expect(findControlChar(`ab${c}cd`)).toBe(bad ? c : undefined);
  });

  it('describes a control character by its code point', () => {
    expect(describeControlChar('\u0007')).toBe('U+0007');
    expect(describeControlChar('\u007F')).toBe('U+007F');
  });
});

describe('lengths', () => {
  it.each([
    ['abc', 3, 3],
    ['ế', 1, 3],
    ['đảng', 4, 7],
    ['😀', 1, 4],
    ['', 0, 0],
  ])('%j: %d characters, %d bytes', (s, chars, bytes) => {
    expect(charLength(s)).toBe(chars);
    expect(utf8Length(s)).toBe(bytes);
  });
});

describe('printable', () => {
  it.each([
    ['bad date "\u001b[2J\u001b[31mđỏ"', 'bad date "\\u001B[2J\\u001B[31mđỏ"'],
    ['a\u0007b\u009bc', 'a\\u0007b\\u009Bc'],
    ['dòng một\ndòng hai\tcột', 'dòng một\ndòng hai\tcột'],
    ['Đảng viên', 'Đảng viên'],
  ])('%j → %j', (input, expected) => {
    expect(printable(input)).toBe(expected);
  });
});
