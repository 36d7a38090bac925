// WordPress's export (WXR 1.0–1.2) → newsdesk records. The channel's authors and categories
// come first in the file; then the items, in post id order: posts and (with --pages-section)
// pages become articles; attachments are remembered for the posts whose featured image they
// are; menu items, trashed posts, auto-drafts and the rest are counted for the report.
import { checkLinkUrl } from '../../core/validate.js';
import type { ReadItem } from '../types.js';
import { attr, child, childrenOf, childText, textOf, type XmlNode } from '../xml/tree.js';
import { clip, htmlLine, htmlText, wordpressBody } from './body.js';
import { articleItem, NS, own, slugFrom, tagList, type FeedMapper } from './common.js';
import { MediaDir } from './media.js';
import type { FeedOptions } from './options.js';
import { english } from '../../i18n/issues.js';

interface Attachment {
  url: string;
  file: string | undefined;
  caption: string;
  alt: string;
}

/** Posts waiting for an attachment later in the file (their featured image); past it, they go without. */
const MAX_WAITING = 2000;

export class WxrMapper implements FeedMapper {
  private readonly excerptNs: string;
  private readonly authors = new Map<string, string>();
  private readonly attachments = new Map<string, Attachment>();
  private readonly waiting = new Map<string, Array<{ line: number; record: Record<string, unknown>; thumbnail: string }>>();
  private waitingCount = 0;
  private readonly media: MediaDir;
  private site = '';
  private link = '';
  /** The custom links of each menu (by its slug), for a links section at the end. */
  private readonly menuLinks = new Map<string, { title: string; line: number; links: Array<{ title: string; url: string; position: number; line: number }> }>();
  /** WordPress category slug (as in the file) → newsdesk section slug. */
  private readonly categorySections = new Map<string, string>();
  /** A category's term id → its slug in the file (menu items name categories by term id). */
  private readonly categoryTerms = new Map<string, string>();

  constructor(
    private readonly wp: string,
    private readonly options: FeedOptions,
  ) {
    this.excerptNs = `${wp}excerpt/`;
    this.media = new MediaDir(options.mediaDir, options.tally);
  }

  *element(node: XmlNode): Iterable<ReadItem> {
    if (node.uri === '' && node.local === 'link') this.link = own(textOf(node).trim());
    else if (node.uri === this.wp && node.local === 'base_blog_url') this.site = own(textOf(node).trim());
    else if (node.uri === this.wp && node.local === 'author') this.author(node);
    else if (node.uri === this.wp && node.local === 'category') yield* this.category(node);
    else if (node.uri === '' && node.local === 'item') yield* this.item(node);
  }

  /**
   * A menu entry: a category is a section, placed at the end as the menu places it (menu.ts);
   * a custom link goes, at the end, into a links section named after its menu; a page or post
   * cannot be pointed at (newsdesk's URLs are not WordPress's) and is counted.
   */
  private menuItem(item: XmlNode): void {
    const meta = this.meta(item);
    const object = meta.get('_menu_item_object');
    const menu = childrenOf(item, '', 'category').find((c) => attr(c, 'domain') === 'nav_menu');
    const menuSlug = menu ? slugFrom(attr(menu, 'nicename') ?? '') : '';
    const position = Number(childText(item, this.wp, 'menu_order')) || 0;
    const category = object === 'category' ? this.categoryTerms.get(meta.get('_menu_item_object_id')?.trim() ?? '') : undefined;
    if (menuSlug) {
      this.options.menu?.add({
        id: own(childText(item, this.wp, 'post_id')),
        parent: own(meta.get('_menu_item_menu_item_parent')?.trim() || '0'),
        order: position,
        menu: own(menuSlug),
        section: category === undefined ? undefined : own(this.sectionOf(category)),
        line: item.line,
      });
    }
    if (object === 'category') return void this.options.tally.add('menu_items_sections');
    const url = meta.get('_menu_item_url')?.trim();
    // A link newsdesk would refuse (javascript: …) is counted, not a failed import; a "#" (the
    // head of a drop-down in WordPress) leads nowhere.
    if (meta.get('_menu_item_type') !== 'custom' || !url || url === '#' || !menu || checkLinkUrl(url) !== undefined) {
      return void this.options.tally.add('menu_items_not_mapped');
    }
    const title = htmlLine(childText(item, '', 'title')) || url;
    const links = this.menuLinks.get(menuSlug) ?? { title: own(htmlLine(textOf(menu)) || menuSlug), line: item.line, links: [] };
    links.links.push({ title: own(clip(title, 500)), url: own(url), position, line: item.line });
    this.menuLinks.set(own(menuSlug), links);
  }

