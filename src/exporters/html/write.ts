// The only module of the HTML export that touches the filesystem. It keeps a manifest of the
// files it wrote (path → content hash and input fingerprint), writes a file only when its
// content changed, removes the files it wrote before that no longer belong, and never
// touches a file it did not write. Every path is checked to lie inside the output folder,
// and no write follows a symbolic link out of it.
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { ConflictError, IOError } from '../../core/errors.js';
import { fastHash } from './hash.js';
import { patchedManifest } from './manifest-patch.js';
import { isLockName } from './folder-lock.js';
import { isSafeOutputPath, MANIFEST_NAME } from './routes.js';
import { english } from '../../i18n/issues.js';

/** Files an unfinished export may have written (see claim). */
const PENDING_NAME = `${MANIFEST_NAME}.pending`;

export interface ManifestEntry {
  /** Hash of the content (fastHash for text, the sha-256 name for media), when computed. */
  h?: string;
  /** Fingerprint of the inputs the file was made from, when known. */
  k?: string;
}

export interface Manifest {
  generator: 'newsdesk';
  kind: 'html';
  version: 1;
  files: Record<string, ManifestEntry>;
  /**
   * What the export knew of the portal's articles (source.ts KnownArticles), by id:
   * [version, fingerprint, stored media the body names…].
   */
  articles?: Record<string, string[]>;
}

/** What a manifest says of the articles it was made from (untrusted: read from the folder). */
export interface ManifestArticles {
  byId: Map<number, { version: string; hash: string; bodyMedia: string[] }>;
}

export interface WriterOptions {
  force: boolean;
  clean: boolean;
  /** fastHash of the manifest the last export wrote (the re-export cache's): when the folder's is that text, it is patched rather than written anew. */
  written?: string | undefined;
}

export interface WriteStats {
  written: number;
  unchanged: number;
  removed: number;
}

export function contentHash(content: string | Uint8Array): string {
  return fastHash(content);
}

/** Lookups in one folder after which it is listed instead of stat'ed file by file. */
const LIST_AFTER = 16;

const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function ioError(err: unknown, abs: string, verb: string): IOError {
  if (err instanceof IOError) return err;
  if (code(err) === 'ELOOP') return new IOError(english('issue.symlink', { path: abs }));
  const write = verb === 'write';
  if (code(err) === 'EISDIR') return new IOError(english(write ? 'issue.writeFolderInWay' : 'issue.createFolderFolderInWay', { path: abs }), english('issue.moveAwayHint'));
  return new IOError(english(write ? 'issue.cannotWritePath' : 'issue.cannotCreateFolderPath', { path: abs, reason: code(err) ?? (err as Error).message }));
}

/** What a thread writing a page for the SiteWriter needs to know (see SiteWriter.delegate). */
export interface Delegated {
  abs: string;
  /** The output folder, and the path's folder below it (to make). */
  outDir: string;
  dir: string;
  /** The content hash the previous export recorded ('' when none), when there was one. */
  oldHash?: string;
  /** The file is still there (asked only when there was a previous one). */
  exists?: boolean;
}

export interface DelegatedOutcome {
  written: boolean;
  hash?: string;
}

/**
 * put()'s decision and write for a page whose folders exist: the content is hashed only when
 * a previous export wrote the file, and left alone when it holds the same bytes.
 */
export function writeDelegated(target: Delegated, content: string, folders: Set<string>): DelegatedOutcome {
  if (target.oldHash === undefined) {
    ensureFolders(target.outDir, target.dir, folders);
    writeFileAt(target.abs, content);
    return { written: true };
  }
  // Encoded once, for the hash and the write.
  const bytes = utf8Of(content);
  const hash = contentHash(bytes);
  if (target.oldHash === hash && target.exists === true) return { written: false, hash };
  ensureFolders(target.outDir, target.dir, folders);
  writeFileAt(target.abs, bytes);
  return { written: true, hash };
}

/**
 * Creates the folders `rel` below `outDir` (those not in `made`, which learns them), refusing
 * any that is a link or a file. Safe to race with another thread making the same folder.
 */
