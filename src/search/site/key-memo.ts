// Beside the state (state.ts), a memo of the articles' keys by what they were made from: the
// line the export's plan holds of each article (id, fingerprint, section, date, path), in the
// plan's order, and each line's key. The next export compares the text of its own lines with
// the saved one by halves (native comparisons, no loop over ten thousand articles in
// JavaScript): the lines before the first difference and after the last are the same lines,
// whose keys are the memo's; only the lines between have their keys made. The memo only saves
// hashing: a key it gives is still compared with the state's, as one made would be.

const KEY_MEMO_MAGIC = 'newsdesk site search key memo 1';

/** Characters of a key (base64url SHA-1, fastHash), and of one in the memo's keys with its line break. */
export const KEY_LENGTH = 27;
const KEY_STRIDE = KEY_LENGTH + 1;

export interface KeyMemo {
  /** Digest of what every key holds besides its line (the sections' titles). */
  shared: string;
  /** The lines, joined by line breaks. */
  lines: string;
  /** Each line's key, KEY_LENGTH characters, joined by line breaks. */
  keys: string;
}

/** The file's bytes, in pieces; undefined when the memo could not be read back as it is. */
export function encodeKeyMemo(memo: KeyMemo): Buffer[] | undefined {
  if (memo.shared.includes('\n') || (memo.keys.length + 1) % KEY_STRIDE !== 0) return undefined;
  // Pieces, not one string: the lines are a megabyte at 10,000 articles, copied once this way.
  return [Buffer.from(`${KEY_MEMO_MAGIC}\n${memo.shared}\n${memo.lines.length}\n`, 'utf8'), Buffer.from(memo.lines, 'utf8'), Buffer.from(memo.keys, 'utf8')];
}

/** The memo in `bytes`, or undefined when they are not a well-formed one. */
export function decodeKeyMemo(bytes: Buffer): KeyMemo | undefined {
  const all = bytes.toString('utf8');
  const a = all.indexOf('\n');
  const b = a < 0 ? -1 : all.indexOf('\n', a + 1);
  const c = b < 0 ? -1 : all.indexOf('\n', b + 1);
  if (c < 0 || all.slice(0, a) !== KEY_MEMO_MAGIC || !/^[0-9]+$/.test(all.slice(b + 1, c))) return undefined;
  const from = c + 1;
  const to = from + Number(all.slice(b + 1, c));
  const keys = all.slice(to);
  if (to > all.length || (keys.length + 1) % KEY_STRIDE !== 0) return undefined;
  return { shared: all.slice(a + 1, b), lines: all.slice(from, to), keys };
}

/** The memo's key of its line `i` (0-based). */
export function memoKey(memo: KeyMemo, i: number): string {
  return memo.keys.slice(i * KEY_STRIDE, i * KEY_STRIDE + KEY_LENGTH);
}

/** How many lines the memo holds. */
export function memoSize(memo: KeyMemo): number {
  return memo.keys.length === 0 ? 0 : (memo.keys.length + 1) / KEY_STRIDE;
}

/** How many characters `a` and `b` have in common at their start, found by comparing halves. */
export function commonStart(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  // a and b agree before lo; they differ at or before hi.
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many characters `a` and `b` have in common at their end, at most `limit`, found by comparing halves. */
export function commonEnd(a: string, b: string, limit: number): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length, limit);
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Of `lines` (joined by line breaks, they are `now`), how many at the start and how many at
 * the end are lines of `before` (lines joined the same way) as they were, each whole: the
 * first `head` are the first `head` of `before`, the last `tail` its last `tail`.
 */
export function sameLines(before: string, now: string, lines: readonly string[]): { head: number; tail: number } {
  if (before === now) return { head: lines.length, tail: 0 };
  const start = commonStart(before, now);
  // The two may overlap (a line added after lines like it): each alone says which lines are
  // the same text, and a key is a function of its line's text.
  const end = commonEnd(before, now, Math.min(before.length, now.length));
  let head = 0;
  // A line is the same when its text and the break after it are common.
  for (let at = 0; head < lines.length; head++) {
    at += lines[head]!.length;
    if (at >= start) break;
    at += 1;
  }
  let tail = 0;
  // A line is the same when its text and the break before it are common.
  for (let at = now.length; tail < lines.length - head; tail++) {
    at -= lines[lines.length - 1 - tail]!.length;
    if (now.length - (at - 1) > end || at === 0) break;
    at -= 1;
  }
  return { head, tail };
}
