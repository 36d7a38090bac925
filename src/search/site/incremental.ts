// Updates the site's search data for a few changed articles instead of building it again:
// the index of the last export (what SiteSearchBuilder.built() left: per article its tokens,
// the frequent words' postings) says which tokens the old versions held; only the postings
// files of those tokens and of the changed articles' new tokens, their word lists and result
// files are remade, from the old files' data and the changed articles alone. The files come
// out byte for byte as a full build of the same articles writes them; whatever this cannot
// decide cheaply (the number of postings files changes, the frequent words move past what
// the state can bound) is answered with undefined, and the caller builds in full.
import {
  bestArticles,
  Digits,
  COLUMN_HASHES,
  packed,
  RESERVE,
  SPELLING_HASHES,
  SiteSearchBuilder,
  writtenShard,
  writtenHeads,
  shardFiles,
  type AddedArticles,
  type BuiltIndex,
  type FrequentTerm,
  type SearchDoc,
  type SearchFile,
} from './build.js';
import { fold, foldJoined, forEachToken, SpellingList } from '../../core/fold.js';
import { headsKey, headsOf, type Head, type HeadsData } from './heads.js';
import { BadData, decodeTerm, spliceTerm } from './splice.js';
import {
  dataFile,
  dataPath,
  docFileOf,
  FORMAT_VERSION,
  frequentWordCount,
  shardCount,
  shardOf,
  bestCount,
  vocabFileCount,
  vocabFileOf,
  vocabKeyLength,
  vocabKeyOf,
  type DataKind,
  type DocRecord,
  type SearchMeta,
  type ShardData,
  type TermEntry,
} from './format.js';

/**
 * The old data files, as the last export wrote them: undefined for a file it did not write;
 * throws when a file it wrote cannot be read back as written (the caller then builds in full).
 */
export type OldFiles = (kind: DataKind, name: number) => Promise<unknown>;

export interface IndexChanges {
  /** Articles new or changed since the last build, in id order. */
  added: SearchDoc[];
  /** Ids of the articles gone or changed since (their old versions leave the index). */
  removed: readonly number[];
}

export interface UpdatedIndex {
  /** The data files that differ from the last build's (or may), meta.js last. */
  files: SearchFile[];
  /** Files of the last build that no longer belong (a result file left empty). */
  dropped: string[];
  built: BuiltIndex;
}

/** Thrown inside the update when it must give up; turned into undefined. */
class GiveUp extends Error {}

/** The body among the columns (build.ts: title, summary, body, author, source). */
const BODY = 2;

/** The distinct folded tokens of a text, as the builder finds them. */
function tokensOf(text: string): string[] {
  const joined = foldJoined(text, new SpellingList());
  return joined === '' ? [] : joined.split(' ').filter((t) => t !== '');
}

