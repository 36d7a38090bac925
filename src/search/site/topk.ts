// The first pages of a query on plain words, from the heads of the big words (heads.ts) and
// the postings of the others, without every posting of the big words: the exact count from
// their sets, the order from what the heads tell of each article seen in them (a threshold-
// style top-k). An article whose every posting is known has its score; one missing from a
// word's head lies between that word's least (a frequency of 1) and the most its rest allows
// at the article's length; any article seen in no head is below every word's bound. Whether an
// article holds the spelling typed is known for each (a head's classes, heads.ts). The page
// is settled when each of its articles certainly ranks before the next (or both are wholly
// known) and the last before every other: the engine's order (spelling typed first, bm25,
// then newest first). Otherwise the caller ranks every posting as before. Pure; browser and Node.
import { decodeNumbers, type DocRecord } from './format.js';
import type { Head } from './heads.js';
import { decodeSet } from './sets.js';

export interface Ranked {
  id: number;
  exact: number;
  bm25: number;
}

/** What a query word gives the ranking: its articles, the postings known, a bound for the others. */
export interface WordSource {
  /** Articles that hold it (bm25's document frequency). */
  docs: number;
  contains(id: number): boolean;
  /** Every article that holds it has an id below this. */
  span: number;
  /** Known postings: article → token count, weighted frequency. */
  known: Map<number, { length: number; weighted: number }>;
  /** (weighted frequency, length) pairs bounding the postings not known (heads.ts). */
  rest: number[];
  /** Whether an article that holds the word holds the spelling typed. */
  typedOf(id: number): boolean;
}

/** A big word's head as the ranking reads it, `typed` the spelling typed (the token itself when unmarked). */
export function headSource(h: Head, typed: string): WordSource & { records: DocRecord[] } {
  const [docs, set, spellings, head, rest, records, classes] = h;
  const bits = decodeSet(set);
  const bit = spellings.indexOf(typed);
  const typedHeld = (mask: number): boolean => bit >= 0 && (mask & (1 << bit)) !== 0;
  const typedOf = typedBy(classes, docs, bits, typedHeld);
  const known = new Map<number, { length: number; weighted: number }>();
  const nums = decodeNumbers(head);
  let id = 0;
  for (let i = 0; i + 2 < nums.length; i += 3) {
    id += nums[i]!;
    known.set(id, { length: nums[i + 1]!, weighted: nums[i + 2]! });
  }
  return {
    docs,
    contains: (x) => bits[x] === 1,
    span: bits.length,
    known,
    rest: decodeNumbers(rest),
    typedOf,
    records,
  };
}

/** Whether each article of a head's set holds the spelling typed, from its classes (heads.ts). */
function typedBy([masks, others]: [number[], string[]], docs: number, bits: Uint8Array, typedHeld: (mask: number) => boolean): (id: number) => boolean {
  const held = masks.map(typedHeld);
  // By place in the set: the first class's answer, but for the places listed under another.
  const byPlace = new Uint8Array(docs).fill(held[0] ? 1 : 0);
  others.forEach((list, c) => {
    let at = 0;
    for (const delta of decodeNumbers(list)) byPlace[(at += delta)] = held[c + 1] ? 1 : 0;
  });
  const typed = new Uint8Array(bits.length);
  let place = 0;
  for (let id = 0; id < bits.length; id++) if (bits[id] === 1) typed[id] = byPlace[place++]!;
  return (id) => typed[id] === 1;
}

const K1 = 1.2;
const B = 0.75;
/** Scores this close are treated as possibly equal: the bound is computed in floating point too. */
const MARGIN = 1e-9;

function tf(f: number, d: number, avgdl: number): number {
  return (f * (K1 + 1)) / (f + K1 * (1 - B + (B * d) / avgdl));
}

/**
 * The matches of an AND of words ranked as the engine ranks them, as far as `want(total)`
 * results at least, and their total; undefined when the known postings cannot settle them.
 */
