// Matching a parsed query against original text in JS, with the same folding as the index:
// the spans found are in the original string, so highlights land on the marked spelling
// ("Đảng viên" for the query "dang vien"). Pure functions.
import { forEachToken, tokenize, type Token } from '../core/fold.js';
import type { SearchQuery, Term } from '../core/search-query.js';

export type Span = [number, number];

/** Does `term` match at tokens[i…]? */
function matchesAt(tokens: Token[], i: number, term: Term): boolean {
  const n = term.tokens.length;
  if (i + n > tokens.length) return false;
  for (let k = 0; k < n; k++) {
    const want = term.tokens[k]!;
    const got = tokens[i + k]!.folded;
    if (term.prefix && k === n - 1 ? !got.startsWith(want) : got !== want) return false;
  }
  return true;
}

export interface Match {
  start: number;
  end: number;
  /** Index of the term in `terms`. */
  term: number;
}

/** Every place where one of `terms` matches the tokens, in text order. */
export function findMatches(tokens: Token[], terms: Term[]): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      if (matchesAt(tokens, i, term)) out.push({ start: tokens[i]!.start, end: tokens[i + term.tokens.length - 1]!.end, term: t });
    }
  }
  return out;
}

/** True when `term` occurs in the tokens (the brute-force side of the oracle tests). */
export function termOccurs(tokens: Token[], term: Term): boolean {
  for (let i = 0; i < tokens.length; i++) if (matchesAt(tokens, i, term)) return true;
  return false;
}

export function positiveTerms(q: SearchQuery): Term[] {
  return q.groups.flat();
}

/** Sorted, non-overlapping spans (overlaps and touching spans merged). */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** Spans of the matched words of `q` in `text` (for highlighting a title, say). */
export function highlightSpans(text: string, q: SearchQuery): Span[] {
  return mergeSpans(findMatches(tokenize(text), positiveTerms(q)).map((m) => [m.start, m.end]));
}

export interface Snippet {
  text: string;
  highlights: Span[];
}

