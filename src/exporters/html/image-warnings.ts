// One warning per article that loses an image at export, naming the article and the image.
import type { SiteIndex } from './source.js';
import { english } from '../../i18n/issues.js';

const STORED = /^media\/([0-9a-f]{64})\.[a-z0-9]{2,5}$/;

/** `failed`: images left out, by hash, with the reason. */
export function imageWarnings(index: SiteIndex, failed: ReadonlyMap<string, string>): string[] {
  if (failed.size === 0) return [];
  const out: string[] = [];
  for (const a of index.articles) {
    const lost = new Set<string>();
    for (const img of a.images) {
      const hash = STORED.exec(img.src)?.[1];
      if (hash !== undefined && failed.has(hash)) lost.add(hash);
    }
    for (const hash of a.bodyMedia) if (failed.has(hash)) lost.add(hash);
    if (lost.size === 0) continue;
    const what = [...lost].map((h) => `media/${h}.${index.media.get(h) ?? 'bin'} (${failed.get(h)})`).join('; ');
    out.push(english('issue.imageLeftOut', { id: a.id, slug: a.slug, what }));
  }
  return out;
}
