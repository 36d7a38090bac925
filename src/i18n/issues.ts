// What is wrong with a record's field ("is required", "is longer than 200 characters") is data:
// the import report in JSON and the rejects file carry it in English, the same in every
// language. The messages are written with english('issue.…'); sayIssue() says one to a person
// in the language in use, by finding the catalog entry whose English it is.
import { en, type MessageKey } from './en.js';
import { language, t, type Params } from './index.js';

/** The English text of `key`, whatever the language in use: for data a script reads. */
export function english(key: MessageKey, params: Params = {}): string {
  const message = en[key] as string | { one: string; other: string };
  const text = typeof message === 'string' ? message : params.count === 1 ? message.one : message.other;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

interface Pattern {
  key: MessageKey;
  regex: RegExp;
  names: string[];
}

let patterns: Pattern[] | undefined;

/** The English text of every issue.* message as a pattern whose groups are its placeholders. */
function issuePatterns(): Pattern[] {
  if (patterns) return patterns;
  patterns = [];
  for (const key of Object.keys(en) as MessageKey[]) {
    if (!key.startsWith('issue.')) continue;
    const message = en[key] as string | { one: string; other: string };
    for (const text of typeof message === 'string' ? [message] : [message.one, message.other]) {
      const names: string[] = [];
      const source = text
        .split(/(\{\w+\})/)
        .map((part) => {
          const m = /^\{(\w+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]!);
          return '(.+?)';
        })
        .join('');
      patterns.push({ key, regex: new RegExp(`^${source}$`, 's'), names });
    }
  }
  // The longest first: "is required" must not take "is required for a new article".
  patterns.sort((a, b) => b.regex.source.length - a.regex.source.length);
  return patterns;
}

/** An issue's English message said in the language in use (unchanged in English, or when unknown). */
export function sayIssue(message: string): string {
  if (language() === 'en') return message;
  for (const p of issuePatterns()) {
    const m = p.regex.exec(message);
    if (!m) continue;
    const params: Record<string, string | number> = {};
    p.names.forEach((name, i) => {
      const value = m[i + 1]!;
      // A part may be an issue itself ("2 articles" in "… still holds 2 articles, 0 links …").
      params[name] = /^\d+$/.test(value) ? Number(value) : sayIssue(value);
    });
    return t(p.key, params);
  }
  return message;
}
