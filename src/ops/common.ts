// Helpers shared by the operations: running a schema, finding records by reference.
import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { toFieldIssues } from '../core/validate.js';
import type { ArticleRow, SectionRow } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { english } from '../i18n/issues.js';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(toFieldIssues(r.error));
  return r.data;
}

export async function requireSection(store: StoreData, ref: string | number): Promise<SectionRow> {
  const s = await store.sections.find(ref);
  if (!s) throw new NotFoundError(english('issue.noSection', { ref }), english('issue.noSectionHint'));
  return s;
}

export async function requireArticle(store: StoreData, ref: string | number): Promise<ArticleRow> {
  const a = await store.articles.find(ref);
  if (!a) throw new NotFoundError(english('issue.noArticle', { ref }), english('issue.noArticleHint'));
  return a;
}
