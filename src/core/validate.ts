// Building blocks of the record schemas: text fields with the spec's limits and rules.
import { z } from 'zod';
import { charLength, describeControlChar, findControlChar, isLoneSurrogate, normalizeText, utf8Length } from './text.js';
import type { FieldIssue } from './errors.js';
import { URL_MAX } from './link-url.js';
import { english } from '../i18n/issues.js';

// Kept apart (no zod there) for the HTML export; re-exported for everyone else.
export { checkLinkUrl } from './link-url.js';

export const LIMITS = {
  title: 500,
  summary: 5000,
  bodyBytes: 5 * 1024 * 1024,
  author: 200,
  source: 200,
  tags: 50,
  tag: 100,
  imageBytes: 20 * 1024 * 1024,
  caption: 1000,
  description: 5000,
  url: URL_MAX,
} as const;

/**
 * A text field: NFC, line ends made \n, no control characters but tab and newline, at most
 * `max` characters (or `maxBytes` bytes of UTF-8).
 */
export function text(opts: { max?: number; maxBytes?: number; required?: boolean; singleLine?: boolean }) {
  return z.string({ error: english('issue.mustBeText') }).transform((raw, ctx) => {
    const s = normalizeText(raw);
    const bad = findControlChar(s);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: english(isLoneSurrogate(bad) ? 'issue.loneSurrogate' : 'issue.controlChar', { char: describeControlChar(bad) }) });
      return z.NEVER;
    }
    if (opts.singleLine && s.includes('\n')) {
      ctx.addIssue({ code: 'custom', message: english('issue.oneLine') });
      return z.NEVER;
    }
    const value = opts.singleLine ? s.trim() : s;
    if (opts.required && value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: english('issue.required') });
      return z.NEVER;
    }
    // Counting is skipped when the UTF-16 length already fits: it bounds both counts from above
    // (a code point is 1-2 units, and at most 3 bytes of UTF-8 per unit).
    if (opts.max !== undefined && value.length > opts.max && charLength(value) > opts.max) {
      ctx.addIssue({ code: 'custom', message: english('issue.tooLong', { max: opts.max }) });
      return z.NEVER;
    }
    if (opts.maxBytes !== undefined && value.length * 3 > opts.maxBytes && utf8Length(value) > opts.maxBytes) {
      ctx.addIssue({ code: 'custom', message: english('issue.tooLarge', { mb: opts.maxBytes / 1024 / 1024 }) });
      return z.NEVER;
    }
    return value;
  });
}

/** zod issues as `field: message` pairs, with paths like images[0].src. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    field: i.path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ),
    message: issueMessage(i),
  }));
}

function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_type') {
    if (i.input === undefined) return english('issue.required');
    return i.expected === 'string' ? english('issue.mustBeText') : english('issue.mustBeType', { type: i.expected });
  }
  if (i.code === 'unrecognized_keys') return english('issue.unknownFields', { count: i.keys.length, fields: i.keys.join(', ') });
  return i.message;
}

export function isRemoteUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}
