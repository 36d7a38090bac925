// The heads of the words in a large share of the articles, beside their postings files: a
// query on such words needs neither their whole postings (hundreds of KB at 100,000 articles)
// nor a file per result. Per such word ("big"), in the heads file of its shard (h/<shard>.js):
// - the set of its articles (a bitmap or id deltas, whichever is shorter): the exact count of
//   a query's results, and whether an article not in the head holds the word at all;
// - its head: the postings (id, token count, weighted frequency) of the
//   articles where it weighs most in bm25 (headPostings of them, ordered by the term
//   frequency part of bm25 at a reference length), in id order;
// - the rest's bound: the postings left out, reduced to those no other one dominates (a
//   higher weighted frequency in a shorter article): the engine computes from them, at the
//   real average length, the most any article left out can score for the word;
// - the result data of its best articles, so that a first page needs no result file: those
//   its postings file carries (for the queries that read it: phrases, prefixes …; for a big
//   word, more than a page on a large site: bestCount) that are among its best by the head's order;
// - the spellings each of its articles holds (its classes: the distinct sets of spellings,
//   and which articles hold each but the most common), for the head's articles and the
//   others alike: whether an article holds the spelling typed, so that a marked query's
//   page is settled without the word's postings.
// A heads file is made from its postings file's data alone, so the incremental update remakes
// it with that file (and only then).
// Build side (Node and the browser alike: no I/O).
import { BIG_MIN_DOCS, bestCount, bigWordDocs, decodeNumbers, DIGIT_VALUE, encodeNumbers, HEAD_POSTINGS, headPostings, headScale, shardCount, topCount, type DocRecord, type ShardData, type TermEntry } from './format.js';
import { encodeSet } from './sets.js';

/** One big word's head: see the module's comment. */
export type Head = [docs: number, set: string, spellings: string[], head: string, rest: string, records: DocRecord[], classes: SpellingClasses];
/**
 * The spellings each article of a big word's set holds: the distinct masks over its
 * spellings, most frequent first, and for each but the first the articles that hold it, as
 * the deltas of their places in the set (format.ts' numbers); every other article holds the
 * first. Listing the few beside the many costs about what their information is worth.
 */
export type SpellingClasses = [masks: number[], others: string[]];
/** A heads file: the big words of one postings file. */
export type HeadsData = Record<string, Head>;

const K1 = 1.2;
const B = 0.75;

/**
 * What the heads files of a site depend on besides the words' postings: none below the size
 * that can have a big word, else the reference length. An update that moves it gives up.
 */
export function headsKey(n: number, tokens: number): number {
  return n < bigWordDocs(shardCount(n)) ? 0 : referenceLength(n, tokens);
}

/**
 * The average article length the heads are ordered at: a power of two near the real one, so
 * that it moves rarely (an update that moves it gives up: every head would move).
 */
export function referenceLength(n: number, tokens: number): number {
  const avgdl = n > 0 ? tokens / n : 1;
  return 2 ** Math.round(Math.log2(Math.max(1, avgdl)));
}

/**
 * The heads file of a postings file: the heads of its big words, in token order, each with
 * those of the postings file's records (its frequent words' best articles) that are among the
 * word's best by its head's order. A function of the postings file's data alone (and the
 * site's size and reference length): it changes only when that file does.
 */
export function headsOf(data: ShardData, shards: number, n: number, tokens: number, perPage: number): HeadsData {
  const [entries, records] = data;
  const byId = new Map(records.map((r) => [r[0], r]));
  const out: HeadsData = {};
  for (const [token, h] of madeHeads(entries, shards, n, tokens, perPage)) {
    const best = h.top.map((id) => byId.get(id)).filter((r): r is DocRecord => r !== undefined);
    out[token] = [h.docs, h.set, h.spellings, h.head, h.rest, best, h.classes];
  }
  return out;
}

function madeHeads(entries: Record<string, TermEntry>, shards: number, n: number, tokens: number, perPage: number): Array<[string, MadeHead]> {
  const out: Array<[string, MadeHead]> = [];
  const least = bigWordDocs(shards);
  const ref = referenceLength(n, tokens);
  for (const token of Object.keys(entries).sort((x, y) => (x < y ? -1 : 1))) {
    const head = headOf(token, entries[token]!, least, ref, bestCount(least, shards, perPage), headPostings(shards));
    if (head) out.push([token, head]);
  }
  return out;
}