  *end(): Iterable<ReadItem> {
    yield* this.menus();
    for (const posts of this.waiting.values()) {
      for (const p of posts) {
        this.options.tally.add('featured_images_missing');
        yield articleItem(p.line, p.record);
      }
    }
    this.waiting.clear();
  }

  /** Each menu's custom links, in menu order, into the links section of that menu's slug. */
  private *menus(): Iterable<ReadItem> {
    const o = this.options;
    for (const [slug, menu] of this.menuLinks) {
      const exists = o.existingSections.has(slug);
      if (!exists && !o.createSections) {
        o.tally.add('menu_items_not_mapped', menu.links.length);
        continue;
      }
      if (!exists) yield { line: menu.line, record: { slug, title: menu.title, kind: 'links' }, kind: 'section' };
      for (const l of menu.links.sort((a, b) => a.position - b.position)) {
        o.tally.add('menu_items_links');
        yield { line: l.line, record: { section: slug, title: l.title, url: l.url }, kind: 'link' };
      }
    }
    this.menuLinks.clear();
  }

  private author(node: XmlNode): void {
    const login = childText(node, this.wp, 'author_login');
    const name = htmlLine(childText(node, this.wp, 'author_display_name'));
    if (login) this.authors.set(own(login), own(name || login));
  }

  private sectionOf(nicename: string): string {
    const map = this.options.sectionMap;
    // The categories come first in the file: most posts name one already known.
    const known = map ? undefined : this.categorySections.get(nicename);
    if (known !== undefined) return known;
    const slug = slugFrom(nicename);
    return map?.get(nicename) ?? map?.get(slug) ?? this.categorySections.get(nicename) ?? slug;
  }

  /** A category: a section to create (with --create-sections), its parent before it. */
  private *category(node: XmlNode): Iterable<ReadItem> {
    const nicename = childText(node, this.wp, 'category_nicename');
    if (!nicename) return;
    const term = childText(node, this.wp, 'term_id');
    if (term) this.categoryTerms.set(own(term), own(nicename));
    const slug = this.sectionOf(nicename);
    this.categorySections.set(own(nicename), own(slug));
    const o = this.options;
    if (!o.createSections || o.section !== undefined || o.sectionMap?.has(nicename) || o.sectionMap?.has(slugFrom(nicename))) return;
    if (o.existingSections.has(slug) || !slug) return;
    const parent = childText(node, this.wp, 'category_parent');
    const record: Record<string, unknown> = { slug, title: htmlLine(childText(node, this.wp, 'cat_name')) || slug };
    if (parent) record.parent = this.sectionOf(parent);
    const description = htmlText(childText(node, this.wp, 'category_description'));
    if (description) record.description = description;
    yield { line: node.line, record, kind: 'section' };
  }

  private meta(item: XmlNode): Map<string, string> {
    const meta = new Map<string, string>();
    for (const m of childrenOf(item, this.wp, 'postmeta')) meta.set(childText(m, this.wp, 'meta_key'), textOf(child(m, this.wp, 'meta_value')));
    return meta;
  }

  private *item(item: XmlNode): Iterable<ReadItem> {
    const tally = this.options.tally;
    const type = childText(item, this.wp, 'post_type') || 'post';
    const status = childText(item, this.wp, 'status');
    const postId = childText(item, this.wp, 'post_id');
    if (type === 'attachment') {
      tally.add('attachments');
      const meta = this.meta(item);
      const file = meta.get('_wp_attached_file');
      // Kept until the end of the file: copies, not slices of the input (see own).
      const attachment: Attachment = {
        url: own(childText(item, this.wp, 'attachment_url') || childText(item, '', 'guid')),
        file: file === undefined ? undefined : own(file),
        caption: own(htmlText(textOf(child(item, this.excerptNs, 'encoded')))),
        alt: own(htmlLine(meta.get('_wp_attachment_image_alt') ?? '')),
      };
      this.attachments.set(own(postId), attachment);
      const posts = this.waiting.get(postId);
      if (posts) {
        this.waiting.delete(postId);
        this.waitingCount -= posts.length;
        for (const p of posts) yield* this.withImage(p.line, p.record, attachment);
      }
      return;
    }
    if (type === 'nav_menu_item') {
      this.menuItem(item);
      return;
    }
    if (type !== 'post' && type !== 'page') {
      tally.add('other_post_types');
      return;
    }
    if (status === 'trash') return void tally.add('trashed');
    if (status === 'auto-draft') return void tally.add('auto_drafts');
    if (status === 'inherit') return void tally.add('other_post_types');
    if (type === 'page' && this.options.pagesSection === undefined) return void tally.add('pages_left_out');
    tally.add(type === 'page' ? 'pages' : 'posts');

    let record = this.article(item, type, status);
    if (record.section === undefined) {
      yield {
        line: item.line,
        errors: [{ field: 'section', message: english('issue.postNoCategory') }],
        raw: { title: record.title, origin: record.origin },
      };
      return;
    }
    const meta = this.meta(item);
    const thumbnail = meta.get('_thumbnail_id')?.trim();
    if (thumbnail) {
      const attachment = this.attachments.get(thumbnail);
      if (attachment) {
        yield* this.withImage(item.line, record, attachment);
        return;
      }
      if (this.waitingCount < MAX_WAITING) {
        const list = this.waiting.get(thumbnail) ?? [];
        // Held until its attachment comes: its own copy, not slices of the input.
        record = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
        list.push({ line: item.line, record, thumbnail });
        this.waiting.set(own(thumbnail), list);
        this.waitingCount++;
        return;
      }
      tally.add('featured_images_missing');
    }
    yield* this.media.pending.splice(0).map((m): ReadItem => ({ line: item.line, record: m, kind: 'media' }));
    yield articleItem(item.line, record);
  }

