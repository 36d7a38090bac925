// One entry point for every template: a planned page in, the file's text out. Pure apart
// from memoising what many pages share (portlets per folder depth, formatted dates).
import { createHash } from 'node:crypto';
import { MARKDOWN_FINGERPRINT, renderMarkdown, type MarkdownContext } from '../markdown.js';
import type { ArticlePage, LayoutData, Page } from '../plan.js';
import { rootPrefix } from '../routes.js';
import { DateCache } from './dates.js';
import { renderFeed, renderSitemap } from './feed.js';
import { labelsFor, type Labels } from './labels.js';
import { Shell } from './layout.js';
import { renderPager } from './pager.js';
import { articleMain, homeMain, photosMain, sectionMain, type PageContext } from './pages.js';
import type { ImageInfo } from '../images.js';
import { Pictures } from './picture.js';

export interface RenderInput {
  /** The Markdown body of an article page. */
  body?: string;
  /** The Markdown bodies of the feed's articles, by id. */
  bodies?: Map<number, string>;
}

export class Renderer {
  readonly layout: LayoutData;
  readonly labels: Labels;
  private readonly shell: Shell;
  private readonly dates: DateCache;
  private readonly mediaPaths: Map<string, string>;
  private readonly markdownContexts = new Map<string, MarkdownContext>();
  private readonly pictures: Pictures;

  /**
   * `media`: output path of each stored media file by hash; `images`: the copies the export
   * made of each (none: pages show the stored files).
   */
  constructor(layout: LayoutData, media: Map<string, string>, images: ReadonlyMap<string, ImageInfo> = new Map()) {
    this.layout = layout;
    this.labels = labelsFor(layout.language);
    this.pictures = new Pictures(images);
    this.shell = new Shell(layout, this.labels, this.pictures);
    this.dates = new DateCache(layout.timezone);
    this.mediaPaths = media;
  }

  private markdownContext(root: string): MarkdownContext {
    let ctx = this.markdownContexts.get(root);
    if (!ctx) {
      const paths = this.mediaPaths;
      const pictures = this.pictures;
      ctx = { root, media: (hash) => paths.get(hash), viewImage: this.labels.viewImage, embedHosts: this.layout.embedHosts, videoTitle: this.labels.video, sized: (hash) => pictures.forBody(hash) };
      this.markdownContexts.set(root, ctx);
    }
    return ctx;
  }

  /** Sanitised HTML of a Markdown body as seen from `outputPath`. */
  markdown(body: string, outputPath: string): string {
    return renderMarkdown(body, this.markdownContext(rootPrefix(outputPath)));
  }

  render(page: Page, input: RenderInput = {}): string {
    switch (page.kind) {
      case 'feed': {
        const bodies = new Map<number, string>();
        for (const [id, body] of input.bodies ?? []) bodies.set(id, this.markdown(body, page.outputPath));
        return renderFeed(page, this.layout, bodies);
      }
      case 'sitemap':
        return renderSitemap(page, this.layout);
      default:
        return this.renderHtml(page, input);
    }
  }

  private renderHtml(page: Exclude<Page, { kind: 'feed' | 'sitemap' }>, input: RenderInput): string {
    const root = rootPrefix(page.outputPath);
    const to = (p: string): string => (p === page.outputPath ? p.slice(p.lastIndexOf('/') + 1) : root + p);
    const pictures = this.pictures;
    const c: PageContext = { t: this.labels, dates: this.dates, to, homePath: this.layout.homePath, picture: (src, role, o) => pictures.render(src, role, to, o) };
    switch (page.kind) {
      case 'home':
        return this.shell.render({
          outputPath: page.outputPath,
          ...(page.data.pager.page > 1 ? { title: this.labels.pageOf(page.data.pager.page, page.data.pager.pages) } : {}),
          main: homeMain(page, c),
        });
      case 'section':
        return this.shell.render({ outputPath: page.outputPath, title: withPage(page.data.title, page.data.pager, this.labels), main: sectionMain(page, c) });
      case 'photos':
        return this.shell.render({ outputPath: page.outputPath, title: withPage(this.labels.photoLibrary, page.data.pager, this.labels), main: photosMain(page, c) });
      case 'article':
        return this.renderArticle(page, input.body ?? '', c);
    }
  }

  private renderArticle(page: ArticlePage, body: string, c: PageContext): string {
    return this.shell.render({ outputPath: page.outputPath, title: page.data.title, main: articleMain(page, this.markdown(body, page.outputPath), c) });
  }
}

function withPage(title: string, pager: { page: number; pages: number }, t: Labels): string {
  return pager.page > 1 ? `${title} (${t.pageOf(pager.page, pager.pages)})` : title;
}

/** Bump when a template changes in a way the source text below would not show. */
const TEMPLATE_VERSION = 1;

/**
 * Part of every page's fingerprint: the source of the templates themselves, so that a new
 * version of newsdesk re-renders every page without needing --clean.
 */
export const TEMPLATE_FINGERPRINT = createHash('sha1')
  .update(
    [
      String(TEMPLATE_VERSION),
      ...[Shell, Renderer, Pictures, renderPager, homeMain, sectionMain, articleMain, photosMain, renderFeed, renderSitemap, withPage].map(String),
      ...(['vi', 'en'] as const).flatMap((l) => Object.values(labelsFor(l)).map(String)),
      MARKDOWN_FINGERPRINT,
    ].join('\n'),
  )
  .digest('base64url');
