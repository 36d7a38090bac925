// Whether an article holds every positive term of a query in the spelling typed: what the
// index of spellings answers for it (core/search-query toMarkedMatch), decided from the
// article's own text with the same tokens (core/fold forEachToken gives each token's spelling,
// as the index stores it). Pure; the caller reads the fields.
//
// A lookup in the index of spellings opens every word's list in every segment for one key
// (50 µs for three words, 170 µs for four); the fields an article's ranking put first (its
// title, its summary) usually show the words at once, and reading them costs a few µs.
import { forEachToken } from '../core/fold.js';
import type { Term } from '../core/search-query.js';

/** Thrown from inside a scan once the terms are all found: the rest of the text is not read. */
const FOUND = Symbol('found');

export class SpelledAsTyped {
  /** Index in `found` of each whole word sought. */
  private readonly words = new Map<string, number>();
  /** The last words of prefix terms, with their index in `found`. */
  private readonly prefixes: Array<{ text: string; at: number }> = [];
  /** Each group's terms, each as the indexes in `found` of its words (all must be found). */
  private readonly groups: number[][][];
  private readonly found: boolean[] = [];
  private done = false;
  private readonly onToken = (_folded: string, _start: number, _end: number, spelling: string): void => {
    let fresh = false;
    const at = this.words.get(spelling);
    if (at !== undefined && !this.found[at]) fresh = this.found[at] = true;
    for (const p of this.prefixes) {
      if (!this.found[p.at] && spelling.startsWith(p.text)) fresh = this.found[p.at] = true;
    }
    if (fresh && this.complete()) throw FOUND;
  };

  /** The positive groups of a parsed query (every group must match; a term of it will do). */
  constructor(groups: readonly (readonly Term[])[]) {
    const slot = (text: string, prefix: boolean): number => {
      if (prefix) {
        const p = this.prefixes.find((x) => x.text === text);
        if (p) return p.at;
        this.prefixes.push({ text, at: this.found.length });
      } else {
        const at = this.words.get(text);
        if (at !== undefined) return at;
        this.words.set(text, this.found.length);
      }
      this.found.push(false);
      return this.found.length - 1;
    };
    this.groups = groups.map((g) => g.map((t) => t.marked.map((m, k) => slot(m, t.prefix && k === t.marked.length - 1))));
  }

  /** Starts on another article. */
  reset(): void {
    this.found.fill(false);
    this.done = false;
  }

  /** Reads one more field of the article; true once every group has a term found. */
  scan(text: string): boolean {
    if (this.done) return true;
    if (!text) return false;
    try {
      forEachToken(text, this.onToken);
    } catch (err) {
      if (err !== FOUND) throw err;
      this.done = true;
    }
    return this.done;
  }

  private complete(): boolean {
    return this.groups.every((g) => g.some((t) => t.every((at) => this.found[at])));
  }
}
