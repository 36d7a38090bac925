// What a re-export with nothing to do needs to know that it has nothing to do. The last export
// leaves, in the user's cache beside the site search's state, one key over everything its
// pages were made from (the articles' ids and versions, the settings, sections, links, stored
// media, the options and newsdesk's own templates and plan) with the list of the files it left
// and the manifest's hash. The next export reads the articles' heads (their versions; not the
// manifest, no plan, no page's key): when the key is the same, the manifest is the one that export wrote and
// every file is still in the folder, there is nothing to write. Anything else — a stale,
// missing or foreign cache, a file deleted by hand, a manifest changed — is the full path,
// never a wrong page.
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { writeCacheFile } from './cache-file.js';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join, resolve, sep } from 'node:path';
import type { SiteSettings } from '../../core/records.js';
import type { ScheduleSummary } from '../../core/schedule.js';
import { extensionFor, type LinkRow, type SectionRow } from '../../store/rows.js';
import type { PublishedHead, SnapshotReader } from '../../store/store.js';
import { fastHash } from './hash.js';
import { isSafeOutputPath, MANIFEST_NAME } from './routes.js';
import { cacheFolder, readNoFollow } from './search.js';

/** Named in the file's first line: a cache of another layout is not read. */
const CACHE_FORMAT = 'newsdesk export cache 3';

/**
 * What the last export left for the next one. Only an export that made every image leaves
 * one (an image that could not be made is tried again by every export).
 */
export interface ExportCache {
  /** What its result said of the site: files and pages (the next one with nothing to do says it again). */
  files: number;
  pages: number;
  /** The output folder, resolved: a cache of another folder is not used. */
  outDir: string;
  /** siteKey of what that export's pages were made from. */
  key: string;
  /** fastHash of the manifest's bytes as that export left it. */
  manifest: string;
  /**
   * Whether those bytes are this code's own writing of the manifest (not a text it read and
   * left alone, which may have been edited by hand): only then may the next export patch it.
   */
  ours: boolean;
  /** Media its articles name (mediaNames): checked again, as a file removed from or added to the store changes pages. */
  media: string[];
  /** Every file of the site (the manifest's paths): each must still be there. */
  paths: string[];
}

/** The inputs of a site besides its articles, and the code that makes it. */
export interface SiteInputs {
  site: SiteSettings;
  sections: readonly SectionRow[];
  links: readonly LinkRow[];
  perPage: number;
  baseUrl: string | null;
  /** Fingerprints of the code that turns these into files (templates, plan, search, stylesheet, images). */
  code: string;
}

/**
 * The code's part of the key: the fingerprints the pages' keys carry, and the file this code
 * was loaded from (its size and time: another build of newsdesk, whatever it changed, does
 * not trust this one's cache).
 */
export function codeFingerprint(fingerprints: readonly string[]): string {
  let build = '';
  try {
    const st = lstatSync(fileURLToPath(import.meta.url));
    build = `${st.size} ${st.mtimeMs} ${st.ino}`;
  } catch {
    build = String(Math.random()); // unknown: no cache can match
  }
  return fastHash([...fingerprints, build].join('\u0000'));
}

/** Where the cache of an output folder is kept: beside the site search's state, named by the folder. */
export function exportCachePath(outDir: string): string {
  return join(cacheFolder(), 'site-export', `${fastHash(resolve(outDir))}.cache`);
}

/** What the key takes of each published article: every field its pages and lists show but the body (a head is one). */
export interface KeyedArticle {
  id: number;
  /** Stands for the body (and every other field) as newsdesk and the schema's triggers count writes. */
  version: string;
  slug: string;
  sectionId: number;
  publishedAt: number;
  updatedAt: number;
  /** Title, summary, author and source, UTF-8, one after the other, and their lengths in bytes. */
  texts: Buffer;
  textLengths: readonly number[];
  /** The images as stored (JSON): any change to them changes the key. */
  images: string;
}

/**
 * The published articles' part of the key: the articles out, newest first (their order is the
 * lists'), with every field but the body — the version alone is not enough, as another
 * database or a row put back by another program can hold the same versions with other
 * fields, which the full path reads afresh. Made once per export from the heads it reads
 * (heads are keyed articles as they are), for the check and for the cache it saves.
 */