interface MadeHead {
  docs: number;
  set: string;
  spellings: string[];
  head: string;
  rest: string;
  /** Its best articles, best first. */
  top: number[];
  classes: SpellingClasses;
}

/** A word's head, or undefined when the word is not big (or holds too many spellings for a mask). */
function headOf(token: string, entry: TermEntry, least: number, ref: number, top: number, depth: number): MadeHead | undefined {
  const postings = entry[0];
  // Each posting is three numbers of a digit or more: a word with fewer characters than that
  // cannot be big, and most of a postings file's words are not (no need to read them).
  if (postings.length < 3 * least) return undefined;
  const docs = countNumbers(postings) / 3;
  if (docs < least) return undefined;
  if (!Number.isInteger(docs)) throw new Error('bad search data (postings)');
  // No spellings object: the word is its only spelling, in every article. An empty one: none
  // of its spellings are filed under it (Greek final sigma, ℅), so no article holds a spelling
  // typed as it — a head would claim every one does; such a word is ranked from its postings.
  const lists = entry[1] ?? { [token]: '' };
  const spellings = Object.keys(lists);
  if (spellings.length > 30 || spellings.length === 0) return undefined;
  const ids = new Array<number>(docs);
  const lengths = new Int32Array(docs);
  const weights = new Int32Array(docs);
  const impact = new Float64Array(docs);
  // The postings decoded in place (format.ts' numbers: id delta, token count, weighted frequency).
  // No check of each character here: countNumbers has refused any outside the alphabet above.
  let id = 0;
  let n = 0;
  let field = 0;
  let i = 0;
  for (let c = 0; c < postings.length; c++) {
    const v = DIGIT_VALUE[postings.charCodeAt(c)]!;
    if (v < 32) {
      n = n * 32 + v;
      continue;
    }
    n = n * 32 + (v - 32);
    if (field === 0) {
      id += n;
      ids[i] = id;
      field = 1;
    } else if (field === 1) {
      lengths[i] = n;
      field = 2;
    } else {
      const f = (weights[i] = n);
      impact[i] = (f * (K1 + 1)) / (f + K1 * (1 - B + (B * lengths[i]!) / ref));
      field = 0;
      i++;
    }
    n = 0;
  }
  // Spellings held, as a mask over `spellings` (the entry lists, per spelling, its articles' indexes).
  const masks = new Int32Array(docs);
  spellings.forEach((s, bit) => {
    const list = lists[s]!;
    if (list === '') {
      for (let i = 0; i < docs; i++) masks[i]! |= 1 << bit;
      return;
    }
    let at = 0;
    for (const delta of decodeNumbers(list)) {
      at += delta;
      masks[at]! |= 1 << bit;
    }
  });
  // The head: the `depth` best by impact, a tie to the newer id.
  const threshold = nthSmallest(impact, docs - depth);
  const inHead = new Uint8Array(docs);
  let taken = 0;
  for (let i = 0; i < docs; i++) if (impact[i]! > threshold) (inHead[i] = 1), taken++;
  for (let i = docs - 1; i >= 0 && taken < depth; i--) if (impact[i] === threshold) (inHead[i] = 1), taken++;
  const head: number[] = [];
  const chosen: number[] = [];
  let last = 0;
  for (let i = 0; i < docs; i++) {
    if (!inHead[i]) continue;
    head.push(ids[i]! - last, lengths[i]!, weights[i]!);
    last = ids[i]!;
    chosen.push(i);
  }
  // The rest, reduced to its undominated (weighted frequency, length) pairs, shortest first.
  const rest = undominated(lengths, weights, inHead);
  return { docs, set: encodeSet(ids), spellings, head: encodeNumbers(head), rest: encodeNumbers(rest), top: firstByImpact(chosen, top, impact, ids).map((i) => ids[i]!), classes: spellingClasses(masks) };
}

/** The `count` first of `places` by impact, higher first, a tie to the newer id (a sort of them all, cut). */
function firstByImpact(places: readonly number[], count: number, impact: Float64Array, ids: readonly number[]): number[] {
  const before = (x: number, y: number): boolean => impact[x]! > impact[y]! || (impact[x] === impact[y] && ids[x]! > ids[y]!);
  const out: number[] = [];
  for (const p of places) {
    if (out.length === count && !before(p, out[count - 1]!)) continue;
    let at = out.length < count ? out.length : count - 1;
    while (at > 0 && before(p, out[at - 1]!)) {
      if (at < count) out[at] = out[at - 1]!;
      at--;
    }
    out[at] = p;
  }
  return out;
}

