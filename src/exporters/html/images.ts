// Images for readers on slow phones: at export, each stored image gets right-sized copies for
// where it is shown (4:3 crops for list thumbnails and the photo library, the article's width
// for figures) in WebP with the original's family (JPEG or PNG) as fallback, and a full-size
// copy for "view full size". Made with sharp (libvips), EXIF orientation applied and every
// metadata block left out, so no exported file carries a phone's GPS position; the database
// keeps the upload as it came.
//
// The output folder is the cache: every file is named by the image's content hash and its
// size, and the manifest remembers what it was made from, so a re-export makes only what is
// missing (and reads no image at all when nothing is). A corrupt, truncated or hostile image
// (a decompression bomb, huge dimensions) never stops the export: it is left out and reported.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Sharp, SharpOptions } from 'sharp';
import { FOLDERS } from './routes.js';

/** Bump when the files made for an image change (sizes, formats, quality). */
export const IMAGE_PIPELINE = 'img1';

/** Images of more pixels are refused (100 MP is more than any phone camera makes). */
export const MAX_INPUT_PIXELS = 100_000_000;

/**
 * Decoded pixels the jobs running at once may hold: about 150 MB of RGB. A job takes its
 * share before decoding and gives it back when its files are made; one job alone may take
 * more (an image of up to MAX_INPUT_PIXELS), so every image is made, one at a time if need be.
 */
export const PIXEL_BUDGET = 48_000_000;

/** At most this many images in work at once, whatever the number of cores (each holds its stored bytes and buffers). */
const MAX_WORKERS = 4;

/** Widths of the 4:3 crops (list thumbnails, photo strip, photo library). */
const CROP_WIDTHS = [240, 480] as const;
/** Widths of the article figures (the body column is at most 46rem). */
const FIT_WIDTHS = [480, 960] as const;

export type Fallback = 'jpg' | 'png';

/** What the export knows of a stored image once read: its size as shown (orientation applied). */
export interface ImageInfo {
  hash: string;
  /** Extension of the stored type: the full-size copy's. */
  ext: string;
  width: number;
  height: number;
  fallback: Fallback;
}

export interface Rendition {
  path: string;
  width: number;
  height: number;
  format: 'webp' | Fallback;
  shape: 'crop' | 'fit';
}

/** The copies of one image a page can use: WebP candidates ascending, and one fallback. */
export interface RenditionSet {
  webp: Rendition[];
  fallback: Rendition;
}

export interface ImageRenditions {
  crop: RenditionSet;
  fit: RenditionSet;
}

export function fullSizePath(hash: string, ext: string): string {
  return `${FOLDERS.media}/${hash}.${ext}`;
}

function renditionPath(hash: string, shape: 'crop' | 'fit', target: number, format: string): string {
  return `${FOLDERS.images}/${hash}-${shape === 'crop' ? 'c' : 'w'}${target}.${format}`;
}

function cropSize(info: ImageInfo, target: number): [number, number] {
  const w = Math.max(1, Math.min(target, info.width, Math.floor((info.height * 4) / 3)));
  return [w, Math.max(1, Math.round((w * 3) / 4))];
}

function fitSize(info: ImageInfo, target: number): [number, number] {
  const w = Math.min(target, info.width);
  return [w, Math.max(1, Math.round((info.height * w) / info.width))];
}

function renditionSet(info: ImageInfo, shape: 'crop' | 'fit', targets: readonly number[]): RenditionSet {
  const size = shape === 'crop' ? cropSize : fitSize;
  const webp: Rendition[] = [];
  for (const t of targets) {
    const [width, height] = size(info, t);
    // A small image gives the same size for several targets: made once.
    if (webp.some((r) => r.width === width)) continue;
    webp.push({ path: renditionPath(info.hash, shape, t, 'webp'), width, height, format: 'webp', shape });
  }
  const largest = targets[targets.length - 1]!;
  const [width, height] = size(info, largest);
  return { webp, fallback: { path: renditionPath(info.hash, shape, largest, info.fallback), width, height, format: info.fallback, shape } };
}

