// Article bodies: Markdown (with the HTML that imported portal pages carry) rendered by
// markdown-it, then cleaned by sanitize-html against an allow-list. Nothing that runs code
// survives: no script, no event-handler attributes, no javascript:/data: links, no iframe,
// object, embed or style. Images load only from the export itself (stored media or data:
// images); a remote image becomes a plain link, so no page fetches anything from another host.
//
// A body without a single "<" cannot hold raw HTML, so markdown-it (with HTML off) can only
// emit its own elements; for those the same rules are applied by renderer rules and the
// sanitiser's second parse, two thirds of the cost, is skipped. A test checks that the
// sanitiser leaves such output unchanged.
//
// A body with raw HTML is rendered block by block, and each block that carries raw HTML is
// balanced (balance.ts) before the sanitiser: an author's unclosed <svg> or <iframe> costs
// that block only. Video iframes from the site's embed hosts are kept (embeds.ts). No
// inline style survives: table alignment becomes a class, so the pages' Content-Security-
// Policy can forbid inline styles.
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { RenderRule } from 'markdown-it/lib/renderer.mjs';
import type sanitizeHtml from 'sanitize-html';
import { balanceHtml, needsBalancing } from './balance.js';
import { embedAddress, embedSandbox, frameHosts } from './embeds.js';
import { useFastText } from './markdown-text.js';

// Both libraries load on first use (synchronously, through require): a re-export that
// renders nothing, or only bodies without HTML, never pays for the sanitiser's start-up. In
// the CLI bundle, `load('markdown-it')` is the bundle's own require (scripts/build-cli-bundle.js):
// markdown-it is compiled with the bundle and its code cache, and still run on first use only.
const load = createRequire(import.meta.url);
const markdownIt = (): typeof MarkdownIt => load('markdown-it') as typeof MarkdownIt;

export interface MarkdownContext {
  /** "../" steps from the page to the output root. */
  root: string;
  /** The output path of stored media by hash, or undefined when the database lacks it. */
  media(hash: string): string | undefined;
  /** Link text for a remote image that is shown as a link. */
  viewImage: string;
  /** Hosts whose video players may be embedded (the site's embed_hosts); none when absent. */
  embedHosts?: readonly string[];
  /** The title of an embedded video that has none. */
  videoTitle?: string;
  /** The right-sized copies of stored media by hash, when the export made them (links from the root). */
  sized?(hash: string): SizedImage | undefined;
}

/** A stored image's copies for the body's width: a WebP srcset and a fallback, with its size. */
export interface SizedImage {
  src: string;
  srcset: string;
  sizes: string;
  width: number;
  height: number;
}

const MEDIA_REF = /^media\/([0-9a-f]{64})\.[a-z0-9]{2,5}$/;
const MEDIA_REF_G = /media\/([0-9a-f]{64})\.[a-z0-9]{2,5}/g;
const RENDITION_REF = /^anh\/([0-9a-f]{64})-[cw]\d{1,4}\.(?:webp|jpg|png)$/;
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp|avif);base64,[a-z0-9+/=\s]+$/i;
const REMOTE = /^https?:\/\//i;

const MD_OPTIONS = { xhtmlOut: true, linkify: false, typographer: false } as const;
let mdHtml: MarkdownIt | undefined;
let mdPlain: MarkdownIt | undefined;
let sanitizer: typeof sanitizeHtml | undefined;

/** Raw HTML allowed: its output always goes through the sanitiser. */
function htmlEngine(): MarkdownIt {
  if (!mdHtml) {
    mdHtml = new (markdownIt())({ ...MD_OPTIONS, html: true });
    useFastText(mdHtml);
  }
  return mdHtml;
}

/** No raw HTML at all: its output follows the policy by construction (rules below). */
function plainEngine(): MarkdownIt {
  if (!mdPlain) {
    mdPlain = new (markdownIt())({ ...MD_OPTIONS, html: false });
    useFastText(mdPlain);
    installRules(mdPlain);
  }
  return mdPlain;
}

function sanitize(htmlText: string, opts: sanitizeHtml.IOptions): string {
  sanitizer ??= load('sanitize-html') as typeof sanitizeHtml;
  return sanitizer(htmlText, opts);
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins',
  'sub', 'sup', 'mark', 'small', 'blockquote', 'q', 'cite', 'code', 'pre', 'kbd', 'samp', 'var',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'table', 'caption',
  'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'abbr', 'span',
];

// Elements whose content is dropped with them, not kept as text.
const NON_TEXT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'xmp', 'noembed', 'noframes', 'head'];
const NON_TEXT_SET = new Set(NON_TEXT);

