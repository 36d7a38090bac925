// One token's data with a few articles taken out and a few put in, without unpacking the
// others: the encoded postings and positions are copied in runs, and only the numbers
// around a change are written again (an id delta, the articles' places in the spelling
// lists). The result is what the builder writes for the same articles (build.ts), which
// the tests check against decoding everything and encoding it again.
import { addSpelling, Digits, spellingsOf, type Term } from './build.js';
import { DIGIT_VALUE, encodeNumber, type TermEntry } from './format.js';

/** One article's part of a token's data. */
export interface DocEntry {
  id: number;
  length: number;
  weight: number;
  /** Its positions, encoded (column mask, then per column: count, position deltas). */
  positions: string;
  spellings: string[];
}

export class BadData extends Error {}

/** A cursor over base-32 digits (format.ts). */
class Reader {
  at = 0;
  constructor(readonly s: string) {}

  next(): number {
    const s = this.s;
    let n = 0;
    for (let i = this.at; i < s.length; i++) {
      const v = DIGIT_VALUE[s.charCodeAt(i)] ?? -1;
      if (v < 0) throw new BadData('bad digits');
      if (v < 32) n = n * 32 + v;
      else {
        this.at = i + 1;
        return n * 32 + (v - 32);
      }
    }
    throw new BadData('digits cut short');
  }

  /** Past one article's positions: mask, then per column its count and as many deltas. */
  skipPositions(): void {
    for (let mask = this.next(); mask !== 0; mask &= mask - 1) {
      const count = this.next();
      for (let k = 0; k < count; k++) this.next();
    }
  }
}

/** How many postings (three numbers each) P holds from `from`: its numbers' last digits, counted. */
function entriesIn(P: string, from: number): number {
  let ends = 0;
  for (let i = from; i < P.length; i++) {
    const v = DIGIT_VALUE[P.charCodeAt(i)] ?? -1;
    if (v < 0) throw new BadData('bad digits');
    if (v >= 32) ends++;
  }
  if (ends % 3 !== 0 || (P.length > from && (DIGIT_VALUE[P.charCodeAt(P.length - 1)] ?? -1) < 32)) throw new BadData('postings cut short');
  return ends / 3;
}

/** Every number of an encoded string. */
function numbers(s: string): number[] {
  const r = new Reader(s);
  const out: number[] = [];
  while (r.at < s.length) out.push(r.next());
  return out;
}

/** Sorted indexes as the spelling lists hold them: deltas from 0. */
function encodeIndexes(indexes: readonly number[]): string {
  const d = new Digits();
  let last = 0;
  for (const i of indexes) {
    d.push(i - last);
    last = i;
  }
  return d.text();
}

/**
 * A token's data (entry and positions) without the articles of `gone` and with `added` (in
 * id order, none of them in the data unless also in `gone`). `docs` is 0 when none is left.
 * Positions given as null are known not to change: only the entry is made.
 */
