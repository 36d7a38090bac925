// RSS 2.0 and Atom 1.0 → newsdesk articles. Each item is published; its origin is its GUID
// (or Atom id, else its link) on the feed's site. It goes to --section, or with
// --create-sections to a section made from its first category; the other categories are tags.
import type { ReadItem } from '../types.js';
import { attr, child, childrenOf, childText, innerXml, textOf, type XmlNode } from '../xml/tree.js';
import { clip, htmlLine, htmlText, wordpressBody } from './body.js';
import { articleItem, feedDate, NS, own, slugFrom, tagList, type FeedMapper } from './common.js';
import { MediaDir } from './media.js';
import type { FeedOptions } from './options.js';
import { english } from '../../i18n/issues.js';

interface Entry {
  line: number;
  id: string;
  title: string;
  html: string;
  summary: string;
  date: string | undefined;
  author: string;
  categories: string[];
  images: Array<{ src: string; caption: string }>;
}

/** What RSS and Atom share once an item is read. */
abstract class FeedBase implements FeedMapper {
  protected site = '';
  protected feedTitle = '';
  private readonly media: MediaDir;
  private readonly created = new Set<string>();

  constructor(protected readonly options: FeedOptions) {
    this.media = new MediaDir(options.mediaDir, options.tally);
  }

  abstract element(node: XmlNode): Iterable<ReadItem>;

  end(): Iterable<ReadItem> {
    return [];
  }

  protected *entry(e: Entry): Iterable<ReadItem> {
    const o = this.options;
    const tally = o.tally;
    tally.add('items');
    let title = htmlLine(e.title);
    if (!title) title = clip(htmlLine(e.html) || htmlLine(e.summary), 100);
    const tags = e.categories.map(htmlLine).filter(Boolean);
    let section = o.section;
    const out: ReadItem[] = [];
    if (o.createSections && tags.length) {
      const name = tags.shift()!;
      const mapped = o.sectionMap?.get(slugFrom(name));
      const slug = mapped ?? slugFrom(name);
      if (slug) {
        section = slug;
        if (mapped === undefined && !o.existingSections.has(slug) && !this.created.has(slug)) {
          this.created.add(own(slug));
          out.push({ line: e.line, record: { slug, title: name }, kind: 'section' });
        }
      }
    }
    if (section === undefined) {
      yield { line: e.line, errors: [{ field: 'section', message: english('issue.feedNeedsSection') }], raw: { title, origin: e.id } };
      return;
    }
    const body = this.media.rewriteBody(wordpressBody(e.html, tally.shortcodes));
    const images = e.images.slice(0, 10).map((img) => {
      const image: Record<string, string> = { src: this.media.src(img.src) };
      if (img.caption) image.caption = clip(img.caption, 1000);
      return image;
    });
    for (const m of this.media.pending.splice(0)) out.push({ line: e.line, record: m, kind: 'media' });
    yield* out;
    yield articleItem(e.line, {
      title,
      summary: clip(htmlText(e.summary), 5000),
      body,
      author: clip(htmlLine(e.author), 200),
      source: clip(htmlLine(this.feedTitle), 200),
      section,
      status: 'published',
      published_at: e.date,
      images: images.length ? images : undefined,
      tags: tagList(tags, this.options.tally),
      origin: e.id ? { site: this.site, id: e.id } : undefined,
    });
  }
}

export class RssMapper extends FeedBase {
  *element(node: XmlNode): Iterable<ReadItem> {
    if (node.uri !== '') return;
    if (node.local === 'link') this.site ||= own(textOf(node).trim());
    else if (node.local === 'title') this.feedTitle ||= own(textOf(node).trim());
    else if (node.local === 'item') yield* this.entry(this.item(node));
  }

