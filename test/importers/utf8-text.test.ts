import { describe, expect, it } from 'vitest';
import { utf8Text } from '../../src/importers/utf8-text.js';
import { readNdjson } from '../../src/importers/ndjson.js';

const long = (s: string): string => s.repeat(Math.ceil(600 / s.length));

describe('utf8Text', () => {
  const texts: Array<[string, string]> = [
    ['Vietnamese, composed and decomposed', long('Tiếng Việt có dấu. ') + long('Tiếng Việt'.normalize('NFD'))],
    ['characters outside the BMP', long('😀 𝔸 漢字 ')],
    ['the edges of each UTF-8 length', long('\u0000\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}')],
    ['Latin-1 only', long('café naïve ')],
    ['ASCII', long('plain text ')],
    ['short', 'Hà Nội'],
    ['empty', ''],
  ];
  for (const [name, text] of texts) {
    it(`decodes as Buffer#toString does: ${name}`, () => {
      const bytes = Buffer.from(text, 'utf8');
      expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
      expect(utf8Text(bytes)).toBe(text);
    });
  }

  it('reads a long NDJSON line of Vietnamese to the record it holds', async () => {
    const record = { title: 'Bản tin', body: long('Người dân đổ về Hà Nội, "trích dẫn" \\ và 😀.\n') };
    async function* chunks(): AsyncGenerator<Buffer> {
      const bytes = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
      // Split inside a multi-byte character: lines are joined before decoding.
      let cut = 50;
      while ((bytes[cut]! & 0xc0) !== 0x80) cut++;
      yield bytes.subarray(0, cut);
      yield bytes.subarray(cut);
    }
    const items = [];
    for await (const item of readNdjson(chunks())) items.push(item);
    expect(items).toEqual([{ line: 1, record }]);
  });
});
