// The number encoding of the search files and the file layout rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNumbers, encodeNumber, encodeNumberInto, encodeNumbers, frequentWordCount, shardCount, shardOf, topCount, vocabFileCount } from '../../../src/search/site/format.js';
import { encodeBytes, packData } from '../../../src/search/site/pack.js';
import { decodeBytes, unpackData } from '../../../src/search/site/unpack.js';

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

  it('copy the result data of a quarter as many articles as the site has, at most, beside frequent words', () => {
    expect(topCount(10)).toBe(10);
    expect(topCount(1000)).toBe(20);
    expect(topCount(0)).toBe(1);
    for (const [articles, perPage] of [[0, 10], [39, 10], [40, 10], [100_000, 10], [100_000, 1000], [7, 1]] as const)
      expect(frequentWordCount(articles, perPage) * topCount(perPage)).toBeLessThanOrEqual(articles / 4);
    expect(frequentWordCount(100_000, 10)).toBe(2500);
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

describe('packed data', () => {
  it('unpacks to what was packed, bytes and data alike', async () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBytes(bytes);
        expect(text).toMatch(/^[^"\\\s]*$/);
        expect([...decodeBytes(text)]).toEqual([...bytes]);
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (data) => {
        expect(await unpackData(packData(data))).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 50 },
    );
  });

  it('takes 5 characters per 4 bytes, and a last group of r bytes as r + 1', () => {
    for (const [n, length] of [
      [0, 0],
      [1, 2],
      [3, 4],
      [4, 5],
      [9, 12],
    ] as const)
      expect(encodeBytes(new Uint8Array(n).fill(255))).toHaveLength(length);
  });

  it('rejects what packing never makes', async () => {
    expect(() => decodeBytes('ab"cd')).toThrow(/bad search data/);
    expect(() => decodeBytes('abcde1')).toThrow(/bad search data \(length\)/);
    // Five of the highest digit are more than 32 bits.
    expect(() => decodeBytes('xxxxx')).toThrow(/bad search data \(group\)/);
    await expect(unpackData(encodeBytes(new Uint8Array([1, 2, 3, 4, 5])))).rejects.toThrow();
  });
});
