// headsOf (heads.ts) against a plain reading of what a head is: every posting decoded, sorted
// in full, a map per length. Random postings files with big words of every kind: ties of
// impact across the head's edge, words of one or many spelling classes, an article far longer
// than the word has postings, too many spellings, none filed under the word, and bad data.
import { describe, expect, it } from 'vitest';
import { bestCount, bigWordDocs, decodeNumbers, encodeNumbers, headPostings, type DocRecord, type ShardData, type TermEntry } from '../../../src/search/site/format.js';
import { headsOf, referenceLength, type HeadsData } from '../../../src/search/site/heads.js';
import { encodeSet } from '../../../src/search/site/sets.js';
import { seeded } from '../../helpers/seeded.js';

const PER_PAGE = 10;

const K1 = 1.2;
const B = 0.75;

/** The reference: what headsOf must give, computed the slow and obvious way. */
function expectedHeads(data: ShardData, shards: number, n: number, tokens: number, perPage: number): HeadsData {
  const [entries, records] = data;
  const least = bigWordDocs(shards);
  const ref = referenceLength(n, tokens);
  const depth = headPostings(shards);
  const top = bestCount(least, shards, perPage);
  const out: HeadsData = {};
  for (const token of Object.keys(entries).sort((x, y) => (x < y ? -1 : 1))) {
    const entry = entries[token]!;
    const nums = decodeNumbers(entry[0]);
    const docs = nums.length / 3;
    if (docs < least) continue;
    const lists = entry[1] ?? { [token]: '' };
    const spellings = Object.keys(lists);
    if (spellings.length > 30 || spellings.length === 0) continue;
    const postings = Array.from({ length: docs }, (_, i) => ({ i, delta: nums[3 * i]!, length: nums[3 * i + 1]!, weight: nums[3 * i + 2]!, id: 0, impact: 0, mask: 0 }));
    let id = 0;
    for (const p of postings) {
      p.id = id += p.delta;
      p.impact = (p.weight * (K1 + 1)) / (p.weight + K1 * (1 - B + (B * p.length) / ref));
    }
    spellings.forEach((s, bit) => {
      if (lists[s] === '') for (const p of postings) p.mask |= 1 << bit;
      else {
        let at = 0;
        for (const d of decodeNumbers(lists[s]!)) postings[(at += d)]!.mask |= 1 << bit;
      }
    });
    // The head: the best `depth` by impact, a tie to the newer id.
    const ranked = [...postings].sort((x, y) => y.impact - x.impact || y.id - x.id);
    const inHead = new Set(ranked.slice(0, depth).map((p) => p.i));
    const head: number[] = [];
    let last = 0;
    for (const p of postings) {
      if (!inHead.has(p.i)) continue;
      head.push(p.id - last, p.length, p.weight);
      last = p.id;
    }
    // The rest: per length its highest weight, kept when higher than every shorter length's.
    const byLength = new Map<number, number>();
    for (const p of postings) if (!inHead.has(p.i)) byLength.set(p.length, Math.max(byLength.get(p.length) ?? -Infinity, p.weight));
    const rest: number[] = [];
    let best = 0;
    for (const [length, weight] of [...byLength].sort((x, y) => x[0] - y[0])) {
      if (weight > best) rest.push(weight, length), (best = weight);
    }
    // Spelling classes: distinct masks, most frequent first, then by mask; the places of each but the first.
    const counts = new Map<number, number>();
    for (const p of postings) counts.set(p.mask, (counts.get(p.mask) ?? 0) + 1);
    const masks = [...counts.keys()].sort((x, y) => counts.get(y)! - counts.get(x)! || x - y);
    const others = masks.slice(1).map((m) => {
      const places = postings.filter((p) => p.mask === m).map((p) => p.i);
      return encodeNumbers(places.map((at, k) => at - (k === 0 ? 0 : places[k - 1]!)));
    });
    const bestIds = ranked.slice(0, Math.min(top, depth)).map((p) => p.id);
    const recordsOf = bestIds.map((b) => records.find((r) => r[0] === b)).filter((r): r is DocRecord => r !== undefined);
    out[token] = [docs, encodeSet(postings.map((p) => p.id)), spellings, encodeNumbers(head), encodeNumbers(rest), recordsOf, [masks, others]];
  }
  return out;
}

interface WordShape {
  docs: number;
  /** Token counts drawn from 1..lengths (few values: many ties of impact). */
  lengths: number;
  weights: number;
  /** Spellings of the word: 0 for none written (the word itself in every article). */
  spellings: number;
  /** One article this long, when set. */
  longest?: number;
}

