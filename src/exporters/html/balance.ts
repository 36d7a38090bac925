// Keeps a piece of an article's HTML self-contained before the sanitiser sees it: parsed
// as a browser would parse it on its own (parse5, the HTML5 algorithm) and written out
// again, so every element it opens is closed inside it. An author's unclosed <svg>, <iframe>
// or <object> then costs the block it stands in, never the blocks after it.
import { createRequire } from 'node:module';
import type * as Parse5 from 'parse5';

// Loaded on first use: only bodies that carry raw HTML need it.
const load = createRequire(import.meta.url);
let parse5: typeof Parse5 | undefined;

interface TreeNode {
  nodeName: string;
  tagName?: string;
  childNodes?: TreeNode[];
  content?: TreeNode;
}

/**
 * `html` balanced. The children of elements named in `emptied` are left out (the sanitiser
 * drops those elements with their content anyway), so raw text inside them, such as an
 * iframe's "fallback" markup, can never be read as markup afterwards.
 */
export function balanceHtml(html: string, emptied: ReadonlySet<string>): string {
  parse5 ??= load('parse5') as typeof Parse5;
  // Without scripting, <noscript> content is markup, as the sanitiser reads it.
  const fragment = parse5.parseFragment(html, { scriptingEnabled: false });
  empty(fragment as unknown as TreeNode, emptied);
  return parse5.serialize(fragment);
}

// Ordinary elements: none holds raw text or foreign content, none is closed by the parser
// behind an author's back except by its own end tag.
const ORDINARY = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'mark', 'small',
  'blockquote', 'q', 'cite', 'code', 'pre', 'kbd', 'samp', 'var', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'figure',
  'figcaption', 'abbr', 'span', 'div', 'font', 'center', 'strike', 'big', 'tt',
]);
const VOID = new Set(['br', 'hr', 'img', 'wbr']);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?\/?>/g;

/** An odd number of either quote: the tag's end was inside a quoted value ("a>b"). */
function openQuote(tag: string): boolean {
  let d = 0;
  let s = 0;
  for (const c of tag) {
    if (c === '"') d++;
    else if (c === "'") s++;
  }
  return d % 2 === 1 || s % 2 === 1;
}

/**
 * False when `html` needs no balancing: every "<" opens a tag of an ordinary element, and
 * every element opened is closed, in order. Most imported bodies (<b>, <em>, <a>, <div> …)
 * are so, and skip the parser; anything else (a raw-text or foreign element, a comment, an
 * attribute holding ">", a "/>" on a non-void element, misnesting) takes it.
 */
export function needsBalancing(html: string): boolean {
  const stack: string[] = [];
  let tags = 0;
  for (const m of html.matchAll(TAG)) {
    tags++;
    const name = m[2]!.toLowerCase();
    if (openQuote(m[0])) return true;
    if (VOID.has(name)) {
      if (m[1]) return true;
      continue;
    }
    if (!ORDINARY.has(name) || m[0].endsWith('/>')) return true;
    if (!m[1]) stack.push(name);
    else if (stack.pop() !== name) return true;
  }
  if (stack.length > 0) return true;
  // A "<" that no tag accounts for: something the pattern does not know.
  let lt = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) lt++;
  return lt !== tags;
}

function empty(node: TreeNode, emptied: ReadonlySet<string>): void {
  for (const child of node.childNodes ?? []) {
    if (child.tagName === undefined) continue;
    if (emptied.has(child.tagName)) {
      child.childNodes = [];
      if (child.content) child.content.childNodes = [];
    } else {
      empty(child, emptied);
      if (child.content) empty(child.content, emptied);
    }
  }
}
