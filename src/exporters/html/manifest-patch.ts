// The manifest after a re-export that changed a few of its entries, made from the text the
// last export wrote instead of serialising every entry again (13,000 of them at 10,000
// articles, for the twenty a one-edit re-export changes). Only for a text known to be what
// this code writes (its hash is the one the re-export cache recorded): sorted paths, entries
// `{"h":…,"k":…}` without braces inside, ids in ascending order.
import type { ManifestEntry } from './write.js';

const FILES = '"files":{';
const ARTICLES = '},"articles":{';

/**
 * `text` with the entries of `files` (paths it already holds, in sorted order) and of
 * `articles` (ids it already holds, ascending) replaced; undefined when one is not where a
 * text written by this code would hold it (then the caller serialises the whole manifest).
 */
export function patchedManifest(text: string, files: ReadonlyArray<[string, ManifestEntry]>, articles: ReadonlyArray<[number, string[]]>): string | undefined {
  const filesFrom = text.indexOf(FILES);
  const articlesFrom = text.indexOf(ARTICLES, filesFrom);
  if (filesFrom < 0 || (articles.length > 0 && articlesFrom < 0)) return undefined;
  const parts: string[] = [];
  let at = 0;
  const replace = (key: string, open: string, close: string, value: string, from: number, to: number): boolean => {
    const needle = `${key}:${open}`;
    const start = text.indexOf(needle, Math.max(at, from));
    if (start < 0 || (to >= 0 && start >= to)) return false;
    const before = text[start - 1];
    if (before !== '{' && before !== ',') return false;
    const end = text.indexOf(close, start + needle.length);
    if (end < 0 || !parses(text.slice(start + key.length + 1, end + 1))) return false;
    parts.push(text.slice(at, start + key.length + 1), value);
    at = end + 1;
    return true;
  };
  const filesTo = articlesFrom < 0 ? text.length : articlesFrom + 1;
  for (const [path, entry] of files) if (!replace(JSON.stringify(path), '{', '}', JSON.stringify(entry), filesFrom + FILES.length - 1, filesTo)) return undefined;
  for (const [id, known] of articles) if (!replace(`"${id}"`, '[', ']', JSON.stringify(known), articlesFrom + ARTICLES.length - 1, -1)) return undefined;
  parts.push(text.slice(at));
  return parts.join('');
}

/** Whether an entry as found is whole JSON (a closing character inside a string would cut it short). */
function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}
