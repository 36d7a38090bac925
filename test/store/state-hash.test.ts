import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { firstRevision, stateHash, stateHashOf, stateText, type ArticleState } from '../../src/store/history.js';
import { textHash } from '../../src/store/index-text.js';
import { FOLD_VERSION } from '../../src/core/fold.js';

const base: ArticleState = {
  slug: 'bai-viet',
  title: 'Tiêu đề "có" ngoặc',
  summary: 'Tóm tắt',
  body: 'Thân bài',
  author: 'Tác giả',
  source: '',
  section_id: 3,
  status: 'published',
  published_at: 1_700_000_000_000,
  created_at: 1_700_000_000_000,
  updated_at: 1_700_000_000_001,
  images: '[]',
  tags: '["a","b"]',
};

/** A long text (past the length where the bytes path starts) around `middle`. */
const long = (middle: string): string => `${'Đoạn văn tiếng Việt. '.repeat(80)}${middle}${' kết thúc'.repeat(40)}`;

describe('stateHashOf', () => {
  const bodies: Array<[string, string]> = [
    ['plain Vietnamese', long('')],
    ['paragraphs and tabs', long('một\n\nhai\tba\r\nbốn')],
    ['quotes and backslashes', long('"trích" \\ dẫn \\"')],
    ['every control character', long(Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085')],
    ['characters outside the BMP and line separators', long('😀 𝔸 \u2028 \u2029')],
    ['a lone surrogate', long('a\ud800b \udc00')],
    ['escapes at both ends', `\n"${long('')}\\\n`],
    ['short', 'ngắn\n"x"'],
    // Past the 64 KB buffer the input is assembled in, most characters escaped (6 bytes each).
    ['larger than the hash buffer, all escapes', '\u0001"\\\n'.repeat(30_000)],
    ['larger than the hash buffer, Vietnamese', 'Người dân đổ về trung tâm. '.repeat(5_000)],
  ];
  for (const [name, body] of bodies) {
    it(`is the hash of the state's text: ${name}`, () => {
      const row = { ...base, body, summary: long('tóm\n') };
      expect(stateHashOf(row)).toBe(stateHash(stateText(row)));
    });
  }

  it('leaves out what the state text leaves out, and writes null and numbers as JSON does', () => {
    const row = { ...base, published_at: null, status: 'draft' as const };
    expect(stateHashOf(row)).toBe(stateHash(stateText(row)));
    const partial = { slug: 's', title: long('x') } as unknown as ArticleState;
    expect(stateHashOf(partial)).toBe(stateHash(stateText(partial)));
    expect(stateHashOf({} as ArticleState)).toBe(stateHash('{}'));
  });

  it('makes the hash firstRevision keeps, and a change of any field changes it', () => {
    const row = { ...base, body: long('\n') };
    expect(firstRevision(1, row, { at: 1, by: 'x' }).hash).toBe(stateHash(stateText(row)));
    expect(stateHashOf({ ...row, body: long('\r') })).not.toBe(stateHashOf(row));
    expect(stateHashOf({ ...row, tags: '[]' })).not.toBe(stateHashOf(row));
  });

  it('does not let the shared bytes of one text stand for another (the index hash after it)', () => {
    const a = { ...base, body: long('một') };
    const b = { ...base, body: long('hai') };
    stateHashOf(a);
    const joined = (x: typeof a): string =>
      createHash('sha1').update([`${FOLD_VERSION}`, x.title, x.summary, x.body, x.author, x.source].join('\u0000')).digest('base64url').slice(0, 16);
    expect(textHash(a)).toBe(joined(a));
    expect(textHash(b)).toBe(joined(b));
    stateHashOf(b);
    expect(textHash(a)).toBe(joined(a));
  });
});