export function articlesKey(articles: Iterable<KeyedArticle>): string {
  const h = createHash('sha1');
  // Hashed a few hundred articles at a time: measured cheaper than one update each or one
  // string of all. Each line's fields cannot run into the next (slugs and versions hold no
  // space or line break, JSON none of the latter); the texts follow, their lengths in the line.
  let chunk = '';
  let texts: Buffer[] = [];
  for (const a of articles) {
    const l = a.textLengths;
    chunk += `${a.id} ${a.version} ${a.slug} ${a.sectionId} ${a.publishedAt} ${a.updatedAt} ${l[0]},${l[1]},${l[2]},${l[3]} ${a.images}\n`;
    texts.push(a.texts);
    if (texts.length === 512) {
      h.update(chunk);
      h.update(Buffer.concat(texts));
      chunk = '';
      texts = [];
    }
  }
  h.update(chunk);
  h.update(Buffer.concat(texts));
  return h.digest('base64url');
}

/**
 * One key over everything the site's files are made from: the articles' part (articlesKey),
 * the media their pages name with the type each is stored under, and the rest of `inputs`.
 */
export function siteKey(articles: string, media: readonly string[], inputs: SiteInputs): string {
  return fastHash(`${CACHE_FORMAT}\u0000${inputs.code}\u0000${JSON.stringify([inputs.site, inputs.sections, inputs.links, inputs.perPage, inputs.baseUrl, media])}\u0000${articles}`);
}

/**
 * The media an export's articles name as the key names them (`hash.ext`, the extension of the
 * stored type; `hash.` for one not stored), in a fixed order.
 */
export function mediaNames(stored: ReadonlyMap<string, string>, missing: Iterable<string>): string[] {
  return [...[...stored].map(([hash, ext]) => `${hash}.${ext}`), ...[...missing].map((hash) => `${hash}.`)].sort();
}

/**
 * What to report when the folder already holds what this export would write, or undefined
 * when it may not (then the export takes its full path).
 */
export async function nothingToDo(
  reader: SnapshotReader,
  cached: CachedExport,
  inputs: SiteInputs,
  /** articlesKey of the published articles out at `now` (made by the caller, who keeps it for the cache it saves). */
  articles: string,
  /** What the export's clock held back. */
  scheduled: ScheduleSummary,
): Promise<{ scheduled: ScheduleSummary; files: number } | undefined> {
  // The media named are those of the same articles: whether each is stored, and as what, is asked again.
  for (const name of cached.media) {
    const dot = name.indexOf('.');
    const mime = await reader.media.mimeOf(name.slice(0, dot));
    if ((mime === undefined ? '' : extensionFor(mime)) !== name.slice(dot + 1)) return undefined;
  }
  if (siteKey(articles, cached.media, inputs) !== cached.key) return undefined;
  if (!manifestIs(cached.outDir, cached.manifest)) return undefined;
  const paths = cached.paths();
  if (paths === undefined || !allThere(cached.outDir, paths)) return undefined;
  return { scheduled, files: paths.length };
}

/**
 * Whether the cache may be worth checking: the folder has a manifest and no unfinished
 * export (a first export into a folder emptied since reads nothing for the check).
 */
