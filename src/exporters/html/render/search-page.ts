// The main column of the search page (tim-kiem/index.html): a labelled field, a region where
// the page's script puts the results (announced to screen readers), and that one script.
import { ENGINE_FILE, SEARCH_DIR } from '../../../search/site/format.js';
import { html, type Html } from './html.js';
import type { Labels } from './labels.js';

export function searchMain(t: Labels): Html {
  const s = t.search;
  // What the script shows, in the site language (it carries no words of its own).
  const ui = {
    searching: s.searching,
    found: s.found,
    none: s.none,
    bad: s.bad,
    failed: s.failed,
    first: t.first,
    previous: t.previous,
    next: t.next,
    last: t.last,
    page: s.page,
    pagination: t.pagination,
    results: s.results,
  };
  return html`<h1>${s.title}</h1>
<form class="search-page-form" role="search" action="index.html" method="get">
<label for="tu-khoa">${s.field}</label>
<input id="tu-khoa" type="search" name="q" required aria-describedby="huong-dan-tim-kiem">
<button type="submit">${s.button}</button>
</form>
<p class="search-help" id="huong-dan-tim-kiem">${s.help}</p>
<div id="ket-qua-tim-kiem" aria-live="polite" data-labels="${JSON.stringify(ui)}">
<noscript><p>${s.noScript}</p></noscript>
</div>
<script src="${ENGINE_FILE.slice(SEARCH_DIR.length + 1)}"></script>
`;
}