/** Every copy made of an image besides the full-size one. */
export function renditionsOf(info: ImageInfo): ImageRenditions {
  return { crop: renditionSet(info, 'crop', CROP_WIDTHS), fit: renditionSet(info, 'fit', FIT_WIDTHS) };
}

function allRenditions(info: ImageInfo): Rendition[] {
  const r = renditionsOf(info);
  return [...r.crop.webp, r.crop.fallback, ...r.fit.webp, r.fit.fallback];
}

/** The manifest key of a made file: the pipeline and the image's shown size. */
function keyOf(info: ImageInfo): string {
  return `${IMAGE_PIPELINE}:${info.width}x${info.height}:${info.fallback}`;
}

const KEY = /^img1:([1-9]\d{0,5})x([1-9]\d{0,5}):(jpg|png)$/;

/** The image's size from the key its full-size copy was recorded under (untrusted: checked). */
function infoFromKey(hash: string, ext: string, key: string | undefined): ImageInfo | undefined {
  const m = key === undefined ? null : KEY.exec(key);
  if (!m) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width * height > MAX_INPUT_PIXELS) return undefined;
  return { hash, ext, width, height, fallback: m[3] as Fallback };
}

/** What the image work needs of the export: the stored bytes and the output folder. */
export interface ImageIO {
  /** The stored bytes of an image, or undefined when the database lacks them. */
  read(hash: string): Promise<Uint8Array | undefined>;
  /** The key the previous export recorded for a file it made. */
  previousKey(path: string): string | undefined;
  keepIfFresh(path: string, key: string): boolean;
  claim(paths: readonly string[]): void;
  put(path: string, content: Uint8Array, key: string): void;
}

export interface ImageResult {
  /** Images the pages may show, by hash. */
  images: Map<string, ImageInfo>;
  /** Images left out, by hash, with the reason. */
  failed: Map<string, string>;
  /** Files made (encoded) by this export. */
  made: number;
  /** Files of the site that belong to images: full-size copies and their renditions. */
  files: number;
  /** Images read from the database and decoded. */
  decoded: number;
  ms: number;
  /** Set when sharp could not be loaded: images are then copied as stored. */
  unavailable?: string;
}

interface Job {
  hash: string;
  ext: string;
  /** Known from the previous export: only `stale` must be made. */
  info?: ImageInfo;
  stale?: Rendition[];
  fullStale?: boolean;
}

type SharpFactory = (input: Uint8Array, options?: SharpOptions) => Sharp;
let sharpModule: { sharp: SharpFactory } | { error: string } | undefined;

async function loadSharp(): Promise<{ sharp: SharpFactory } | { error: string }> {
  if (sharpModule) return sharpModule;
  try {
    const mod = (await import('sharp')).default;
    // Images are made in parallel, one per core: one libvips thread each.
    mod.concurrency(1);
    // Each image is used once per export: a cache would only hold memory.
    mod.cache(false);
    sharpModule = { sharp: mod as unknown as SharpFactory };
  } catch (err) {
    sharpModule = { error: firstLine(err) };
  }
  return sharpModule;
}

