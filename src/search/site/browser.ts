/// <reference lib="dom" />
// The search page of the exported site, in the reader's browser: reads ?q= (and &trang=) from
// the address, loads the data files as classic scripts (so it works from file:// and from any
// static host, under a strict Content-Security-Policy: no fetch, eval or inline script), runs
// the engine and shows the results with DOM nodes only (text is never parsed as HTML).
// Bundled into one IIFE by scripts/build-site-search.js.
import { NewsdeskError } from '../../core/errors.js';
import { pagerWindow } from '../../core/paginate.js';
import type { Span } from '../snippet.js';
import { SiteSearchEngine, type SitePage } from './engine.js';
import { dataPath, LOAD_FUNCTION, SEARCH_DIR, type DataKind } from './format.js';

/** Labels the page passes in data-labels (the site language's). */
interface UiLabels {
  searching: string;
  found: string;
  none: string;
  bad: string;
  failed: string;
  first: string;
  previous: string;
  next: string;
  last: string;
  page: string;
  pagination: string;
  results: string;
}

const waiting = new Map<string, (data: unknown) => void>();

function loader(base: string) {
  (window as unknown as Record<string, unknown>)[LOAD_FUNCTION] = (kind: string, name: string, data: unknown): void => {
    const done = waiting.get(`${kind}/${name}`);
    if (done) {
      waiting.delete(`${kind}/${name}`);
      done(data);
    }
  };
  return (kind: DataKind, name: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const key = `${kind}/${name}`;
      waiting.set(key, resolve);
      const script = document.createElement('script');
      script.src = base + dataPath(kind, name).slice(SEARCH_DIR.length + 1);
      script.async = true;
      script.onerror = () => {
        waiting.delete(key);
        reject(new Error(`cannot load ${script.src}`));
      };
      // The file calls the loader as it runs, before its load event.
      script.onload = () => {
        script.remove();
        if (waiting.delete(key)) reject(new Error(`${script.src} holds no search data`));
      };
      document.head.appendChild(script);
    });
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** Text with the spans wrapped in <mark>. */
function marked(text: string, spans: Span[]): Node[] {
  const out: Node[] = [];
  let at = 0;
  for (const [s, e] of spans) {
    if (s > at) out.push(document.createTextNode(text.slice(at, s)));
    out.push(el('mark', {}, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams({ q });
  if (page > 1) params.set('trang', String(page));
  return `index.html?${params.toString()}`;
}

function pager(result: SitePage, q: string, t: UiLabels): HTMLElement | undefined {
  if (result.pages <= 1) return undefined;
  const list = el('ul');
  const control = (page: number | undefined, label: string, symbol: string): void => {
    list.append(
      el('li', {}, page === undefined ? el('span', { class: 'pager-off', 'aria-hidden': 'true' }, symbol) : el('a', { href: pageHref(q, page), 'aria-label': label }, symbol)),
    );
  };
  const p = result.page;
  control(p > 1 ? 1 : undefined, t.first, '«');
  control(p > 1 ? p - 1 : undefined, t.previous, '‹');
  for (const w of pagerWindow(p, result.pages)) {
    if (w.kind === 'gap') list.append(el('li', { class: 'pager-gap', 'aria-hidden': 'true' }, '…'));
    else {
      const attrs: Record<string, string> = { href: pageHref(q, w.page), 'aria-label': fill(t.page, { n: w.page }) };
      if (w.current) attrs['aria-current'] = 'page';
      list.append(el('li', {}, el('a', attrs, String(w.page))));
    }
  }
  control(p < result.pages ? p + 1 : undefined, t.next, '›');
  control(p < result.pages ? result.pages : undefined, t.last, '»');
  return el('nav', { class: 'pager', 'aria-label': t.pagination }, list);
}

function results(result: SitePage, q: string, t: UiLabels): Node[] {
  const status = el('p', { class: 'search-status', id: 'trang-thai-tim-kiem', tabindex: '-1' }, fill(result.total ? t.found : t.none, { n: result.total.toLocaleString(document.documentElement.lang || 'vi'), q }));
  if (result.total === 0) return [status];
  const list = el('ol', { class: 'search-results', start: String((result.page - 1) * result.perPage + 1), 'aria-label': t.results });
  for (const hit of result.items) {
    const meta = [hit.date, hit.section].filter((s) => s !== '').join(' · ');
    list.append(
      el(
        'li',
        { class: 'search-result', 'data-id': String(hit.id) },
        el('h2', {}, el('a', { href: `../${hit.path}` }, ...marked(hit.title, hit.titleHighlights))),
        el('p', { class: 'date' }, meta),
        el('p', { class: 'snippet' }, ...marked(hit.snippet, hit.highlights)),
      ),
    );
  }
  const nav = pager(result, q, t);
  return nav ? [status, list, nav] : [status, list];
}

async function main(): Promise<void> {
  const out = document.getElementById('ket-qua-tim-kiem');
  const input = document.getElementById('tu-khoa') as HTMLInputElement | null;
  if (!out || !input) return;
  const t = JSON.parse(out.dataset.labels ?? '{}') as UiLabels;
  const params = new URLSearchParams(location.search);
  const q = params.get('q') ?? '';
  const page = Number(params.get('trang') ?? '1');
  input.value = q;
  if (q.trim() === '') {
    input.focus();
    return;
  }
  // Data paths are relative to this page, which lives in the search folder.
  const engine = new SiteSearchEngine(loader(''));
  out.setAttribute('aria-busy', 'true');
  out.replaceChildren(el('p', { class: 'search-status' }, t.searching));
  let nodes: Node[];
  try {
    nodes = results(await engine.search(q, page), q, t);
  } catch (err) {
    const usage = err instanceof NewsdeskError && err.kind === 'usage';
    const message = usage ? fill(t.bad, { message: err.message }) : t.failed;
    nodes = [el('p', { class: 'search-status search-error', id: 'trang-thai-tim-kiem', tabindex: '-1', role: 'alert' }, message)];
    if (usage && err.hint) nodes.push(el('p', { class: 'search-hint' }, err.hint));
  }
  out.replaceChildren(...nodes);
  out.removeAttribute('aria-busy');
  // The reader pressed Enter: take them to what was found (screen readers read it).
  document.getElementById('trang-thai-tim-kiem')?.focus();
  // For tests and the benchmark: done, and how long after the navigation (pressing Enter).
  document.documentElement.dataset.searchMs = String(Math.round(performance.now()));
  document.documentElement.dataset.searchDone = 'true';
}

void main();