function randomEntry(random: () => number, shape: WordShape, ids: number): TermEntry {
  const chosen = new Set<number>();
  while (chosen.size < shape.docs) chosen.add(1 + Math.floor(random() * ids));
  const sorted = [...chosen].sort((x, y) => x - y);
  const nums: number[] = [];
  let last = 0;
  sorted.forEach((id, i) => {
    const length = shape.longest !== undefined && i === 7 ? shape.longest : 1 + Math.floor(random() * shape.lengths);
    nums.push(id - last, length, 1 + Math.floor(random() * shape.weights));
    last = id;
  });
  if (shape.spellings === 0) return [encodeNumbers(nums)];
  const lists: Record<string, string> = {};
  for (let s = 0; s < shape.spellings; s++) {
    // The first in every article, or none of them; the others in a random share.
    const every = s === 0 && random() < 0.5;
    if (every) {
      lists[`s${s}`] = '';
      continue;
    }
    const places: number[] = [];
    for (let i = 0; i < shape.docs; i++) if (random() < (s === 0 ? 0.9 : 0.2)) places.push(i);
    lists[`s${s}`] = encodeNumbers(places.map((at, k) => at - (k === 0 ? 0 : places[k - 1]!)));
  }
  return [encodeNumbers(nums), lists];
}

function randomShard(seed: number, shards: number, shapes: WordShape[], ids: number): ShardData {
  const random = seeded(seed);
  const entries: Record<string, TermEntry> = {};
  shapes.forEach((shape, w) => (entries[`w${String(w).padStart(2, '0')}`] = randomEntry(random, shape, ids)));
  // Small words beside them, and records of some articles (as the frequent words' best).
  for (let w = 0; w < 40; w++) entries[`small${w}`] = randomEntry(random, { docs: 1 + Math.floor(random() * 300), lengths: 500, weights: 30, spellings: w % 3 }, ids);
  const records: DocRecord[] = [];
  for (let id = 1; id <= ids; id += 1 + Math.floor(random() * 3)) records.push([id, `bai-viet/${id}.html`, `T ${id}`, '2024-01-01', 'x', '', '', '', '', id]);
  return [entries, records];
}

describe('the heads of a postings file (headsOf)', () => {
  it('are what every posting sorted in full gives, whatever the shape of the words', () => {
    const least = bigWordDocs(1);
    const shapes: WordShape[] = [
      { docs: least, lengths: 3, weights: 2, spellings: 0 }, // few impacts: ties across the head's edge
      { docs: least + 900, lengths: 800, weights: 40, spellings: 1 },
      { docs: least + 50, lengths: 40, weights: 6, spellings: 4 }, // several spelling classes
      { docs: least + 10, lengths: 200, weights: 9, spellings: 2, longest: 9_000_000 }, // one article far longer than the rest
      { docs: least - 1, lengths: 50, weights: 5, spellings: 0 }, // one short of big
      { docs: least + 3, lengths: 50, weights: 5, spellings: 31 }, // too many spellings for a mask
    ];
    let heads = 0;
    for (const seed of [1, 2, 3]) {
      const data = randomShard(seed, 1, shapes, 6000);
      const want = expectedHeads(data, 1, 6000, 6000 * 230, PER_PAGE);
      const got = headsOf(data, 1, 6000, 6000 * 230, PER_PAGE);
      expect(Object.keys(got)).toEqual(['w00', 'w01', 'w02', 'w03']);
      expect(got).toEqual(want);
      // Written as the file holds them: the same text.
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      heads += Object.keys(got).length;
    }
    expect(heads).toBe(12);
  });

  it('are so on a site of 1,024 postings files, where a head holds twice the postings', () => {
    const shards = 1024;
    const least = bigWordDocs(shards);
    const data = randomShard(7, shards, [
      { docs: least, lengths: 4, weights: 3, spellings: 3 },
      { docs: least + 400, lengths: 600, weights: 20, spellings: 0 },
    ], 40_000);
    const want = expectedHeads(data, shards, 40_000, 40_000 * 300, PER_PAGE);
    const got = headsOf(data, shards, 40_000, 40_000 * 300, PER_PAGE);
    expect(Object.keys(got)).toEqual(['w00', 'w01']);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  });

  it('are none for a word without a spelling filed under it, and bad postings of a big word are an error', () => {
    const least = bigWordDocs(1);
    const random = seeded(11);
    const [postings] = randomEntry(random, { docs: least, lengths: 30, weights: 4, spellings: 0 }, 6000);
    expect(headsOf([{ w: [postings, {}] }, []], 1, 6000, 6000 * 230, PER_PAGE)).toEqual({});
    expect(() => headsOf([{ w: [`${postings.slice(0, 100)}"${postings.slice(100)}`] }, []], 1, 6000, 6000 * 230, PER_PAGE)).toThrow(/bad search data/);
    // A posting cut short (a number missing): not a whole count of postings.
    expect(() => headsOf([{ w: [postings + encodeNumbers([1, 2, 3, 4])] }, []], 1, 6000, 6000 * 230, PER_PAGE)).toThrow(/bad search data/);
  });
});

