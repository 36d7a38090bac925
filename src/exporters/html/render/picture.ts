// The markup of a stored image where a page shows it: a <picture> with WebP candidates for
// the width it is shown at and the JPEG/PNG fallback, with width and height so nothing moves
// while it loads; lazy unless it is the first image a reader sees.
import { renditionsOf, type ImageInfo, type RenditionSet } from '../images.js';
import type { SizedImage } from '../markdown.js';
import { html, type Html } from './html.js';

/** Where an image is shown, which decides the copy and the width the browser picks for. */
export type ImageRole = 'thumb' | 'strip' | 'gallery' | 'figure';

/** The width each place shows an image at, matching the stylesheet. */
const SIZES: Record<ImageRole, string> = {
  thumb: '(max-width: 30rem) 6rem, 8rem',
  strip: '(min-width: 52rem) 7rem, 45vw',
  gallery: '(min-width: 52rem) 14rem, 45vw',
  figure: '(min-width: 48rem) 46rem, 100vw',
};

const STORED = /^media\/([0-9a-f]{64})\.[a-z0-9]{2,5}$/;

export interface PictureOptions {
  alt: string;
  /** Class of the <img> (the stylesheet styles the image, not the <picture>). */
  className?: string;
  /** The first image a reader sees: loaded at once, before others. */
  eager?: boolean;
}

export class Pictures {
  private readonly images: ReadonlyMap<string, ImageInfo>;

  /** `images`: what the export made of each stored image, by hash. */
  constructor(images: ReadonlyMap<string, ImageInfo>) {
    this.images = images;
  }

  /** An image of an article's body: the copies for the column's width (paths from the root). */
  forBody(hash: string): SizedImage | undefined {
    const info = this.images.get(hash);
    if (info === undefined) return undefined;
    const { webp, fallback } = renditionsOf(info).fit;
    return { src: fallback.path, srcset: webp.map((w) => `${w.path} ${w.width}w`).join(', '), sizes: SIZES.figure, width: fallback.width, height: fallback.height };
  }

  /** The markup for stored media `src` (its output path) as seen through `to`. */
  render(src: string, role: ImageRole, to: (path: string) => string, o: PictureOptions): Html {
    const hash = STORED.exec(src)?.[1];
    const info = hash === undefined ? undefined : this.images.get(hash);
    const cls = o.className === undefined ? '' : html` class="${o.className}"`;
    const load = o.eager ? html` fetchpriority="high"` : html` loading="lazy"`;
    // An image the export could not size (no image library): the stored file, as before.
    if (info === undefined) return html`<img${cls} src="${to(src)}" alt="${o.alt}"${load} decoding="async">`;
    const r = renditionsOf(info);
    const set: RenditionSet = role === 'figure' ? r.fit : r.crop;
    const srcset = set.webp.map((w) => `${to(w.path)} ${w.width}w`).join(', ');
    const f = set.fallback;
    return html`<picture><source type="image/webp" srcset="${srcset}" sizes="${SIZES[role]}"><img${cls} src="${to(f.path)}" width="${f.width}" height="${f.height}" alt="${o.alt}"${load} decoding="async"></picture>`;
  }
}
