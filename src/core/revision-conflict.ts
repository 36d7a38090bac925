// A save that expected a revision the article has left. Apart from errors.ts, which the
// site's search script bundles: this one says its message through the catalog.
import { english } from '../i18n/issues.js';
import { ConflictError } from './errors.js';

/** An article changed since it was read: nothing was written (exit 1). */
export class RevisionConflictError extends ConflictError {
  readonly articleId: number;
  readonly expected: number;
  readonly actual: number;
  constructor(articleId: number, expected: number, actual: number, hint?: string) {
    super(english('issue.revisionConflict', { id: articleId, actual, expected }), hint ?? english('issue.revisionConflictHint', { id: articleId, actual, expected }));
    this.name = 'RevisionConflictError';
    this.articleId = articleId;
    this.expected = expected;
    this.actual = actual;
  }
}
