// The whole postings of the words with a head (heads.ts), kept apart from their postings file
// on a large site (format.ts bigPostingsApart): a query reads a big word's head, never its
// whole postings, unless it is a phrase, a prefix, an OR or a page the heads cannot settle; a
// query of another word of the same postings file then loads that file without them (at
// 100,000 articles, a big word's postings weigh 40–190 KB deflated). The postings file keeps
// a mark (ENTRY_APART) for each word moved, so the engine knows to read the file apart, and
// the result data of the heads' best articles go with them. Pure; no I/O.
import { bigPostingsApart, ENTRY_APART, type DocRecord, type ShardData, type ShardFile, type TermEntry } from './format.js';
import type { HeadsData } from './heads.js';

/**
 * A postings file's data as written: the file itself and, when the words with a head keep
 * their postings apart, the file apart (their entries and the records of their heads' best
 * articles). A function of the file's whole data and its heads alone.
 */
export function splitShard(data: ShardData, heads: HeadsData | undefined, shards: number): { postings: ShardFile; apart?: ShardData } {
  if (!heads || !bigPostingsApart(shards)) return { postings: data };
  const [entries, records] = data;
  const kept: Record<string, TermEntry | typeof ENTRY_APART> = {};
  const moved: Record<string, TermEntry> = {};
  const headRecords = new Set<number>();
  for (const token of Object.keys(entries)) {
    if (Object.hasOwn(heads, token)) {
      kept[token] = ENTRY_APART;
      moved[token] = entries[token]!;
      for (const r of heads[token]![5]) headRecords.add(r[0]);
    } else kept[token] = entries[token]!;
  }
  const apartRecords: DocRecord[] = [];
  const keptRecords: DocRecord[] = [];
  for (const r of records) (headRecords.has(r[0]) ? apartRecords : keptRecords).push(r);
  return { postings: [kept, keptRecords], apart: [moved, apartRecords] };
}

/** A postings file's whole data again, from the file and the file apart (undefined when none). */
export function joinShard(postings: ShardFile, apart: ShardData | undefined): ShardData {
  const [kept, keptRecords] = postings;
  const entries: Record<string, TermEntry> = {};
  for (const token of Object.keys(kept)) {
    const entry = kept[token]!;
    if (entry !== ENTRY_APART) entries[token] = entry;
    else if (apart && Object.hasOwn(apart[0], token)) entries[token] = apart[0][token]!;
    else throw new Error(`search data: no postings of ${JSON.stringify(token)} apart`);
  }
  if (!apart || apart[1].length === 0) return [entries, keptRecords];
  // The records in id order, as a full build carries them.
  return [entries, [...keptRecords, ...apart[1]].sort((x, y) => x[0] - y[0])];
}
