// Streaming XML for the feed readers: bytes → text (in the document's encoding, strictly) →
// saxes, a conforming non-validating parser → one small tree per record element (an RSS or
// WXR <item>, an Atom <entry>, a <wp:category> …), handed on as soon as it closes, then
// dropped. The document is never held whole. A DTD is refused outright, so no entity can
// expand (billion laughs) or name an outside resource (XXE): saxes itself knows only the five
// predefined entities and character references. Malformed XML stops the reading with the
// line where it was found.
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError, MAX_RECORD_BYTES, recordTooLarge } from '../types.js';
import { CdataBypass } from './cdata.js';

export interface XmlNode {
  uri: string;
  local: string;
  /** Attributes by local name (no namespace) or "{uri}local". */
  attrs: Record<string, string>;
  /** Elements and text (character data and CDATA) in document order. */
  children: Array<XmlNode | string>;
  /** The line of its start tag. */
  line: number;
}

const PIECE = 64 * 1024;

const ROOT_SCOPE: Record<string, string> = { '': '', xml: 'http://www.w3.org/XML/1998/namespace' };

export type XmlItem = { type: 'root'; node: XmlNode } | { type: 'element'; node: XmlNode };

/**
 * The elements at `depthFor(root)` below the root (the root is depth 0), each as a tree,
 * after one `root` item (the root element without children).
 */
export async function* readXml(chunks: AsyncIterable<Buffer>, depthFor: (root: XmlNode) => number): AsyncGenerator<XmlItem> {
  const parser = new SaxesParser({ position: true });
  const out: XmlItem[] = [];
  const stack: XmlNode[] = [];
  let collectDepth = -1;
  let collecting: XmlNode | undefined;
  let collectedChars = 0;
  // Where the parser last finished something: text piling up past it is one huge element.
  let mark = 0;
  let markLine = 1;
  let fed = 0;

  const touch = (): void => {
    mark = parser.position;
    markLine = parser.line;
  };
  const addText = (text: string): void => {
    touch();
    if (!collecting) return;
    collectedChars += text.length;
    if (collectedChars > MAX_RECORD_BYTES) throw recordTooLarge(collecting.line);
    const parent = stack[stack.length - 1]!;
    const last = parent.children.length - 1;
    if (last >= 0 && typeof parent.children[last] === 'string') parent.children[last] += text;
    else parent.children.push(text);
  };

  parser.on('doctype', (doctype) => {
    // The line where <!DOCTYPE starts: the parser is at its end.
    let lines = 0;
    for (let i = doctype.indexOf('\n'); i !== -1; i = doctype.indexOf('\n', i + 1)) lines++;
    throw new InputError(parser.line - lines, 'the document declares a DTD (<!DOCTYPE …>): refused, so that no entity can expand or reach outside the file (entity bombs, XXE)');
  });
  parser.on('error', (err) => {
    const what = err.message.replace(/^[^:]*:\d+:\d+: /, '').replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    const hint = /undefined entity/.test(what) ? ' (XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references; HTML names like &nbsp; must be escaped or in CDATA)' : '';
    throw new InputError(parser.line, `malformed XML: ${what}${hint}`);
  });
  // Namespaces are resolved here rather than by saxes (a third of its time): the bindings in
  // effect, a new map only where an element declares one.
  const scopes: Array<Record<string, string>> = [];
  const unbound = (prefix: string): never => {
    throw new InputError(parser.line, `malformed XML: the prefix "${prefix}" is not bound to a namespace (an xmlns:${prefix}="…" missing)`);
  };
  parser.on('opentag', (tag) => {
    touch();
    // Without namespace processing, attributes are plain name → value.
    const given = (tag as SaxesTagPlain).attributes;
    let ns = scopes.length ? scopes[scopes.length - 1]! : ROOT_SCOPE;
    let declared = false;
    for (const name in given) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (!declared) ns = { ...ns };
        declared = true;
        ns[name === 'xmlns' ? '' : name.slice(6)] = given[name]!;
      }
    }
    scopes.push(ns);
    const attrs: Record<string, string> = {};
    for (const name in given) {
      const colon = name.indexOf(':');
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        // The root's declarations tell the formats apart (WXR is RSS with the wp namespace).
        if (stack.length === 0) attrs[name] = given[name]!;
      } else if (colon === -1) attrs[name] = given[name]!;
      else {
        const uri = ns[name.slice(0, colon)] ?? unbound(name.slice(0, colon));
        attrs[`{${uri}}${name.slice(colon + 1)}`] = given[name]!;
      }
    }
    const colon = tag.name.indexOf(':');
    const uri = colon === -1 ? (ns[''] ?? '') : (ns[tag.name.slice(0, colon)] ?? unbound(tag.name.slice(0, colon)));
    const node: XmlNode = { uri, local: colon === -1 ? tag.name : tag.name.slice(colon + 1), attrs, children: [], line: parser.line };
    const depth = stack.length;
    if (depth === 0) {
      collectDepth = depthFor(node);
      out.push({ type: 'root', node: { ...node } });
    } else if (depth === collectDepth) {
      collecting = node;
      collectedChars = 0;
    } else if (collecting) {
      stack[stack.length - 1]!.children.push(node);
    }
    stack.push(node);
  });
  parser.on('closetag', () => {
    touch();
    scopes.pop();
    const node = stack.pop()!;
    if (node === collecting) {
      collecting = undefined;
      out.push({ type: 'element', node });
    }
  });
  parser.on('text', addText);
  // The section's text comes from the fast lane (see cdata.ts); saxes saw only its line breaks.
  const bypass = new CdataBypass(MAX_RECORD_BYTES, () => {
    throw recordTooLarge(collecting?.line ?? parser.line);
  });
  parser.on('cdata', () => {
    const section = bypass.queue.shift()!;
    if (section.bad !== -1) {
      let after = 0;
      for (let n = section.text.indexOf('\n', section.bad); n !== -1; n = section.text.indexOf('\n', n + 1)) after++;
      throw new InputError(parser.line - after, 'malformed XML: a character XML does not allow (a control character) in a CDATA section');
    }
    addText(section.text);
  });
  parser.on('comment', touch);
  parser.on('processinginstruction', touch);

  const decoder = new StreamingDecoder();
  for await (const chunk of chunks) {
    // In small pieces: strings of a megabyte go straight to the old generation, and the
    // garbage collector lets the heap grow to make room for them; small ones die young.
    for (let at = 0; at < chunk.length; at += PIECE) {
      const text = bypass.feed(decoder.decode(chunk.subarray(at, at + PIECE), () => parser.line));
      if (text === '') continue;
      parser.write(text);
      fed += text.length;
      if (fed - mark > MAX_RECORD_BYTES) throw recordTooLarge(collecting?.line ?? markLine);
    }
    if (out.length) yield* out.splice(0);
  }
  const rest = bypass.feed(decoder.end(() => parser.line), true);
  if (rest) parser.write(rest);
  parser.close();
  if (out.length) yield* out.splice(0);
}