export function rankTop(words: WordSource[], marked: boolean, n: number, avgdl: number, want: (total: number) => number): { ranked: Ranked[]; total: number } | undefined {
  if (words.length === 0) return undefined;
  const idf = words.map((w) => {
    const v = Math.log((n - w.docs + 0.5) / (w.docs + 0.5));
    return v <= 0 ? 1e-6 : v;
  });
  const bound = words.map((w) => {
    let most = 0;
    for (let i = 0; i + 1 < w.rest.length; i += 2) most = Math.max(most, tf(w.rest[i]!, w.rest[i + 1]!, avgdl));
    return most;
  });
  // A word's posting left out of its head is dominated by a pair of the rest (as high a weighted
  // frequency, in an article as short or shorter): for an article whose length is known, the
  // most it can score is at the highest frequency of the pairs no longer than it.
  const boundAt = (i: number, d: number): number => {
    const rest = words[i]!.rest;
    let f = -1;
    for (let k = 0; k + 1 < rest.length && rest[k + 1]! <= d; k += 2) f = rest[k]!;
    return f < 0 ? bound[i]! : tf(f, d, avgdl);
  };
  const inAll = (id: number): boolean => words.every((w) => w.contains(id));
  const exactOf = (id: number): number => (marked && words.every((w) => w.typedOf(id)) ? 1 : 0);

  // Every match seen in a head, with what is known of its rank: the spelling typed, and its
  // bm25 score between a lower and an upper bound (equal when wholly known).
  const entries: Entry[] = [];
  const candidates = new Set<number>();
  for (const w of words) for (const id of w.known.keys()) candidates.add(id);
  for (const id of candidates) {
    if (!inAll(id)) continue;
    let lo = 0;
    let hi = 0;
    let whole = true;
    let length = -1;
    for (const w of words) {
      const p = w.known.get(id);
      if (p) {
        length = p.length;
        break;
      }
    }
    for (let i = 0; i < words.length; i++) {
      const p = words[i]!.known.get(id);
      if (p) {
        const s = p.weighted > 0 ? idf[i]! * tf(p.weighted, p.length, avgdl) : 0;
        lo += s;
        hi += s;
      } else {
        // It holds the word (its set says so), so at least once in the body.
        whole = false;
        lo += idf[i]! * tf(1, length, avgdl);
        hi += idf[i]! * boundAt(i, length);
      }
    }
    entries.push({ id, whole, exact: exactOf(id), lo, hi });
  }
  const { total, exact } = countMatches(words, inAll, exactOf);
  // Articles in no head: each word's bound; they hold the spelling typed if a match not seen does.
  let unseen: Entry | undefined;
  if (total > entries.length) {
    let hi = 0;
    for (let i = 0; i < words.length; i++) hi += idf[i]! * bound[i]!;
    unseen = { id: -1, whole: false, exact: exact > entries.filter((e) => e.exact).length ? 1 : 0, lo: 0, hi };
  }

  // The page: the first `need` by what is certain of them (for a wholly known article, its
  // rank), settled when each is certainly before the next (or both are wholly known, their
  // order then the engine's) and the last certainly before any other.
  entries.sort((x, y) => y.exact - x.exact || y.lo - x.lo || y.id - x.id);
  const need = Math.min(want(total), total);
  if (entries.length < need) return undefined;
  for (let i = 0; i + 1 < need; i++) if (!inOrder(entries[i]!, entries[i + 1]!)) return undefined;
  if (need > 0) {
    const last = entries[need - 1]!;
    for (let i = need; i < entries.length; i++) if (!inOrder(last, entries[i]!)) return undefined;
    if (unseen && !before(last, unseen)) return undefined;
  }
  // The page, then the wholly known after it (ties with its last are settled by date).
  const ranked: Ranked[] = [];
  entries.forEach((e, i) => {
    if (i < need || e.whole) ranked.push({ id: e.id, exact: e.exact, bm25: -e.lo });
  });
  return { ranked, total };
}

interface Entry {
  id: number;
  whole: boolean;
  /** Holds the spelling typed (1); for the articles seen in no head, whether one of them may. */
  exact: number;
  lo: number;
  hi: number;
}

/** a ranks before b whatever is unknown of them. */
function before(a: Entry, b: Entry): boolean {
  return a.exact > b.exact || (a.exact === b.exact && a.lo > b.hi * (1 + MARGIN));
}

/** a (sorted before b) is in its place: certainly, or both wholly known. */
function inOrder(a: Entry, b: Entry): boolean {
  return (a.whole && b.whole) || before(a, b);
}

/**
 * The articles every word holds (the members of the word with the fewest that every other
 * holds), and how many of them hold the spelling typed.
 */
function countMatches(words: WordSource[], inAll: (id: number) => boolean, exactOf: (id: number) => number): { total: number; exact: number } {
  let total = 0;
  let exact = 0;
  const count = (id: number): void => {
    if (!inAll(id)) return;
    total++;
    exact += exactOf(id);
  };
  const smallest = words.reduce((a, b) => (b.docs < a.docs ? b : a));
  for (let id = 0; id < smallest.span; id++) if (smallest.contains(id)) count(id);
  return { total, exact };
}