/** Whether token a (held by `da` articles) ranks before b among the frequent words. */
function ranksBefore(da: number, a: string, db: number, b: string): boolean {
  return da > db || (da === db && a < b);
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function byToken(x: string, y: string): number {
  return x < y ? -1 : 1;
}

/**
 * The search data files after `changes`, from the last build's index and files; undefined
 * when only a full build can tell.
 */
export async function updateIndex(state: BuiltIndex, changes: IndexChanges, old: OldFiles): Promise<UpdatedIndex | undefined> {
  try {
    return await update(state, changes, old);
  } catch (err) {
    if (err instanceof GiveUp || err instanceof BadData) return undefined;
    throw err;
  }
}

async function update(state: BuiltIndex, changes: IndexChanges, old: OldFiles): Promise<UpdatedIndex | undefined> {
  const perPage = state.perPage;
  const gone = new Set(changes.removed);
  for (const d of changes.added) gone.add(d.id);

  // The old versions: their tokens, their token counts.
  const position = new Map<number, number>();
  state.ids.forEach((id, i) => position.set(id, i));
  const affected = new Set<string>();
  let n = state.n;
  let tokens = state.tokens;
  for (const id of gone) {
    const i = position.get(id);
    if (i === undefined) continue;
    n--;
    tokens -= state.lengths[i]!;
    for (let t = i === 0 ? 0 : state.ends[i - 1]!; t < state.ends[i]!; t++) {
      // The state is input: decodeState checks every term id; this guards a state made elsewhere.
      const token = state.texts[state.terms[t]!];
      if (token === undefined) throw new GiveUp('a term id out of range');
      affected.add(token);
    }
  }
  // The new versions, indexed on their own.
  const fresh = new SiteSearchBuilder();
  for (const d of changes.added) fresh.add(d);
  const added = fresh.contents();
  for (const a of added.articles) {
    n++;
    tokens += a.length;
  }
  for (const token of added.terms.keys()) affected.add(token);

  // The layout follows the number of articles: when it moves, everything moves.
  if (shardCount(n) !== shardCount(state.n) || vocabKeyLength(n) !== vocabKeyLength(state.n) || vocabFileCount(n) !== vocabFileCount(state.n)) return undefined;
  if (frequentWordCount(n, perPage) !== frequentWordCount(state.n, perPage)) return undefined;
  if (headsKey(n, tokens) !== headsKey(state.n, state.tokens)) return undefined;
  const shards = shardCount(n);
  const vocabFiles = vocabFileCount(n);
  const letters = vocabKeyLength(n);

  const shardData = new Map<number, ShardData>();
  const readShard = async (s: number): Promise<ShardData> => {
    let data = shardData.get(s);
    if (!data) {
      data = writtenShard(await old('t', s), await old('b', s));
      if (!data) throw new GiveUp('no postings file');
      shardData.set(s, data);
    }
    return data;
  };
  const docFiles = new Map<number, DocRecord[] | null>();
  const readDocFile = async (f: number): Promise<DocRecord[] | null> => {
    let records = docFiles.get(f);
    if (records === undefined) {
      const data = await old('d', f);
      if (data !== undefined && !Array.isArray(data)) throw new GiveUp('bad result file');
      records = (data as DocRecord[] | undefined) ?? null;
      docFiles.set(f, records);
    }
    return records;
  };

  // Of those, the tokens an edit leaves as they were are not read or spliced at all.
  const toSplice = await tokensTouched(state, added, gone, position, readDocFile, new Map(changes.added.map((d) => [d.id, d])));
  for (const token of affected) if (!toSplice.has(token)) affected.delete(token);

  // The tokens whose positions may move: all those of an article that comes or goes; of one
  // changed, those of the columns whose text changed, before and after (all of them when the
  // body changed: the state does not keep its old text). Texts are compared as they are:
  // equal 32-bit hashes of two token sequences would not prove them the same.
  const moved = new Set<string>();
  const addedById = new Map(added.articles.map((a) => [a.id, a]));
  const docById = new Map(changes.added.map((d) => [d.id, d]));
  for (const id of gone) {
    const i = position.get(id);
    const now = addedById.get(id);
    const oldTokens = (): string[] => (i === undefined ? [] : [...state.terms.subarray(i === 0 ? 0 : state.ends[i - 1]!, state.ends[i]!)].map((t) => state.texts[t]!));
    if (i === undefined || !now || !sameBody(state, i, now)) {
      for (const t of oldTokens()) moved.add(t);
      for (const t of now?.tokens ?? []) moved.add(t);
      continue;
    }
    const [before, after] = await columnTexts(id, readDocFile, docById);
    for (let c = 0; c < 5; c++) {
      if (c === BODY || before[c] === after[c]) continue;
      for (const t of [...tokensOf(before[c]!), ...tokensOf(after[c]!)]) moved.add(t);
    }
  }

  // Each affected token's articles: the old ones but the changed, and the new.
  const byShard = new Map<number, string[]>();
  for (const token of affected) {
    const s = shardOf(token, shards);
    const list = byShard.get(s);
    if (list) list.push(token);
    else byShard.set(s, [token]);
  }

  /** Per affected token: its new entry and positions (null: unchanged), or null when no article holds it now. */
  const patched = new Map<string, { entry: TermEntry; positions: string | null; docs: number } | null>();
  const newTokens: string[] = [];
  const goneTokens: string[] = [];
  const positionFiles = new Map<number, Record<string, string>>();
  for (const [s, list] of byShard) {
    const [entries] = await readShard(s);
    let positions: Record<string, string> | undefined;
    if (list.some((t) => moved.has(t))) {
      positions = (await old('p', s)) as Record<string, string> | undefined;
      if (typeof positions !== 'object' || positions === null) throw new GiveUp('no positions file');
      positionFiles.set(s, positions);
    }
    for (const token of list) {
      const before = entries[token];
      const now = added.terms.get(token);
      const given = positions && moved.has(token) ? (before ? (positions[token] ?? '') : '') : null;
      const term = spliceTerm(token, before, given, gone, now ? decodeTerm(token, now.entry, now.positions) : []);
      if (term.docs === 0) {
        patched.set(token, null);
        if (before) goneTokens.push(token);
      } else {
        patched.set(token, term);
        if (!before) newTokens.push(token);
      }
      // A token that comes or goes has moved (its column changed); if not, the hashes lied.
      if ((term.docs === 0 || !before) && term.positions === null) throw new GiveUp(`token ${token} came or went unseen`);
    }
  }

  // The frequent words: the last ones, the reserve and every affected token, ranked again.
  // Any other word ranks at the last build's bound or after it: if that could now make the
  // list, give up.
  const want = frequentWordCount(n, perPage);
  const candidates = new Map<string, { docs: number; postings: string | undefined }>();
  for (const [token, docs, postings] of state.frequent) candidates.set(token, { docs, postings });
  for (const [token, docs] of state.reserve) candidates.set(token, { docs, postings: undefined });
  for (const [token, p] of patched) {
    if (p === null) candidates.delete(token);
    else candidates.set(token, { docs: p.docs, postings: p.entry[0] });
  }
  const ranked = [...candidates].sort(([a, x], [b, y]) => y.docs - x.docs || byToken(a, b));
  const bound = state.bound;
  const beforeBound = ([token, c]: [string, { docs: number }]): boolean => bound === null || ranksBefore(c.docs, token, bound[0], bound[1]);
  if (want > 0 && bound !== null && (ranked.length < want || !beforeBound(ranked[want - 1]!))) return undefined;
  const frequent: Array<[string, { docs: number; postings: string }]> = [];
  for (const [token, c] of ranked.slice(0, want)) {
    // A word of the reserve, untouched: its postings are in its file as they were.
    const postings = c.postings ?? (await readShard(shardOf(token, shards)))[0][token]?.[0];
    if (postings === undefined) throw new GiveUp(`no postings of ${token}`);
    frequent.push([token, { docs: c.docs, postings }]);
  }
  const reserve: Array<[string, number]> = [];
  let nextBound = bound;
  for (const entry of ranked.slice(want)) {
    if (reserve.length === RESERVE || !beforeBound(entry)) {
      if (nextBound === null || ranksBefore(entry[1].docs, entry[0], nextBound[0], nextBound[1])) nextBound = [entry[1].docs, entry[0]];
      break;
    }
    reserve.push([entry[0], entry[1].docs]);
  }

  // Each postings file's best articles of its frequent words (bm25 moves with the average length).
  // A file whose frequent words are the same, none of them touched, keeps its best articles
  // while the average length stays: only the others are ranked again.
  const avgdl = n > 0 ? tokens / n : 1;
  const sameAverage = n === state.n && tokens === state.tokens && state.tops.length === shards;
  const wordsOf = (list: Iterable<string>): Array<Set<string>> => {
    const sets: Array<Set<string>> = Array.from({ length: shards }, () => new Set());
    for (const token of list) sets[shardOf(token, shards)]!.add(token);
    return sets;
  };
  const wordsBefore = wordsOf(state.frequent.map(([token]) => token));
  const wordsNow = wordsOf(frequent.map(([token]) => token));
  const again = wordsNow.map(
    (now, s) => !sameAverage || wordsBefore[s]!.size !== now.size || [...now].some((token) => !wordsBefore[s]!.has(token) || patched.has(token)),
  );
  const rankAgain = (s: number): boolean => again[s]!;
  const tops: Array<Set<number>> = Array.from({ length: shards }, () => new Set());
  for (const [token, { docs, postings }] of frequent) {
    const s = shardOf(token, shards);
    if (!rankAgain(s)) continue;
    for (const id of bestArticles(Digits.of(postings), bestCount(docs, shards, perPage), avgdl)) tops[s]!.add(id);
  }
  const topIds = tops.map((t, s) => (rankAgain(s) ? [...t].sort((x, y) => x - y) : state.tops[s]!));
  const remade = new Set(byShard.keys());
  for (let s = 0; s < shards; s++) {
    const before = state.tops[s] ?? [];
    const now = topIds[s]!;
    if (now.length !== before.length || now.some((id, i) => id !== before[i] || gone.has(id))) remade.add(s);
  }

  // Result records: the changed articles' new ones, the others from the files that hold them.
  const newRecords = new Map(added.records.map((r) => [r[0], r]));
  const recordOf = async (id: number, shard: ShardData | undefined): Promise<DocRecord> => {
    const r = newRecords.get(id) ?? shard?.[1].find((x) => x[0] === id) ?? (await readDocFile(docFileOf(id)))?.find((x) => x[0] === id);
    if (!r) throw new GiveUp(`no record of ${id}`);
    return r;
  };

  /**
   * The heads file of a remade postings file. A word's head is a function of its entry, the
   * site's size and reference length (which an update keeps: see headsKey above): only the
   * spliced words' heads are made again; the others' are the last build's, their best
   * articles' records taken from the file's records as they are now — when the file carries
   * the records of the same articles as before (else the whole file is made again).
   */
  const headsFile = async (s: number, data: ShardData, spliced: ReadonlySet<string>, sameRecords: boolean): Promise<HeadsData> => {
    const before = sameRecords ? await writtenHeads(s, shards, (f) => old('h', f)) : undefined;
    if (typeof before !== 'object' || before === null || Array.isArray(before)) return headsOf(data, shards, n, tokens, perPage);
    const [postings, records] = data;
    const changed: Record<string, TermEntry> = {};
    for (const token of spliced) if (Object.hasOwn(postings, token)) changed[token] = postings[token]!;
    const made = headsOf([changed, records], shards, n, tokens, perPage);
    const recordById = new Map(records.map((r) => [r[0], r]));
    const out: HeadsData = {};
    // In the order headsOf writes them: token order.
    for (const token of Object.keys(postings).sort(byToken)) {
      if (spliced.has(token)) {
        if (Object.hasOwn(made, token)) out[token] = made[token]!;
        continue;
      }
      if (!Object.hasOwn(before, token)) continue;
      const h = (before as Record<string, unknown>)[token] as Head;
      if (!Array.isArray(h) || h.length !== 7 || !Array.isArray(h[5])) throw new GiveUp('bad heads file');
      const best: DocRecord[] = [];
      for (const r of h[5]) {
        const now = Array.isArray(r) ? recordById.get(r[0]) : undefined;
        if (now === undefined) return headsOf(data, shards, n, tokens, perPage);
        best.push(now);
      }
      out[token] = [h[0], h[1], h[2], h[3], h[4], best, h[6]];
    }
    return out;
  };

  const files: SearchFile[] = [];
  for (const s of [...remade].sort((x, y) => x - y)) {
    const [entries, records] = await readShard(s);
    const tokensHere = byShard.get(s);
    const postings: Record<string, TermEntry> = {};
    if (tokensHere) {
      const all = new Set(Object.keys(entries));
      for (const token of tokensHere) {
        if (patched.get(token)) all.add(token);
        else all.delete(token);
      }
      for (const token of [...all].sort(byToken)) postings[token] = patched.get(token)?.entry ?? entries[token]!;
    } else Object.assign(postings, entries);
    const data: ShardData = [postings, await Promise.all(topIds[s]!.map((id) => recordOf(id, [entries, records])))];
    const sameRecords = topIds[s] === state.tops[s] || sameIds(topIds[s]!, state.tops[s] ?? []);
    files.push(...shardFiles(s, data, headsKey(n, tokens) > 0 ? await headsFile(s, data, new Set(tokensHere ?? []), sameRecords) : undefined, shards));
    const before = positionFiles.get(s);
    if (before) {
      const positions: Record<string, string> = {};
      for (const token of Object.keys(postings)) positions[token] = patched.get(token)?.positions ?? before[token] ?? '';
      files.push(packed('p', s, positions));
    }
  }

  // Word lists that gained or lost a word.
  const vocabChanges = new Map<number, { add: string[]; drop: Set<string> }>();
  const vocabChange = (token: string): { add: string[]; drop: Set<string> } => {
    const f = vocabFileOf(vocabKeyOf(token, letters), vocabFiles);
    let c = vocabChanges.get(f);
    if (!c) vocabChanges.set(f, (c = { add: [], drop: new Set() }));
    return c;
  };
  for (const token of newTokens) vocabChange(token).add.push(token);
  for (const token of goneTokens) vocabChange(token).drop.add(token);
  for (const [f, c] of [...vocabChanges].sort(([x], [y]) => x - y)) {
    const list = await old('v', f);
    if (!Array.isArray(list)) throw new GiveUp('no word list');
    const words = (list as string[]).filter((w) => !c.drop.has(w)).concat(c.add).sort(byToken);
    files.push(packed('v', f, words));
  }

  // Result files of the changed articles.
  const dropped: string[] = [];
  const touched = [...new Set([...gone].map(docFileOf))].sort((x, y) => x - y);
  for (const f of touched) {
    const records = ((await readDocFile(f)) ?? []).filter((r) => !gone.has(r[0]));
    for (const r of added.records) if (docFileOf(r[0]) === f) records.push(r);
    records.sort((x, y) => x[0] - y[0]);
    if (records.length > 0) files.push(packed('d', f, records));
    else dropped.push(dataPath('d', f));
  }

  const meta: SearchMeta = { v: FORMAT_VERSION, n, tokens, shards, vocabKey: letters, vocabFiles, perPage };
  files.push({ path: dataPath('m', 'meta'), content: dataFile('m', 'meta', meta) });

  return { files, dropped, built: nextState(state, added, gone, { n, tokens, frequent, reserve, bound: nextBound, tops: topIds }) };
}

/** The index after the update, for the export after this one. */
function nextState(
  state: BuiltIndex,
  added: AddedArticles,
  gone: ReadonlySet<number>,
  now: { n: number; tokens: number; frequent: Array<[string, { docs: number; postings: string }]>; reserve: Array<[string, number]>; bound: [number, string] | null; tops: number[][] },
): BuiltIndex {
  const texts = state.texts.slice();
  const idOf = new Map<string, number>();
  if (added.articles.length > 0) texts.forEach((t, i) => idOf.set(t, i));
  const termOf = (token: string): number => {
    let id = idOf.get(token);
    if (id === undefined) {
      id = texts.length;
      texts.push(token);
      idOf.set(token, id);
    }
    return id;
  };
  const size = state.terms.length + added.articles.reduce((sum, a) => sum + a.tokens.length, 0);
  const terms = new Int32Array(size);
  // Built from runs: slices of the kept articles' numbers and the added articles' own, joined once.
  const ids: number[][] = [];
  const lengths: number[][] = [];
  const columns: number[][] = [];
  const spellings: number[][] = [];
  const ends: number[][] = [];
  let o = 0;
  let i = 0;
  /** The old articles before `upTo` that stay, their numbers and term ids copied as they were, a run of them at once. */
  const keepUpTo = (upTo: number): void => {
    const count = state.ids.length;
    while (i < count && state.ids[i]! < upTo) {
      if (gone.has(state.ids[i]!)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < count && state.ids[j]! < upTo && !gone.has(state.ids[j]!)) j++;
      const from = i === 0 ? 0 : state.ends[i - 1]!;
      const to = state.ends[j - 1]!;
      terms.set(state.terms.subarray(from, to), o);
      const shift = o - from;
      ids.push(state.ids.slice(i, j));
      lengths.push(state.lengths.slice(i, j));
      const runEnds = state.ends.slice(i, j);
      if (shift !== 0) for (let k = 0; k < runEnds.length; k++) runEnds[k] = runEnds[k]! + shift;
      ends.push(runEnds);
      columns.push(state.columns.slice(i * COLUMN_HASHES, j * COLUMN_HASHES));
      spellings.push(state.spellings.slice(i * SPELLING_HASHES, j * SPELLING_HASHES));
      o += to - from;
      i = j;
    }
  };
  for (const a of added.articles) {
    keepUpTo(a.id);
    for (const t of a.tokens) terms[o++] = termOf(t);
    ids.push([a.id]);
    lengths.push([a.length]);
    columns.push(a.columns);
    spellings.push(a.spellings);
    ends.push([o]);
  }
  keepUpTo(Infinity);
  const frequent: FrequentTerm[] = now.frequent.map(([token, f]) => [token, f.docs, f.postings]);
  return { n: now.n, tokens: now.tokens, perPage: state.perPage, texts, ids: joinRuns(ids), lengths: joinRuns(lengths), columns: joinRuns(columns), spellings: joinRuns(spellings), terms: terms.subarray(0, o), ends: joinRuns(ends), frequent, reserve: now.reserve, bound: now.bound, tops: now.tops };
}

/** Runs given to one concat() at most: a spread of 100,000-odd runs passes the engine's argument limit. */
const RUNS_AT_ONCE = 4096;

/**
 * The runs one after the other. concat() copies a run of small integers as a block, where
 * flat() walks it element by element (ten times slower for an update's few long runs).
 */
export function joinRuns(runs: readonly number[][]): number[] {
  const empty: number[] = [];
  if (runs.length <= RUNS_AT_ONCE) return empty.concat(...runs);
  const parts: number[][] = [];
  for (let i = 0; i < runs.length; i += RUNS_AT_ONCE) parts.push(empty.concat(...runs.slice(i, i + RUNS_AT_ONCE)));
  return joinRuns(parts);
}

/**
 * An article's texts by column, as its result record holds them (the last update) and as they
 * are now; the body's place left empty (the record keeps no body, and the body is judged apart).
 */
async function columnTexts(id: number, readDocFile: (file: number) => Promise<DocRecord[] | null>, docById: ReadonlyMap<number, SearchDoc>): Promise<[string[], string[]]> {
  const record = (await readDocFile(docFileOf(id)))?.find((r) => r[0] === id);
  const doc = docById.get(id);
  if (!record || !doc) throw new GiveUp(`no record of ${id}`);
  return [
    [record[2], record[5], '', record[7], record[8]],
    [doc.title, doc.summary, '', doc.author, doc.source],
  ];
}

/**
 * The tokens whose data the changes may alter: every token of an article that comes or goes,
 * or whose token count, body or body's spellings changed (each posting holds the article's
 * token count; the state keeps no old body text); of an article that keeps all three, only
 * the tokens of its other columns whose text changed, before and after, and any token it
 * gained or lost. The others' postings, spellings and positions are what they were.
 */
async function tokensTouched(
  state: BuiltIndex,
  added: AddedArticles,
  gone: ReadonlySet<number>,
  position: ReadonlyMap<number, number>,
  readDocFile: (file: number) => Promise<DocRecord[] | null>,
  docById: ReadonlyMap<number, SearchDoc>,
): Promise<Set<string>> {
  const touched = new Set<string>();
  const addedById = new Map(added.articles.map((a) => [a.id, a]));
  for (const id of gone) {
    const i = position.get(id);
    const now = addedById.get(id);
    const before = i === undefined ? [] : [...state.terms.subarray(i === 0 ? 0 : state.ends[i - 1]!, state.ends[i]!)].map((t) => state.texts[t]!);
    const after = now?.tokens ?? [];
    if (i === undefined || !now || !sameBody(state, i, now)) {
      for (const t of before) touched.add(t);
      for (const t of after) touched.add(t);
      continue;
    }
    // Gained or lost: their data changes whatever the columns say.
    const had = new Set(before);
    const has = new Set(after);
    for (const t of before) if (!has.has(t)) touched.add(t);
    for (const t of after) if (!had.has(t)) touched.add(t);
    const [was, is] = await columnTexts(id, readDocFile, docById);
    for (let c = 0; c < 5; c++) {
      // A text respelt (same tokens, other marks or case) changes its tokens' spelling lists.
      if (c === BODY || was[c] === is[c]) continue;
      for (const t of columnTokensChanged(c, was[c]!, is[c]!)) touched.add(t);
    }
  }
  return touched;
}

/** Whether article `i` of the state and its new version have the same token count and the same body text (its digest, build.ts bodyDigest). */
function sameBody(state: BuiltIndex, i: number, now: AddedArticles['articles'][number]): boolean {
  if (state.lengths[i] !== now.length) return false;
  const j = i * SPELLING_HASHES;
  for (let k = 0; k < SPELLING_HASHES; k++) if (state.spellings[j + k] !== now.spellings[k]) return false;
  return true;
}

/**
 * The tokens whose part in column `c` differs between two texts of it: where they stand,
 * how often, how spelled. A token whose part is the same keeps its data when the article's
 * token count does (a word of a title replaced: only that word and its replacement change).
 */
function columnTokensChanged(c: number, before: string, after: string): string[] {
  const was = columnTerms(c, before);
  const is = columnTerms(c, after);
  // A spelling is filed under the token it folds to, not always the one it was read as
  // ("ΆΣ", token ασ, spelled άς: under ας): that token, maybe another column's, may change.
  const changed: string[] = [...foreignSpellingTokens(before), ...foreignSpellingTokens(after)];
  for (const [token, a] of was) {
    const b = is.get(token);
    if (!b || a.positions !== b.positions || JSON.stringify(a.entry) !== JSON.stringify(b.entry)) changed.push(token);
  }
  for (const token of is.keys()) if (!was.has(token)) changed.push(token);
  return changed;
}

/** The tokens a text's spellings fold to where that is not the token they were read as. */
function foreignSpellingTokens(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(text, (folded, _start, _end, spelling) => {
    const f = fold(spelling);
    if (f !== folded && f !== '') tokens.push(f);
  });
  return tokens;
}

/** The data of the tokens of one column's text, as the builder makes it for an article holding that text alone. */
function columnTerms(c: number, text: string): AddedArticles['terms'] {
  const texts = ['', '', '', '', ''];
  texts[c] = text;
  const builder = new SiteSearchBuilder();
  builder.add({ id: 1, title: texts[0]!, summary: texts[1]!, body: texts[2]!, author: texts[3]!, source: texts[4]!, path: '', date: '', section: '', publishedAt: 0 });
  return builder.contents().terms;
}
