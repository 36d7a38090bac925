// Turning an image reference into what an article stores: URLs stay URLs, local files are
// copied into the database (once per content), stored media is kept as it is named.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ValidationError } from '../core/errors.js';
import type { ImageInput, ImageRecord } from '../core/records.js';
import { isRemoteUrl, LIMITS } from '../core/validate.js';
import { MEDIA_SRC, mediaSrc, sniffImageType } from '../store/rows.js';
import type { StoreData } from '../store/store.js';
import { english } from '../i18n/issues.js';

export interface ImageSourceOptions {
  /** Folder that relative paths are read from. */
  baseDir: string;
  /** When set, a local image must lie inside this folder (imports: the input's folder). */
  confineTo?: string;
  now: number;
}

export async function storeImages(store: StoreData, images: ImageInput[], opts: ImageSourceOptions, field = 'images'): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for (const [i, img] of images.entries()) {
    out.push({ src: await storeImage(store, img.src, opts, `${field}[${i}].src`), caption: img.caption ?? '', alt: img.alt ?? '' });
  }
  return out;
}

function fail(field: string, message: string): never {
  throw new ValidationError([{ field, message }]);
}

/**
 * Whether `path` leaves `folder`: by its name ('path'), or, for an existing file, through a
 * symbolic link to somewhere else ('link'). Undefined when it stays inside.
 */
export function escapesFolder(folder: string, path: string): 'path' | 'link' | undefined {
  const outside = (from: string, to: string): boolean => {
    const rel = relative(from, to);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel);
  };
  if (outside(resolve(folder), resolve(path))) return 'path';
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined; // a missing file is reported by whoever reads it
  }
  return outside(realpathSync(folder), real) ? 'link' : undefined;
}

export async function storeImage(store: StoreData, src: string, opts: ImageSourceOptions, field: string): Promise<string> {
  if (isRemoteUrl(src)) {
    try {
      new URL(src);
    } catch {
      fail(field, english('issue.badUrl', { src }));
    }
    return src;
  }
  const media = MEDIA_SRC.exec(src);
  if (media) {
    // Named by the stored type, never by the extension given: the export writes the file under
    // this name, and "media/<hash>.html" holding a polyglot image would be a page of the site.
    const mime = await store.media.mimeOf(media[1]!);
    if (mime !== undefined) return mediaSrc(media[1]!, mime);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^[a-z]:[\\/]/i.test(src)) {
    fail(field, english('issue.imageWhat', { src: src.slice(0, 80) }));
  }
  const path = resolve(opts.baseDir, src);
  if (opts.confineTo) {
    const escape = escapesFolder(opts.confineTo, path);
    if (escape === 'path') fail(field, english('issue.outsideInputFile', { src }));
    if (escape === 'link') fail(field, english('issue.linkOutsideInputFile', { src }));
  }
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) fail(field, english('issue.notAFile', { src }));
    size = st.size;
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    fail(field, english('issue.cannotReadImage', { src, code: (err as NodeJS.ErrnoException).code ?? 'error' }));
  }
  if (size > LIMITS.imageBytes) fail(field, english('issue.imageTooLarge', { src, mb: LIMITS.imageBytes / 1024 / 1024 }));
  const data = readFileSync(path);
  // The file may have grown since stat.
  if (data.length > LIMITS.imageBytes) fail(field, english('issue.imageTooLarge', { src, mb: LIMITS.imageBytes / 1024 / 1024 }));
  const mime = sniffImageType(data);
  if (!mime) fail(field, english('issue.notAnImage', { src }));
  return store.media.put(data, mime, opts.now);
}
