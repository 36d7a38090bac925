import { describe, expect, it } from 'vitest';
import { pageInfo, pagerWindow, type PagerItem } from '../../src/core/paginate.js';
import { pagerControls, pagerLine } from '../../src/cli/output/pager.js';
import { noStyle } from '../../src/cli/style.js';

describe('pageInfo', () => {
  it.each([
    // page, perPage, total → pages, offset
    [1, 10, 137, 14, 0],
    [3, 10, 137, 14, 20],
    [14, 10, 137, 14, 130],
    [15, 10, 137, 14, 140],
    [1, 10, 0, 1, 0],
    [1, 10, 10, 1, 0],
    [2, 10, 11, 2, 10],
    [1, 1, 5, 5, 0],
    [5, 1, 5, 5, 4],
    [1, 1000, 137, 1, 0],
  ])('page %d of %d per page, %d items → %d pages, offset %d', (page, perPage, total, pages, offset) => {
    expect(pageInfo(page, perPage, total)).toEqual({ page, perPage, total, pages, offset });
  });

  it('covers every item exactly once over its pages', () => {
    for (const [perPage, total] of [[10, 137], [7, 50], [3, 1], [10, 100]] as const) {
      const { pages } = pageInfo(1, perPage, total);
      const seen: number[] = [];
      for (let p = 1; p <= pages; p++) {
        const { offset } = pageInfo(p, perPage, total);
        for (let i = offset; i < Math.min(offset + perPage, total); i++) seen.push(i);
      }
      expect(seen).toEqual([...Array(total).keys()]);
    }
  });
});

function render(items: PagerItem[]): string {
  return items.map((i) => (i.kind === 'gap' ? '…' : i.current ? `[${i.page}]` : String(i.page))).join(' ');
}

describe('pagerWindow (radius 2) for 14 pages', () => {
  it.each([
    [1, '[1] 2 3 … 14'],
    [2, '1 [2] 3 4 … 14'],
    [3, '1 2 [3] 4 5 … 14'],
    [4, '1 2 3 [4] 5 6 … 14'],
    [5, '1 2 3 4 [5] 6 7 … 14'],
    [6, '1 … 4 5 [6] 7 8 … 14'],
    [7, '1 … 5 6 [7] 8 9 … 14'],
    [8, '1 … 6 7 [8] 9 10 … 14'],
    [9, '1 … 7 8 [9] 10 11 … 14'],
    [10, '1 … 8 9 [10] 11 12 13 14'],
    [11, '1 … 9 10 [11] 12 13 14'],
    [12, '1 … 10 11 [12] 13 14'],
    [13, '1 … 11 12 [13] 14'],
    [14, '1 … 12 13 [14]'],
  ])('page %d: %s', (current, expected) => {
    expect(render(pagerWindow(current, 14))).toBe(expected);
  });
});

describe('pagerWindow for 1..14 pages', () => {
  it.each(Array.from({ length: 14 }, (_, i) => i + 1))('%d pages: every window is sound', (pages) => {
    for (let current = 1; current <= pages; current++) {
      const items = pagerWindow(current, pages);
      const numbers = items.flatMap((i) => (i.kind === 'page' ? [i.page] : []));
      // First and last always shown, the current one marked exactly once, ascending, no duplicates.
      expect(numbers[0]).toBe(1);
      expect(numbers[numbers.length - 1]).toBe(pages);
      expect(items.filter((i) => i.kind === 'page' && i.current)).toEqual([{ kind: 'page', page: current, current: true }]);
      expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
      expect(new Set(numbers).size).toBe(numbers.length);
      // The window around the current page.
      for (let p = Math.max(1, current - 2); p <= Math.min(pages, current + 2); p++) expect(numbers).toContain(p);
      // A gap stands for at least two pages; never two gaps in a row; never at an end.
      items.forEach((item, k) => {
        if (item.kind !== 'gap') return;
        const prev = items[k - 1];
        const next = items[k + 1];
        expect(prev?.kind).toBe('page');
        expect(next?.kind).toBe('page');
        if (prev?.kind === 'page' && next?.kind === 'page') expect(next.page - prev.page).toBeGreaterThanOrEqual(3);
      });
      // Small page counts need no gap at all.
      if (pages <= 5) expect(items.some((i) => i.kind === 'gap')).toBe(false);
    }
  });

  it('a single page is just [1]', () => {
    expect(render(pagerWindow(1, 1))).toBe('[1]');
  });
});

describe('pagerControls and pagerLine', () => {
  it.each([
    [3, 14, '« ‹ 1 2 [3] 4 5 … 14 › »'],
    [1, 14, '« ‹ [1] 2 3 … 14 › »'],
    [14, 14, '« ‹ 1 … 12 13 [14] › »'],
    [7, 14, '« ‹ 1 … 5 6 [7] 8 9 … 14 › »'],
    [1, 1, '« ‹ [1] › »'],
    [2, 3, '« ‹ 1 [2] 3 › »'],
  ])('page %d of %d: %s', (page, pages, expected) => {
    expect(pagerControls({ page, pages, perPage: 10, total: pages * 10, offset: (page - 1) * 10 })).toBe(expected);
  });

  it('writes "Page 3 of 14 · 137 articles" above the controls', () => {
    expect(pagerLine(pageInfo(3, 10, 137), { counted: 'noun.articlesCounted' }, noStyle)).toBe(
      'Page 3 of 14 · 137 articles\n« ‹ 1 2 [3] 4 5 … 14 › »',
    );
    expect(pagerLine(pageInfo(1, 10, 1), { counted: 'noun.articlesCounted' }, noStyle)).toBe('Page 1 of 1 · 1 article\n« ‹ [1] › »');
  });
});