/** Table cell alignment, as a class of the stylesheet instead of an inline style. */
const ALIGN_CLASSES = ['align-left', 'align-right', 'align-center'];
const TEXT_ALIGN = /^\s*text-align\s*:\s*(left|right|center)\s*;?\s*$/i;

/** The class for a cell's `style` (markdown-it writes `text-align:right`), else undefined. */
function alignClass(style: string | undefined, cls: string | undefined): string | undefined {
  const m = TEXT_ALIGN.exec(style ?? '');
  if (m) return `align-${m[1]!.toLowerCase()}`;
  return cls !== undefined && ALIGN_CLASSES.includes(cls) ? cls : undefined;
}

/**
 * Attributes every kept video iframe gets: sandboxed (embedSandbox), lazy, no referrer beyond
 * the origin.
 */
const IFRAME_ALLOW = 'fullscreen; picture-in-picture; encrypted-media';

// An image to leave out is marked (in an allowed attribute, so the mark survives attribute
// filtering) and removed by exclusiveFilter. Transforming it into a disallowed tag instead
// trips a sanitize-html bug: the discarded tag's name sticks to the next closing tag at its
// depth, giving "<p></newsdesk-drop>".
const DROP_MARK = 'newsdesk:drop';

/** The link to stored media named `media/<hash>.<ext>` (or already so linked), else undefined. */
function localMedia(src: string, ctx: MarkdownContext): string | undefined {
  const bare = ctx.root !== '' && src.startsWith(ctx.root) ? src.slice(ctx.root.length) : src;
  // A sized copy (as this module writes them) stands for its stored image: rendering is idempotent.
  const m = MEDIA_REF.exec(bare) ?? RENDITION_REF.exec(bare);
  if (!m) return undefined;
  const path = ctx.media(m[1]!);
  return path === undefined ? undefined : ctx.root + path;
}

/** The sized copies of stored media linked as `link` (what localMedia returned), if any. */
function sizedCopies(link: string, ctx: MarkdownContext): SizedImage | undefined {
  if (!ctx.sized) return undefined;
  const m = MEDIA_REF.exec(link.slice(ctx.root.length));
  return m ? ctx.sized(m[1]!) : undefined;
}

/** The attributes a sized body image gets after src, alt and title, in this order (both paths). */
function sizedAttributes(s: SizedImage, root: string): Array<[string, string]> {
  return [
    ['srcset', s.srcset.split(', ').map((c) => root + c).join(', ')],
    ['sizes', s.sizes],
    ['width', String(s.width)],
    ['height', String(s.height)],
    ['loading', 'lazy'],
    ['decoding', 'async'],
  ];
}

// The policy for markdown-it's own elements, as renderer rules (see the note at the top).
interface Env {
  ctx: MarkdownContext;
}
const renderToken: RenderRule = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);

const heading: RenderRule = (tokens, idx, options, env, self) => {
  if (tokens[idx]!.tag === 'h1') tokens[idx]!.tag = 'h2';
  return renderToken(tokens, idx, options, env, self);
};

const linkOpen: RenderRule = (tokens, idx, options, env, self) => {
  const t = tokens[idx]!;
  const href = t.attrGet('href') ?? '';
  const media = localMedia(href, (env as Env).ctx);
  if (media !== undefined) t.attrSet('href', media);
  else if (MEDIA_REF.test(href) || /^data:/i.test(href)) t.attrs = (t.attrs ?? []).filter(([k]) => k !== 'href');
  return renderToken(tokens, idx, options, env, self);
};

const cellOpen: RenderRule = (tokens, idx, options, env, self) => {
  const t = tokens[idx]!;
  const style = t.attrGet('style');
  if (style !== null) {
    t.attrs = (t.attrs ?? []).filter(([k]) => k !== 'style');
    const cls = alignClass(style, undefined);
    if (cls !== undefined) t.attrSet('class', cls);
  }
  return renderToken(tokens, idx, options, env, self);
};

function installRules(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules.heading_open = heading;
  rules.heading_close = heading;
  rules.th_open = cellOpen;
  rules.td_open = cellOpen;
  const defaultFence = rules.fence!;
  rules.fence = (tokens, idx, options, env, self) => {
    // No class="language-…": the sanitiser would drop it too.
    tokens[idx]!.info = '';
    return defaultFence(tokens, idx, options, env, self);
  };
  rules.link_open = linkOpen;
  const defaultImage = rules.image!;
  rules.image = (tokens, idx, options, env, self) => {
    const t = tokens[idx]!;
    const ctx = (env as Env).ctx;
    const src = (t.attrGet('src') ?? '').trim();
    const alt = self.renderInlineAsText(t.children ?? [], options, env);
    const media = localMedia(src, ctx);
    if (media !== undefined || DATA_IMAGE.test(src)) {
      const sized = media === undefined ? undefined : sizedCopies(media, ctx);
      t.attrSet('src', sized ? ctx.root + sized.src : (media ?? src.replace(/\s+/g, '')));
      if (sized) for (const [k, v] of sizedAttributes(sized, ctx.root)) t.attrSet(k, v);
      return defaultImage(tokens, idx, options, env, self);
    }
    if (REMOTE.test(src)) return `<a href="${escapeText(src)}">${escapeText(alt || ctx.viewImage)}</a>`;
    return '';
  };
}

