// An item of a feed is looked up by its origin once: the article it became serves both the
// trash check (an item whose article an editor removed stays out) and the re-import that
// updates or skips that article.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeArticles } from '../../src/ops/articles.js';
import { OriginsRepo } from '../../src/store/sqlite/origins.js';
import { freshStore } from '../helpers/db.js';
import { dump, importText } from './helpers.js';

const WXR = readFileSync(join(resolve(import.meta.dirname, 'fixtures', 'feeds'), 'sonlam.wordpress.2026-12-06.xml'), 'utf8');
const POSTS = 4;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lookups by origin during an import', () => {
  it('asks once per item, on a first import and on a re-import', async () => {
    const lookups = vi.spyOn(OriginsRepo.prototype, 'articleOf');
    const store = await freshStore();
    const first = await importText(store, WXR, { createSections: true });
    expect(first).toMatchObject({ rejected: 0 });
    expect(lookups).toHaveBeenCalledTimes(POSTS);
    lookups.mockClear();
    const again = await importText(store, WXR, { createSections: true, onConflict: 'update' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
    expect(lookups).toHaveBeenCalledTimes(POSTS);
  });

  it('keeps an item whose article is in the trash out of a re-import, and re-imports the others as they were', async () => {
    const store = await freshStore();
    await importText(store, WXR, { createSections: true });
    await removeArticles(store, ['le-hoi-dinh-lang'], { now: 1_800_000_000_000 });
    const before = await dump(store, { withHistory: true });

    const edited = WXR.replace('Hàng nghìn người dân tham dự.', 'Hơn 3.000 người dân tham dự.');
    const r = await importText(store, edited, { createSections: true, onConflict: 'update' });
    expect(r).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
    expect(await store.articles.count({})).toBe(POSTS - 1);
    expect(await store.articles.findBySlug('le-hoi-dinh-lang')).toBeUndefined();
    expect(await dump(store, { withHistory: true })).toBe(before);
  });

  it('updates the article an item became, found by origin, after an upstream edit', async () => {
    const store = await freshStore();
    await importText(store, WXR, { createSections: true });
    const edited = WXR.replace('Hàng nghìn người dân tham dự.', 'Hơn 3.000 người dân tham dự.');
    const r = await importText(store, edited, { createSections: true, onConflict: 'update' });
    expect(r).toMatchObject({ inserted: 0, updated: 1, rejected: 0 });
    expect((await store.articles.findBySlug('le-hoi-dinh-lang'))?.body).toContain('Hơn 3.000 người dân tham dự.');
  });
});
