// Vietnamese-aware folding: the one definition of "the same word" for the search index, the
// queries, the snippets and the test oracle. Pure; no I/O.
//
// fold: case, Unicode form (NFC/NFD, compatibility forms), every combining mark and đ/Đ/Ð
// (which have no decomposition) are erased, so "Đảng viên", "đảng viên" in NFD and
// "dang vien" fold alike. Tokens are maximal runs of letters and digits of the folded text.
//
// canonicalMarked: lower case, NFKC, đ look-alikes as đ, and the two tone-mark placements on
// oa, oe, uy made one (hoà → hòa, thuý → thúy, khoẻ → khỏe): the spelling a person typed,
// compared without caring which keyboard or which school of spelling typed it.

/** Bump when fold() or canonicalMarked() change: every stored index entry is then stale. */
export const FOLD_VERSION = 1;

const MARKS = /\p{M}/gu;
const TOKEN_CHAR = /^[\p{L}\p{N}]$/u;

// Code points are folded one at a time (so a position map is exact); the results are cached,
// in arrays for the BMP (the hot path of indexing) and in maps beyond it. The arrays of
// strings are made on first use: allocating one costs a few milliseconds, which every command
// that opens the store (and so loads this module) would pay at start-up.
let foldBmp: Array<string | undefined> | undefined;
const foldAstral = new Map<number, string>();
// 0: not yet known, 1: letter or digit, 2: anything else.
const classBmp = new Uint8Array(0x10000);
const classAstral = new Map<number, boolean>();

for (let c = 0; c < 0x80; c++) {
  classBmp[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 1 : 2;
}

function newFoldBmp(): Array<string | undefined> {
  const table = new Array<string | undefined>(0x10000);
  for (let c = 0; c < 0x80; c++) table[c] = String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
  return table;
}

function computeFold(cp: number): string {
  // Lower case before and after NFKD: compatibility forms may decompose to capitals (℡ → TEL).
  return String.fromCodePoint(cp)
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/[đðɖ]/g, 'd');
}

function foldCodePoint(cp: number): string {
  if (cp < 0x10000) {
    const table = (foldBmp ??= newFoldBmp());
    let f = table[cp];
    if (f === undefined) table[cp] = f = computeFold(cp);
    return f;
  }
  let f = foldAstral.get(cp);
  if (f === undefined) foldAstral.set(cp, (f = computeFold(cp)));
  return f;
}

function isTokenCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    let k = classBmp[cp]!;
    if (k === 0) classBmp[cp] = k = TOKEN_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
    return k === 1;
  }
  let t = classAstral.get(cp);
  if (t === undefined) classAstral.set(cp, (t = TOKEN_CHAR.test(String.fromCodePoint(cp))));
  return t;
}

/** Case, form, marks and đ erased: "Hoà Bình" → "hoa binh". Non-letters are kept (folded). */
export function fold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    out += foldCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** A token of a text: its folded form and where it lies in the original string. */
export interface Token {
  folded: string;
  /** UTF-16 offsets into the original string, end exclusive (trailing marks included). */
  start: number;
  end: number;
}

/** folded: the token folded; [start, end): its span in the text; spelling: canonicalMarked. */
export type TokenCallback = (folded: string, start: number, end: number, spelling: string) => void;

/**
 * The definition of the tokens of `s` (from offset `from`): maximal runs of letters and
 * digits of the folded text, each code point folded on its own and mapped back to its span in
 * `s`; a combining mark belongs to the token it follows, so NFC and NFD give the same tokens.
 * forEachToken is the fast path of the same thing (tested equal).
 */
export function forEachTokenReference(s: string, fn: TokenCallback, from = 0): void {
  const n = s.length;
  let cur = '';
  let start = 0;
  let end = 0;
  let ascii = true;
  const flush = (): void => {
    if (cur) fn(cur, start, end, ascii ? cur : spellingOf(s.slice(start, end), cur));
    cur = '';
  };
  for (let i = from; i < n; ) {
    const cp = s.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    if (f === '') {
      if (cur && end === i) {
        end = i + len;
        ascii = false;
      }
    } else {
      for (let j = 0; j < f.length; ) {
        const fcp = f.codePointAt(j)!;
        const flen = fcp > 0xffff ? 2 : 1;
        if (isTokenCodePoint(fcp)) {
          if (!cur) {
            start = i;
            ascii = true;
          }
          cur += f.slice(j, j + flen);
          end = i + len;
          if (cp >= 0x80) ascii = false;
        } else flush();
        j += flen;
      }
    }
    i += len;
  }
  flush();
}

