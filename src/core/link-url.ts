// The check of a link's URL, apart from the record schemas in validate.ts (which re-exports
// it) so that the HTML export can filter links without loading zod at start-up.
import { english } from '../i18n/issues.js';

/** The longest URL a record may hold, in characters. */
export const URL_MAX = 2000;

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Link URLs: http, https, mailto, or relative; never javascript:, data:, file: …. */
export function checkLinkUrl(raw: string): string | undefined {
  const s = raw.trim();
  if (!s) return english('issue.required');
  if (/[\s\u0000-\u001F\u007F]/.test(s)) return english('issue.urlSpaces');
  if (s.length > URL_MAX) return english('issue.tooLong', { max: URL_MAX });
  const m = SCHEME.exec(s);
  if (!m) return undefined; // relative
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'mailto') return s.length > 7 ? undefined : 'needs an address after mailto:';
  if (scheme !== 'http' && scheme !== 'https') return english('issue.urlScheme', { scheme });
  try {
    const u = new URL(s);
    if (!u.hostname) return english('issue.urlNoHost');
    // A link is published: credentials in it would be published too.
    if (u.username || u.password) return english('issue.urlUser');
  } catch {
    return english('issue.invalidUrl');
  }
  return undefined;
}
