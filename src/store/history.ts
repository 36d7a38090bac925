// An article's history, as every backend stores it. The current state lives in the article's
// row; each earlier revision keeps only what it takes to rebuild it from the one after it:
// its state deflated with the next state as the preset dictionary. A one-sentence edit of a
// 4 KB body then costs a few dozen bytes, and the newest revisions — the ones people look at —
// are the cheapest to rebuild. A hash of every state lets `check` prove the chain whole.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ArticleRow } from './rows.js';

/** Who made a change, when and why: kept with the revision it makes. */
export interface Change {
  at: number;
  by: string;
  message?: string;
}

/** The fields a revision keeps, in a fixed order (the state's bytes must not depend on it). */
export const STATE_FIELDS = [
  'slug',
  'title',
  'summary',
  'body',
  'author',
  'source',
  'section_id',
  'status',
  'published_at',
  'created_at',
  'updated_at',
  'images',
  'tags',
] as const;
export type StateField = (typeof STATE_FIELDS)[number];
export type ArticleState = Pick<ArticleRow, StateField>;

/** One revision as stored. `delta` is null for the newest (its state is the article's row). */
export interface RevisionRow {
  article_id: number;
  number: number;
  at: number;
  by: string;
  message: string;
  /** The fields changed from the revision before, comma-separated ('' for the first). */
  changed: string;
  /** A hash of this revision's state. */
  hash: string;
  delta: Buffer | null;
}

export type RevisionInfo = Omit<RevisionRow, 'delta'>;

/** The canonical bytes of a state: the same fields in the same order, always. */
export function stateText(row: ArticleState): string {
  const out: Record<string, unknown> = {};
  for (const f of STATE_FIELDS) out[f] = row[f];
  return JSON.stringify(out);
}

export function stateOf(text: string): ArticleState {
  return JSON.parse(text) as ArticleState;
}

export function stateHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** The bytes kept for an older state, given the state that follows it. */
export function encodeOlder(older: string, newer: string): Buffer {
  return deflateRawSync(Buffer.from(older), { dictionary: Buffer.from(newer), level: 6 });
}

/** An older state back from its bytes and the state that follows it. */
export function decodeOlder(delta: Buffer, newer: string): string {
  return inflateRawSync(delta, { dictionary: Buffer.from(newer) }).toString();
}

/**
 * The newest revision keeps a whole copy of its state (deflated fast), so that the history
 * stands on its own: a change made to the row outside newsdesk is seen, and recorded, without
 * losing the chain behind it.
 */
export function encodeHead(text: string): Buffer {
  return deflateRawSync(Buffer.from(text), { level: 1 });
}

export function decodeHead(bytes: Buffer): string {
  return inflateRawSync(bytes).toString();
}

/** The fields that differ between two states, in the fixed order. */
export function changedFields(before: ArticleState, after: ArticleState): StateField[] {
  return STATE_FIELDS.filter((f) => before[f] !== after[f]);
}

/** The newest revision of an article as stored. */
export type Head = Pick<RevisionRow, 'number' | 'hash' | 'delta'>;

/** What a backend writes to record a change: the head's new bytes, the new rows, the new number. */
export interface HistoryWrites {
  /** The bytes the current head keeps from now on (undefined: unchanged). */
  headDelta?: { number: number; delta: Buffer };
  inserts: RevisionRow[];
  /** The article's revision number after the writes. */
  revision: number;
}

export const OUTSIDE_MESSAGE = 'changed outside newsdesk';

/**
 * The writes that bring an article's history up to the row it holds now (a change made outside
 * newsdesk becomes a revision of its own, recorded as `adopted` says) and then, when `next` is
 * given, to `next`.
 */
export function planChange(current: ArticleRow, head: Head | undefined, next: ArticleState | undefined, change: Change, adopted: Change = { at: change.at, by: '', message: OUTSIDE_MESSAGE }): HistoryWrites {
  const out: HistoryWrites = { inserts: [], revision: current.revision };
  const curText = stateText(current);
  const curHash = stateHash(curText);
  // The revision holding the current state: the head, or one made now for an outside change.
  let base: { number: number; row?: RevisionRow };
  if (head && head.hash === curHash) base = { number: head.number };
  else {
    let before: string | undefined;
    try {
      before = head?.delta ? decodeHead(head.delta) : undefined;
    } catch {
      before = undefined;
    }
    if (head && before !== undefined) out.headDelta = { number: head.number, delta: encodeOlder(before, curText) };
    const number = head ? head.number + 1 : Math.max(1, current.revision);
    const row: RevisionRow = {
      article_id: current.id,
      number,
      at: adopted.at,
      by: adopted.by,
      message: adopted.message ?? '',
      changed: before !== undefined ? changedFields(stateOf(before), current).join(',') : '',
      hash: curHash,
      delta: encodeHead(curText),
    };
    out.inserts.push(row);
    base = { number, row };
  }
  out.revision = base.number;
  if (next === undefined) return out;
  const nextText = stateText(next);
  const older = encodeOlder(curText, nextText);
  if (base.row) base.row.delta = older;
  else out.headDelta = { number: base.number, delta: older };
  out.inserts.push({
    article_id: current.id,
    number: base.number + 1,
    at: change.at,
    by: change.by,
    message: change.message ?? '',
    changed: changedFields(current, next).join(','),
    hash: stateHash(nextText),
    delta: encodeHead(nextText),
  });
  out.revision = base.number + 1;
  return out;
}

/** The row of revision 1 of a new article. */
export function firstRevision(id: number, row: ArticleState, change: Change): RevisionRow {
  const text = stateText(row);
  return { article_id: id, number: 1, at: change.at, by: change.by, message: change.message ?? '', changed: '', hash: stateHash(text), delta: encodeHead(text) };
}

/**
 * Walks back from the newest revision (its own copy) through revisions newest first (`chain`,
 * down to the one wanted), returning each state's text by number. Throws when a link does not
 * rebuild to its hash.
 */
export function walkBack(chain: RevisionRow[]): Map<number, string> {
  const states = new Map<number, string>();
  let newer = '';
  chain.forEach((r, i) => {
    const text = i === 0 ? decodeHead(r.delta ?? Buffer.alloc(0)) : decodeOlder(r.delta ?? Buffer.alloc(0), newer);
    if (stateHash(text) !== r.hash) throw new Error(`revision ${r.number} of article ${r.article_id} does not rebuild to what was saved`);
    states.set(r.number, text);
    newer = text;
  });
  return states;
}

/** A trashed article as stored: its row whole (revision included), and where it came from. */
export interface TrashRow {
  id: number;
  slug: string;
  section_id: number;
  title: string;
  deleted_at: number;
  deleted_by: string;
  /** The article's row as JSON. */
  row: string;
  /** Its origin as JSON, or null. */
  origin: string | null;
}

export type TrashEntry = Omit<TrashRow, 'row' | 'origin'>;
