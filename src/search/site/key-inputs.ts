// Beside the state (state.ts), what each article's key was made from: the line the export's
// plan holds of it (id, fingerprint, section, date, path), one per article of the state, in its
// order. The next export joins its own lines the same way and compares the two texts by halves
// (native comparisons, no loop over ten thousand articles in JavaScript): the lines before the
// first difference and after the last are the same articles with the same inputs, and keep
// their keys; only the lines between have their keys made and compared. The file is tied to
// the state it was written with, and to its own text, by a digest; anything amiss reads as
// nothing, and every key is then made and compared.

const KEY_INPUTS_MAGIC = 'newsdesk site search key inputs 1';

export interface KeyInputs {
  /** Digest of the state's keys and of `text`: the state these lines go with, and their integrity. */
  digest: string;
  /** Digest of what every key holds besides its line (the sections' titles). */
  shared: string;
  /** The lines, joined by line breaks. */
  text: string;
}

/** The file's bytes; undefined when a digest holds a line break (it could not be read back). */
export function encodeKeyInputs(inputs: KeyInputs): Buffer | undefined {
  if (inputs.digest.includes('\n') || inputs.shared.includes('\n')) return undefined;
  return Buffer.from(`${KEY_INPUTS_MAGIC}\n${inputs.digest}\n${inputs.shared}\n${inputs.text}`, 'utf8');
}

/** The inputs in `bytes`, or undefined when they are not a file of them (the digest is the caller's to check). */
export function decodeKeyInputs(bytes: Buffer): KeyInputs | undefined {
  const all = bytes.toString('utf8');
  const a = all.indexOf('\n');
  const b = a < 0 ? -1 : all.indexOf('\n', a + 1);
  const c = b < 0 ? -1 : all.indexOf('\n', b + 1);
  if (c < 0 || all.slice(0, a) !== KEY_INPUTS_MAGIC) return undefined;
  return { digest: all.slice(a + 1, b), shared: all.slice(b + 1, c), text: all.slice(c + 1) };
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
