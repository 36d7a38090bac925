// The portal's pager, « ‹ 1 2 3 … 14 › », from the links the plan computed: controls that
// would lead nowhere (first/previous on page 1, next/last on the last page) are shown
// greyed out and are not links.
import type { Pager } from '../plan.js';
import { html, type Html } from './html.js';
import type { Labels } from './labels.js';

export function renderPager(pager: Pager, to: (path: string) => string, t: Labels): Html {
  if (pager.pages <= 1) return html``;
  const control = (path: string | undefined, label: string, symbol: string, rel?: string): Html =>
    path === undefined
      ? html`<li><span class="pager-off" aria-hidden="true">${symbol}</span></li>\n`
      : html`<li><a href="${to(path)}"${rel ? html` rel="${rel}"` : ''} aria-label="${label}">${symbol}</a></li>\n`;
  return html`<nav class="pager" aria-label="${t.pagination}">
<ul>
${control(pager.first, t.first, '«')}${control(pager.previous, t.previous, '‹', 'prev')}${pager.window.map((w) =>
    w.kind === 'gap'
      ? html`<li class="pager-gap" aria-hidden="true">…</li>\n`
      : w.current
        ? html`<li><a href="${to(w.path)}" aria-current="page" aria-label="${t.page(w.page)}">${w.page}</a></li>\n`
        : html`<li><a href="${to(w.path)}" aria-label="${t.page(w.page)}">${w.page}</a></li>\n`,
  )}${control(pager.next, t.next, '›', 'next')}${control(pager.last, t.last, '»')}</ul>
</nav>
`;
}
