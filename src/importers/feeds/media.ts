// --media-dir: images of a WordPress site found in a local copy of its wp-content/uploads,
// matched by the path in their URL (…/wp-content/uploads/2020/10/anh.jpg → DIR/2020/10/anh.jpg),
// confined to that folder. Found, an image becomes a media record (stored in the database like
// any local image) and its media/<hash> name; not found, it stays a URL. Nothing is downloaded.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIMITS } from '../../core/validate.js';
import { escapesFolder } from '../../ops/images.js';
import { hashOf, mediaSrc, sniffImageType } from '../../store/rows.js';
import type { FeedTally } from './options.js';

export interface MediaRecord {
  hash: string;
  mime: string;
  data: string;
}

export class MediaDir {
  private readonly found = new Map<string, string | null>();
  /** Media records not yet handed to the pipeline (they go before the article using them). */
  readonly pending: MediaRecord[] = [];

  constructor(
    private readonly dir: string | undefined,
    private readonly tally: FeedTally,
  ) {}

  /** The src an image is stored under: media/<hash> when found under the folder, else the URL. */
  src(url: string, relative?: string): string {
    const stored = this.dir ? this.lookup(relative ?? uploadsPath(url)) : undefined;
    this.tally.add(stored ? 'images_stored' : 'images_linked');
    return stored ?? url;
  }

  private lookup(rel: string | undefined): string | undefined {
    if (!rel || !this.dir) return undefined;
    const path = resolve(this.dir, rel);
    const known = this.found.get(path);
    if (known !== undefined) return known ?? undefined;
    const src = this.read(path);
    // Many posts share a few images; a bounded memory of paths reads each once.
    if (this.found.size >= 20000) this.found.clear();
    this.found.set(path, src ?? null); // path and src are new strings (resolve, mediaSrc)
    return src;
  }

  private read(path: string): string | undefined {
    if (escapesFolder(this.dir!, path) !== undefined) return undefined;
    try {
      const st = statSync(path);
      if (!st.isFile() || st.size > LIMITS.imageBytes) return undefined;
      const data = readFileSync(path);
      const mime = sniffImageType(data);
      if (!mime) return undefined;
      const hash = hashOf(data);
      this.pending.push({ hash, mime, data: data.toString('base64') });
      return mediaSrc(hash, mime);
    } catch {
      return undefined;
    }
  }

  /** <img src="…"> in a body: those found under the folder point at the stored image. */
  rewriteBody(html: string): string {
    if (!html.includes('<img')) return html;
    return html.replace(/<img\b[^>]*>/gi, (tag) => {
      const m = /\ssrc\s*=\s*(["'])(.*?)\1/i.exec(tag);
      if (!m || !/^https?:\/\/|^\//i.test(m[2]!)) return tag;
      const src = this.src(decodeAttr(m[2]!));
      if (!src.startsWith('media/')) return tag;
      // The responsive variants name remote files; the stored image stands alone.
      return tag.replace(m[0], ` src="${src}"`).replace(/\s(?:srcset|sizes)\s*=\s*(["']).*?\1/gi, '');
    });
  }
}

function decodeAttr(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#0*38;/g, '&');
}

/** The path under wp-content/uploads named by an image URL, decoded. */
export function uploadsPath(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url, 'http://localhost/').pathname;
  } catch {
    return undefined;
  }
  const at = path.indexOf('/uploads/');
  if (at === -1) return undefined;
  try {
    return decodeURIComponent(path.slice(at + '/uploads/'.length));
  } catch {
    return undefined;
  }
}