function options(ctx: MarkdownContext): sanitizeHtml.IOptions {
  const local = (src: string): string | undefined => localMedia(src, ctx);
  const embedHosts = ctx.embedHosts ?? [];
  const cell = (tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    const out: sanitizeHtml.Attributes = {};
    if (attribs.colspan !== undefined) out.colspan = attribs.colspan;
    if (attribs.rowspan !== undefined) out.rowspan = attribs.rowspan;
    const cls = alignClass(attribs.style, attribs.class);
    if (cls !== undefined) out.class = cls;
    return { tagName: tag, attribs: out };
  };
  return {
    allowedTags: embedHosts.length ? [...ALLOWED_TAGS, 'iframe'] : ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height', 'srcset', 'sizes', 'loading', 'decoding'],
      th: ['colspan', 'rowspan', 'class'],
      td: ['colspan', 'rowspan', 'class'],
      ol: ['start', 'reversed'],
      abbr: ['title'],
      iframe: ['src', 'title', 'width', 'height', 'loading', 'sandbox', 'allow', 'allowfullscreen', 'referrerpolicy'],
    },
    allowedClasses: { th: ALIGN_CLASSES, td: ALIGN_CLASSES },
    allowedStyles: {},
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data'], iframe: ['https'] },
    allowProtocolRelative: false,
    // Second line: only the players' hosts, whatever the transform below let through.
    allowedIframeDomains: frameHosts(embedHosts).filter((h) => !h.startsWith('*.')),
    allowIframeRelativeUrls: false,
    disallowedTagsMode: 'discard',
    nonTextTags: NON_TEXT,
    enforceHtmlBoundary: false,
    exclusiveFilter: (frame) => (frame.tag === 'img' && frame.attribs.alt === DROP_MARK) || (frame.tag === 'iframe' && !frame.attribs.src),
    transformTags: {
      h1: 'h2',
      th: cell,
      td: cell,
      iframe: (_tag, attribs) => {
        const src = embedAddress(attribs.src ?? '', embedHosts);
        // No src: removed by exclusiveFilter. Text inside an iframe is never kept.
        if (src === undefined) return { tagName: 'iframe', attribs: {}, text: '' };
        const size = (v: string | undefined, fallback: string): string => (/^\d{2,4}$/.test(v ?? '') ? v! : fallback);
        return {
          tagName: 'iframe',
          text: '',
          attribs: {
            src,
            title: (attribs.title ?? '').trim() || (ctx.videoTitle ?? 'Video'),
            width: size(attribs.width, '560'),
            height: size(attribs.height, '315'),
            loading: 'lazy',
            sandbox: embedSandbox(src),
            allow: IFRAME_ALLOW,
            allowfullscreen: '',
            referrerpolicy: 'strict-origin-when-cross-origin',
          },
        };
      },
      a: (_tag, attribs) => {
        const href = attribs.href ?? '';
        const media = local(href);
        const out: sanitizeHtml.Attributes = {};
        if (media !== undefined) out.href = media;
        else if (href !== '' && !MEDIA_REF.test(href)) out.href = href;
        if (attribs.title) out.title = attribs.title;
        return { tagName: 'a', attribs: out };
      },
      img: (_tag, attribs) => {
        const src = (attribs.src ?? '').trim();
        const alt = attribs.alt ?? '';
        const keep = (s: string): sanitizeHtml.Tag => ({
          tagName: 'img',
          attribs: {
            src: s,
            alt,
            ...(attribs.title ? { title: attribs.title } : {}),
            ...(/^\d{1,4}$/.test(attribs.width ?? '') ? { width: attribs.width! } : {}),
            ...(/^\d{1,4}$/.test(attribs.height ?? '') ? { height: attribs.height! } : {}),
          },
        });
        const media = local(src);
        const sized = media === undefined ? undefined : sizedCopies(media, ctx);
        if (sized) {
          // Our own size and copies, whatever the author wrote.
          const out: sanitizeHtml.Attributes = { src: ctx.root + sized.src, alt };
          if (attribs.title) out.title = attribs.title;
          for (const [k, v] of sizedAttributes(sized, ctx.root)) out[k] = v;
          return { tagName: 'img', attribs: out };
        }
        if (media !== undefined) return keep(media);
        if (DATA_IMAGE.test(src)) return keep(src.replace(/\s+/g, ''));
        if (REMOTE.test(src)) return { tagName: 'a', attribs: { href: src }, text: alt || ctx.viewImage };
        return { tagName: 'img', attribs: { alt: DROP_MARK } };
      },
    },
  };
}