// How a code point takes part in tokens: 1 its fold is letters and digits only, 2 its fold has
// none (space, punctuation), 3 it folds to nothing (a combining mark), 4 a mix (¼ → "1⁄4");
// 0 not yet known, 5 a surrogate (the code point decides).
const kindBmp = new Uint8Array(0x10000);
const kindAstral = new Map<number, number>();
for (let c = 0; c < 0x80; c++) kindBmp[c] = classBmp[c] === 1 ? 1 : 2;
kindBmp.fill(5, 0xd800, 0xe000);

function computeKind(cp: number): number {
  const f = foldCodePoint(cp);
  if (f === '') return 3;
  let letters = 0;
  let others = 0;
  for (const ch of f) {
    if (isTokenCodePoint(ch.codePointAt(0)!)) letters++;
    else others++;
  }
  return others === 0 ? 1 : letters === 0 ? 2 : 4;
}

/** The kind of the code point at s[i], and its length in code units (kind * 2 + len - 1). */
function kindAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  let k = kindBmp[c]!;
  if (k === 0) kindBmp[c] = k = computeKind(c);
  else if (k === 5) {
    const cp = s.codePointAt(i)!;
    if (cp <= 0xffff) return 2 * 2; // a lone surrogate: not a letter
    let a = kindAstral.get(cp);
    if (a === undefined) kindAstral.set(cp, (a = computeKind(cp)));
    return a * 2 + 1;
  }
  return k * 2;
}

/** spellingOf(raw, fold(raw)) through no cache (canonicalMarked's included). */
function spellingUncached(raw: string): string {
  return canonicalMarkedUncached(raw).replace(SPELLING_SEPARATORS, '') || fold(raw);
}

const SPELLING_SEPARATORS = /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\s]/g;

/** The spelling of a non-ASCII token: canonicalMarked, with nothing FTS5 would split on. */
function spellingOf(raw: string, folded: string): string {
  // As a search token it must hold no ASCII separator (NFKC may bring some back).
  return canonicalMarked(raw).replace(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\s]/g, '') || folded;
}

// Both forms of whole tokens: a text repeats its syllables, so most tokens are one lookup.
interface Forms {
  folded: string;
  spelling: string;
}
const formsCache = new Map<string, Forms>();
const FORMS_CACHE_MAX = 200_000;

function formsOf(raw: string): Forms {
  let f = formsCache.get(raw);
  if (f === undefined) {
    const folded = fold(raw);
    f = { folded, spelling: spellingOf(raw, folded) };
    if (formsCache.size >= FORMS_CACHE_MAX) formsCache.clear();
    formsCache.set(raw, f);
  }
  return f;
}

/**
 * Calls `fn` for each token of `s`: its folded form, its span in `s` (end exclusive, trailing
 * combining marks included) and its spelling. Same tokens as forEachTokenReference; this one
 * finds the spans first and looks each span up whole.
 */
export function forEachToken(s: string, fn: TokenCallback): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    let kl = c < 0x80 ? kindBmp[c]! * 2 : kindAt(s, i);
    if (kl >> 1 !== 1) {
      // A separator, or a mark with no token before it; a mixed one is left to the definition.
      if (kl >> 1 === 4) return forEachTokenReference(s, fn, i);
      i += (kl & 1) + 1;
      continue;
    }
    const start = i;
    let ascii = c < 0x80;
    i += (kl & 1) + 1;
    while (i < n) {
      c = s.charCodeAt(i);
      if (c < 0x80) {
        if (kindBmp[c] !== 1) break;
        i++;
        continue;
      }
      kl = kindAt(s, i);
      const k = kl >> 1;
      if (k === 4) return forEachTokenReference(s, fn, start);
      if (k === 2) break;
      ascii = false;
      i += (kl & 1) + 1;
    }
    const raw = s.slice(start, i);
    if (ascii) {
      const folded = raw.toLowerCase();
      fn(folded, start, i, folded);
    } else {
      const f = formsOf(raw);
      fn(f.folded, start, i, f.spelling);
    }
  }
}

