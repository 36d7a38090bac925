// The page shell: head, skip link, banner, main column, the portlets column, footer.
// The portlets are the same on every page but for the "../" prefix of their links, so they
// are rendered once per folder depth.
import { contentSecurityPolicy } from '../csp.js';
import type { LayoutData, MenuNode } from '../plan.js';
import { absoluteUrl, rootPrefix } from '../routes.js';
import { html, raw, type Html } from './html.js';
import type { Labels } from './labels.js';
import { Pictures } from './picture.js';

export const MAIN_ID = 'noi-dung';
export const TOP_ID = 'dau-trang';
export const MENU_ID = 'danh-muc';

export interface ShellInput {
  outputPath: string;
  /** The page's own title; the site title is appended. Omitted on the home page. */
  title?: string;
  main: Html;
}

export class Shell {
  private readonly layout: LayoutData;
  private readonly labels: Labels;
  private readonly chrome = new Map<string, { top: string; bottom: string }>();
  /** The policy's <meta>, first in <head> after the charset, before anything is loaded. */
  private readonly policy: string;
  private readonly pictures: Pictures;

  constructor(layout: LayoutData, labels: Labels, pictures: Pictures = new Pictures(new Map())) {
    this.layout = layout;
    this.labels = labels;
    this.pictures = pictures;
    // Not escaped: the policy is built from fixed words and checked host names (no quote, no &).
    this.policy = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(layout.embedHosts)}">\n`;
  }

  render(input: ShellInput): string {
    const root = rootPrefix(input.outputPath);
    let c = this.chrome.get(root);
    if (!c) {
      c = this.buildChrome(root);
      this.chrome.set(root, c);
    }
    const l = this.layout;
    const title = input.title === undefined ? l.title : `${input.title} - ${l.title}`;
    const canonical = l.baseUrl === null ? '' : html`<link rel="canonical" href="${absoluteUrl(l.baseUrl, input.outputPath)}">\n`.value;
    return `<!DOCTYPE html>\n<html lang="${l.language}">\n<head>\n<meta charset="utf-8">\n${this.policy}<meta name="viewport" content="width=device-width, initial-scale=1">\n${html`<title>${title}</title>`.value}\n${canonical}${c.top}${input.main.value}${c.bottom}`;
  }

  private buildChrome(root: string): { top: string; bottom: string } {
    const l = this.layout;
    const t = this.labels;
    const to = (path: string): string => root + path;
    const top = html`<link rel="stylesheet" href="${to(l.stylesheetPath)}">
<link rel="alternate" type="application/atom+xml" title="${l.title}" href="${to(l.feedPath)}">
</head>
<body>
<a class="skip-link" href="#${MAIN_ID}">${t.skip}</a>
<header class="banner" id="${TOP_ID}">
<a class="site-title" href="${to(l.homePath)}">${l.title}</a>
${l.menu.length ? html`<a class="menu-link" href="#${MENU_ID}">${t.menu}</a>\n` : ''}</header>
<div class="layout">
<main id="${MAIN_ID}" tabindex="-1">
`;
    const menu = l.menu.length
      ? html`<nav class="menu" id="${MENU_ID}" aria-label="${t.menu}">
${l.menu.map((p) => html`<div class="portlet">
<h2 class="portlet-title"><a href="${to(p.path)}">${p.title}</a></h2>
${p.children.length ? tree(p.children, to) : ''}</div>
`)}</nav>
`
      : '';
    const links = l.links.length
      ? html`<section class="portlet portlet-links" aria-labelledby="portlet-links">
<h2 class="portlet-title" id="portlet-links">${t.links}</h2>
${l.links.map((g) => html`${l.links.length > 1 ? html`<h3>${g.title}</h3>\n` : ''}<ul>
${g.links.map((k) => html`<li><a href="${k.url}" target="_blank" rel="noopener">${k.title}<span class="visually-hidden"> ${t.newTab}</span></a></li>
`)}</ul>
`)}</section>
`
      : '';
    const photos = html`<section class="portlet portlet-photos" aria-labelledby="portlet-photos">
<h2 class="portlet-title" id="portlet-photos"><a href="${to(l.photosPath)}">${t.photoLibrary}</a></h2>
${l.photos.length
  ? html`<ul class="photo-strip">
${l.photos.map((p) => html`<li><a href="${to(p.articlePath)}">${this.pictures.render(p.src, 'strip', to, { alt: p.alt })}</a></li>
`)}</ul>
`
  : html`<p class="empty">${t.emptyPhotos}</p>\n`}</section>
`;
    const bottom = html`</main>
<aside class="sidebar">
${menu}${links}${photos}</aside>
</div>
<footer class="site-footer">
<p class="footer-title"><a href="${to(l.homePath)}">${l.title}</a></p>
<p><a href="${to(l.feedPath)}">${t.feed}</a> · <a href="${to(l.photosPath)}">${t.photoLibrary}</a></p>
<p class="powered">${t.poweredBy}</p>
</footer>
</body>
</html>
`;
    return { top: top.value, bottom: bottom.value };
  }
}

function tree(nodes: MenuNode[], to: (p: string) => string): Html {
  return html`<ul>
${nodes.map((n) => html`<li><a href="${to(n.path)}">${n.title}</a>${n.children.length ? raw(`\n${tree(n.children, to).value}`) : ''}</li>
`)}</ul>
`;
}