export interface SnippetField {
  text: string;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const isMark = (c: string | undefined): boolean => c !== undefined && /\p{M}/u.test(c);

/** Moves a cut so it splits neither a surrogate pair nor a letter from its marks. */
function safeCut(text: string, at: number): number {
  let i = at;
  while (i > 0 && i < text.length && (isLowSurrogate(text.charCodeAt(i)) || isMark(text[i]))) i--;
  return i;
}

/** Where a window of `matches` covers the most distinct terms: [first match, last match]. */
interface Window {
  from: number;
  to: number;
  distinct: number;
}

function bestWindow(matches: Match[], width: number): Window | undefined {
  let best: Window | undefined;
  for (let i = 0; i < matches.length; i++) {
    const seen = new Set<number>();
    let to = matches[i]!.end;
    for (let j = i; j < matches.length && matches[j]!.end - matches[i]!.start <= width; j++) {
      seen.add(matches[j]!.term);
      to = Math.max(to, matches[j]!.end);
    }
    if (seen.size === 0) {
      // A single match wider than the window (a long phrase): it is the window.
      seen.add(matches[i]!.term);
    }
    if (!best || seen.size > best.distinct) best = { from: matches[i]!.start, to, distinct: seen.size };
  }
  return best;
}

/** Characters of a field tokenized before the first look for a window (then twice as many). */
const SCAN_CHUNK = 1024;

/**
 * About `width` characters of the field that shows the most distinct terms of `q` (the first
 * such field on a tie), around the matches, cut at spaces, whitespace made single spaces,
 * "…" where text was left out; with the spans of every matched word in it.
 *
 * Tokenizing whole bodies is most of the cost of a page of results, and a window that shows
 * every term can be improved on by nothing after it: fields are read in chunks, and reading
 * stops there (`scanChunk` Infinity reads everything first; the result is the same).
 */
export function makeSnippet(fields: SnippetField[], q: SearchQuery, width = 180, scanChunk = SCAN_CHUNK): Snippet {
  const terms = positiveTerms(q);
  const longest = Math.max(...terms.map((t) => t.tokens.length));
  let chosen: { text: string; matches: Match[]; from: number; to: number } | undefined;
  let bestDistinct = 0;
  for (const f of fields) {
    if (!f.text) continue;
    const { matches, window: w } = scanField(f.text, terms, width, longest, scanChunk);
    if (w && w.distinct > bestDistinct) {
      bestDistinct = w.distinct;
      chosen = { text: f.text, matches, from: w.from, to: w.to };
      if (bestDistinct === terms.length) break;
    }
  }
  if (!chosen) {
    const text = fields.find((f) => f.text.trim() !== '')?.text ?? '';
    return cut(text, [], 0, 0, width);
  }
  return cut(chosen.text, chosen.matches, chosen.from, chosen.to, width);
}

const isCutSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

/**
 * The matches of a field and its best window, reading the text in growing chunks that end
 * before an ASCII space (a separator: the chunks' tokens are the text's). Reading stops at a
 * window showing every term once every match that can start within the snippet it gives is
 * whole: a match starts at a token, and a phrase needs `longest` tokens from there.
 */
function scanField(text: string, terms: Term[], width: number, longest: number, chunk: number): { matches: Match[]; window: Window | undefined } {
  const tokens: Token[] = [];
  let read = 0;
  for (;;) {
    let end = chunk >= text.length - read ? text.length : read + Math.max(1, chunk);
    while (end < text.length && !isCutSpace(text.charCodeAt(end))) end++;
    forEachToken(text.slice(read, end), (folded, start, stop) => tokens.push({ folded, start: read + start, end: read + stop }));
    read = end;
    const matches = findMatches(tokens, terms);
    const window = bestWindow(matches, width);
    if (read === text.length) return { matches, window };
    if (window && window.distinct === terms.length) {
      // The snippet ends by the later of these; cut() shows the matches that start before it.
      const reach = Math.max(window.from + width, window.to);
      let after = tokens.length;
      while (after > 0 && tokens[after - 1]!.start > reach) after--;
      if (read > reach && tokens.length - after >= longest - 1) return { matches, window };
    }
    chunk *= 2;
  }
}

function cut(text: string, matches: Match[], from: number, to: number, width: number): Snippet {
  const slack = Math.max(0, width - (to - from));
  let start = Math.max(0, from - Math.floor(slack / 3));
  let end = Math.min(text.length, Math.max(to, start + width));
  if (end === text.length) start = Math.max(0, Math.min(start, end - width, from));
  // Cut at spaces, never inside the matched region (its ends are token boundaries).
  if (start > 0 && !isSpace(text[start - 1])) {
    while (start < from && !isSpace(text[start - 1])) start++;
  }
  if (end < text.length && !isSpace(text[end])) {
    while (end > to && !isSpace(text[end])) end--;
  }
  start = safeCut(text, start);
  end = safeCut(text, end);

  // Collapse whitespace runs to one space, keeping a map from text offsets to snippet offsets.
  let out = start > 0 ? '…' : '';
  const at = new Map<number, number>();
  let i = start;
  while (i < end && isSpace(text[i])) i++;
  let pendingSpace = false;
  for (; i < end; i++) {
    const c = text[i]!;
    if (isSpace(c)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    at.set(i, out.length);
    out += c;
  }
  const bodyEnd = out.length;
  if (end < text.length) out += '…';

  const spans: Span[] = [];
  for (const m of matches) {
    const s = Math.max(m.start, start);
    const e = Math.min(m.end, end);
    if (s >= e) continue;
    const ss = at.get(s);
    // The end offset: just after the last character of the match inside the snippet.
    let last = e - 1;
    while (last > s && !at.has(last)) last--;
    const ee = at.get(last);
    if (ss === undefined || ee === undefined) continue;
    spans.push([ss, Math.min(bodyEnd, ee + 1)]);
  }
  return { text: out, highlights: mergeSpans(spans) };
}