export function ensureFolders(outDir: string, rel: string, made: Set<string>): void {
  if (rel === '.' || rel === '' || made.has(rel)) return;
  ensureFolders(outDir, dirname(rel), made);
  const abs = join(outDir, rel);
  // Looked at first: a re-export's folders are there, and a failed mkdir costs an exception.
  let st: Stats | undefined;
  try {
    st = lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    st = undefined; // a file on the way: mkdir says so below
  }
  if (st === undefined) {
    try {
      mkdirSync(abs);
    } catch (err) {
      if (code(err) !== 'EEXIST') throw ioError(err, abs, 'create the folder');
      st = lstatSync(abs);
    }
  }
  if (st !== undefined) {
    if (st.isSymbolicLink()) throw new IOError(english('issue.symlink', { path: abs }), english('issue.moveAwayHint'));
    if (!st.isDirectory()) throw new IOError(english('issue.fileInWay', { path: abs }), english('issue.moveAwayHint'));
  }
  made.add(rel);
}

/** Writes a whole file with plain open/write/close, never through a symbolic link. */
export function writeFileAt(abs: string, content: string | Uint8Array): void {
  let fd: number;
  try {
    fd = openSync(abs, WRITE_FLAGS, 0o644);
  } catch (err) {
    throw ioError(err, abs, 'write');
  }
  try {
    const buf = typeof content === 'string' ? utf8Of(content) : content;
    let off = 0;
    while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
  } catch (err) {
    throw ioError(err, abs, 'write');
  } finally {
    closeSync(fd);
  }
}

/** Pages up to this many UTF-16 units are encoded into one reused buffer (three bytes each at most). */
const SCRATCH_UNITS = 1 << 20;
const encoder = new TextEncoder();
let scratch = new Uint8Array(0);

/**
 * The UTF-8 bytes of `content`, valid until the next call: a page's bytes go to its file from
 * one buffer reused for every page, instead of a new Buffer per page for the GC to collect.
 */
function utf8Of(content: string): Uint8Array {
  if (content.length > SCRATCH_UNITS) return Buffer.from(content, 'utf8');
  if (scratch.length < content.length * 3) scratch = new Uint8Array(Math.max(content.length * 3, 64 << 10));
  const { written } = encoder.encodeInto(content, scratch);
  return scratch.subarray(0, written);
}

export class SiteWriter {
  readonly outDir: string;
  private readonly previous: Map<string, ManifestEntry>;
  private readonly next = new Map<string, ManifestEntry>();
  private readonly dirs = new Set<string>();
  /** Regular files of the folders listed so far (null: could not be listed), by folder. */
  private readonly listings = new Map<string, Set<string> | null>();
  /** How often a folder's files were looked up, until it is listed. */
  private readonly lookups = new Map<string, number>();
  private readonly clean: boolean;
  private readonly previousArticles: ManifestArticles | undefined;
  private nextArticles: ManifestArticles | undefined;
  /** The manifest must be saved: something was written, removed, or learnt. */
  private dirty = false;
  /** The manifest as last read or written (its hash is made only when asked: manifestHash). */
  private manifestText: string | undefined;
  /** The manifest read is the text this code wrote (WriterOptions.written): saved by patching it. */
  private patchable = false;
  /** The manifest the folder holds is this code's writing: read as patchable and kept, or written here. */
  private ours = false;
  readonly stats: WriteStats = { written: 0, unchanged: 0, removed: 0 };

  private constructor(outDir: string, previous: Map<string, ManifestEntry>, clean: boolean, articles: ManifestArticles | undefined) {
    this.outDir = outDir;
    this.previous = previous;
    this.clean = clean;
    this.previousArticles = clean ? undefined : articles;
  }

  /** What the previous export knew of the portal's articles (none with `clean`). */
  knownArticles(): ManifestArticles | undefined {
    return this.previousArticles;
  }

  /** Records what this export knows of the articles; `learnt`: something in it is new. */
  recordArticles(articles: ManifestArticles, learnt: boolean): void {
    this.nextArticles = articles;
    if (learnt || this.previousArticles === undefined || this.previousArticles.byId.size !== articles.byId.size) this.dirty = true;
  }

