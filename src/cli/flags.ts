// Flag values checked with the record schemas: a failure names the flag and is a usage error.
import type { z } from 'zod';
import { UsageError, ValidationError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { sayIssue } from '../i18n/issues.js';

/** "published_at" → "--published-at", "images[0].src" → "--image". */
export function flagName(field: string): string {
  const top = field.split(/[.[]/)[0] ?? field;
  if (top === 'images') return field.endsWith('caption') ? '--caption' : field.endsWith('alt') ? '--alt' : '--image';
  if (top === 'tags') return '--tag';
  return `--${top.replace(/_/g, '-')}`;
}

/** Parses flag values with `schema`; a failure is a UsageError naming each flag. */
export async function checkFlags<S extends z.ZodType>(schema: S, raw: unknown): Promise<z.output<S>> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const { toFieldIssues } = await import('../core/validate.js');
  const issues = toFieldIssues(r.error);
  const first = issues[0]!;
  const rest = issues.length > 1 ? ` ${t('flags.andMore', { n: issues.length - 1 })}` : '';
  throw new UsageError(`${flagName(first.field)}: ${sayIssue(first.message)}${rest}`);
}

/** Turns a ValidationError of flag-given data into a usage error; other errors pass. */
export function asUsage(err: unknown): unknown {
  if (err instanceof ValidationError) {
    const first = err.issues[0];
    return new UsageError(first ? `${flagName(first.field)}: ${sayIssue(first.message)}` : sayIssue(err.message));
  }
  return err;
}

/** commander collector for repeatable flags. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function requireNoExtra(values: Record<string, unknown>): boolean {
  return Object.values(values).every((v) => v === undefined);
}
