// Neighbouring word pairs in the search table (migration 11), so that a phrase's candidates are
// nearly its matches.
//
// A phrase ("an toàn giao thông") is found by the search column's GIN index as the articles
// holding all its words, and each of those has its stored search column read to check their
// order: at 100,000 articles, 25,540 candidates for 11,901 matches. An index holds each pair
// of words that follow each other in the search column ('an toàn', 'toàn giao', 'giao
// thông'), without positions, computed by the server from the column (an index of an
// expression: whoever writes the column, it follows). A search asks for a phrase's pairs
// beside its words: only the articles holding every pair are left to check, and for a
// two-word phrase every one of them matches.
//
// The pairs come from the positions the search column keeps, so an article whose column
// matches a phrase always holds its pairs: they narrow the candidates, never the matches. A
// pair is cut to its first 500 characters (a lexeme holds at most 2,046 bytes); a query's pair
// over 500 bytes asks for a beginning of the cut one as a prefix (pairLexeme).

const MAX_PAIR_CHARS = 500;

/**
 * A tsvector holds at most 1,048,575 bytes of lexemes (its offsets have 20 bits), and
 * array_to_tsvector does not check it: past it, the offsets wrap and the index points at the
 * wrong bytes. Pairs take about twice the bytes of the search column, so an article whose
 * column is valid (a long body, an inline image's base64) can have too many; its pairs are
 * then this one marker, which no real pair equals (a pair is two words and a space, or 500
 * characters), and every pair query asks for it too: such an article is always a candidate,
 * checked by its search column.
 */
const MAX_PAIRS_BYTES = 1_000_000;
const OVERSIZED = '-';

/**
 * The step's SQL: the function and an index of its value; no column. The pairs are about 5 KB
 * an article (more than its words: at 100,000 articles, some 600 MB stored beside a 190 MB
 * index), and nothing needs them but the index: a search asks the index for the articles
 * holding every pair, which it answers without reading the row (no positions, no weights),
 * and checks each candidate's words. The function runs when a row's search column is written,
 * for the index; ANALYZE is told to leave its value alone (it would run it on a sample of
 * 30,000 rows, for statistics no plan needs: the search's plans are fixed).
 */
/** The pairs' index (the step's, and an import's into an empty portal, which builds it after the rows). */
export const SEARCH_PAIRS_INDEX_SQL = `
  CREATE INDEX article_search_pairs ON article_search USING gin (word_pairs(doc)) WITH (gin_pending_list_limit = 256);
  ALTER INDEX article_search_pairs ALTER COLUMN 1 SET STATISTICS 0;`;

export const SEARCH_PAIRS_PG_SQL = `
  CREATE FUNCTION word_pairs(doc tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN coalesce(sum(octet_length(p)), 0) < ${MAX_PAIRS_BYTES}
                THEN coalesce(array_to_tsvector(array_agg(p)), ''::tsvector)
                ELSE '${OVERSIZED}'::tsvector END
      FROM (SELECT DISTINCT left(a.lexeme || ' ' || b.lexeme, ${MAX_PAIR_CHARS}) AS p
              FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(doc)) a
              JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(doc)) b ON b.pos = a.pos + 1) s
  $$;
  ${SEARCH_PAIRS_INDEX_SQL}`;

/** The query's terms as far as they need pairs: each term's tokens, and whether its last is a prefix. */
export interface PairTerm {
  tokens: string[];
  prefix: boolean;
}

function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * One pair in tsquery syntax: a prefix when its second word is, or when it is cut. The server
 * cuts a stored pair at 500 characters, which are bytes in a SQL_ASCII database: a pair over
 * 500 bytes is asked by its longest beginning of whole characters within 500 bytes, as a
 * prefix — a beginning of the stored pair in either encoding.
 */
function pairLexeme(first: string, second: string, prefix: boolean): string {
  const pair = `${first} ${second}`;
  if (Buffer.byteLength(pair) <= MAX_PAIR_CHARS) return `${quoted(pair)}${prefix ? ':*' : ''}`;
  let cut = '';
  let bytes = 0;
  for (const ch of pair) {
    bytes += Buffer.byteLength(ch);
    if (bytes > MAX_PAIR_CHARS) break;
    cut += ch;
  }
  return `${quoted(cut)}:*`;
}

/** Every pair of a phrase; none for a single word (it has no pair to ask for). */
function termPairs(t: PairTerm): string | undefined {
  if (t.tokens.length < 2 || t.tokens.some((w) => w === '')) return undefined;
  const pairs: string[] = [];
  for (let k = 0; k + 1 < t.tokens.length; k++) pairs.push(pairLexeme(t.tokens[k]!, t.tokens[k + 1]!, t.prefix && k + 2 === t.tokens.length));
  return pairs.length === 1 ? pairs[0]! : `(${pairs.join(' & ')})`;
}

/**
 * What every match of the query must hold in `pairs`: for each group whose terms are all
 * phrases, one of those phrases' pairs; undefined when no group is (words alone need none).
 * Exclusions ask nothing: an article without their pairs may still lack their phrase. Or the
 * marker of an article with too many pairs to keep (MAX_PAIRS_BYTES).
 */
export function toPairQuery(groups: PairTerm[][]): string | undefined {
  const parts: string[] = [];
  for (const group of groups) {
    const each = group.map(termPairs);
    if (each.length === 0 || each.some((p) => p === undefined)) continue;
    parts.push(each.length === 1 ? each[0]! : `(${each.join(' | ')})`);
  }
  return parts.length === 0 ? undefined : `${quoted(OVERSIZED)} | (${parts.join(' & ')})`;
}
