// What every backend's search index is made from, and the hash that tells whether an entry
// still matches its article (unchanged text is not indexed again; `check` finds stale entries).
import { createHash } from 'node:crypto';
import { FOLD_VERSION } from '../core/fold.js';

export interface IndexedText {
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
}

/** A hash of the indexed text and FOLD_VERSION (a change of the folding re-indexes everything). */
export function textHash(a: IndexedText): string {
  // Field by field: the same bytes as one joined string, without copying the text into one.
  return createHash('sha1')
    .update(`${FOLD_VERSION}\u0000`)
    .update(a.title)
    .update('\u0000')
    .update(a.summary)
    .update('\u0000')
    .update(a.body)
    .update('\u0000')
    .update(a.author)
    .update('\u0000')
    .update(a.source)
    .digest('base64url')
    .slice(0, 16);
}