function firstLine(err: unknown): string {
  const s = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

// Read in one pass where the pipeline allows: a full-size copy then streams, not held whole.
const INPUT: SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning', sequentialRead: true };

/** Reads an image's header: its shown size, or why it cannot be used. */
async function probe(sharp: SharpFactory, hash: string, ext: string, data: Uint8Array): Promise<{ info: ImageInfo; clean: boolean; format: string }> {
  const meta = await sharp(data, INPUT).metadata();
  const { width, height } = meta;
  if (!width || !height) throw new Error('no dimensions');
  if (width * height > MAX_INPUT_PIXELS) throw new Error(`${width}×${height} pixels is more than ${MAX_INPUT_PIXELS / 1_000_000} million`);
  // Orientations 5 to 8 turn the picture a quarter: its shown width is its stored height.
  const turned = (meta.orientation ?? 1) >= 5;
  const alpha = meta.hasAlpha === true || meta.format === 'png' || meta.format === 'gif';
  const info: ImageInfo = { hash, ext, width: turned ? height : width, height: turned ? width : height, fallback: alpha ? 'png' : 'jpg' };
  // Bytes that carry no metadata and need no turning can be copied as they are.
  const clean = !meta.exif && !meta.xmp && !meta.iptc && !meta.comments?.length && (meta.orientation ?? 1) === 1;
  return { info, clean, format: meta.format ?? ext };
}

/** Pixels held by the jobs at work; a job waits until its share fits (or nothing else holds any). */
export class PixelBudget {
  private used = 0;
  private readonly waiting: Array<{ n: number; go: () => void }> = [];

  constructor(private readonly limit: number) {}

  async take(n: number): Promise<void> {
    // Behind a waiting job even when it fits: a large image is never starved by small ones.
    if (this.waiting.length === 0 && this.fits(n)) {
      this.used += n;
      return;
    }
    await new Promise<void>((go) => this.waiting.push({ n, go }));
  }

  give(n: number): void {
    this.used -= n;
    // In turn: the first waiting job goes as soon as it fits, and those behind it wait for it.
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.n)) {
      const next = this.waiting.shift()!;
      this.used += next.n;
      next.go();
    }
  }

  private fits(n: number): boolean {
    return this.used === 0 || this.used + n <= this.limit;
  }
}

/** The pixels a job decodes at most: the whole picture for a re-encoded full-size copy, else its shrunk decode. */
function pixelsOf(info: ImageInfo, fullCopy: boolean, renditions: boolean): number {
  if (fullCopy) return info.width * info.height;
  if (!renditions) return 0;
  const [w, h] = shrunkSize(info);
  return w * h;
}

/** Decoded pixels, turned upright, at the size every rendition can be made from. */
interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * The image decoded once, upright (rotate() with no angle applies the EXIF orientation), and
 * shrunk to just what the largest rendition needs: JPEG decodes at a fraction of its size
 * (shrink-on-load), and the renditions are then cut from a small picture, not the original.
 */
function shrunkSize(info: ImageInfo): [number, number] {
  const cropMax = CROP_WIDTHS[CROP_WIDTHS.length - 1]!;
  const scale = Math.min(1, Math.max(FIT_WIDTHS[FIT_WIDTHS.length - 1]! / info.width, cropMax / info.width, (cropMax * 3) / 4 / info.height));
  return [Math.max(1, Math.round(info.width * scale)), Math.max(1, Math.round(info.height * scale))];
}

async function decodeForRenditions(sharp: SharpFactory, data: Uint8Array, info: ImageInfo): Promise<Pixels> {
  const [width, height] = shrunkSize(info);
  const out = await sharp(data, INPUT).rotate().resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return { data: out.data, width: out.info.width, height: out.info.height, channels: out.info.channels };
}

async function encode(sharp: SharpFactory, px: Pixels, r: Rendition): Promise<Buffer> {
  // Raw pixels carry no metadata: none is written out.
  let img = sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } });
  img = r.shape === 'crop' ? img.resize(r.width, r.height, { fit: 'cover', position: 'centre' }) : img.resize(r.width, r.height, { fit: 'fill' });
  if (r.format === 'webp') return img.webp({ quality: 70, effort: 4 }).toBuffer();
  if (r.format === 'jpg') return img.flatten({ background: '#ffffff' }).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
  return img.png({ compressionLevel: 9, effort: 7 }).toBuffer();
}

/** The full-size copy: the stored bytes when they are clean, else re-encoded without metadata. */
async function fullCopy(sharp: SharpFactory, data: Uint8Array, clean: boolean, format: string): Promise<Uint8Array> {
  if (clean || format === 'gif') return data;
  const img = sharp(data, INPUT).rotate();
  switch (format) {
    case 'png':
      return img.png({ compressionLevel: 9 }).toBuffer();
    case 'webp':
      return img.webp({ quality: 90 }).toBuffer();
    case 'heif':
      return img.avif({ quality: 70 }).toBuffer();
    default:
      return img.jpeg({ quality: 90 }).toBuffer();
  }
}

