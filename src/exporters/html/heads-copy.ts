// A re-export's copy of the published heads, so that the next one does not bring every head
// across from the store: it hands the store the ids and versions it holds, the store answers
// with the heads that changed or are new and the ids gone (SnapshotReader.
// publishedHeadsChanged), and the copy, patched, is exactly what a full read would give.
//
// Trusting "same id and version ⇒ same head" is no weaker than what the export already
// trusts: readSite re-reads an article in full only when its version changed and otherwise
// takes its fingerprint and media from the manifest (KnownArticles), which, like this copy, is
// kept per output folder. A version moves with any write to the row (migration 8: newsdesk's
// revision, the triggers' count of other programs' writes and of removals, updated_at,
// created_at). The copy is besides trusted only for the folder, the build of newsdesk and the
// store it was made for, and only when its checksum holds: anything else is today's full read.
import { unlinkSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join, resolve } from 'node:path';
import type { PublishedHead, SnapshotReader } from '../../store/store.js';
import { writeCacheFile } from './cache-file.js';
import { fastHash } from './hash.js';
import { cacheFolder, readNoFollow } from './search.js';

/** The file's first line: a copy of another layout is not read. */
const FORMAT = 'newsdesk heads copy 1';
/** Per head: id, section, published_at, updated_at (float64); slug, images, version (UTF-16 units), the four texts (bytes) (uint32). */
const NUMBERS = 4;
const LENGTHS = 7;

/** What a copy is valid for: the output folder (resolved), the code's fingerprint, the store's location. */
export interface CopyScope {
  outDir: string;
  code: string;
  store: string;
}

export function headsCopyPath(outDir: string): string {
  return join(cacheFolder(), 'site-export', `${fastHash(resolve(outDir))}.heads`);
}

interface CopyHead {
  outDir: string;
  code: string;
  store: string;
  count: number;
  strings: number;
  texts: number;
  crc: number;
}

/** The heads as bytes: a line naming the format, a line of JSON (scope, sizes, checksum), then the body. */
export function encodeHeads(scope: CopyScope, heads: readonly PublishedHead[]): Buffer[] {
  const n = heads.length;
  const numbers = new Float64Array(n * NUMBERS);
  const lengths = new Uint32Array(n * LENGTHS);
  const strings: string[] = [];
  const texts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const h = heads[i]!;
    numbers.set([h.id, h.sectionId, h.publishedAt, h.updatedAt], i * NUMBERS);
    lengths.set([h.slug.length, h.images.length, h.version.length, ...h.textLengths], i * LENGTHS);
    strings.push(h.slug, h.images, h.version);
    texts.push(h.texts);
  }
  const stringBytes = Buffer.from(strings.join(''), 'utf8');
  const body = [Buffer.from(numbers.buffer), Buffer.from(lengths.buffer), stringBytes, ...texts];
  let crc = 0;
  let textBytes = 0;
  for (const b of body) crc = crc32(b, crc);
  for (const t of texts) textBytes += t.length;
  const head: CopyHead = { ...scope, count: n, strings: stringBytes.length, texts: textBytes, crc };
  return [Buffer.from(`${FORMAT}\n${JSON.stringify(head)}\n`, 'utf8'), ...body];
}

/**
 * The heads of a copy's bytes, or undefined when they are not a whole copy made for `scope`
 * by this code. Texts are views into `bytes`, strings slices of one decoded string.
 */