  /**
   * Opens (or creates) the output folder. Refuses a path that is a file, and a folder that
   * holds files but no manifest of ours unless `force`.
   */
  static open(outDir: string, opts: WriterOptions): SiteWriter {
    const dir = resolve(outDir);
    let st;
    try {
      st = statSync(dir);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw new IOError(english('issue.cannotUse', { path: dir, reason: code(err) ?? (err as Error).message }));
    }
    if (st && !st.isDirectory()) throw new IOError(english('issue.outIsFile', { path: dir }), english('issue.outIsFileHint'));
    if (!st) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new IOError(english('issue.cannotCreate', { path: dir, reason: code(err) ?? (err as Error).message }));
      }
    }
    const previous = readManifest(dir, opts.force);
    const writer = new SiteWriter(dir, previous?.files ?? new Map(), opts.clean, previous?.articles);
    writer.manifestText = previous?.text;
    writer.patchable = previous?.text !== undefined && opts.written !== undefined && !opts.clean && fastHash(previous.text) === opts.written;
    writer.ours = writer.patchable;
    // Claim the folder at once, so an interrupted first export is not refused next time.
    if (previous === undefined) writer.saveManifest(new Map());
    return writer;
  }

  /**
   * Keeps a file untouched when the previous export made it from the same inputs and it is
   * still there: the caller can then skip rendering it.
   */
  keepIfFresh(path: string, key: string): boolean {
    if (this.clean) return false;
    const old = this.previous.get(path);
    if (old === undefined || old.k !== key || !this.exists(path)) return false;
    this.next.set(path, old);
    this.stats.unchanged++;
    return true;
  }

  /** Whether `path` holds, as the last export wrote it, the content named by `hash`: put would not write it. */
  holds(path: string, hash: string): boolean {
    return !this.clean && this.previous.get(path)?.h === hash && this.exists(path);
  }

  /** The input fingerprint the previous export recorded for `path` (read from the folder: untrusted). */
  previousKey(path: string): string | undefined {
    return this.clean ? undefined : this.previous.get(path)?.k;
  }

  /**
   * Writes `content` to `path` unless the file already holds exactly that. Returns true when
   * written. `hash` may be given when the content is already named by one (media, or content
   * made on demand by a function).
   * Synchronous on purpose: measured here, plain open/write/close beats promise-based writes
   * through the thread pool several times over (threads queue on the same folder's lock).
   */
  put(path: string, given: string | Uint8Array | (() => string | Uint8Array), key?: string, hash?: string): boolean {
    const abs = this.absolute(path);
    if (this.next.has(path)) throw new IOError(english('issue.writtenTwice', { path }));
    const old = this.clean ? undefined : this.previous.get(path);
    // Content given as a function is made only when it is written (with `hash` naming it).
    let made: string | Uint8Array | undefined;
    const content = (): string | Uint8Array => (made ??= typeof given === 'function' ? given() : given);
    // The content is hashed only when there is something to compare it with (a file written
    // before) or nothing else to know it by; a first export of a page just writes it.
    const h = hash ?? (old !== undefined || key === undefined ? contentHash(content()) : undefined);
    const entry: ManifestEntry = {};
    if (h !== undefined) entry.h = h;
    if (key !== undefined) entry.k = key;
    if (old !== undefined && h !== undefined && old.h === h && this.exists(path)) {
      const same = old.k === key;
      this.next.set(path, same ? old : entry);
      if (!same) this.dirty = true;
      this.stats.unchanged++;
      return false;
    }
    this.ensureDir(dirname(path));
    writeFileAt(abs, content());
    this.next.set(path, entry);
    this.dirty = true;
    this.stats.written++;
    return true;
  }

  /**
   * For a page rendered and written by another thread (parallel.ts): the checks put() makes
   * before writing, done here, where the manifest and the listings are. The other thread then
   * makes the page's folders (ensureFolders: the many one-page folders of pagers are system
   * work better spread) and does what `writeDelegated` says.
   */
  delegate(path: string): Delegated {
    const abs = this.absolute(path);
    if (this.next.has(path)) throw new IOError(`${path} was written twice in one export`);
    const old = this.clean ? undefined : this.previous.get(path);
    // Reserved at once: a second claim of the path fails as in put().
    this.next.set(path, {});
    const target: Delegated = { abs, outDir: this.outDir, dir: dirname(path) };
    if (old === undefined) return target;
    return { ...target, oldHash: old.h ?? '', exists: this.exists(path) };
  }

  /** Records the outcome of a delegated page, as put() would have recorded it. */
  settle(path: string, key: string, outcome: DelegatedOutcome): void {
    const entry: ManifestEntry = {};
    if (outcome.hash !== undefined) entry.h = outcome.hash;
    entry.k = key;
    if (!outcome.written) {
      const old = this.previous.get(path)!;
      const same = old.k === key;
      this.next.set(path, same ? old : entry);
      if (!same) this.dirty = true;
      this.stats.unchanged++;
      return;
    }
    this.next.set(path, entry);
    this.dirty = true;
    this.stats.written++;
  }

  /**
   * Called once the keep-or-write decisions are made, before the first write: lists, beside
   * the manifest, every file this export may now write. The next export trusts none of them
   * until a manifest says otherwise, so an export killed halfway leaves no file unknown to
   * the next one, and none that the next one would wrongly keep. The list is as long as the
   * change, not as the site.
   */
  claim(pending: readonly string[]): void {
    if (pending.length === 0) return;
    const target = join(this.outDir, PENDING_NAME);
    try {
      const fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0), 0o644);
      try {
        writeSync(fd, `${pending.map((p) => JSON.stringify(p)).join('\n')}\n`);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw ioError(err, target, 'write');
    }
    this.dirty = true;
  }

  /** Removes what the previous export wrote and this one did not, then saves the manifest. */
  finish(): WriteStats {
    for (const path of this.previous.keys()) {
      if (this.next.has(path)) continue;
      this.dirty = true;
      this.remove(path);
    }
    // A re-export that changed nothing leaves the manifest alone too.
    if (this.dirty) {
      this.saveManifest(this.next, this.nextArticles);
      rmSync(join(this.outDir, PENDING_NAME), { force: true });
    }
    return { ...this.stats };
  }

  /** After finish: the hash of the manifest's bytes as the folder now holds them (export-cache.ts). */
  manifestHash(): string | undefined {
    return this.manifestText === undefined ? undefined : fastHash(this.manifestText);
  }

  /**
   * After finish: whether the manifest's bytes are this code's writing, so that the next export
   * may patch them. A manifest read and left alone may have been edited by hand (its fields
   * reordered, an entry repeated): patching such a text could keep a stale entry.
   */
  manifestIsOurs(): boolean {
    return this.ours;
  }

  /** After finish: the files of the site, as the manifest names them. */
  files(): string[] {
    return [...this.next.keys()];
  }

  private remove(path: string): void {
    if (!isSafeOutputPath(path)) return;
    // A folder on the way replaced by a link would make the removal land outside the site.
    if (this.linkOnTheWay(path)) return;
    const abs = join(this.outDir, path);
    try {
      const st = lstatSync(abs);
      if (st.isDirectory()) return;
      unlinkSync(abs);
      this.stats.removed++;
    } catch (err) {
      if (code(err) !== 'ENOENT') throw new IOError(english('issue.cannotRemove', { path: abs, reason: code(err) ?? (err as Error).message }));
    }
    // Folders left empty by the removal go too (never one that still holds anything).
    for (let d = dirname(path); d !== '.' && d !== ''; d = dirname(d)) {
      try {
        rmdirSync(join(this.outDir, d));
      } catch {
        break;
      }
    }
  }

  /** True when a folder of `path` below the output folder is not a real folder (a link, say). */
  private linkOnTheWay(path: string): boolean {
    for (let d = dirname(path); d !== '.' && d !== ''; d = dirname(d)) {
      try {
        if (!lstatSync(join(this.outDir, d)).isDirectory()) return true;
      } catch {
        return true; // gone: nothing to remove below it
      }
    }
    return false;
  }

  /** True when `path` is a regular file (not a link, not a folder). */
  private exists(path: string): boolean {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      // A folder asked about often is listed once (one readdir for thousands of articles
      // beats a stat each); one that holds a single page (page/N/) is not worth it.
      const n = (this.lookups.get(dir) ?? 0) + 1;
      this.lookups.set(dir, n);
      if (n < LIST_AFTER) return this.isFile(path);
      listing = this.list(dir);
      this.listings.set(dir, listing);
    }
    return listing === null ? this.isFile(path) : listing.has(path.slice(slash + 1));
  }

  private isFile(path: string): boolean {
    try {
      // Asked of planned paths (checked routes) thousands of times: joined without normalising.
      return lstatSync(`${this.outDir}${sep}${path}`, { throwIfNoEntry: false })?.isFile() === true;
    } catch {
      return false;
    }
  }

  /** The names of the regular files in a folder (none when it is missing), else null. */
  private list(dir: string): Set<string> | null {
    const names = new Set<string>();
    try {
      // Entry types as lstat would say: a link to a file is not a file here either.
      for (const d of readdirSync(join(this.outDir, dir), { withFileTypes: true })) if (d.isFile()) names.add(d.name);
    } catch (err) {
      if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') return null;
    }
    return names;
  }

  private absolute(path: string): string {
    if (!isSafeOutputPath(path)) throw new IOError(english('issue.outsideOut', { path: JSON.stringify(path) }));
    const abs = join(this.outDir, path);
    if (!abs.startsWith(this.outDir + sep)) throw new IOError(english('issue.outsideOut', { path: JSON.stringify(path) }));
    return abs;
  }

  /** Creates the folders of a path (once each), refusing any that is a link or a file. */
  private ensureDir(rel: string): void {
    ensureFolders(this.outDir, rel, this.dirs);
  }

  private manifestOf(files: Map<string, ManifestEntry>, articles?: ManifestArticles): Manifest {
    const manifest: Manifest = { generator: 'newsdesk', kind: 'html', version: 1, files: {} };
    for (const p of [...files.keys()].sort()) manifest.files[p] = files.get(p)!;
    if (articles !== undefined) {
      // Ids as keys: listed in ascending order whatever the order they were read in.
      const known: Record<string, string[]> = {};
      for (const [id, a] of articles.byId) known[id] = [a.version, a.hash, ...a.bodyMedia];
      manifest.articles = known;
    }
    return manifest;
  }

  /**
   * The manifest as the text read with the entries that changed replaced (manifest-patch.ts),
   * when that text is this code's, and the files and articles are the same ones; else undefined.
   */
  private patched(files: Map<string, ManifestEntry>, articles?: ManifestArticles): string | undefined {
    const text = this.manifestText;
    const before = this.previousArticles;
    if (!this.patchable || text === undefined || articles === undefined || before === undefined) return undefined;
    if (files.size !== this.previous.size || articles.byId.size !== before.byId.size) return undefined;
    const changedFiles: Array<[string, ManifestEntry]> = [];
    for (const [path, e] of files) {
      const old = this.previous.get(path);
      if (old === undefined) return undefined;
      if (old !== e && (old.h !== e.h || old.k !== e.k)) changedFiles.push([path, e]);
    }
    const changedArticles: Array<[number, string[]]> = [];
    for (const [id, a] of articles.byId) {
      const old = before.byId.get(id);
      // Ids past an array index are not listed in ascending order by JSON.stringify.
      if (old === undefined || id < 0 || id >= 4294967295) return undefined;
      if (old !== a && (old.version !== a.version || old.hash !== a.hash || old.bodyMedia.join() !== a.bodyMedia.join())) changedArticles.push([id, [a.version, a.hash, ...a.bodyMedia]]);
    }
    changedFiles.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    changedArticles.sort(([x], [y]) => x - y);
    return patchedManifest(text, changedFiles, changedArticles);
  }

  private saveManifest(files: Map<string, ManifestEntry>, articles?: ManifestArticles): void {
    const target = join(this.outDir, MANIFEST_NAME);
    const tmp = `${target}.tmp`;
    try {
      // Written beside and renamed over: a crash leaves the old manifest or the new one.
      const fd = openSync(tmp, WRITE_FLAGS, 0o644);
      const patched = this.patched(files, articles);
      this.manifestText = undefined;
      this.patchable = false;
      const text = patched ?? `${JSON.stringify(this.manifestOf(files, articles))}\n`;
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
      this.manifestText = text;
      this.ours = true;
    } catch (err) {
      throw new IOError(english('issue.cannotWriteManifest', { path: target, reason: code(err) ?? (err as Error).message }));
    }
  }
}

