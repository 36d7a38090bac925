// Helpers shared by the operations: running a schema, finding records by reference.
import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { toFieldIssues } from '../core/validate.js';
import type { Store } from '../store/store.js';
import type { SectionRow } from '../store/sections.js';
import type { ArticleRow } from '../store/articles.js';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(toFieldIssues(r.error));
  return r.data;
}

export function requireSection(store: Store, ref: string | number): SectionRow {
  const s = store.sections.find(ref);
  if (!s) throw new NotFoundError(`no section "${ref}"`, 'newsdesk section list shows the sections');
  return s;
}

export function requireArticle(store: Store, ref: string | number): ArticleRow {
  const a = store.articles.find(ref);
  if (!a) throw new NotFoundError(`no article "${ref}"`, 'newsdesk article list (or newsdesk search) finds articles');
  return a;
}
