// The number encoding of the search files and the file layout rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNumbers, encodeNumber, encodeNumberInto, encodeNumbers, shardCount, shardOf, vocabFileCount } from '../../../src/search/site/format.js';

describe('numbers', () => {
  it('decode to what was encoded, by either encoder', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 40 })), (ns) => {
        const text = encodeNumbers(ns);
        expect(decodeNumbers(text)).toEqual(ns);
        const bytes = new Uint8Array(ns.length * 8 + 8);
        let at = 0;
        for (const n of ns) at = encodeNumberInto(n, bytes, at);
        expect(Buffer.from(bytes.subarray(0, at)).toString('latin1')).toBe(text);
      }),
    );
  });

  it.each([
    [0, 1],
    [31, 1],
    [32, 2],
    [1023, 2],
    [1024, 3],
  ])('%i takes %i character(s)', (n, length) => {
    expect(encodeNumber(n)).toHaveLength(length);
  });

  it('rejects a character outside the alphabet', () => {
    expect(() => decodeNumbers('ab"')).toThrow(/bad search data/);
    expect(() => decodeNumbers('é')).toThrow(/bad search data/);
  });
});

describe('files', () => {
  it('grow in number by powers of two with the site, up to a bound', () => {
    expect(shardCount(0)).toBe(1);
    expect(shardCount(64)).toBe(1);
    expect(shardCount(65)).toBe(2);
    expect(shardCount(100_000)).toBe(2048);
    expect(shardCount(10_000_000)).toBe(2048);
    expect(vocabFileCount(10)).toBe(1);
    expect(vocabFileCount(100_000)).toBe(256);
  });

  it('put a token in the same shard every time, within range', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 4096 }), (token, shards) => {
        const s = shardOf(token, shards);
        expect(s).toBe(shardOf(token, shards));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThan(shards);
      }),
    );
  });
});
