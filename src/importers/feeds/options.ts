// What the WXR, RSS and Atom readers are told (the import's flags), and what they count for
// the report: the things an import leaves out or changes on the way, said rather than hidden.
import type { ShortcodeTally } from './body.js';
import type { MenuPlan } from './menu.js';
import { t, type MessageKey } from '../../i18n/index.js';

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
    // For a person: said in the language in use (toJSON keeps the names, for scripts).
    for (const [what, n] of this.ordered()) {
      const label = LABELS[what] ? t(LABELS[what]) : what.replace(/_/g, ' ');
      lines.push(`${label}: ${n}${NOTES[what] ? ` (${t(NOTES[what])})` : ''}`);
    }
    if (this.shortcodes.size) {
      const names = [...this.shortcodes].sort((a, b) => b[1] - a[1]).map(([name, n]) => `[${name}] ×${n}`);
      lines.push(t('feed.shortcodes', { names: names.join(', ') }));
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

const LABELS: Readonly<Record<string, MessageKey>> = {
  posts: 'feed.posts',
  pages: 'feed.pages',
  items: 'feed.items',
  attachments: 'feed.attachments',
  images_stored: 'feed.imagesStored',
  images_linked: 'feed.imagesLinked',
  featured_images_missing: 'feed.featuredMissing',
  password_protected_as_drafts: 'feed.passwordProtected',
  tags_left_out: 'feed.tagsLeftOut',
  trashed: 'feed.trashed',
  auto_drafts: 'feed.autoDrafts',
  pages_left_out: 'feed.pagesLeftOut',
  comments_left_out: 'feed.commentsLeftOut',
  other_post_types: 'feed.otherPostTypes',
  menu_items_sections: 'feed.menuSections',
  menu_items_links: 'feed.menuLinks',
  menu_items_not_mapped: 'feed.menuNotMapped',
  menu_sections_placed: 'feed.menuPlaced',
  menu_sections_kept: 'feed.menuKept',
  menu_items_other_menus: 'feed.menuOtherMenus',
};

const NOTES: Readonly<Record<string, MessageKey>> = {
  pages_left_out: 'feed.note.pagesLeftOut',
  trashed: 'feed.note.leftOut',
  auto_drafts: 'feed.note.leftOut',
  other_post_types: 'feed.note.otherPostTypes',
  images_linked: 'feed.note.imagesLinked',
  images_stored: 'feed.note.imagesStored',
  featured_images_missing: 'feed.note.featuredMissing',
  menu_items_not_mapped: 'feed.note.menuNotMapped',
  menu_items_links: 'feed.note.menuLinks',
  menu_items_sections: 'feed.note.menuSections',
  menu_sections_placed: 'feed.note.menuPlaced',
  menu_sections_kept: 'feed.note.menuKept',
  menu_items_other_menus: 'feed.note.menuOtherMenus',
  password_protected_as_drafts: 'feed.note.passwordProtected',
  comments_left_out: 'feed.note.commentsLeftOut',
  tags_left_out: 'feed.note.tagsLeftOut',
};