export function decodeHeads(bytes: Buffer, scope: CopyScope): PublishedHead[] | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0 || bytes.toString('latin1', 0, first) !== FORMAT) return undefined;
  let head: Partial<CopyHead>;
  try {
    head = JSON.parse(bytes.toString('utf8', first + 1, second)) as Partial<CopyHead>;
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || head.outDir !== scope.outDir || head.code !== scope.code || head.store !== scope.store) return undefined;
  const { count: n, strings, texts, crc } = head;
  if (!isCount(n) || !isCount(strings) || !isCount(texts) || !isCount(crc)) return undefined;
  const at = second + 1;
  const stringsAt = at + n * 8 * NUMBERS + n * 4 * LENGTHS;
  const textsAt = stringsAt + strings;
  if (bytes.length !== textsAt + texts || crc32(bytes.subarray(at)) !== crc) return undefined;
  // Copied out: the body's offset in the file is not aligned for typed arrays.
  const numbers = new Float64Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + n * 8 * NUMBERS));
  const lengths = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + at + n * 8 * NUMBERS, bytes.byteOffset + stringsAt));
  const text = bytes.toString('utf8', stringsAt, textsAt);
  const heads: PublishedHead[] = new Array<PublishedHead>(n);
  let s = 0;
  let t = textsAt;
  for (let i = 0; i < n; i++) {
    const l = i * LENGTHS;
    const slugEnd = s + lengths[l]!;
    const imagesEnd = slugEnd + lengths[l + 1]!;
    const versionEnd = imagesEnd + lengths[l + 2]!;
    const textLengths: [number, number, number, number] = [lengths[l + 3]!, lengths[l + 4]!, lengths[l + 5]!, lengths[l + 6]!];
    const textEnd = t + textLengths[0] + textLengths[1] + textLengths[2] + textLengths[3];
    if (versionEnd > text.length || textEnd > bytes.length) return undefined;
    const k = i * NUMBERS;
    heads[i] = {
      id: numbers[k]!,
      slug: text.slice(s, slugEnd),
      sectionId: numbers[k + 1]!,
      publishedAt: numbers[k + 2]!,
      updatedAt: numbers[k + 3]!,
      images: text.slice(slugEnd, imagesEnd),
      version: text.slice(imagesEnd, versionEnd),
      texts: bytes.subarray(t, textEnd),
      textLengths,
    };
    s = versionEnd;
    t = textEnd;
  }
  return s === text.length && t === bytes.length ? heads : undefined;
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

/** The copy of `scope.outDir`'s heads, or undefined (none, another's, damaged, cut short). */
export function readHeadsCopy(scope: CopyScope): PublishedHead[] | undefined {
  let bytes: Buffer;
  try {
    bytes = readNoFollow(headsCopyPath(scope.outDir));
  } catch {
    return undefined;
  }
  return decodeHeads(bytes, scope);
}

/** Saves the copy (beside, then renamed over); when it cannot be written, no copy is left. */
export function saveHeadsCopy(scope: CopyScope, heads: readonly PublishedHead[]): void {
  if (!writeCacheFile(headsCopyPath(scope.outDir), encodeHeads(scope, heads))) dropHeadsCopy(scope.outDir);
}

export function dropHeadsCopy(outDir: string): void {
  try {
    unlinkSync(headsCopyPath(outDir));
  } catch {
    // Not there.
  }
}

/**
 * The copy patched with what changed: the ids gone and the changed heads out, the changed
 * heads put in at their place (newest first: published_at, then id, both descending, the
 * order of a full read, as list_at is published_at for a published article).
 */
export function patchHeads(copy: readonly PublishedHead[], changed: readonly PublishedHead[], gone: readonly number[]): PublishedHead[] {
  if (changed.length === 0 && gone.length === 0) return copy as PublishedHead[];
  const out = new Set<number>(gone);
  for (const h of changed) out.add(h.id);
  const kept = copy.filter((h) => !out.has(h.id));
  const added = [...changed].sort(newestFirst);
  const merged: PublishedHead[] = [];
  let i = 0;
  for (const h of added) {
    while (i < kept.length && newestFirst(kept[i]!, h) < 0) merged.push(kept[i++]!);
    merged.push(h);
  }
  while (i < kept.length) merged.push(kept[i++]!);
  return merged;
}

function newestFirst(a: PublishedHead, b: PublishedHead): number {
  return b.publishedAt - a.publishedAt || b.id - a.id;
}

/**
 * The published heads as a full read would give them: from the copy patched with what the
 * store says changed when there is a copy for `scope`, else read in full. A copy is saved
 * when what was read differs from it.
 */
export async function currentHeads(reader: SnapshotReader, scope: CopyScope): Promise<PublishedHead[]> {
  const copy = readHeadsCopy(scope);
  if (copy !== undefined) {
    const { changed, gone } = await reader.publishedHeadsChanged(copy.map((h) => h.id), copy.map((h) => h.version));
    const heads = patchHeads(copy, changed, gone);
    if (heads !== copy) saveHeadsCopy(scope, heads);
    return heads;
  }
  const heads: PublishedHead[] = [];
  for await (const batch of reader.publishedHeads()) for (const h of batch) heads.push(h);
  saveHeadsCopy(scope, heads);
  return heads;
}
