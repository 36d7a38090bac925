// The terminal pager line: "Page 3 of 14 · 137 articles" and "« ‹ 1 2 [3] 4 5 … 14 › »".
import { num, t, type MessageKey } from '../../i18n/index.js';
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

export function pagerLine(page: PageInfo, noun: { counted: MessageKey }, style: Style): string {
  const head = `${t('list.page', { page: num(page.page), pages: num(page.pages) })} · ${t(noun.counted, { count: page.total, n: num(page.total) })}`;
  return `${style.dim(head)}\n${pagerControls(page)}`;
}