/**
 * Bytes → text in the encoding the document names (a BOM, else its XML declaration, else
 * UTF-8). Bytes that are not valid in it stop the reading at their line: a Latin-1 file that
 * says (or is taken to be) UTF-8 is refused, not imported as mojibake.
 */
class StreamingDecoder {
  private decoder: TextDecoder | undefined;
  private label = 'utf-8';
  private head: Buffer | undefined;

  decode(chunk: Buffer, line: () => number): string {
    if (!this.decoder) {
      // The declaration sits in the first bytes; wait for enough of them.
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 256) return '';
      chunk = this.head;
      this.head = undefined;
      this.start(chunk);
    }
    return this.run(chunk, line, true);
  }

  end(line: () => number): string {
    let text = '';
    if (!this.decoder) {
      const chunk = this.head ?? Buffer.alloc(0);
      this.head = undefined;
      this.start(chunk);
      text = this.run(chunk, line, true);
    }
    return text + this.run(Buffer.alloc(0), line, false);
  }

  private start(head: Buffer): void {
    let label = 'utf-8';
    if (head[0] === 0xfe && head[1] === 0xff) label = 'utf-16be';
    else if (head[0] === 0xff && head[1] === 0xfe) label = 'utf-16le';
    else if (!(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)) {
      const decl = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString('latin1'));
      if (decl) label = decl[1]!.toLowerCase();
    }
    try {
      this.decoder = new TextDecoder(label, { fatal: true });
    } catch {
      throw new InputError(1, `the document is in "${label}", an encoding newsdesk does not know (convert it to UTF-8: iconv -f ${label} -t UTF-8)`);
    }
    this.label = label;
  }

  private run(chunk: Buffer, line: () => number, stream: boolean): string {
    try {
      return this.decoder!.decode(chunk, { stream });
    } catch {
      // Where the bad bytes are: the line the parser is on, plus the lines before them here.
      const lenient = new TextDecoder(this.label).decode(chunk);
      const bad = lenient.indexOf('\uFFFD');
      const before = bad === -1 ? '' : lenient.slice(0, bad);
      let n = 0;
      for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) n++;
      throw new InputError(line() + n, `the text is not valid ${this.label.toUpperCase()} (the XML declaration names the encoding; convert the file or fix the declaration)`);
    }
  }
}

// ---- reading the trees ------------------------------------------------------------------

export function attr(node: XmlNode, local: string, uri?: string): string | undefined {
  return node.attrs[uri ? `{${uri}}${local}` : local];
}

export function child(node: XmlNode, uri: string, local: string): XmlNode | undefined {
  for (const c of node.children) if (typeof c !== 'string' && c.local === local && c.uri === uri) return c;
  return undefined;
}

export function childrenOf(node: XmlNode, uri: string, local: string): XmlNode[] {
  const found: XmlNode[] = [];
  for (const c of node.children) if (typeof c !== 'string' && c.local === local && c.uri === uri) found.push(c);
  return found;
}

/** The text of an element and everything in it. */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  let s = '';
  for (const c of node.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}

/** The text of a child element, trimmed ('' when absent). */
export function childText(node: XmlNode, uri: string, local: string): string {
  return textOf(child(node, uri, local)).trim();
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeXml(s).replace(/"/g, '&quot;');

/** The markup inside an element, written back out (Atom's type="xhtml" content). */
export function innerXml(node: XmlNode): string {
  let s = '';
  for (const c of node.children) {
    if (typeof c === 'string') s += escapeXml(c);
    else {
      const attrs = Object.entries(c.attrs)
        .filter(([k]) => !k.startsWith('{'))
        .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
        .join('');
      s += c.children.length ? `<${c.local}${attrs}>${innerXml(c)}</${c.local}>` : `<${c.local}${attrs} />`;
    }
  }
  return s;
}
