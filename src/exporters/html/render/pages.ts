// The main column of each kind of HTML page: home, section, article, photo library.
import type { ArticlePage, Figure, HomePage, Photo, PhotosPage, SectionPage, Teaser } from '../plan.js';
import type { DateCache } from './dates.js';
import { html, raw, type Html } from './html.js';
import type { Labels } from './labels.js';
import { TOP_ID } from './layout.js';
import { renderPager } from './pager.js';
import type { ImageRole, PictureOptions } from './picture.js';

export interface PageContext {
  t: Labels;
  dates: DateCache;
  /** The relative link from the page being rendered to an output path. */
  to(path: string): string;
  homePath: string;
  /** The markup of stored media `src` where the page shows it (render/picture.ts). */
  picture(src: string, role: ImageRole, o: PictureOptions): Html;
}

/** Text with its line breaks kept. */
function lines(s: string): Html {
  return raw(html`${s}`.value.replace(/\n/g, '<br>\n'));
}

function date(ms: number, c: PageContext): Html {
  const d = c.dates.get(ms);
  return html`<time datetime="${d.iso}">${d.display}</time>`;
}

function teasers(items: Teaser[], c: PageContext, empty: string): Html {
  if (items.length === 0) return html`<p class="empty">${empty}</p>\n`;
  // The first thumbnail is in view as the page opens: loaded at once, the others lazily.
  const first = items.findIndex((a) => a.thumb !== undefined);
  return html`<div class="teasers">
${items.map((a, i) => html`<article class="teaser">
${a.thumb !== undefined ? html`${c.picture(a.thumb, 'thumb', { alt: '', className: 'thumb', eager: i === first })}\n` : ''}<h2 class="teaser-title"><a href="${c.to(a.path)}">${a.title}</a> <span class="date">${date(a.publishedAt, c)}</span></h2>
${a.summary ? html`<p class="summary">${lines(a.summary)}</p>\n` : ''}</article>
`)}</div>
`;
}

export function homeMain(page: HomePage, c: PageContext): Html {
  const { items, pager } = page.data;
  return html`<h1>${c.t.latestNews}${pager.page > 1 ? html` <span class="page-of">${c.t.pageOf(pager.page, pager.pages)}</span>` : ''}</h1>
${teasers(items, c, c.t.emptyHome)}${renderPager(pager, c.to, c.t)}`;
}

export function sectionMain(page: SectionPage, c: PageContext): Html {
  const d = page.data;
  return html`<nav class="breadcrumb" aria-label="${c.t.breadcrumb}">
<ol>
<li><a href="${c.to(c.homePath)}">${c.t.home}</a></li>
${d.trail.map((s) => html`<li><a href="${c.to(s.path)}">${s.title}</a></li>\n`)}<li aria-current="page">${d.title}</li>
</ol>
</nav>
<h1>${d.title}${d.pager.page > 1 ? html` <span class="page-of">${c.t.pageOf(d.pager.page, d.pager.pages)}</span>` : ''}</h1>
${d.description ? html`<p class="description">${lines(d.description)}</p>\n` : ''}${d.subsections.length
    ? html`<nav class="subsections" aria-label="${c.t.subsections}">
<ul>
${d.subsections.map((s) => html`<li><a href="${c.to(s.path)}">${s.title}</a></li>\n`)}</ul>
</nav>
`
    : ''}${teasers(d.items, c, c.t.emptySection)}${renderPager(d.pager, c.to, c.t)}`;
}

function figure(f: Figure, c: PageContext, eager: boolean): Html {
  const caption = f.caption ? html`<figcaption>${f.caption}</figcaption>\n` : '';
  if (f.kind === 'local') {
    // The picture is sized for the column; it links to the full-size copy.
    return html`<figure class="figure">
<a href="${c.to(f.src)}">${c.picture(f.src, 'figure', { alt: f.alt || f.caption || c.t.viewFullSize, eager })}</a>
${caption}</figure>
`;
  }
  // A remote image is linked, not loaded: the site fetches nothing from another host.
  return html`<figure class="figure figure-remote">
<p><a href="${f.url}" rel="noopener">${f.alt || c.t.viewImage}</a></p>
${caption}</figure>
`;
}

/** `bodyHtml` is the sanitised rendering of the article's Markdown. */
export function articleMain(page: ArticlePage, bodyHtml: string, c: PageContext): Html {
  const a = page.data;
  const [lead, ...rest] = a.figures;
  const byline = [a.author, a.source].filter((s) => s !== '').join(' - ');
  return html`<article class="article">
${a.section
    ? html`<nav class="breadcrumb" aria-label="${c.t.breadcrumb}">
<ol>
<li><a href="${c.to(c.homePath)}">${c.t.home}</a></li>
<li><a href="${c.to(a.section.path)}">${a.section.title}</a></li>
</ol>
</nav>
`
    : ''}<h1 class="article-title">${a.title}</h1>
<p class="article-date">${date(a.publishedAt, c)}</p>
${a.summary ? html`<p class="lead">${lines(a.summary)}</p>\n` : ''}${lead ? figure(lead, c, true) : ''}<div class="article-body">
${raw(bodyHtml)}</div>
${rest.map((f) => figure(f, c, false))}<footer class="article-footer">
${byline ? html`<p class="byline">${byline}</p>\n` : ''}<p class="to-top"><a href="#${TOP_ID}">${c.t.backToTop}</a></p>
</footer>
</article>
${a.others.length
    ? html`<section class="other-articles" aria-labelledby="other-articles">
<h2 id="other-articles">${c.t.otherArticles}</h2>
<ul>
${a.others.map((o) => html`<li><a href="${c.to(o.path)}">${o.title}</a> <span class="date">${date(o.publishedAt, c)}</span></li>\n`)}</ul>
</section>
`
    : ''}`;
}

function photo(p: Photo, c: PageContext, eager: boolean): Html {
  return html`<li><figure>
<a href="${c.to(p.articlePath)}">${c.picture(p.src, 'gallery', { alt: p.alt, eager })}</a>
<figcaption>${p.caption ? html`${p.caption} ` : ''}<a class="photo-article" href="${c.to(p.articlePath)}">${p.articleTitle}</a></figcaption>
</figure></li>
`;
}

export function photosMain(page: PhotosPage, c: PageContext): Html {
  const { items, pager } = page.data;
  return html`<h1>${c.t.photoLibrary}${pager.page > 1 ? html` <span class="page-of">${c.t.pageOf(pager.page, pager.pages)}</span>` : ''}</h1>
${items.length ? html`<ul class="gallery">\n${items.map((p, i) => photo(p, c, i === 0))}</ul>\n` : html`<p class="empty">${c.t.emptyPhotos}</p>\n`}${renderPager(pager, c.to, c.t)}`;
}