// foldJoined's table, one byte per BMP code unit: the ASCII code a letter or digit folds to
// when its fold is that one character (most Latin letters: ắ → a), else SEP (kind 2), MARK
// (kind 3) or OTHER (folds to more or to non-ASCII, mixed, surrogates); 0 not yet known.
const SEP = 0x80;
const MARK = 0x81;
const OTHER = 0x82;
const fastFold = new Uint8Array(0x10000);

function computeFastFold(c: number): number {
  let k = kindBmp[c]!;
  if (k === 0) kindBmp[c] = k = computeKind(c);
  if (k === 2) return SEP;
  if (k === 3) return MARK;
  if (k !== 1) return OTHER;
  const f = foldCodePoint(c);
  return f.length === 1 && f.charCodeAt(0) < 0x80 ? f.charCodeAt(0) : OTHER;
}

let joinBuf = Buffer.allocUnsafe(1 << 16);

/** A spelling, one object per text, so an article's list can mark it as taken. */
interface Spelling {
  text: string;
  /** The SpellingList it was last added to. */
  seen: number;
}
const spellingObjects = new Map<string, Spelling>();
const SPELLINGS_MAX = 50_000;
let lists = 0;

// The spellings of recent tokens, by a hash of their code units taken during the scan: a hit
// (most tokens: a text repeats its syllables) compares the code units and makes no string.
// Direct-mapped and bounded: a collision just replaces the slot.
const SLOTS = 1 << 16;
// The two arrays of references are made on first use (see foldBmp).
const slotHash = new Int32Array(SLOTS);
let slotRaw: Array<string | undefined> | undefined;
let slotSpelling: Array<Spelling | undefined> | undefined;

function spellingObject(text: string): Spelling {
  let sp = spellingObjects.get(text);
  if (sp === undefined) spellingObjects.set(text, (sp = { text, seen: 0 }));
  return sp;
}

/**
 * The distinct spellings of one article's tokens in order of first use (what a Set would
 * give), without a Set lookup per token. Fill one list at a time (foldJoined), then read it.
 */
export class SpellingList {
  readonly texts: string[] = [];
  readonly id: number;

  constructor() {
    // Memory stays bounded: the objects (and the slots holding them) are dropped between
    // lists, never while one fills, so a text is never two objects within a list.
    if (spellingObjects.size >= SPELLINGS_MAX) {
      spellingObjects.clear();
      slotRaw?.fill(undefined);
      slotSpelling?.fill(undefined);
    }
    this.id = ++lists;
  }

  add(text: string): void {
    this.take(spellingObject(text));
  }

  take(sp: Spelling): void {
    if (sp.seen !== this.id) {
      sp.seen = this.id;
      this.texts.push(sp.text);
    }
  }
}

function spellingAt(s: string, start: number, end: number, h: number, plain: boolean, ascii: boolean): Spelling {
  if (slotRaw === undefined || slotSpelling === undefined) {
    slotRaw = new Array<string | undefined>(SLOTS);
    slotSpelling = new Array<Spelling | undefined>(SLOTS);
  }
  const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
  const cached = slotRaw[slot];
  if (cached !== undefined && slotHash[slot] === h && cached.length === end - start) {
    let j = 0;
    while (j < cached.length && cached.charCodeAt(j) === s.charCodeAt(start + j)) j++;
    if (j === cached.length) return slotSpelling[slot]!;
  }
  const raw = s.slice(start, end);
  // Not through formsOf: a miss is mostly a token seen once (a number, a name), and the
  // slots already keep the rest; the shared caches stay small during a large import.
  const sp = spellingObject(plain ? raw : ascii ? raw.toLowerCase() : spellingUncached(raw));
  slotHash[slot] = h;
  slotRaw[slot] = raw;
  slotSpelling[slot] = sp;
  return sp;
}

/**
 * forEachToken for the index: the folded tokens of `s` joined by single spaces, and the
 * spelling of each added to `spellings`. The folded text is written byte by byte into a
 * buffer and spellings come from a cache, so a token usually costs no string of its own;
 * text that folds to anything but ASCII (other scripts, ligatures, "¼") is left to
 * forEachToken, which gives the same result.
 */
