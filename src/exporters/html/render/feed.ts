// feed.xml (Atom 1.0: unlike RSS it allows relative links, resolved against the feed's own
// address, so the feed works without a base URL) and sitemap.xml (only with a base URL).
import { formatIso } from '../../../core/dates.js';
import { slugify } from '../../../core/slug.js';
import type { FeedPage, LayoutData, SitemapPage } from '../plan.js';
import { absoluteUrl } from '../routes.js';
import { escXml } from './html.js';

function link(layout: LayoutData, path: string): string {
  return layout.baseUrl === null ? path : absoluteUrl(layout.baseUrl, path);
}

/** `bodies` holds the sanitised HTML of each entry's article, rendered for the root folder. */
export function renderFeed(page: FeedPage, layout: LayoutData, bodies: Map<number, string>): string {
  const tz = layout.timezone;
  const siteId = layout.baseUrl ?? `urn:newsdesk:${slugify(layout.title) || 'site'}`;
  const entryId = (id: number, path: string): string => (layout.baseUrl === null ? `${siteId}:article:${id}` : absoluteUrl(layout.baseUrl, path));
  // The feed changes when its newest entry does, never with the clock: same input, same file.
  const updated = page.data.entries.reduce((m, e) => Math.max(m, e.updatedAt, e.publishedAt), 0);
  let out = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${layout.language}">
<title>${escXml(layout.title)}</title>
<id>${escXml(siteId)}</id>
<updated>${formatIso(updated, tz)}</updated>
<link rel="self" type="application/atom+xml" href="${escXml(link(layout, page.outputPath))}"/>
<link rel="alternate" type="text/html" href="${escXml(link(layout, layout.homePath))}"/>
<author><name>${escXml(layout.title)}</name></author>
<generator>newsdesk</generator>
`;
  for (const e of page.data.entries) {
    const body = bodies.get(e.id) ?? '';
    out += `<entry>
<title>${escXml(e.title)}</title>
<id>${escXml(entryId(e.id, e.path))}</id>
<link rel="alternate" type="text/html" href="${escXml(link(layout, e.path))}"/>
<published>${formatIso(e.publishedAt, tz)}</published>
<updated>${formatIso(Math.max(e.updatedAt, e.publishedAt), tz)}</updated>
${e.author ? `<author><name>${escXml(e.author)}</name></author>\n` : ''}${e.summary ? `<summary>${escXml(e.summary)}</summary>\n` : ''}${body ? `<content type="html">${escXml(body)}</content>\n` : ''}</entry>
`;
  }
  return `${out}</feed>\n`;
}

export function renderSitemap(page: SitemapPage, layout: LayoutData): string {
  const base = layout.baseUrl ?? '';
  const d = page.data;
  if ('parts' in d) {
    return `<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${d.parts.map((p) => `<sitemap><loc>${escXml(base + p)}</loc></sitemap>\n`).join('')}</sitemapindex>
`;
  }
  let out = `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
`;
  for (const u of d.urls) {
    out += `<url><loc>${escXml(absoluteUrl(base, u.path))}</loc>${u.lastmod !== undefined ? `<lastmod>${formatIso(u.lastmod, layout.timezone)}</lastmod>` : ''}</url>\n`;
  }
  return `${out}</urlset>\n`;
}
