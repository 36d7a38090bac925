// Sections through the store, for any backend: the menu order, moves, removals and subtrees.
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../../src/core/errors.js';
import { addArticle } from '../../src/ops/articles.js';
import { addLink } from '../../src/ops/links.js';
import { addSection, editSection, moveSection, removeSection } from '../../src/ops/sections.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, type BackendFactory } from './backend.js';

/** The tree as "slug@position" lines, indented by depth, in menu order. */
async function outline(store: Store): Promise<string[]> {
  const rows = await store.sections.tree();
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = r.parent_id === null ? 0 : depth.get(r.parent_id)! + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.slug}@${r.position}`;
  });
}

/**
 *   a  (a1, a2, a3)
 *   b  (b1 (b1x))
 *   c
 */
async function menu(backend: BackendFactory): Promise<Store> {
  const { store } = await freshPortal(backend);
  for (const s of ['a', 'b', 'c']) await addSection(store, { title: s.toUpperCase(), slug: s });
  for (const s of ['a1', 'a2', 'a3']) await addSection(store, { title: s, slug: s, parent: 'a' });
  await addSection(store, { title: 'b1', slug: 'b1', parent: 'b' });
  await addSection(store, { title: 'b1x', slug: 'b1x', parent: 'b1' });
  return store;
}

const START = ['a@1', '  a1@1', '  a2@2', '  a3@3', 'b@2', '  b1@1', '    b1x@1', 'c@3'];

export function sectionsContract(backend: BackendFactory): void {
  describe(`${backend.name}: adding sections`, () => {
    it('keeps menu order: depth first, siblings by position', async () => {
      expect(await outline(await menu(backend))).toEqual(START);
    });

    it('inserts at a position and shifts the siblings after it', async () => {
      const store = await menu(backend);
      await addSection(store, { title: 'Z', slug: 'z', position: 1 });
      await addSection(store, { title: 'a0', slug: 'a0', parent: 'a', position: 2 });
      await addSection(store, { title: 'end', slug: 'end', position: 99 });
      expect(await outline(store)).toEqual(['z@1', 'a@2', '  a1@1', '  a0@2', '  a2@3', '  a3@4', 'b@3', '  b1@1', '    b1x@1', 'c@4', 'end@5']);
    });

    it('derives the slug from the Vietnamese title and keeps it unique', async () => {
      const { store } = await freshPortal(backend);
      expect((await addSection(store, { title: 'Hệ thống chính trị' })).slug).toBe('he-thong-chinh-tri');
      expect((await addSection(store, { title: 'Hệ thống chính trị' })).slug).toBe('he-thong-chinh-tri-2');
      expect((await addSection(store, { title: 'Đảng bộ' })).slug).toBe('dang-bo');
      await expect(addSection(store, { title: 'X', slug: 'dang-bo' })).rejects.toThrow(ConflictError);
    });

    it('refuses an unknown parent', async () => {
      const store = await menu(backend);
      await expect(addSection(store, { title: 'x', parent: 'khong-co' })).rejects.toThrow(NotFoundError);
      expect(await outline(store)).toEqual(START);
    });
  });

  describe(`${backend.name}: moving sections`, () => {
    it.each([
      ['c before a', 'c', { before: 'a' }, ['c@1', 'a@2', '  a1@1', '  a2@2', '  a3@3', 'b@3', '  b1@1', '    b1x@1']],
      ['a after c', 'a', { after: 'c' }, ['b@1', '  b1@1', '    b1x@1', 'c@2', 'a@3', '  a1@1', '  a2@2', '  a3@3']],
      ['a3 before a1', 'a3', { before: 'a1' }, ['a@1', '  a3@1', '  a1@2', '  a2@3', 'b@2', '  b1@1', '    b1x@1', 'c@3']],
      ['a1 after a2', 'a1', { after: 'a2' }, ['a@1', '  a2@1', '  a1@2', '  a3@3', 'b@2', '  b1@1', '    b1x@1', 'c@3']],
      ['a2 before b (leaves its parent)', 'a2', { before: 'b' }, ['a@1', '  a1@1', '  a3@2', 'a2@2', 'b@3', '  b1@1', '    b1x@1', 'c@4']],
      ['c after b1x (becomes a grandchild)', 'c', { after: 'b1x' }, ['a@1', '  a1@1', '  a2@2', '  a3@3', 'b@2', '  b1@1', '    b1x@1', '    c@2']],
      ['c under a (appended)', 'c', { parent: 'a' }, ['a@1', '  a1@1', '  a2@2', '  a3@3', '  c@4', 'b@2', '  b1@1', '    b1x@1']],
      ['c under a at 1', 'c', { parent: 'a', position: 1 }, ['a@1', '  c@1', '  a1@2', '  a2@3', '  a3@4', 'b@2', '  b1@1', '    b1x@1']],
      ['b1 to the top level', 'b1', { parent: null }, ['a@1', '  a1@1', '  a2@2', '  a3@3', 'b@2', 'c@3', 'b1@4', '  b1x@1']],
      ['a1 to position 3', 'a1', { position: 3 }, ['a@1', '  a2@1', '  a3@2', '  a1@3', 'b@2', '  b1@1', '    b1x@1', 'c@3']],
      ['c to position 1', 'c', { position: 1 }, ['c@1', 'a@2', '  a1@1', '  a2@2', '  a3@3', 'b@3', '  b1@1', '    b1x@1']],
      ['c to position 99 (clamped)', 'c', { position: 99 }, START],
      ['a with its subtree under c', 'a', { parent: 'c' }, ['b@1', '  b1@1', '    b1x@1', 'c@2', '  a@1', '    a1@1', '    a2@2', '    a3@3']],
    ])('%s', async (_name, ref, target, expected) => {
      const store = await menu(backend);
      await moveSection(store, ref, target);
      expect(await outline(store)).toEqual(expected);
    });

    it.each([
      ['under itself', 'b', { parent: 'b' }],
      ['under its child', 'b', { parent: 'b1' }],
      ['under its grandchild', 'b', { parent: 'b1x' }],
      ['before its child', 'b', { before: 'b1' }],
      ['after its grandchild', 'b', { after: 'b1x' }],
    ])('a section cannot become its own ancestor: %s', async (_name, ref, target) => {
      const store = await menu(backend);
      let error: unknown;
      try {
        await moveSection(store, ref, target);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(await outline(store)).toEqual(START);
    });

    it('refuses to place a section next to itself, and a move without a target', async () => {
      const store = await menu(backend);
      await expect(moveSection(store, 'a', { before: 'a' })).rejects.toThrow(ValidationError);
      await expect(moveSection(store, 'a', {})).rejects.toThrow(UsageError);
      await expect(moveSection(store, 'a', { before: 'b', position: 2 })).rejects.toThrow(UsageError);
      await expect(moveSection(store, 'nope', { position: 1 })).rejects.toThrow(NotFoundError);
      expect(await outline(store)).toEqual(START);
    });

    it('edit --parent/--position moves too, with the same rule', async () => {
      const store = await menu(backend);
      await editSection(store, 'c', { parent: 'b', position: 1 });
      expect(await outline(store)).toEqual(['a@1', '  a1@1', '  a2@2', '  a3@3', 'b@2', '  c@1', '  b1@2', '    b1x@1']);
      await expect(editSection(store, 'b', { parent: 'b1x' })).rejects.toThrow(ValidationError);
    });

    it('addresses sections by id as well as by slug', async () => {
      const store = await menu(backend);
      const c = (await store.sections.find('c'))!;
      const a = (await store.sections.find('a'))!;
      await moveSection(store, String(c.id), { before: String(a.id) });
      expect((await outline(store))[0]).toBe('c@1');
    });
  });

  describe(`${backend.name}: removing sections`, () => {
    it('removes an empty section and renumbers its siblings', async () => {
      const store = await menu(backend);
      await removeSection(store, 'a2', undefined, FIXED_NOW);
      expect(await outline(store)).toEqual(['a@1', '  a1@1', '  a3@2', 'b@2', '  b1@1', '    b1x@1', 'c@3']);
    });

    it('refuses a section with subsections, naming the counts', async () => {
      const store = await menu(backend);
      await expect(removeSection(store, 'b', undefined, FIXED_NOW)).rejects.toThrow('section "b" still holds 0 articles, 0 links and 1 subsection');
      expect(await outline(store)).toEqual(START);
    });

    it('refuses a section with articles, naming the counts', async () => {
      const store = await menu(backend);
      for (const t of ['Một', 'Hai']) await addArticle(store, { title: t, section: 'c' }, { now: FIXED_NOW });
      let error: unknown;
      try {
        await removeSection(store, 'c', undefined, FIXED_NOW);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toBe('section "c" still holds 2 articles, 0 links and 0 subsections');
      expect((error as ConflictError).hint).toContain('--move-articles-to');
      expect(await store.articles.count({})).toBe(2);
    });

    it('refuses a links section holding links, naming the count', async () => {
      const { store } = await freshPortal(backend);
      await addSection(store, { title: 'Liên kết', slug: 'lien-ket', kind: 'links' });
      await addLink(store, { section: 'lien-ket', title: 'Chính phủ', url: 'https://chinhphu.vn' });
      await expect(removeSection(store, 'lien-ket', undefined, FIXED_NOW)).rejects.toThrow('still holds 0 articles, 1 link and 0 subsections');
    });

    it('--move-articles-to moves the articles and the subsections first', async () => {
      const store = await menu(backend);
      const ids: number[] = [];
      for (const t of ['Một', 'Hai', 'Ba']) ids.push((await addArticle(store, { title: t, section: 'b' }, { now: FIXED_NOW })).id);
      const r = await removeSection(store, 'b', 'c', FIXED_NOW + 1000);
      expect(r).toMatchObject({ movedArticles: 3, movedChildren: 1, movedLinks: 0 });
      expect(await outline(store)).toEqual(['a@1', '  a1@1', '  a2@2', '  a3@3', 'c@2', '  b1@1', '    b1x@1']);
      const c = (await store.sections.find('c'))!;
      for (const id of ids) {
        const a = (await store.articles.find(id))!;
        expect(a.section_id).toBe(c.id);
        expect(a.updated_at).toBe(FIXED_NOW + 1000);
      }
    });

    it('--move-articles-to refuses the section itself, a section below it, a missing one, or a links section', async () => {
      const store = await menu(backend);
      await addSection(store, { title: 'Liên kết', slug: 'lien-ket', kind: 'links' });
      await addArticle(store, { title: 'Một', section: 'b' }, { now: FIXED_NOW });
      await expect(removeSection(store, 'b', 'b', FIXED_NOW)).rejects.toThrow(ValidationError);
      await expect(removeSection(store, 'b', 'b1x', FIXED_NOW)).rejects.toThrow(ValidationError);
      await expect(removeSection(store, 'b', 'khong-co', FIXED_NOW)).rejects.toThrow(NotFoundError);
      await expect(removeSection(store, 'b', 'lien-ket', FIXED_NOW)).rejects.toThrow(ValidationError);
      expect(await store.sections.find('b')).toBeDefined();
      expect(await store.articles.count({ sectionIds: [(await store.sections.find('b'))!.id] })).toBe(1);
    });

    it('refuses to change the kind of a section that is not empty', async () => {
      const store = await menu(backend);
      await addArticle(store, { title: 'Một', section: 'c' }, { now: FIXED_NOW });
      await expect(editSection(store, 'c', { kind: 'links' })).rejects.toThrow(ConflictError);
      expect((await editSection(store, 'a1', { kind: 'links' })).kind).toBe('links');
    });
  });

  describe(`${backend.name}: subtrees`, () => {
    it('lists a section with all its descendants', async () => {
      const store = await menu(backend);
      const id = async (s: string): Promise<number> => (await store.sections.find(s))!.id;
      expect((await store.sections.subtreeIds(await id('b'))).sort()).toEqual([await id('b'), await id('b1'), await id('b1x')].sort());
      expect(await store.sections.subtreeIds(await id('c'))).toEqual([await id('c')]);
      expect(await store.sections.isInSubtree(await id('b1x'), await id('b'))).toBe(true);
      expect(await store.sections.isInSubtree(await id('a1'), await id('b'))).toBe(false);
    });
  });
}