export function foldJoined(s: string, spellings: SpellingList): string {
  const n = s.length;
  if (joinBuf.length < n + 1) joinBuf = Buffer.allocUnsafe(Math.max(n + 1, joinBuf.length * 2));
  const out = joinBuf;
  let o = 0;
  let start = -1; // where the current token starts in s; -1 between tokens
  let h = 0; // hash of its code units (marks included)
  // Without branches per character: changed != 0 when folding changed a code unit (not its
  // own spelling), high >= 0x80 when one is not ASCII (spelling from formsOf).
  let changed = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let a = fastFold[c]!;
    if (a === 0) fastFold[c] = a = computeFastFold(c);
    if (a < SEP) {
      if (start < 0) {
        start = i;
        h = 0x811c9dc5;
        changed = high = 0;
        if (o > 0) out[o++] = 0x20;
      }
      changed |= a ^ c;
      high |= c;
      h = Math.imul(h ^ c, 0x01000193);
      out[o++] = a;
    } else if (a === SEP) {
      if (start >= 0) {
        spellings.take(spellingAt(s, start, i, h, changed === 0, high < 0x80));
        start = -1;
      }
    } else if (a === MARK) {
      // A combining mark: part of the token it follows (its span and spelling), else nothing.
      if (start >= 0) {
        changed |= c;
        high |= c;
        h = Math.imul(h ^ c, 0x01000193);
      }
    } else return foldJoinedSlow(s, spellings); // a mixed fold (¼), a surrogate, another script
  }
  if (start >= 0) spellings.take(spellingAt(s, start, n, h, changed === 0, high < 0x80));
  return out.toString('latin1', 0, o);
}

function foldJoinedSlow(s: string, spellings: SpellingList): string {
  const folded: string[] = [];
  forEachToken(s, (f, _start, _end, spelling) => {
    folded.push(f);
    spellings.add(spelling);
  });
  return folded.join(' ');
}

/**
 * The tokens of `s`, each with its span in `s`: maximal runs of letters and digits of the
 * folded text.
 */
export function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  forEachToken(s, (folded, start, end) => tokens.push({ folded, start, end }));
  return tokens;
}

/** The folded tokens of `s`, in order. */
export function foldTokens(s: string): string[] {
  const out: string[] = [];
  forEachToken(s, (folded) => out.push(folded));
  return out;
}

// Tone mark on the second vowel of oa, oe, uy (hoà) → on the first (hòa), wherever it falls:
// no two real syllables differ only by this placement.
const TONE_MOVES: Record<string, string> = {
  oà: 'òa', oá: 'óa', oả: 'ỏa', oã: 'õa', oạ: 'ọa',
  oè: 'òe', oé: 'óe', oẻ: 'ỏe', oẽ: 'õe', oẹ: 'ọe',
  uỳ: 'ùy', uý: 'úy', uỷ: 'ủy', uỹ: 'ũy', uỵ: 'ụy',
};
const TONE_PATTERN = new RegExp(Object.keys(TONE_MOVES).join('|'), 'g');
const markedCache = new Map<string, string>();
const MARKED_CACHE_MAX = 100_000;

/**
 * The spelling as typed, made comparable: lower case, NFKC, Ð/ð/ɖ as đ, one tone placement.
 * "HOÀ" and "hòa" (NFD or not) → "hòa"; "hoa" stays "hoa".
 */
export function canonicalMarked(s: string): string {
  let m = markedCache.get(s);
  if (m === undefined) {
    m = canonicalMarkedUncached(s);
    if (markedCache.size >= MARKED_CACHE_MAX) markedCache.clear();
    markedCache.set(s, m);
  }
  return m;
}

function canonicalMarkedUncached(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[ðɖ]/g, 'đ')
    .normalize('NFC')
    .replace(TONE_PATTERN, (x) => TONE_MOVES[x] ?? x);
}

/** The marked spelling of one token of `s`: canonicalMarked, made a single search token. */
export function markedToken(s: string, t: Token): string {
  const raw = s.slice(t.start, t.end);
  return /^[\x00-\x7f]*$/.test(raw) ? t.folded : spellingOf(raw, t.folded);
}

/** True when `s` carries marks (or đ) beyond what case folding removes. */
export function hasMarks(s: string): boolean {
  return tokenize(s).some((t) => markedToken(s, t) !== t.folded);
}