/**
 * Makes what is missing for every image in `media` (hash → extension of the stored type),
 * in parallel within the machine's cores, and returns what the pages may show.
 */
export async function prepareImages(
  media: ReadonlyMap<string, string>,
  io: ImageIO,
  opts: { concurrency?: number; pixelBudget?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImageResult> {
  const started = performance.now();
  const result: ImageResult = { images: new Map(), failed: new Map(), made: 0, files: 0, decoded: 0, ms: 0 };
  const done = (): ImageResult => {
    for (const info of result.images.values()) result.files += 1 + allRenditions(info).length;
    result.ms = Math.round(performance.now() - started);
    return result;
  };
  const jobs: Job[] = [];
  for (const [hash, ext] of media) {
    const full = fullSizePath(hash, ext);
    const info = infoFromKey(hash, ext, io.previousKey(full));
    if (info === undefined) {
      jobs.push({ hash, ext });
      continue;
    }
    const key = keyOf(info);
    const fullStale = !io.keepIfFresh(full, key);
    const stale = allRenditions(info).filter((r) => !io.keepIfFresh(r.path, key));
    if (fullStale || stale.length > 0) jobs.push({ hash, ext, info, stale, fullStale });
    else result.images.set(hash, info);
  }
  if (jobs.length === 0) return done();

  const loaded = await loadSharp();
  if ('error' in loaded) {
    // Without sharp the images are still shown, as stored (the pages then link the originals).
    result.unavailable = loaded.error;
    for (const job of jobs) {
      const data = await io.read(job.hash);
      if (data === undefined) continue;
      const full = fullSizePath(job.hash, job.ext);
      io.claim([full]);
      io.put(full, data, 'stored');
      result.files++;
    }
    return done();
  }
  const { sharp } = loaded;

  const budget = new PixelBudget(opts.pixelBudget ?? PIXEL_BUDGET);
  const one = async (job: Job): Promise<void> => {
    const data = await io.read(job.hash);
    if (data === undefined) {
      result.failed.set(job.hash, 'missing from the database');
      return;
    }
    try {
      result.decoded++;
      const probed = await probe(sharp, job.hash, job.ext, data);
      const info = job.info ?? probed.info;
      const key = keyOf(info);
      const full = fullSizePath(job.hash, job.ext);
      const fullStale = job.info ? job.fullStale === true : !io.keepIfFresh(full, key);
      const stale = job.stale ?? allRenditions(info).filter((r) => !io.keepIfFresh(r.path, key));
      // Everything is made before anything is written: a picture that fails halfway (a
      // truncated file decodes its header, not its pixels) leaves no half set behind.
      const made: Array<[string, Uint8Array]> = [];
      const share = pixelsOf(info, fullStale && !probed.clean && probed.format !== 'gif', stale.length > 0);
      await budget.take(share);
      try {
        if (stale.length > 0) {
          const px = await decodeForRenditions(sharp, data, info);
          for (const r of stale) made.push([r.path, await encode(sharp, px, r)]);
        }
        if (fullStale) made.push([full, await fullCopy(sharp, data, probed.clean, probed.format)]);
      } finally {
        budget.give(share);
      }
      io.claim(made.map(([p]) => p));
      for (const [path, bytes] of made) io.put(path, bytes, key);
      result.made += stale.length + (fullStale && !probed.clean ? 1 : 0);
      result.images.set(job.hash, info);
    } catch (err) {
      result.failed.set(job.hash, firstLine(err));
    }
  };

  const workers = Math.max(1, Math.min(opts.concurrency ?? Math.min(availableParallelism(), MAX_WORKERS), jobs.length));
  let next = 0;
  let finished = 0;
  opts.onProgress?.(0, jobs.length);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < jobs.length) {
        await one(jobs[next++]!);
        opts.onProgress?.(++finished, jobs.length);
      }
    }),
  );
  return done();
}
