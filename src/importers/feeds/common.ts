// What the WXR, RSS and Atom mappings share: namespaces, dates, slugs, and the records they
// hand to the pipeline.
import { slugify } from '../../core/slug.js';
import { LIMITS } from '../../core/validate.js';
import { clip } from './body.js';
import type { FeedTally } from './options.js';
import type { ReadItem } from '../types.js';
import type { XmlNode } from '../xml/tree.js';

export const NS = {
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  atom: 'http://www.w3.org/2005/Atom',
} as const;

/** WXR 1.0, 1.1 and 1.2 name their elements in these. */
export const WXR_NS = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;

/** Turns one element of the document into records for the pipeline. */
export interface FeedMapper {
  element(node: XmlNode): Iterable<ReadItem>;
  /** After the last element (records held back for something later in the file). */
  end(): Iterable<ReadItem>;
}

/** A WordPress slug (percent-encoded UTF-8 for Vietnamese) or a category name → a newsdesk slug. */
export function slugFrom(raw: string): string {
  let s = raw.trim();
  try {
    s = decodeURIComponent(s);
  } catch {
    // Not percent-encoded after all: slugify what is there.
  }
  return slugify(s);
}

/** An RFC 822 date (RSS pubDate) or ISO 8601 (Atom, dc:date) → ISO 8601 in UTC; else as given. */
export function feedDate(raw: string): string | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  if (/^\d{4}-\d\d-\d\d/.test(s)) return s;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
}

export function articleItem(line: number, record: Record<string, unknown>): ReadItem {
  // A new object with the given fields, in their order, rather than `delete` of the others:
  // an object that lost a property becomes a slow dictionary, and every later step (the
  // schema's parse above all) reads it more slowly.
  const given: Record<string, unknown> = {};
  for (const k in record) {
    const v = record[k];
    if (v !== undefined && v !== '') given[k] = unpinned(v);
  }
  return { line, record: given, kind: 'article' };
}

/** Strings shorter than this are copied by `unpinned`; longer ones are made anew by the mapping. */
const SHORT = 4096;

/**
 * A record's short strings as copies (see own): an author, a GUID, a tag taken as it stood in
 * the file is a slice of the input's piece, and the import holds its rows for a while (the
 * search index is filled in batches), so each kept its piece alive: megabytes that survived the
 * young generation and were copied into the old one.
 */
function unpinned(v: unknown): unknown {
  if (typeof v === 'string') return v.length < SHORT ? own(v) : v;
  if (Array.isArray(v)) return v.map(unpinned);
  if (v !== null && typeof v === 'object') {
    const copy: Record<string, unknown> = {};
    for (const k in v) copy[k] = unpinned((v as Record<string, unknown>)[k]);
    return copy;
  }
  return v;
}

/**
 * A copy of a string that does not keep the text it was cut from alive. The parser's strings
 * are slices of 1 MB pieces of the input; one kept past its item (an attachment's URL, an
 * author's name) would keep its whole piece in memory, and memory would grow with the file.
 */
export function own(s: string): string {
  return s.length === 0 ? '' : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Distinct non-empty tags, in order, as many as an article holds (50, of 100 characters): a post
 * with more is imported with its first 50, and the report counts the tags left out, rather than
 * the whole import stopping on a post of a site that tagged generously.
 */
export function tagList(tags: string[], tally: FeedTally): string[] {
  const all = [...new Set(tags.map((t) => clip(t.trim(), LIMITS.tag)).filter(Boolean))];
  if (all.length > LIMITS.tags) tally.add('tags_left_out', all.length - LIMITS.tags);
  return all.slice(0, LIMITS.tags);
}
