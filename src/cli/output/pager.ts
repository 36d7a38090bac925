// The terminal pager line: "Page 3 of 14 · 137 articles" and "« ‹ 1 2 [3] 4 5 … 14 › »".
import { pagerWindow, type PageInfo } from '../../core/paginate.js';
import type { Style } from '../style.js';

export function pagerControls(page: PageInfo): string {
  const parts: string[] = ['«', '‹'];
  for (const item of pagerWindow(page.page, page.pages)) {
    if (item.kind === 'gap') parts.push('…');
    else parts.push(item.current ? `[${item.page}]` : String(item.page));
  }
  parts.push('›', '»');
  return parts.join(' ');
}

export function pagerLine(page: PageInfo, noun: { one: string; many: string }, style: Style): string {
  const head = `Page ${page.page} of ${page.pages} · ${page.total} ${page.total === 1 ? noun.one : noun.many}`;
  return `${style.dim(head)}\n${pagerControls(page)}`;
}