/**
 * The previous export's files, or undefined for a folder that has none (empty, or forced).
 * A folder with other files and no manifest is refused unless `force`.
 */
function readManifest(dir: string, force: boolean): { files: Map<string, ManifestEntry>; articles: ManifestArticles | undefined; text: string | undefined } | undefined {
  const path = join(dir, MANIFEST_NAME);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (code(err) !== 'ENOENT') throw new IOError(english('issue.cannotReadColon', { path, reason: code(err) ?? (err as Error).message }));
  }
  if (text === undefined) {
    const entries = readdirSync(dir).filter((n) => n !== `${MANIFEST_NAME}.tmp` && n !== PENDING_NAME && !isLockName(n));
    if (entries.length > 0 && !force) {
      throw new ConflictError(
        english('issue.notEmptyOut', { path: dir }),
        english('issue.notEmptyOutHint'),
      );
    }
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const files = manifestFiles(value);
  if (files === undefined) {
    if (!force) throw new ConflictError(english('issue.notManifest', { path, dir }), english('issue.notManifestHint'));
    return undefined;
  }
  // An export was interrupted: what it may have written is ours, and not to be trusted.
  let pending = '';
  try {
    pending = readFileSync(join(dir, PENDING_NAME), 'utf8');
  } catch (err) {
    if (code(err) !== 'ENOENT') throw new IOError(english('issue.cannotReadColon', { path: join(dir, PENDING_NAME), reason: code(err) ?? (err as Error).message }));
  }
  for (const line of pending.split('\n')) {
    let p: unknown;
    try {
      p = JSON.parse(line);
    } catch {
      continue; // a line cut short by the interruption
    }
    if (typeof p === 'string' && isSafeOutputPath(p)) files.set(p, {});
  }
  // The text stands for the folder only when no export was left unfinished.
  return { files, articles: manifestArticles(value), text: pending === '' ? text : undefined };
}

