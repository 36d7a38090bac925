// What a person types into `newsdesk search`, parsed into a small tree and written back out as
// FTS5 MATCH strings. Every input is either a query or a UsageError that says what is wrong:
// the MATCH strings are built only from folded tokens inside double quotes, so no user text
// reaches the FTS5 query parser as syntax.
//
// Language: words (all must match), "phrases", -exclusions, prefix*, OR between terms.
// Punctuation inside a word splits it into syllables that must follow each other: kinh-te,
// 3.5 and l'amour are the phrases "kinh te", "3 5" and "l amour".
import { UsageError } from './errors.js';
import { markedToken, tokenize } from './fold.js';

export interface Term {
  /** As typed, for messages. */
  text: string;
  /** Folded tokens (one for a word, several for a phrase). */
  tokens: string[];
  /** The same tokens in the spelling typed (canonicalMarked), for "spelling typed first". */
  marked: string[];
  /** The last token is a prefix. */
  prefix: boolean;
}

export interface SearchQuery {
  /** Every group must match; a group matches when one of its terms does (OR). */
  groups: Term[][];
  /** No result may match any of these. */
  exclude: Term[];
  /** Some positive term was typed with marks (or đ): the spelling typed ranks first. */
  marked: boolean;
}

export const MAX_QUERY_LENGTH = 1000;
export const MAX_TERMS = 64;

const QUOTES = new Set(['"', '“', '”', '„']);
// Its messages are English literals: the site's search script shares this module and carries no
// message catalog. The CLI says them in the language in use by their catalog entries
// (src/i18n/en.ts): issue.query.and, issue.query.andHint, issue.query.not, issue.query.notHint,
// issue.query.near, issue.query.nearHint, issue.query.parens, issue.query.parensHint,
// issue.query.quoteHint, issue.query.column, issue.query.starEnd, issue.query.starEndHint,
// issue.query.loneStar, issue.query.loneStarHint, issue.query.starFollow,
// issue.query.starFollowHint, issue.query.unclosed, issue.query.unclosedHint,
// issue.query.spaceAfter, issue.query.spaceBefore, issue.query.tooLong, issue.query.empty,
// issue.query.giveWords, issue.query.orBetween, issue.query.orBetweenHint,
// issue.query.orExclusion, issue.query.orExclusionHint, issue.query.onlyExclusions,
// issue.query.onlyExclusionsHint, issue.query.nothing, issue.query.tooManyTerms.
const QUOTE_HINT = 'put words with punctuation in "double quotes" to search for them as a phrase';

type Item = { kind: 'or' } | { kind: 'term'; term: Term; negated: boolean };

function makeTerm(text: string, body: string, prefix: boolean): Term | undefined {
  const toks = tokenize(body);
  if (toks.length === 0) return undefined;
  return {
    text,
    tokens: toks.map((t) => t.folded),
    marked: toks.map((t) => markedToken(body, t)),
    prefix,
  };
}

/** One unquoted chunk (no spaces, no quotes) → an item, nothing (pure punctuation), or an error. */
function bareItem(chunk: string): Item | undefined {
  if (chunk === 'OR') return { kind: 'or' };
  if (chunk === 'AND') throw new UsageError('AND is not needed: every word of a query must match already', 'leave AND out; use OR when either word will do, or put "AND" in quotes to search for it');
  if (chunk === 'NOT') throw new UsageError('NOT is not part of the query language', 'put - before a word to exclude it, like: kinh te -bong');
  if (chunk === 'NEAR' || chunk.startsWith('NEAR(')) throw new UsageError('NEAR is not part of the query language', 'use a "phrase in quotes" for words that follow each other');
  if (/[()]/.test(chunk)) throw new UsageError(`parentheses are not part of the query language (in ${chunk})`, `every word must match anyway; use OR between words, or ${QUOTE_HINT}`);

  let rest = chunk;
  let negated = false;
  if (rest.startsWith('-')) {
    negated = true;
    rest = rest.slice(1);
  }
  if (/^[\p{L}_][\p{L}\p{N}_]*:/u.test(rest)) {
    throw new UsageError(`column filters like "${rest.slice(0, rest.indexOf(':') + 1)}" are not supported: search looks in the title, summary, body, author and source`, QUOTE_HINT);
  }
  let prefix = false;
  const star = rest.indexOf('*');
  if (star !== -1) {
    if (star !== rest.length - 1) throw new UsageError(`"*" may only end a word (in ${chunk})`, 'write the first letters of a word then *, like: kinh*');
    prefix = true;
    rest = rest.slice(0, -1);
    if (rest === '' || tokenize(rest).length === 0) throw new UsageError('a lone "*" matches nothing', 'write the first letters of a word before it, like: kinh*');
    // "kinh-*": the * must touch the letters it extends.
    if (!/[\p{L}\p{N}\p{M}]$/u.test(rest)) throw new UsageError(`"*" must follow the letters it extends (in ${chunk})`, 'write it like: kinh*');
  }
  // Pure punctuation ("-", "–", "&") is a separator, as it is in the text.
  const term = makeTerm(chunk, rest, prefix);
  return term ? { kind: 'term', term, negated } : undefined;
}