export function spliceTerm(
  token: string,
  entry: TermEntry | undefined,
  given: string | null,
  gone: ReadonlySet<number>,
  added: readonly DocEntry[],
): { entry: TermEntry; positions: string | null; docs: number } {
  // null: the positions do not change (the caller knows), and are neither read nor made.
  const positions = given ?? '';
  const P = entry?.[0] ?? '';
  const p = new Reader(P);
  const q = new Reader(positions);
  const outP: string[] = [];
  const outQ: string[] = [];
  // The run of old data being copied as it is: from (runP, runQ), while `open`.
  let open = true;
  let runP = 0;
  let runQ = 0;
  let oldId = 0;
  let lastOut = 0;
  let oldIndex = 0;
  let newIndex = 0;
  let ai = 0;
  // For the spelling lists: the old indexes left out, the new index of each article added,
  // and the new index of each old one kept, as (old index, shift) from where the shift holds.
  const removed = new Set<number>();
  const addedAt: number[] = [];
  const shifts: Array<[number, number]> = [];
  let lastChange = -1;
  for (const id of gone) if (id > lastChange) lastChange = id;
  if (added.length > 0) lastChange = Math.max(lastChange, added[added.length - 1]!.id);
  // Positions are walked up to the last article changed; from there they are copied whole.
  let walking = given !== null;
  const close = (pEnd: number, qEnd: number): void => {
    if (!open) return;
    outP.push(P.slice(runP, pEnd));
    outQ.push(positions.slice(runQ, qEnd));
    open = false;
  };
  const putAdded = (d: DocEntry): void => {
    outP.push(encodeNumber(d.id - lastOut), encodeNumber(d.length), encodeNumber(d.weight));
    outQ.push(d.positions);
    addedAt.push(newIndex++);
    lastOut = d.id;
  };
  while (p.at < P.length) {
    // Past the last change with a run open: the rest is kept as it is, with the same shift;
    // only how many articles it holds is needed (counted, not decoded).
    if (open && oldId > lastChange && ai === added.length) {
      const rest = entriesIn(P, p.at);
      oldIndex += rest;
      newIndex += rest;
      p.at = P.length;
      break;
    }
    const start = p.at;
    oldId += p.next();
    const afterDelta = p.at;
    p.next();
    p.next();
    const qStart = q.at;
    if (walking) {
      if (oldId > lastChange) walking = false;
      else q.skipPositions();
    }
    while (ai < added.length && added[ai]!.id < oldId) {
      close(start, qStart);
      putAdded(added[ai++]!);
    }
    if (gone.has(oldId)) {
      close(start, qStart);
      removed.add(oldIndex++);
      continue;
    }
    if (!open) {
      // After a change its id delta is another: written again, the rest of it copied.
      outP.push(encodeNumber(oldId - lastOut));
      runP = afterDelta;
      runQ = qStart;
      open = true;
    }
    const shift = newIndex - oldIndex;
    if (shifts.length === 0 || shifts[shifts.length - 1]![1] !== shift) shifts.push([oldIndex, shift]);
    lastOut = oldId;
    oldIndex++;
    newIndex++;
  }
  close(P.length, positions.length);
  while (ai < added.length) putAdded(added[ai++]!);
  const docs = newIndex;
  if (walking && q.at !== positions.length) throw new BadData('positions do not match the postings');

  /** The new index of an old article kept. */
  const moved = (o: number): number => {
    let lo = 0;
    let hi = shifts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (shifts[mid]![0] <= o) lo = mid;
      else hi = mid - 1;
    }
    return o + shifts[lo]![1];
  };
  const spelled = new Map<string, string>();
  const old = entry === undefined ? {} : (entry[1] ?? { [token]: '' });
  const addedWith = (s: string): number[] => {
    const at: number[] = [];
    for (let j = 0; j < added.length; j++) if (added[j]!.spellings.includes(s)) at.push(addedAt[j]!);
    return at;
  };
  const put = (s: string, indexes: number[]): void => {
    if (indexes.length === 0) return;
    spelled.set(s, indexes.length === docs ? '' : encodeIndexes(indexes));
  };
  for (const [s, list] of Object.entries(old)) {
    const withIt = addedWith(s);
    if (list === '') {
      if (withIt.length === added.length) {
        if (docs > 0) spelled.set(s, '');
        continue;
      }
      // In every old article, not in every new one.
      const without = new Set(addedAt.filter((i) => !withIt.includes(i)));
      const all: number[] = [];
      for (let i = 0; i < docs; i++) if (!without.has(i)) all.push(i);
      put(s, all);
      continue;
    }
    const kept: number[] = [];
    let o = 0;
    for (const delta of numbers(list)) {
      o += delta;
      if (!removed.has(o)) kept.push(moved(o));
    }
    put(s, withIt.length === 0 ? kept : kept.concat(withIt).sort((x, y) => x - y));
  }
  for (const d of added) for (const s of d.spellings) if (!Object.hasOwn(old, s) && !spelled.has(s)) put(s, addedWith(s));
  const keys = [...spelled.keys()].sort((x, y) => (x < y ? -1 : 1));
  const postings = outP.join('');
  let result: TermEntry;
  if (keys.length === 1 && keys[0] === token && spelled.get(token) === '') result = [postings];
  else {
    const out: Record<string, string> = {};
    for (const k of keys) out[k] = spelled.get(k)!;
    result = [postings, out];
  }
  return { entry: result, positions: given === null ? null : outQ.join(''), docs };
}

/** A token's data, article by article (the inverse of encodeTerm). */
export function decodeTerm(token: string, entry: TermEntry, positions: string): DocEntry[] {
  const p = new Reader(entry[0]);
  const q = new Reader(positions);
  const docs: DocEntry[] = [];
  let id = 0;
  while (p.at < entry[0].length) {
    id += p.next();
    const length = p.next();
    const weight = p.next();
    const from = q.at;
    q.skipPositions();
    docs.push({ id, length, weight, positions: positions.slice(from, q.at), spellings: entry[1] ? [] : [token] });
  }
  if (q.at !== positions.length) throw new BadData('positions do not match the postings');
  for (const [s, list] of Object.entries(entry[1] ?? {})) {
    if (list === '') {
      for (const d of docs) d.spellings.push(s);
      continue;
    }
    let index = 0;
    for (const delta of numbers(list)) {
      index += delta;
      const d = docs[index];
      if (!d) throw new BadData('bad spellings');
      d.spellings.push(s);
    }
  }
  return docs;
}

/** A token's entry and positions made from its articles' data, as the builder makes them. */
export function encodeTerm(token: string, docs: readonly DocEntry[]): { entry: TermEntry; positions: string; docs: number } {
  const term: Term = { postings: new Digits(), positions: new Digits(), docs: 0, lastId: 0, spellings: new Map() };
  let positions = '';
  for (const d of docs) {
    term.postings.push(d.id - term.lastId);
    term.postings.push(d.length);
    term.postings.push(d.weight);
    positions += d.positions;
    for (const s of d.spellings) addSpelling(term, s, term.docs);
    term.docs++;
    term.lastId = d.id;
  }
  return { entry: spellingsOf(token, term), positions, docs: term.docs };
}
