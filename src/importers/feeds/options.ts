// What the WXR, RSS and Atom readers are told (the import's flags), and what they count for
// the report: the things an import leaves out or changes on the way, said rather than hidden.
import type { ShortcodeTally } from './body.js';
import type { MenuPlan } from './menu.js';

export type FeedFormat = 'wxr' | 'rss' | 'atom';
export const FEED_FORMATS: readonly FeedFormat[] = ['wxr', 'rss', 'atom'];

export function isFeedFormat(format: string): format is FeedFormat {
  return (FEED_FORMATS as readonly string[]).includes(format);
}

/** The flags that shape a feed's mapping (all optional). */
export interface FeedSettings {
  /** --section: every article goes here. */
  section?: string;
  /** --section-map: a WordPress category (or feed category) slug → a newsdesk section slug. */
  sectionMap?: ReadonlyMap<string, string>;
  /** --pages-section: WordPress pages become articles of this section (else they are left out). */
  pagesSection?: string;
  /** --media-dir: a copy of wp-content/uploads; images found there are stored in the database. */
  mediaDir?: string;
}

export interface FeedOptions extends FeedSettings {
  createSections: boolean;
  /** Section slugs the database has (a section record is made only for the others). */
  existingSections: ReadonlySet<string>;
  tally: FeedTally;
  /** The WordPress menu's entries, gathered for the pipeline to place the sections at the end. */
  menu?: MenuPlan | undefined;
}

/** The counts the report adds for a WXR, RSS or Atom import. */
export class FeedTally {
  readonly counts = new Map<string, number>();
  readonly shortcodes: ShortcodeTally = new Map();

  add(what: string, n = 1): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }

  get(what: string): number {
    return this.counts.get(what) ?? 0;
  }

  /** The counts in the report's order: what came in, then what was left out or changed. */
  private ordered(): Array<[string, number]> {
    const rank = (k: string): number => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
    return [...this.counts].sort((a, b) => rank(a[0]) - rank(b[0]));
  }

  toJSON(): Record<string, number | Record<string, number>> {
    const out: Record<string, number | Record<string, number>> = Object.fromEntries(this.ordered());
    if (this.shortcodes.size) out.shortcodes_dropped = Object.fromEntries([...this.shortcodes].sort((a, b) => b[1] - a[1]));
    return out;
  }

  /** One line each, for the report on a terminal. */
  lines(): string[] {
    const lines: string[] = [];
    for (const [what, n] of this.ordered()) lines.push(`${what.replace(/_/g, ' ')}: ${n}${NOTES[what] ? ` (${NOTES[what]})` : ''}`);
    if (this.shortcodes.size) {
      const names = [...this.shortcodes].sort((a, b) => b[1] - a[1]).map(([name, n]) => `[${name}] ×${n}`);
      lines.push(`shortcodes dropped (their content kept): ${names.join(', ')}`);
    }
    return lines;
  }
}

const ORDER = [
  'posts',
  'pages',
  'items',
  'attachments',
  'images_stored',
  'images_linked',
  'featured_images_missing',
  'password_protected_as_drafts',
  'tags_left_out',
  'trashed',
  'auto_drafts',
  'pages_left_out',
  'comments_left_out',
  'other_post_types',
  'menu_items_sections',
  'menu_sections_placed',
  'menu_sections_kept',
  'menu_items_other_menus',
  'menu_items_links',
  'menu_items_not_mapped',
];

const NOTES: Record<string, string> = {
  pages_left_out: 'give --pages-section S to import them',
  trashed: 'left out',
  auto_drafts: 'left out',
  other_post_types: 'revisions, reusable blocks and the like: left out',
  images_linked: 'not under --media-dir: they stay URLs',
  images_stored: 'found under --media-dir: stored in the database',
  featured_images_missing: 'the attachment is not in the file',
  menu_items_not_mapped: "pages and posts, and custom links without --create-sections: newsdesk's menu is the section tree (section move, link add)",
  menu_items_links: "custom links in the menu: in a links section named after the menu",
  menu_items_sections: 'categories in the menu',
  menu_sections_placed: 'sections made by this import, in the menu order and nesting',
  menu_sections_kept: 'sections there before the import: left where they are (section move)',
  menu_items_other_menus: "categories in the site's other menus: newsdesk has one menu, the one with the most categories is taken",
  password_protected_as_drafts: 'published behind a password: imported as drafts',
  comments_left_out: 'newsdesk has no comments',
  tags_left_out: 'past 50 tags on one post',
};
