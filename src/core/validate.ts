// Building blocks of the record schemas: text fields with the spec's limits and rules.
import { z } from 'zod';
import { charLength, describeControlChar, findControlChar, normalizeText, utf8Length } from './text.js';
import type { FieldIssue } from './errors.js';

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
  url: 2000,
} as const;

/**
 * A text field: NFC, line ends made \n, no control characters but tab and newline, at most
 * `max` characters (or `maxBytes` bytes of UTF-8).
 */
export function text(opts: { max?: number; maxBytes?: number; required?: boolean; singleLine?: boolean }) {
  return z.string({ error: 'must be text' }).transform((raw, ctx) => {
    const s = normalizeText(raw);
    const bad = findControlChar(s);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `contains the control character ${describeControlChar(bad)}` });
      return z.NEVER;
    }
    if (opts.singleLine && s.includes('\n')) {
      ctx.addIssue({ code: 'custom', message: 'must be one line' });
      return z.NEVER;
    }
    const value = opts.singleLine ? s.trim() : s;
    if (opts.required && value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    if (opts.max !== undefined && charLength(value) > opts.max) {
      ctx.addIssue({ code: 'custom', message: `is longer than ${opts.max} characters` });
      return z.NEVER;
    }
    if (opts.maxBytes !== undefined && utf8Length(value) > opts.maxBytes) {
      ctx.addIssue({ code: 'custom', message: `is larger than ${opts.maxBytes / 1024 / 1024} MB` });
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
    if (i.input === undefined) return 'is required';
    return `must be ${i.expected === 'string' ? 'text' : i.expected}`;
  }
  if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
  return i.message;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Link URLs: http, https, mailto, or relative; never javascript:, data:, file: …. */
export function checkLinkUrl(raw: string): string | undefined {
  const s = raw.trim();
  if (!s) return 'is required';
  if (/[\s\u0000-\u001F\u007F]/.test(s)) return 'must not contain spaces or control characters';
  if (s.length > LIMITS.url) return `is longer than ${LIMITS.url} characters`;
  const m = SCHEME.exec(s);
  if (!m) return undefined; // relative
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'mailto') return s.length > 7 ? undefined : 'needs an address after mailto:';
  if (scheme !== 'http' && scheme !== 'https') return `uses the scheme "${scheme}:"; only http, https, mailto or a relative URL are allowed`;
  try {
    const u = new URL(s);
    if (!u.hostname) return 'has no host';
    // A link is published: credentials in it would be published too.
    if (u.username || u.password) return 'must not carry a user name or password';
  } catch {
    return 'is not a valid URL';
  }
  return undefined;
}

export function isRemoteUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}