/**
 * The (weighted frequency, length) pairs of the postings not in the head that no other one
 * dominates (a higher weighted frequency in a shorter or equal article), shortest first: per
 * length its highest weighted frequency, kept when higher than every shorter length's.
 */
function undominated(lengths: Int32Array, weights: Int32Array, inHead: Uint8Array): number[] {
  let longest = 0;
  let shortest = 0;
  for (let i = 0; i < lengths.length; i++) {
    if (inHead[i]) continue;
    if (lengths[i]! > longest) longest = lengths[i]!;
    if (lengths[i]! < shortest) shortest = lengths[i]!;
  }
  const rest: number[] = [];
  let best = 0;
  if (shortest >= 0 && longest <= 8 * lengths.length + 1024) {
    // Lengths as places in an array: one pass, no sort (-1: no posting of that length).
    const most = new Int32Array(longest + 1).fill(-1);
    for (let i = 0; i < lengths.length; i++) if (!inHead[i] && weights[i]! > most[lengths[i]!]!) most[lengths[i]!] = weights[i]!;
    for (let d = 0; d <= longest; d++) {
      const f = most[d]!;
      if (f < 0 || f <= best) continue;
      rest.push(f, d);
      best = f;
    }
    return rest;
  }
  // An article far longer than the word has postings (or a length past 2³¹ in bad data): the lengths in a map, sorted.
  const most = new Map<number, number>();
  for (let i = 0; i < lengths.length; i++) {
    if (inHead[i]) continue;
    const f = most.get(lengths[i]!);
    if (f === undefined || weights[i]! > f) most.set(lengths[i]!, weights[i]!);
  }
  for (const d of [...most.keys()].sort((x, y) => x - y)) {
    const f = most.get(d)!;
    if (f <= best) continue;
    rest.push(f, d);
    best = f;
  }
  return rest;
}

/** How many numbers an encoded string holds (format.ts); throws on a character outside the alphabet. */
function countNumbers(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? DIGIT_VALUE[code]! : -1;
    if (v < 0) throw new Error(`bad search data (character ${JSON.stringify(s[i])})`);
    if (v >= 32) count++;
  }
  return count;
}

/**
 * The value at place `k` of `values` sorted ascending (what `values.slice().sort()[k]` is),
 * without sorting them all: a quickselect on a copy. The builder never writes a frequency that
 * makes an impact NaN (one of 2^1024 or more would); on such data the order is undefined, as a
 * sort's was.
 */
function nthSmallest(values: Float64Array, k: number): number {
  const a = values.slice();
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Hoare's partition around the middle value: a[lo..j] <= pivot <= a[j+1..hi].
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (a[i]! < pivot);
      do j--;
      while (a[j]! > pivot);
      if (i >= j) break;
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    if (k <= j) hi = j;
    else lo = j + 1;
  }
  return a[k]!;
}

/** The spelling masks of a word's articles as classes: see SpellingClasses. */
function spellingClasses(masks: Int32Array): SpellingClasses {
  // Mostly one class (the word's one spelling in every article): no counting.
  if (masks.every((m) => m === masks[0])) return [masks.length ? [masks[0]!] : [], []];
  const counts = new Map<number, number>();
  for (const m of masks) counts.set(m, (counts.get(m) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((x, y) => counts.get(y)! - counts.get(x)! || x - y);
  // The most common class is written as "every other article": its places are not listed.
  const deltas = distinct.map((): number[] => []);
  const last = distinct.map(() => 0);
  const index = new Map(distinct.map((m, i) => [m, i]));
  const first = distinct[0]!;
  masks.forEach((m, at) => {
    if (m === first) return;
    const c = index.get(m)!;
    deltas[c]!.push(at - last[c]!);
    last[c] = at;
  });
  return [distinct, deltas.slice(1).map(encodeNumbers)];
}

/** Part of the fingerprint of the search files (build.ts): this code and its sizes. */
export const HEADS_FINGERPRINT = [headsOf, madeHeads, headOf, countNumbers, nthSmallest, firstByImpact, undominated, spellingClasses, encodeSet, bigWordDocs, referenceLength, headsKey, headScale, headPostings, bestCount, topCount].map(String).join('\n') + `\n${HEAD_POSTINGS} ${BIG_MIN_DOCS}`;