const KNOWN_HASH = /^[A-Za-z0-9_-]{1,64}$/;
const MEDIA_HASH = /^[0-9a-f]{64}$/;

/**
 * The articles a manifest knows, or undefined when it names none or any entry is not as an
 * export writes it (then every article is read again: a doctored manifest cannot name a path).
 */
export function manifestArticles(v: unknown): ManifestArticles | undefined {
  const known = (v as Partial<Manifest> | null)?.articles as Record<string, unknown> | undefined;
  if (typeof known !== 'object' || known === null || Array.isArray(known)) return undefined;
  const byId = new Map<number, { version: string; hash: string; bodyMedia: string[] }>();
  for (const key in known) {
    const e = known[key];
    const id = Number(key);
    if (!Number.isSafeInteger(id) || !Array.isArray(e) || e.length < 2) return undefined;
    const [version, hash, ...bodyMedia] = e as unknown[];
    if (typeof version !== 'string' || typeof hash !== 'string' || !KNOWN_HASH.test(hash)) return undefined;
    for (const m of bodyMedia) if (typeof m !== 'string' || !MEDIA_HASH.test(m)) return undefined;
    byId.set(id, { version, hash, bodyMedia: bodyMedia as string[] });
  }
  return { byId };
}

export function parseManifest(text: string): Map<string, ManifestEntry> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return manifestFiles(v);
}

function manifestFiles(v: unknown): Map<string, ManifestEntry> | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Partial<Manifest>;
  if (m.generator !== 'newsdesk' || m.kind !== 'html' || typeof m.files !== 'object' || m.files === null) return undefined;
  const out = new Map<string, ManifestEntry>();
  const files = m.files as Record<string, unknown>;
  // for-in and object literals: a manifest has an entry per file, and this is measurably
  // cheaper than Object.entries and entries built field by field.
  for (const p in files) {
    const e = files[p];
    // A manifest is input like any other: only safe paths count, so a doctored one cannot
    // make us delete anything outside the folder.
    if (typeof e !== 'object' || e === null || !isSafeOutputPath(p)) continue;
    const { h, k } = e as { h?: unknown; k?: unknown };
    out.set(p, typeof h === 'string' ? (typeof k === 'string' ? { h, k } : { h }) : typeof k === 'string' ? { k } : {});
  }
  return out;
}