/** Changes whenever the rendering rules do (part of every page's fingerprint). */
export const MARKDOWN_FINGERPRINT = [
  ...[options, localMedia, sizedCopies, sizedAttributes, heading, linkOpen, cellOpen, installRules, escapeText, alignClass, renderWithHtml, splitRunaway, holdsRawHtml, balanceHtml, needsBalancing, embedAddress, embedSandbox, frameHosts].map(String),
  ALLOWED_TAGS.join(','),
  NON_TEXT.join(','),
  DATA_IMAGE.source,
  // The sandboxes, for a known player and for another host.
  embedSandbox('https://www.youtube-nocookie.com/embed/'),
  embedSandbox('https://example.org/'),
  IFRAME_ALLOW,
].join('\n');

const optionsByRoot = new Map<string, { ctx: MarkdownContext; opts: sanitizeHtml.IOptions }>();

/** Safe HTML for an article body. */
export function renderMarkdown(source: string, ctx: MarkdownContext): string {
  if (source.trim() === '') return '';
  // Options are built once per context (one per folder depth), not per article.
  let cached = optionsByRoot.get(ctx.root);
  if (!cached || cached.ctx !== ctx) {
    cached = { ctx, opts: options(ctx) };
    optionsByRoot.set(ctx.root, cached);
  }
  if (!source.includes('<')) return plainEngine().render(source, { ctx } satisfies Env);
  return sanitize(renderWithHtml(source), cached.opts);
}

// HTML blocks that CommonMark ends only at a closing marker: without it, the block runs to
// the end of the body. Each opening, and the marker that closes it.
const CLOSED_BY_MARKER: Array<[RegExp, (m: RegExpExecArray) => RegExp]> = [
  [/^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i, (m) => new RegExp(`</${m[1]}>`, 'i')],
  [/^ {0,3}<!--/, () => /-->/],
  [/^ {0,3}<\?/, () => /\?>/],
  [/^ {0,3}<!\[CDATA\[/, () => /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, () => />/],
];

/**
 * A top-level HTML block that opened with `<script>`, `<pre>`, `<!--` … and never closes
 * would take the rest of the body with it: it is cut at its first blank line, like any other
 * HTML block, and what follows is parsed again as Markdown.
 */
function splitRunaway(tokens: Token[], md: MarkdownIt, env: object): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'html_block' || t.level !== 0) continue;
    const blank = /\n[ \t]*\n/.exec(t.content);
    if (!blank) continue;
    for (const [open, closer] of CLOSED_BY_MARKER) {
      const m = open.exec(t.content);
      if (!m) continue;
      if (!closer(m).test(t.content.slice(m[0].length))) {
        const rest = t.content.slice(blank.index + blank[0].length);
        t.content = t.content.slice(0, blank.index + 1);
        tokens.splice(i + 1, 0, ...md.parse(rest, env));
      }
      break;
    }
  }
}

function holdsRawHtml(block: Token[]): boolean {
  return block.some((t) => t.type === 'html_block' || (t.type === 'inline' && (t.children ?? []).some((c) => c.type === 'html_inline')));
}

/** Markdown with raw HTML, rendered one top-level block at a time, each one balanced. */
function renderWithHtml(source: string): string {
  const md = htmlEngine();
  const env = {};
  const tokens = md.parse(source, env);
  splitRunaway(tokens, md, env);
  let out = '';
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A top-level block ends with its closing token, or is a single token.
    if (t.level !== 0 || t.nesting === 1) continue;
    const block = tokens.slice(start, i + 1);
    start = i + 1;
    const html = md.renderer.render(block, md.options, env);
    out += holdsRawHtml(block) && needsBalancing(html) ? balanceHtml(html, NON_TEXT_SET) : html;
  }
  return out;
}

/** The sanitiser alone, with the policy of `ctx` (for tests of the fast path). */
export function sanitizeWithPolicy(htmlText: string, ctx: MarkdownContext): string {
  return sanitize(htmlText, options(ctx));
}

/** Hashes of stored media a body names (`media/<sha-256>.<ext>`), so they are exported. */
export function mediaRefs(source: string): string[] {
  if (!source.includes('media/')) return [];
  const out: string[] = [];
  for (const m of source.matchAll(MEDIA_REF_G)) out.push(m[1]!);
  return out;
}
