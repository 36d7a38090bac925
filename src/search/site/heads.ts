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
import { BIG_MIN_DOCS, bestCount, bigWordDocs, decodeNumbers, encodeNumbers, HEAD_POSTINGS, headPostings, headScale, shardCount, topCount, type DocRecord, type ShardData, type TermEntry } from './format.js';
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
  const nums = decodeNumbers(entry[0]);
  const docs = nums.length / 3;
  if (docs < least) return undefined;
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
  let id = 0;
  for (let i = 0; i < docs; i++) {
    id += nums[3 * i]!;
    ids[i] = id;
    lengths[i] = nums[3 * i + 1]!;
    const f = (weights[i] = nums[3 * i + 2]!);
    impact[i] = (f * (K1 + 1)) / (f + K1 * (1 - B + (B * lengths[i]!) / ref));
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
  const sorted = impact.slice().sort();
  const threshold = sorted[docs - depth]!;
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
  chosen.sort((x, y) => impact[y]! - impact[x]! || ids[y]! - ids[x]!);
  // The rest, reduced to its undominated (weighted frequency, length) pairs, shortest first.
  const most = new Map<number, number>();
  for (let i = 0; i < docs; i++) {
    if (inHead[i]) continue;
    const f = most.get(lengths[i]!);
    if (f === undefined || weights[i]! > f) most.set(lengths[i]!, weights[i]!);
  }
  const rest: number[] = [];
  let best = 0;
  for (const d of [...most.keys()].sort((x, y) => x - y)) {
    const f = most.get(d)!;
    if (f <= best) continue;
    rest.push(f, d);
    best = f;
  }
  return { docs, set: encodeSet(ids), spellings, head: encodeNumbers(head), rest: encodeNumbers(rest), top: chosen.slice(0, top).map((i) => ids[i]!), classes: spellingClasses(masks) };
}

/** The spelling masks of a word's articles as classes: see SpellingClasses. */
function spellingClasses(masks: Int32Array): SpellingClasses {
  const counts = new Map<number, number>();
  for (const m of masks) counts.set(m, (counts.get(m) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((x, y) => counts.get(y)! - counts.get(x)! || x - y);
  const deltas = distinct.map((): number[] => []);
  const last = distinct.map(() => 0);
  const index = new Map(distinct.map((m, i) => [m, i]));
  masks.forEach((m, at) => {
    const c = index.get(m)!;
    deltas[c]!.push(at - last[c]!);
    last[c] = at;
  });
  return [distinct, deltas.slice(1).map(encodeNumbers)];
}

/** Part of the fingerprint of the search files (build.ts): this code and its sizes. */
export const HEADS_FINGERPRINT = [headsOf, madeHeads, headOf, spellingClasses, encodeSet, bigWordDocs, referenceLength, headsKey, headScale, headPostings, bestCount, topCount].map(String).join('\n') + `\n${HEAD_POSTINGS} ${BIG_MIN_DOCS}`;