  private item(item: XmlNode): Entry {
    const encoded = textOf(child(item, NS.content, 'encoded'));
    const description = textOf(child(item, '', 'description'));
    const images: Entry['images'] = [];
    for (const enc of childrenOf(item, '', 'enclosure')) {
      const url = attr(enc, 'url');
      if (url && (attr(enc, 'type') ?? '').startsWith('image/')) images.push({ src: url, caption: '' });
    }
    images.push(...mediaImages(item));
    // "email (Name)" or "Name <email>": the name.
    const rawAuthor = childText(item, NS.dc, 'creator') || childText(item, '', 'author');
    const author = /\(([^)]+)\)\s*$/.exec(rawAuthor)?.[1] ?? rawAuthor.replace(/\s*<[^>]*>\s*$/, '');
    return {
      line: item.line,
      id: childText(item, '', 'guid') || childText(item, '', 'link'),
      title: childText(item, '', 'title'),
      html: encoded.trim() ? encoded : description,
      summary: encoded.trim() ? description : '',
      date: feedDate(childText(item, '', 'pubDate') || childText(item, NS.dc, 'date')),
      author,
      categories: childrenOf(item, '', 'category').map((c) => textOf(c)),
      images,
    };
  }
}

export class AtomMapper extends FeedBase {
  *element(node: XmlNode): Iterable<ReadItem> {
    if (node.uri !== NS.atom) return;
    if (node.local === 'id') this.site ||= own(textOf(node).trim());
    else if (node.local === 'link' && (attr(node, 'rel') ?? 'alternate') === 'alternate') this.site = own(attr(node, 'href') ?? this.site);
    else if (node.local === 'title') this.feedTitle ||= own(htmlLine(atomText(node, false)));
    else if (node.local === 'entry') yield* this.entry(this.entryOf(node));
  }

  private entryOf(entry: XmlNode): Entry {
    const links = childrenOf(entry, NS.atom, 'link');
    const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
    const images: Entry['images'] = [];
    for (const l of links) {
      const href = attr(l, 'href');
      if (href && attr(l, 'rel') === 'enclosure' && (attr(l, 'type') ?? '').startsWith('image/')) images.push({ src: href, caption: attr(l, 'title') ?? '' });
    }
    images.push(...mediaImages(entry));
    const content = child(entry, NS.atom, 'content');
    const summary = child(entry, NS.atom, 'summary');
    const author = child(entry, NS.atom, 'author');
    return {
      line: entry.line,
      id: childText(entry, NS.atom, 'id') || (alternate ? (attr(alternate, 'href') ?? '') : ''),
      title: atomText(child(entry, NS.atom, 'title'), false),
      html: content && !attr(content, 'src') ? atomText(content, true) : summary ? atomText(summary, true) : '',
      summary: content && summary ? atomText(summary, true) : '',
      date: feedDate(childText(entry, NS.atom, 'published') || childText(entry, NS.atom, 'updated')),
      author: author ? childText(author, NS.atom, 'name') : '',
      categories: childrenOf(entry, NS.atom, 'category').map((c) => attr(c, 'label') || attr(c, 'term') || ''),
      images,
    };
  }
}

/** An Atom text construct as HTML: text escaped, html as it is, xhtml written back out. */
function atomText(node: XmlNode | undefined, asHtml: boolean): string {
  if (!node) return '';
  const type = attr(node, 'type') ?? 'text';
  if (type === 'xhtml') {
    const div = node.children.find((c): c is XmlNode => typeof c !== 'string');
    return div ? innerXml(div) : '';
  }
  const text = textOf(node);
  if (type === 'html') return text;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return asHtml ? escaped.replace(/>/g, '&gt;') : escaped;
}

/** media:content (or inside media:group) that is an image, with its description as caption. */
function mediaImages(item: XmlNode): Entry['images'] {
  const found: Entry['images'] = [];
  const nodes = [...childrenOf(item, NS.media, 'content'), ...childrenOf(item, NS.media, 'group').flatMap((g) => childrenOf(g, NS.media, 'content'))];
  for (const m of nodes) {
    const url = attr(m, 'url');
    const isImage = attr(m, 'medium') === 'image' || (attr(m, 'type') ?? '').startsWith('image/');
    if (url && isImage) found.push({ src: url, caption: htmlLine(childText(m, NS.media, 'description') || childText(m, NS.media, 'title')) });
  }
  return found;
}
