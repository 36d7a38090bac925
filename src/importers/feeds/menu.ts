// A WordPress navigation menu (its nav_menu_item posts) → where newsdesk's sections go: the
// categories in the menu, in its order and nesting. newsdesk has one menu, the section tree;
// of several WordPress menus, the one holding the most categories is taken. An entry that is
// not a category (a page, a post, a custom link, a "#" heading a drop-down) is not a section:
// the categories under it move up to its level, in its place.

/** One nav_menu_item of a WXR. */
export interface MenuEntry {
  /** The menu item's post id, and its parent's (0 at the top). */
  id: string;
  parent: string;
  order: number;
  /** The menu (its slug), as the item's nav_menu category names it. */
  menu: string;
  /** The category's section slug, for an entry that is a category; else undefined. */
  section: string | undefined;
  line: number;
}

/**
 * Where a section goes: under `parent` (null: the top), right after `after`, the section before
 * it there in the menu (null: first).
 */
export interface SectionPlacement {
  slug: string;
  parent: string | null;
  after: string | null;
  line: number;
}

/** The entries of the file's menus, gathered while reading, placed at the end. */
export class MenuPlan {
  private readonly entries: MenuEntry[] = [];

  add(entry: MenuEntry): void {
    this.entries.push(entry);
  }

  /** The menu taken (most categories; the first such in the file), or undefined when none has one. */
  chosenMenu(): string | undefined {
    const counts = new Map<string, number>();
    for (const e of this.entries) if (e.section !== undefined) counts.set(e.menu, (counts.get(e.menu) ?? 0) + 1);
    let best: string | undefined;
    for (const [menu, n] of counts) if (best === undefined || n > counts.get(best)!) best = menu;
    return best;
  }

  /** The categories in other menus than the one taken (newsdesk has one menu). */
  otherMenuCategories(): number {
    const chosen = this.chosenMenu();
    return this.entries.filter((e) => e.section !== undefined && e.menu !== chosen).length;
  }

  /**
   * The sections of the chosen menu, depth first in menu order (a parent before its children),
   * each with its parent section and the section before it there. A section the menu names
   * twice is placed where it first appears.
   */
  placements(): SectionPlacement[] {
    const menu = this.chosenMenu();
    if (menu === undefined) return [];
    const entries = this.entries.filter((e) => e.menu === menu);
    const ids = new Set(entries.map((e) => e.id));
    const children = new Map<string, MenuEntry[]>();
    for (const e of entries) {
      // A parent that is not in this menu (deleted, or of another menu): at the top.
      const parent = e.parent !== e.id && ids.has(e.parent) ? e.parent : '0';
      const list = children.get(parent) ?? [];
      list.push(e);
      children.set(parent, list);
    }
    const byOrder = (a: MenuEntry, b: MenuEntry): number => a.order - b.order || Number(a.id) - Number(b.id) || a.line - b.line;
    const out: SectionPlacement[] = [];
    const placed = new Set<string>();
    const last = new Map<string | null, string>();
    const visited = new Set<string>();
    const walk = (parentId: string, parentSection: string | null): void => {
      for (const e of (children.get(parentId) ?? []).sort(byOrder)) {
        // A loop of parents (a damaged export) is walked once.
        if (visited.has(e.id)) continue;
        visited.add(e.id);
        let section = parentSection;
        if (e.section !== undefined && !placed.has(e.section)) {
          placed.add(e.section);
          out.push({ slug: e.section, parent: parentSection, after: last.get(parentSection) ?? null, line: e.line });
          last.set(parentSection, e.section);
          section = e.section;
        }
        walk(e.id, section);
      }
    };
    walk('0', null);
    return out;
  }
}

/** What placing the sections needs of the import: which sections it made, and a way to move one. */
export interface PlacementTarget {
  /** The section was made by this import (the others keep their place). */
  isNew(slug: string): boolean;
  /** Moves the section (undefined in a dry run, or once the import stopped writing); false when it cannot go there. */
  move: ((placement: SectionPlacement) => Promise<boolean>) | undefined;
  count(what: 'menu_sections_placed' | 'menu_sections_kept' | 'menu_items_other_menus', n?: number): void;
}

/** Places the sections this import made as the WordPress menu places them. */
export async function placeMenuSections(plan: MenuPlan, target: PlacementTarget): Promise<void> {
  const others = plan.otherMenuCategories();
  if (others) target.count('menu_items_other_menus', others);
  for (const p of plan.placements()) {
    if (!target.isNew(p.slug)) {
      target.count('menu_sections_kept');
      continue;
    }
    const moved = target.move ? await target.move(p) : true;
    target.count(moved ? 'menu_sections_placed' : 'menu_sections_kept');
  }
}
