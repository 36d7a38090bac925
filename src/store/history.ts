// An article's history, as every backend stores it. The current state lives in the article's
// row; each earlier revision keeps only what it takes to rebuild it from the one after it (a
// reverse delta: encodeOlder). A one-sentence edit of a 4 KB body then costs a few dozen bytes,
// and the newest revisions — the ones people look at — are the cheapest to rebuild. A hash of
// every state lets `check` prove the chain whole and see a row changed outside newsdesk.
import { createHash, hash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ArticleRow } from './rows.js';
import { HashInput, isWellFormed, SHARED_TEXT_MIN, sharedUtf8 } from './hash-input.js';

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

const stateInput = new HashInput();

/**
 * stateHash(stateText(row)), without making the state's text: a new article's first revision
 * needs only its hash. The same bytes go through the digest: the JSON around the fields, and
 * each long text as its UTF-8 with JSON's escapes put in, shared with the search index's hash
 * of the same row (hash-input.ts).
 */
export function stateHashOf(row: ArticleState): string {
  const input = stateInput.reset();
  let pending = '';
  let sep = '{';
  for (const f of STATE_FIELDS) {
    const v = row[f];
    if (v === undefined) continue;
    pending += `${sep}"${f}":`;
    sep = ',';
    // A lone surrogate is escaped by JSON.stringify, not kept by the UTF-8 encoder.
    if (typeof v !== 'string' || v.length < SHARED_TEXT_MIN || !isWellFormed(v)) {
      pending += JSON.stringify(v);
      continue;
    }
    input.text(`${pending}"`).jsonEscaped(sharedUtf8(v));
    pending = '"';
  }
  input.text(`${pending}${sep === '{' ? '{' : ''}}`);
  // One-shot (crypto.hash, Node 20.12): no Hash object per row.
  return hash('sha256', input.view(), 'base64url').slice(0, 22);
}

/** Longer than this, the changed middle of a state is deflated against the newer state. */
const PLAIN_MIDDLE = 512;

/**
 * The bytes kept for an older state, given the state that follows it: what the two share at
 * the start and at the end is counted, not stored, so an edit in one place costs about what it
 * changed (no zlib at all for most edits); changes spread wide are deflated with the newer
 * state as the preset dictionary.
 */
export function encodeOlder(older: string, newer: string): Buffer {
  const max = Math.min(older.length, newer.length);
  let p = 0;
  while (p < max && older.charCodeAt(p) === newer.charCodeAt(p)) p++;
  let q = 0;
  while (q < max - p && older.charCodeAt(older.length - 1 - q) === newer.charCodeAt(newer.length - 1 - q)) q++;
  const middle = older.slice(p, older.length - q);
  if (middle.length <= PLAIN_MIDDLE) return Buffer.concat([Buffer.of(0), Buffer.from(JSON.stringify([p, q, middle]))]);
  return Buffer.concat([Buffer.of(1), deflateRawSync(Buffer.from(older), { dictionary: Buffer.from(newer), level: 6 })]);
}

/** An older state back from its bytes and the state that follows it. */
export function decodeOlder(delta: Buffer, newer: string): string {
  if (delta[0] === 0) {
    const [p, q, middle] = JSON.parse(delta.subarray(1).toString()) as [number, number, string];
    return newer.slice(0, p) + middle + newer.slice(newer.length - q);
  }
  if (delta[0] === 1) return inflateRawSync(delta.subarray(1), { dictionary: Buffer.from(newer) }).toString();
  throw new Error('unknown revision encoding');
}

/** The fields that differ between two states, in the fixed order. */
export function changedFields(before: ArticleState, after: ArticleState): StateField[] {
  return STATE_FIELDS.filter((f) => before[f] !== after[f]);
}

/** The newest revision of an article as stored. */
export type Head = Pick<RevisionRow, 'number' | 'hash'>;

/** What a backend writes to record a change. */
export interface HistoryWrites {
  /** The bytes the current head keeps from now on (undefined: unchanged). */
  headDelta?: { number: number; delta: Buffer };
  /** Revisions below this number are deleted: they hung on a state changed outside newsdesk. */
  dropBelow?: number;
  inserts: RevisionRow[];
  /** The article's revision number after the writes. */
  revision: number;
}

export const OUTSIDE_MESSAGE = 'changed outside newsdesk';

/**
 * The writes that bring an article's history up to the row it holds now and then, when `next`
 * is given, to `next`. The newest revision keeps no bytes (its state is the row), so a row
 * changed outside newsdesk (its hash no longer the newest revision's) cuts the chain: the
 * state it held is gone, and with it every older state, which was kept as a difference from
 * it. That change becomes a revision of its own (as `adopted` says) and the revisions below it
 * go; `check` reports such a row until then.
 */
export function planChange(
  current: ArticleRow,
  head: Head | undefined,
  next: ArticleState | undefined,
  change: Change,
  adopted: Change = { at: change.at, by: '', message: OUTSIDE_MESSAGE },
  /** The state the newest revision holds, when the caller knows it (a row put back changed). */
  headState?: ArticleState,
): HistoryWrites {
  const out: HistoryWrites = { inserts: [], revision: current.revision };
  const curText = stateText(current);
  const curHash = stateHash(curText);
  let base: { number: number; row?: RevisionRow };
  if (head && head.hash === curHash) base = { number: head.number };
  else {
    const number = head ? head.number + 1 : Math.max(1, current.revision);
    const row: RevisionRow = { article_id: current.id, number, at: adopted.at, by: adopted.by, message: adopted.message ?? '', changed: '', hash: curHash, delta: null };
    out.inserts.push(row);
    const headText = headState ? stateText(headState) : undefined;
    if (head && headText !== undefined && stateHash(headText) === head.hash) {
      // The state the chain hangs on is known: it stays whole, one revision longer.
      out.headDelta = { number: head.number, delta: encodeOlder(headText, curText) };
      row.changed = changedFields(headState!, current).join(',');
    } else out.dropBelow = number;
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
    delta: null,
  });
  out.revision = base.number + 1;
  return out;
}

/** The row of revision 1 of a new article. */
export function firstRevision(id: number, row: ArticleState & { revision?: number }, change: Change): RevisionRow {
  return { article_id: id, number: row.revision ?? 1, at: change.at, by: change.by, message: change.message ?? '', changed: '', hash: stateHashOf(row), delta: null };
}

/**
 * Walks back from the current state through revisions newest first (`chain`, down to the one
 * wanted), returning each state's text by number. Throws when a link does not rebuild to its hash.
 */
export function walkBack(current: ArticleState, chain: RevisionRow[]): Map<number, string> {
  const states = new Map<number, string>();
  let newer = stateText(current);
  chain.forEach((r, i) => {
    const text = i === 0 ? newer : decodeOlder(r.delta ?? Buffer.alloc(0), newer);
    if (stateHash(text) !== r.hash) throw new Error(`revision ${r.number} of article ${r.article_id} does not rebuild to what was saved`);
    states.set(r.number, text);
    newer = text;
  });
  return states;
}

/** How a trash row keeps an origin: the JSON of { site, id }, always in that order (it is looked up). */
export function originText(origin: { site: string; id: string }): string {
  return JSON.stringify({ site: origin.site, id: origin.id });
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
