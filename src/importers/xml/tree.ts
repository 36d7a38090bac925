// Streaming XML for the feed readers: bytes → text (in the document's encoding, strictly) →
// the scanner (scan.ts, non-validating, checking well-formedness) → one small tree per record
// element (an RSS or WXR <item>, an Atom <entry>, a <wp:category> …), handed on as soon as it
// closes, then dropped. The document is never held whole. A DTD is refused outright, so no
// entity can expand (billion laughs) or name an outside resource (XXE): the scanner knows only
// the five predefined entities and character references. Malformed XML stops the reading with
// the line where it was found.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { InputError, MAX_RECORD_BYTES, recordTooLarge } from '../types.js';
import { XmlScanner } from './scan.js';

export interface XmlNode {
  uri: string;
  local: string;
  /** Attributes by local name (no namespace) or "{uri}local". */
  attrs: Record<string, string>;
  /** Elements and text (character data and CDATA) in document order. */
  children: Array<XmlNode | string>;
  /** The line of its start tag (where its ">" is). */
  line: number;
}

const PIECE = 64 * 1024;

const ROOT_SCOPE: Record<string, string> = { '': '', xml: 'http://www.w3.org/XML/1998/namespace' };

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({});

function unbound(prefix: string, line: number): never {
  throw new InputError(line, `malformed XML: the prefix "${prefix}" is not bound to a namespace (an xmlns:${prefix}="…" missing)`);
}

export type XmlItem = { type: 'root'; node: XmlNode } | { type: 'element'; node: XmlNode };

/**
 * The elements at `depthFor(root)` below the root (the root is depth 0), each as a tree,
 * after one `root` item (the root element without children).
 */