export function mayHold(cached: CachedExport): boolean {
  try {
    return lstatSync(join(cached.outDir, MANIFEST_NAME), { throwIfNoEntry: false })?.isFile() === true && lstatSync(join(cached.outDir, `${MANIFEST_NAME}.pending`), { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

/** True when the folder's manifest is the one the cache was made with, and no export was left unfinished. */
function manifestIs(outDir: string, hash: string): boolean {
  try {
    if (lstatSync(join(outDir, `${MANIFEST_NAME}.pending`), { throwIfNoEntry: false }) !== undefined) return false;
    return fastHash(readNoFollow(join(outDir, MANIFEST_NAME))) === hash;
  } catch {
    return false;
  }
}

/** Folders with at least this many of the files are listed once instead of looked up file by file. */
const LIST_FROM = 16;

/** True when every path is a regular file of the folder (not a link, not a folder). */
function allThere(outDir: string, paths: readonly string[]): boolean {
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    const dir = slash < 0 ? '' : p.slice(0, slash);
    const names = byDir.get(dir);
    if (names === undefined) byDir.set(dir, [p.slice(slash + 1)]);
    else names.push(p.slice(slash + 1));
  }
  for (const [dir, names] of byDir) {
    const abs = dir === '' ? outDir : `${outDir}${sep}${dir}`;
    if (names.length >= LIST_FROM) {
      const files = new Set<string>();
      try {
        for (const d of readdirSync(abs, { withFileTypes: true })) if (d.isFile()) files.add(d.name);
      } catch {
        return false;
      }
      for (const n of names) if (!files.has(n)) return false;
      continue;
    }
    for (const n of names) {
      try {
        if (lstatSync(`${abs}${sep}${n}`, { throwIfNoEntry: false })?.isFile() !== true) return false;
      } catch {
        return false;
      }
    }
  }
  return true;
}

/** A cache as read: its list of files is split and checked only when its key matched. */
export interface CachedExport extends Omit<ExportCache, 'paths'> {
  /** The files of the site, or undefined when the list is not as this code writes it. */
  paths(): string[] | undefined;
}

/**
 * The cache the last export of `outDir` left, or undefined when there is none, it is not as
 * this code writes it, or it was left for another folder. Its contents are checked again by
 * nothingToDo before anything is decided from them.
 */
export function readExportCache(outDir: string): CachedExport | undefined {
  let text: string;
  try {
    text = readNoFollow(exportCachePath(outDir)).toString('utf8');
  } catch {
    return undefined;
  }
  const first = text.indexOf('\n');
  const second = first < 0 ? -1 : text.indexOf('\n', first + 1);
  if (second < 0 || text.slice(0, first) !== CACHE_FORMAT || !text.endsWith('\n')) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(text.slice(first + 1, second));
  } catch {
    return undefined;
  }
  const h = head as (Partial<Omit<ExportCache, 'paths'>> & { list?: unknown }) | null;
  if (
    typeof h !== 'object' || h === null ||
    h.outDir !== resolve(outDir) ||
    typeof h.key !== 'string' || typeof h.manifest !== 'string' || typeof h.ours !== 'boolean' || h.list !== fastHash(text.slice(second + 1)) ||
    !Number.isSafeInteger(h.files) || !Number.isSafeInteger(h.pages) ||
    !Array.isArray(h.media) || !h.media.every((m) => typeof m === 'string' && /^[0-9a-f]{64}\.(?:[a-z0-9]{2,5})?$/.test(m))
  ) {
    return undefined;
  }
  const paths = (): string[] | undefined => {
    const list = second + 1 === text.length ? [] : text.slice(second + 1, -1).split('\n');
    // Only looked at, never written or removed; but a path of a cache is input like any other.
    return list.every(isSafeOutputPath) ? list : undefined;
  };
  return { outDir: h.outDir, key: h.key, manifest: h.manifest, ours: h.ours, files: h.files!, pages: h.pages!, media: h.media, paths };
}

/** Saves the cache for the next export (written beside and renamed over); failing that, none is left. */
export function saveExportCache(cache: ExportCache): void {
  const path = exportCachePath(cache.outDir);
  const { paths, ...head } = cache;
  const list = paths.length ? `${paths.join('\n')}\n` : '';
  // The list's hash in the head: a cache cut short or edited is refused, not trusted to list every file.
  const text = `${CACHE_FORMAT}\n${JSON.stringify({ ...head, list: fastHash(list) })}\n${list}`;
  // A cache folder that cannot be written leaves no cache (an old one would be stale); the export stands.
  if (!writeCacheFile(path, [Buffer.from(text, 'utf8')])) dropExportCache(cache.outDir);
}

/** Removes the cache of `outDir` (an export that changes the folder makes it stale). */
export function dropExportCache(outDir: string): void {
  try {
    unlinkSync(exportCachePath(outDir));
  } catch {
    // Not there: nothing to do. A stale one is refused by its manifest hash anyway.
  }
}
