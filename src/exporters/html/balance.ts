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