export async function* readXml(chunks: AsyncIterable<Buffer>, depthFor: (root: XmlNode) => number): AsyncGenerator<XmlItem> {
  const out: XmlItem[] = [];
  const stack: XmlNode[] = [];
  let collectDepth = -1;
  let collecting: XmlNode | undefined;
  let collectedChars = 0;
  // Namespaces are resolved here: the bindings in effect, a new map only where an element
  // declares one.
  const scopes: Array<Record<string, string>> = [];
  const names = new Map<string, { uri: string; local: string }>();
  let namesScope: Record<string, string> | undefined;

  const scanner: XmlScanner = new XmlScanner({
    doctype(line) {
      throw new InputError(line, 'the document declares a DTD (<!DOCTYPE …>): refused, so that no entity can expand or reach outside the file (entity bombs, XXE)');
    },
    tooLarge() {
      throw recordTooLarge(collecting?.line ?? scanner.line);
    },
    text(text) {
      if (!collecting) return;
      collectedChars += text.length;
      if (collectedChars > MAX_RECORD_BYTES) throw recordTooLarge(collecting.line);
      const parent = stack[stack.length - 1]!;
      const last = parent.children.length - 1;
      if (last >= 0 && typeof parent.children[last] === 'string') parent.children[last] += text;
      else parent.children.push(text);
    },
    openTag(name, given, _selfClosing, line) {
      let ns = scopes.length ? scopes[scopes.length - 1]! : ROOT_SCOPE;
      let declared = false;
      let any = false;
      for (const key in given) {
        any = true;
        if (key === 'xmlns' || key.startsWith('xmlns:')) {
          if (!declared) ns = { ...ns };
          declared = true;
          ns[key === 'xmlns' ? '' : key.slice(6)] = given[key]!;
        }
      }
      scopes.push(ns);
      // Most elements have no attributes: they share one empty (frozen) record.
      let attrs = NO_ATTRIBUTES;
      if (any) {
        attrs = {};
        for (const key in given) {
          const colon = key.indexOf(':');
          if (key === 'xmlns' || key.startsWith('xmlns:')) {
            // The root's declarations tell the formats apart (WXR is RSS with the wp namespace).
            if (stack.length === 0) attrs[key] = given[key]!;
          } else if (colon === -1) attrs[key] = given[key]!;
          else {
            const uri = ns[key.slice(0, colon)] ?? unbound(key.slice(0, colon), line);
            attrs[`{${uri}}${key.slice(colon + 1)}`] = given[key]!;
          }
        }
      }
      // The same few names, resolved once for the bindings in effect (a string for each
      // element of each item was garbage).
      if (ns !== namesScope) {
        namesScope = ns;
        names.clear();
      }
      let resolved = names.get(name);
      if (resolved === undefined) {
        const colon = name.indexOf(':');
        const uri = colon === -1 ? (ns[''] ?? '') : (ns[name.slice(0, colon)] ?? unbound(name.slice(0, colon), line));
        // Copies: a slice of the input would keep its whole piece alive as long as the map.
        const own = Buffer.from(name, 'utf8').toString('utf8');
        resolved = { uri, local: colon === -1 ? own : own.slice(colon + 1) };
        if (names.size < 1000) names.set(own, resolved);
      }
      const node: XmlNode = { uri: resolved.uri, local: resolved.local, attrs, children: [], line };
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
    },
    closeTag() {
      scopes.pop();
      const node = stack.pop()!;
      if (node === collecting) {
        collecting = undefined;
        out.push({ type: 'element', node });
      }
    },
  });

  const decoder = new StreamingDecoder();
  for await (const chunk of chunks) {
    // In small pieces: strings of a megabyte go straight to the old generation, and the
    // garbage collector lets the heap grow to make room for them; small ones die young.
    for (let at = 0; at < chunk.length; at += PIECE) {
      const text = decoder.decode(chunk.subarray(at, at + PIECE), () => scanner.line);
      if (text !== '') scanner.write(text);
      // Handed on piece by piece, not chunk by chunk: a megabyte of trees (and the text they
      // are cut from) held until the chunk ends outlived the young generation and was copied
      // into the old one; a piece's worth dies young (scavenges of 0.5 ms instead of 5–20).
      if (out.length) yield* out.splice(0);
    }
  }
  const rest = decoder.end(() => scanner.line);
  if (rest) scanner.write(rest);
  scanner.close();
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
  /** UTF-8 (most documents) is checked and decoded by Node's own fast paths, not ICU's. */
  private utf8 = false;
  /** A UTF-8 character cut by the end of the last piece. */
  private partial: Buffer | undefined;

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
    this.utf8 = label === 'utf-8' || label === 'utf8';
    if (this.utf8 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) this.partial = Buffer.alloc(0);
  }

  private run(chunk: Buffer, line: () => number, stream: boolean): string {
    if (this.utf8) return this.runUtf8(chunk, line, stream);
    try {
      return this.decoder!.decode(chunk, { stream });
    } catch {
      this.invalid(chunk, line);
    }
  }

  private runUtf8(chunk: Buffer, line: () => number, stream: boolean): string {
    let bytes = chunk;
    if (this.partial) {
      // The byte order mark (an empty `partial` right after start) is not text.
      const bom = this.partial.length === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      bytes = bom ? bytes.subarray(3) : Buffer.concat([this.partial, bytes]);
      this.partial = undefined;
    }
    let cut = bytes.length;
    if (stream) {
      // Back to the start of the last character; keep it if its bytes are not all here.
      let lead = cut - 1;
      while (lead >= 0 && lead > cut - 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
      if (lead >= 0) {
        const b = bytes[lead]!;
        const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (lead + size > cut) cut = lead;
      }
      if (cut < bytes.length) this.partial = Buffer.from(bytes.subarray(cut));
    }
    const whole = bytes.subarray(0, cut);
    if (!isUtf8(whole)) this.invalid(bytes, line);
    return whole.toString('utf8');
  }

  private invalid(chunk: Buffer, line: () => number): never {
    // Where the bad bytes are: the line the parser is on, plus the lines before them here.
    const lenient = new TextDecoder(this.label).decode(chunk);
    const bad = lenient.indexOf('\uFFFD');
    const before = bad === -1 ? '' : lenient.slice(0, bad);
    let n = 0;
    for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) n++;
    throw new InputError(line() + n, `the text is not valid ${this.label.toUpperCase()} (the XML declaration names the encoding; convert the file or fix the declaration)`);
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