/** Splits the input into items: OR, terms (words, phrases, prefixes), exclusions. */
function lex(input: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  const n = input.length;
  const isSpace = (c: string): boolean => /\s/u.test(c);
  while (i < n) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    // A quoted phrase, possibly -"excluded" and/or "prefixed"*.
    const negatedQuote = c === '-' && i + 1 < n && QUOTES.has(input[i + 1]!);
    if (QUOTES.has(c) || negatedQuote) {
      const open = negatedQuote ? i + 1 : i;
      let close = open + 1;
      while (close < n && !QUOTES.has(input[close]!)) close++;
      if (close >= n) throw new UsageError('a quote (") is not closed', 'close the phrase with a second ", or leave the quotes out');
      const inner = input.slice(open + 1, close);
      let end = close + 1;
      let prefix = false;
      if (input[end] === '*') {
        prefix = true;
        end++;
      }
      if (end < n && !isSpace(input[end]!)) {
        throw new UsageError(`put a space after the closing quote (at "${input.slice(open, Math.min(n, end + 10))}")`);
      }
      const text = input.slice(i, end);
      if (prefix && !/[\p{L}\p{N}\p{M}]$/u.test(inner)) throw new UsageError(`"*" must follow the letters it extends (in ${text})`);
      const term = makeTerm(text, inner, prefix);
      // An empty phrase ("" or "!") is left out, as punctuation is everywhere else.
      if (term) items.push({ kind: 'term', term, negated: negatedQuote });
      i = end;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(input[j]!) && !QUOTES.has(input[j]!)) j++;
    if (j < n && QUOTES.has(input[j]!)) {
      throw new UsageError(`put a space before the opening quote (at "${input.slice(i, Math.min(n, j + 10))}")`);
    }
    const item = bareItem(input.slice(i, j));
    if (item) items.push(item);
    i = j;
  }
  return items;
}

/** Parses what the user typed. Throws UsageError for anything that is not a query. */
export function parseQuery(input: string): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) throw new UsageError(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
  const text = input.normalize('NFC');
  if (text.trim() === '') throw new UsageError('the query is empty', 'give the words to search for, like: newsdesk search "dang vien"');
  const items = lex(text);

  const groups: Term[][] = [];
  const exclude: Term[] = [];
  let pendingOr = false;
  let last: Item | undefined;
  for (const item of items) {
    if (item.kind === 'or') {
      if (!last || last.kind === 'or') throw new UsageError('OR must stand between two words', 'like: lu OR bao');
      if (last.negated) throw new UsageError('OR cannot join an exclusion (-word)', 'exclusions apply to the whole query: lu OR bao -lut');
      pendingOr = true;
    } else if (item.negated) {
      if (pendingOr) throw new UsageError('OR cannot join an exclusion (-word)', 'exclusions apply to the whole query: lu OR bao -lut');
      exclude.push(item.term);
    } else if (pendingOr) {
      groups[groups.length - 1]!.push(item.term);
      pendingOr = false;
    } else {
      groups.push([item.term]);
    }
    last = item;
  }
  if (pendingOr) throw new UsageError('OR must stand between two words', 'like: lu OR bao');
  if (groups.length === 0) {
    if (exclude.length) throw new UsageError('a query needs at least one word to find, not only exclusions (-word)', 'like: kinh te -bong');
    throw new UsageError('nothing to search for: the query has no letters or digits', 'give the words to search for, like: newsdesk search "dang vien"');
  }
  const count = groups.reduce((s, g) => s + g.length, 0) + exclude.length;
  if (count > MAX_TERMS) throw new UsageError(`the query has ${count} terms; at most ${MAX_TERMS} are allowed`);
  const marked = groups.some((g) => g.some((t) => t.marked.some((m, k) => m !== t.tokens[k])));
  return { groups, exclude, marked };
}

function quoted(tokens: string[], prefix: boolean): string {
  // Tokens are letters and digits only (fold.tokenize), so they cannot close the quotes.
  return `"${tokens.join(' ')}"${prefix ? ' *' : ''}`;
}

function any(parts: string[]): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** The MATCH string for the folded index (phrases keep their order). */
export function toFtsMatch(q: SearchQuery): string {
  const positive = q.groups.map((g) => any(g.map((t) => quoted(t.tokens, t.prefix)))).join(' AND ');
  if (q.exclude.length === 0) return positive;
  return `(${positive}) NOT ${any(q.exclude.map((t) => quoted(t.tokens, t.prefix)))}`;
}

/**
 * The MATCH string for the index of spellings (detail=none: it knows which tokens a document
 * holds, not where), matching the documents that hold every positive term as typed.
 */
export function toMarkedMatch(q: SearchQuery): string {
  return q.groups
    .map((g) =>
      any(
        g.map((t) => {
          const parts = t.marked.map((m, k) => quoted([m], t.prefix && k === t.marked.length - 1));
          return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
        }),
      ),
    )
    .join(' AND ');
}
