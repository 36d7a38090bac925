// What every backend's search index is made from, and the hash that tells whether an entry
// still matches its article (unchanged text is not indexed again; `check` finds stale entries).
import { hash } from 'node:crypto';
import { FOLD_VERSION } from '../core/fold.js';
import { HashInput, SHARED_TEXT_MIN, sharedUtf8 } from './hash-input.js';

export interface IndexedText {
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
}

const input = new HashInput();

/** A hash of the indexed text and FOLD_VERSION (a change of the folding re-indexes everything). */
export function textHash(a: IndexedText): string {
  // The fields joined by NULs, assembled as bytes (hash-input.ts): a long body's bytes are
  // those its revision's hash was just made of.
  input.reset().text(`${FOLD_VERSION}\u0000${a.title}\u0000${a.summary}\u0000`);
  if (a.body.length >= SHARED_TEXT_MIN) input.bytes(sharedUtf8(a.body));
  else input.text(a.body);
  input.text(`\u0000${a.author}\u0000${a.source}`);
  return hash('sha1', input.view(), 'base64url').slice(0, 16);
}
