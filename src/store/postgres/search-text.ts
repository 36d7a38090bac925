// The search columns of an article on PostgreSQL, and the parsed query in PostgreSQL's terms.
//
// The text is folded and split once, in JavaScript (core/fold, as for SQLite), and the
// tokens go into a tsvector written out in full — lexeme, positions, weight — so that no
// parser or dictionary of the server stands between core/fold and the index: the server sees
// exactly the tokens SQLite's FTS5 sees. Weights: A the title, B the summary, D the body,
// author and source (ts_rank's weights then put title over summary over body). Each field
// starts one position after the end of the one before, so a phrase never spans two fields,
// as in FTS5's columns. A second tsvector holds the distinct spellings (hòa, hoa) without
// positions, for "spelling typed first".
//
// Limits of the tsvector type, reached only by very long bodies: positions stop at 16,383 and
// at 256 per word (PostgreSQL keeps the first 256), so a phrase beyond them may be missed, and a
// word longer than 2,046 bytes is not indexed.
import { foldJoined, SpellingList } from '../../core/fold.js';
import type { SearchQuery, Term } from '../../core/search-query.js';
import { textHash, type IndexedText } from '../index-text.js';

export interface SearchColumns {
  doc: string;
  spelling: string;
  hash: string;
}

const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_WORD = 256;
const MAX_LEXEME_BYTES = 2046;

/** A lexeme in tsvector/tsquery syntax: quoted, quotes and backslashes doubled/escaped. */
function lexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function indexable(token: string): boolean {
  return token.length > 0 && Buffer.byteLength(token) <= MAX_LEXEME_BYTES;
}

export function searchColumns(a: IndexedText): SearchColumns {
  const spellings = new SpellingList();
  const fields: Array<[string, string]> = [
    [foldJoined(a.title, spellings), 'A'],
    [foldJoined(a.summary, spellings), 'B'],
    [foldJoined(a.body, spellings), 'D'],
    [foldJoined(a.author, spellings), 'D'],
    [foldJoined(a.source, spellings), 'D'],
  ];
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const [folded, weight] of fields) {
    if (folded === '') continue;
    pos++; // the gap between fields
    for (const token of folded.split(' ')) {
      pos++;
      if (!indexable(token)) continue;
      let list = positions.get(token);
      if (!list) positions.set(token, (list = []));
      if (list.length < MAX_POSITIONS_PER_WORD && pos <= MAX_POSITION) list.push(`${pos}${weight}`);
      else if (list.length === 0) list.push(`${MAX_POSITION}${weight}`);
    }
  }
  const doc: string[] = [];
  for (const [token, list] of positions) doc.push(`${lexeme(token)}:${list.join(',')}`);
  const spelling = spellings.texts.filter(indexable).map(lexeme).join(' ');
  return { doc: doc.join(' '), spelling, hash: textHash(a) };
}

function any(parts: string[]): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
}

function phrase(tokens: string[], prefix: boolean): string {
  const parts = tokens.map((t, k) => `${lexeme(t)}${prefix && k === tokens.length - 1 ? ':*' : ''}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
}

/** The tsquery of the folded index: every group, each one of its terms, and none excluded. */
export function toTsQuery(q: SearchQuery): string {
  const positive = q.groups.map((g) => any(g.map((t: Term) => phrase(t.tokens, t.prefix)))).join(' & ');
  if (q.exclude.length === 0) return positive;
  return `${positive} & !${any(q.exclude.map((t) => phrase(t.tokens, t.prefix)))}`;
}

/** The tsquery a match is ranked by: any of the query's terms (none of those it excludes). */
export function toRankQuery(q: SearchQuery): string {
  return any(q.groups.flatMap((g) => g.map((t: Term) => phrase(t.tokens, t.prefix))));
}

/** The tsquery of the spellings: every positive term's tokens as typed (no order: no positions). */
export function toSpellingQuery(q: SearchQuery): string {
  return q.groups
    .map((g) =>
      any(
        g.map((t) => {
          const parts = t.marked.map((m, k) => `${lexeme(m)}${t.prefix && k === t.marked.length - 1 ? ':*' : ''}`);
          return parts.length === 1 ? parts[0]! : `(${parts.join(' & ')})`;
        }),
      ),
    )
    .join(' & ');
}
