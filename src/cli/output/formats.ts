// --format and --fields: parsed once for every list command.
import { UsageError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';

export const LIST_FORMATS = ['table', 'json', 'ndjson', 'csv', 'ids', 'count'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export const SHOW_FORMATS = ['text', 'json'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export function parseListFormat(value: string | undefined): ListFormat {
  const v = (value ?? 'table').trim().toLowerCase();
  if ((LIST_FORMATS as readonly string[]).includes(v)) return v as ListFormat;
  throw new UsageError(t('flags.formatOneOf', { values: LIST_FORMATS.join(', '), value: String(value) }));
}

export function parseShowFormat(value: string | undefined): ShowFormat {
  const v = (value ?? 'text').trim().toLowerCase();
  if ((SHOW_FORMATS as readonly string[]).includes(v)) return v as ShowFormat;
  throw new UsageError(t('flags.formatOneOf', { values: SHOW_FORMATS.join(', '), value: String(value) }));
}

/** "a,b , c" → ["a","b","c"], each checked against `allowed`; undefined → undefined. */
export function parseFields(value: string | undefined, allowed: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  const fields = value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length === 0) throw new UsageError(t('flags.fieldsEmpty'), t('flags.fieldsHint', { fields: allowed.join(', ') }));
  const unknown = fields.filter((f) => !allowed.includes(f));
  if (unknown.length) {
    throw new UsageError(t('flags.fieldsUnknown', { count: unknown.length, fields: unknown.join(', ') }), t('flags.fieldsHint', { fields: allowed.join(', ') }));
  }
  return [...new Set(fields)];
}

/** --page and --per-page: whole numbers from 1. */
export function parsePositiveInt(flag: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
    throw new UsageError(max < Number.MAX_SAFE_INTEGER ? t('flags.wholeNumberTo', { flag, max, value }) : t('flags.wholeNumber', { flag, value }));
  }
  return Number(v);
}