  private *withImage(line: number, record: Record<string, unknown>, a: Attachment): Iterable<ReadItem> {
    const src = this.media.src(a.url, a.file);
    const image: Record<string, string> = { src };
    if (a.caption) image.caption = clip(a.caption, 1000);
    if (a.alt) image.alt = clip(a.alt, 1000);
    record.images = [image];
    yield* this.media.pending.splice(0).map((m): ReadItem => ({ line, record: m, kind: 'media' }));
    yield articleItem(line, record);
  }

  private article(item: XmlNode, type: string, status: string): Record<string, unknown> {
    const wp = this.wp;
    const content = textOf(child(item, NS.content, 'encoded'));
    const body = this.media.rewriteBody(wordpressBody(content, this.options.tally.shortcodes));
    let title = htmlLine(childText(item, '', 'title'));
    if (!title) title = clip(htmlLine(content), 100) || `(${childText(item, wp, 'post_id') || 'no title'})`;

    const categories = childrenOf(item, '', 'category');
    const sections = categories.filter((c) => attr(c, 'domain') === 'category');
    const tags = categories.filter((c) => attr(c, 'domain') === 'post_tag').map((c) => htmlLine(textOf(c)));
    // One section an article: the first category; the others stay as tags.
    for (const c of sections.slice(1)) tags.push(htmlLine(textOf(c)));
    const first = sections[0] ? attr(sections[0], 'nicename') : undefined;
    let section: string | undefined;
    if (type === 'page') section = this.options.pagesSection;
    else if (this.options.section !== undefined) section = this.options.section;
    else if (first) section = this.sectionOf(first);

    const gmt = wpDate(childText(item, wp, 'post_date_gmt'), true);
    const date = gmt ?? wpDate(childText(item, wp, 'post_date'), false);
    const modified = wpDate(childText(item, wp, 'post_modified_gmt'), true);
    // A password-protected post was not for everyone: it comes in as a draft.
    const protectedPost = childText(item, wp, 'post_password') !== '';
    if (protectedPost) this.options.tally.add('password_protected_as_drafts');
    const comments = childrenOf(item, wp, 'comment').length;
    if (comments) this.options.tally.add('comments_left_out', comments);
    const published = (status === 'publish' || status === 'future') && !protectedPost;
    const login = childText(item, NS.dc, 'creator');
    const guid = childText(item, '', 'guid') || `${this.site || this.link}/?p=${childText(item, wp, 'post_id')}`;
    const slug = slugFrom(childText(item, wp, 'post_name'));

    const record: Record<string, unknown> = {
      slug: slug || undefined,
      title,
      summary: clip(htmlText(textOf(child(item, this.excerptNs, 'encoded'))), 5000),
      body,
      author: clip(this.authors.get(login) ?? login, 200),
      section,
      status: published ? 'published' : 'draft',
      published_at: published ? date : undefined,
      created_at: date,
      updated_at: modified,
      tags: tagList(tags, this.options.tally),
      origin: { site: this.site || this.link, id: guid },
    };
    if (section === undefined) record.section = undefined;
    return record;
  }
}

/** "2020-10-23 13:37:00" (GMT, or the site's zone) → ISO 8601; the zero date is no date. */
function wpDate(raw: string, gmt: boolean): string | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d)?)$/.exec(raw.trim());
  if (!m || m[1] === '0000-00-00') return undefined;
  return `${m[1]}T${m[2]}${gmt ? 'Z' : ''}`;
}
