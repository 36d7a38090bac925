// Page arithmetic and the pager window, shared by the terminal pager and the HTML site.

export interface PageInfo {
  page: number;
  perPage: number;
  total: number;
  pages: number;
  offset: number;
}

export function pageInfo(page: number, perPage: number, total: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return { page, perPage, total, pages, offset: (page - 1) * perPage };
}

export type PagerItem = { kind: 'page'; page: number; current: boolean } | { kind: 'gap' };

/**
 * The numbers to show around `current`: first and last always, `radius` pages either side,
 * and a gap where pages are left out. A gap that would hide a single page shows it instead.
 */
export function pagerWindow(current: number, pages: number, radius = 2): PagerItem[] {
  const wanted = new Set<number>([1, pages]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= pages) wanted.add(p);
  const sorted = [...wanted].sort((a, b) => a - b);
  const items: PagerItem[] = [];
  let prev = 0;
  for (const p of sorted) {
    if (p - prev === 2) items.push({ kind: 'page', page: p - 1, current: p - 1 === current });
    else if (p - prev > 2) items.push({ kind: 'gap' });
    items.push({ kind: 'page', page: p, current: p === current });
    prev = p;
  }
  return items;
}
