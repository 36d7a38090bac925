// A streaming, non-validating XML 1.0 scanner for the feed readers: text in, tags, text and
// CDATA out, in document order, with the line of each. It checks what a conforming parser
// checks for well-formedness (names, attribute syntax and uniqueness, matched end tags, one
// root, references, the characters XML allows, comments, processing instructions, the XML
// declaration) and stops at the first fault with its line. It knows only the five predefined
// entities and character references; a DTD is handed to `doctype`, which refuses it.
//
// It works on whole strings with indexOf and sticky regular expressions rather than one
// character at a time: a WordPress export is mostly markup and CDATA, and a character-by-
// character parser spent more time on it than the whole import of the same articles as NDJSON.
// Its behaviour is tested against saxes, a conforming parser, on damaged and random documents.
import { InputError } from '../types.js';

export interface ScanHandler {
  /** A start tag (`selfClosing` for <x/>); `line` is where its ">" is. */
  openTag(name: string, attrs: Record<string, string>, selfClosing: boolean, line: number): void;
  closeTag(name: string): void;
  /** Character data, references decoded, or a CDATA section's content, possibly in pieces. */
  text(text: string): void;
  /** A <!DOCTYPE starting at this line: the handler throws. */
  doctype(line: number): never;
  /** A construct (comment, processing instruction) longer than any record. */
  tooLarge(): never;
}

/** The longest tag, attributes included: markup, not content, so far below any record. */
const MAX_TAG = 1024 * 1024;

const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040-]*$`, 'u');
/**
 * Characters XML never allows (line ends are normalised before this; the strict decoders let
 * no lone surrogate through, and character references are checked one by one).
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const START_TAG = /<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const END_TAG = /<\/([^\s>]+)\s*>/y;
const ATTR = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const XML_DECL = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;

type State = 'text' | 'cdata' | 'comment' | 'pi';

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({});

export class XmlScanner {
  /** The line the scanner has reached. */
  line = 1;
  private s = '';
  private i = 0;
  private state: State = 'text';
  /** A comment's or processing instruction's text so far, and its first line. */
  private parts: string[] = [];
  private partsSize = 0;
  private partsLine = 1;
  private heldCr = false;
  private started = false;
  private rootSeen = false;
  private readonly open: string[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly handler: ScanHandler) {}

  write(piece: string): void {
    if (this.heldCr) piece = `\r${piece}`;
    this.heldCr = piece.endsWith('\r');
    if (this.heldCr) piece = piece.slice(0, -1);
    if (piece.includes('\r')) piece = piece.replace(/\r\n?/g, '\n');
    this.s = this.i < this.s.length ? this.s.slice(this.i) + piece : piece;
    this.i = 0;
    this.run(false);
  }

  close(): void {
    if (this.heldCr) {
      this.heldCr = false;
      this.s = this.s.slice(this.i) + '\n';
      this.i = 0;
    }
    this.run(true);
    if (this.state === 'cdata') this.fail('the document ends inside a CDATA section');
    if (this.state === 'comment') this.fail('the document ends inside a comment');
    if (this.state === 'pi') this.fail('the document ends inside a processing instruction');
    if (this.i < this.s.length) this.fail('the document ends inside a tag');
    if (this.open.length) this.fail(`the document ends before </${this.open[this.open.length - 1]}> (unclosed tag)`);
    if (!this.rootSeen) this.fail('the document has no root element');
  }

  private fail(what: string, line = this.line): never {
    throw new InputError(line, `malformed XML: ${what}`);
  }

  private advanceLines(from: number, to: number): void {
    const s = this.s;
    for (let n = s.indexOf('\n', from); n !== -1 && n < to; n = s.indexOf('\n', n + 1)) this.line++;
  }

  /** Scans as far as the text allows; `end`: nothing more will come. */
  private run(end: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      if (this.state === 'cdata') {
        if (!this.cdata(end)) return;
      } else if (this.state === 'comment' || this.state === 'pi') {
        if (!this.longMarkup(end)) return;
      } else {
        const lt = s.indexOf('<', this.i);
        if (lt === -1) {
          this.textRun(s.length, end);
          return;
        }
        if (lt > this.i) this.textRun(lt, true);
        if (!this.markup(end)) return;
      }
    }
  }

  /** Character data from `i` to `to` (`whole`: it ends there, else pieces may be held). */
  private textRun(to: number, whole: boolean): void {
    const s = this.s;
    let stop = to;
    if (!whole) {
      // A reference or "]]>" cut by the end of this piece: kept for the next.
      const amp = s.lastIndexOf('&', to - 1);
      if (amp >= this.i && s.indexOf(';', amp) === -1 && to - amp < 64) stop = amp;
      while (stop > this.i && s.charCodeAt(stop - 1) === 93 /* ] */ && to - stop < 2) stop--;
    }
    if (stop === this.i) return;
    let text = s.slice(this.i, stop);
    const startLine = this.line;
    this.started = true;
    this.advanceLines(this.i, stop);
    this.i = stop;
    if (text.includes(']]>')) this.fail('the text contains "]]>", which XML allows only to end a CDATA section', startLine + lines(text.slice(0, text.indexOf(']]>'))));
    this.checkChars(text, startLine);
    if (text.includes('&')) text = this.decode(text, startLine);
    if (this.open.length === 0) {
      const other = text.search(/[^ \t\n]/);
      if (other !== -1) this.fail(this.rootSeen ? 'text after the root element' : 'text before the root element', startLine + lines(text.slice(0, other)));
      return;
    }
    this.handler.text(text);
  }

  private checkChars(text: string, startLine: number): void {
    const m = NOT_XML.exec(text);
    if (m) this.fail('a character XML does not allow (a control character)', startLine + lines(text.slice(0, m.index)));
  }

  /** References in text or an attribute value → their characters. */
  private decode(text: string, startLine: number): string {
    let out = '';
    let at = 0;
    for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', at)) {
      REFERENCE.lastIndex = amp;
      const m = REFERENCE.exec(text);
      const line = startLine + lines(text.slice(0, amp));
      if (!m) {
        const name = /^&([^\s;&<]*);/.exec(text.slice(amp, amp + 64));
        if (name && NAME.test(name[1]!)) {
          this.fail('undefined entity (XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references; HTML names like &nbsp; must be escaped or in CDATA)', line);
        }
        this.fail('"&" must start a reference (&amp; &lt; &gt; &quot; &apos; &#…;), or be written &amp;', line);
      }
      let ch: string;
      if (m[1]) ch = PREDEFINED[m[1]]!;
      else {
        const code = m[2] !== undefined ? Number.parseInt(m[2], 10) : Number.parseInt(m[3]!, 16);
        if (!isXmlChar(code)) this.fail(`a character reference to a character XML does not allow (${m[0]})`, line);
        ch = String.fromCodePoint(code);
      }
      out += text.slice(at, amp) + ch;
      at = REFERENCE.lastIndex;
    }
    return out + text.slice(at);
  }

  /** At a "<": one construct, or false when the text ends before it does (and `end` is false). */
  private markup(end: boolean): boolean {
    const s = this.s;
    const lt = this.i;
    const c = s.charCodeAt(lt + 1);
    if (Number.isNaN(c)) return this.wait(end, lt);
    if (c === 33 /* ! */) {
      if (s.startsWith('<![CDATA[', lt)) {
        if (this.open.length === 0) this.fail('a CDATA section outside the root element');
        this.i = lt + 9;
        this.state = 'cdata';
        return true;
      }
      if (s.startsWith('<!--', lt)) {
        this.i = lt + 4;
        this.state = 'comment';
        this.partsLine = this.line;
        return true;
      }
      if (s.startsWith('<!DOCTYPE', lt)) this.handler.doctype(this.line);
      if (s.length - lt < 9 && ('<![CDATA['.startsWith(s.slice(lt)) || '<!--'.startsWith(s.slice(lt)) || '<!DOCTYPE'.startsWith(s.slice(lt)))) return this.wait(end, lt);
      this.fail('"<!" that starts no comment or CDATA section');
    }
    if (c === 63 /* ? */) {
      this.i = lt + 2;
      this.state = 'pi';
      this.partsLine = this.line;
      return true;
    }
    // The common cases first, without a copy of the tag or a regular expression: the end tag
    // of the open element, and a start tag without attributes whose name was checked before
    // (neither can hold a line end or a character XML refuses).
    if (c === 47 /* / */) {
      const expected = this.open[this.open.length - 1];
      if (expected !== undefined && s.charCodeAt(lt + 2 + expected.length) === 62 /* > */ && s.startsWith(expected, lt + 2)) {
        this.open.pop();
        this.i = lt + 3 + expected.length;
        this.handler.closeTag(expected);
        return true;
      }
    }
    // A tag: complete when a ">" outside quotes follows.
    const close = tagEnd(s, lt);
    if (close !== -1 && c !== 47 && this.open.length !== 0) {
      const name = s.slice(lt + 1, close);
      if (this.names.has(name)) {
        this.started = true;
        this.i = close + 1;
        this.open.push(name);
        this.handler.openTag(name, NO_ATTRIBUTES, false, this.line);
        return true;
      }
    }
    if (close === -1) {
      if (s.length - lt > MAX_TAG) this.fail(`a tag longer than ${MAX_TAG / 1024 / 1024} MB`);
      return this.wait(end, lt);
    }
    const startLine = this.line;
    this.advanceLines(lt, close);
    const tag = s.slice(lt, close + 1);
    this.checkChars(tag, startLine);
    if (c === 47 /* / */) {
      END_TAG.lastIndex = 0;
      const m = END_TAG.exec(tag);
      if (!m || m.index !== 0 || END_TAG.lastIndex !== tag.length) this.fail('a malformed end tag');
      const name = m[1]!;
      const expected = this.open.pop();
      if (expected === undefined) this.fail(`</${name}> closes no element`);
      // saxes's words, which the import's messages have always used.
      if (expected !== name) this.fail('unexpected close tag');
      this.i = close + 1;
      this.handler.closeTag(name);
      return true;
    }
    START_TAG.lastIndex = 0;
    const m = START_TAG.exec(tag);
    if (!m || START_TAG.lastIndex !== tag.length) this.fail(/^<[\s>/]/.test(tag) || tag === '<>' ? '"<" that starts no tag (write &lt; in text)' : 'a malformed start tag');
    const name = m[1]!;
    this.checkName(name);
    if (this.open.length === 0 && this.rootSeen) this.fail(`a second root element <${name}>`);
    const attrs: Record<string, string> = {};
    if (m[2]) {
      ATTR.lastIndex = 0;
      for (let a = ATTR.exec(m[2]); a; a = ATTR.exec(m[2])) {
        const key = a[1]!;
        this.checkName(key);
        if (Object.hasOwn(attrs, key)) this.fail(`the attribute ${key} is given twice`);
        let value = a[2] ?? a[3]!;
        if (value.includes('<')) this.fail(`"<" in the value of the attribute ${key}`);
        if (value.includes('&')) value = this.decode(value.replace(/[\t\n]/g, ' '), this.line);
        else if (/[\t\n]/.test(value)) value = value.replace(/[\t\n]/g, ' ');
        attrs[key] = value;
      }
    }
    this.started = true;
    this.rootSeen = true;
    this.i = close + 1;
    const selfClosing = m[3] === '/';
    if (!selfClosing) this.open.push(name);
    this.handler.openTag(name, attrs, selfClosing, this.line);
    if (selfClosing) this.handler.closeTag(name);
    return true;
  }

  private checkName(name: string): void {
    if (this.names.has(name)) return;
    if (!NAME.test(name)) this.fail(`"${name}" is not an XML name`);
    if (this.names.size < 10_000) this.names.add(name);
  }

  /** Keeps the text from `from` for the next piece; at the end, an unfinished construct. */
  private wait(end: boolean, from: number): false {
    if (end) this.fail('the document ends inside a tag');
    this.i = from;
    return false;
  }

  private cdata(end: boolean): boolean {
    const s = this.s;
    const k = s.indexOf(']]>', this.i);
    let stop = k !== -1 ? k : s.length;
    // Held for the next piece: only the "]" or "]]" that may start the end of the section.
    // Nothing, mostly: the next piece is then scanned as it is, not copied behind a tail.
    if (k === -1 && !end) while (stop > this.i && stop > s.length - 2 && s.charCodeAt(stop - 1) === 93 /* ] */) stop--;
    if (stop > this.i) {
      const text = s.slice(this.i, stop);
      const startLine = this.line;
      this.advanceLines(this.i, stop);
      this.checkChars(text, startLine);
      this.handler.text(text);
      this.i = stop;
    }
    if (k === -1) return false;
    this.i = k + 3;
    this.state = 'text';
    return true;
  }

  /** A comment or processing instruction, gathered whole (both are short in real documents). */
  private longMarkup(end: boolean): boolean {
    const s = this.s;
    const pi = this.state === 'pi';
    const close = pi ? '?>' : '-->';
    const k = s.indexOf(close, this.i);
    const stop = k !== -1 ? k : end ? s.length : Math.max(this.i, s.length - (close.length - 1));
    if (stop > this.i) {
      this.partsSize += stop - this.i;
      if (this.partsSize > MAX_TAG * 64) this.handler.tooLarge();
      this.parts.push(s.slice(this.i, stop));
      this.advanceLines(this.i, stop);
      this.i = stop;
    }
    if (k === -1) return false;
    this.i = k + close.length;
    this.state = 'text';
    const body = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.partsSize = 0;
    this.checkChars(body, this.partsLine);
    if (pi) this.instruction(body);
    else if (body.includes('--') || body.endsWith('-')) this.fail('"--" inside a comment', this.partsLine);
    this.started = true;
    return true;
  }

  private instruction(body: string): void {
    const target = /^[^\s?]*/.exec(body)![0];
    if (target === '' || (body.length > target.length && !/^\s/.test(body.slice(target.length)))) this.fail('a malformed processing instruction', this.partsLine);
    if (target.toLowerCase() === 'xml') {
      if (this.started || this.partsLine !== 1 || !XML_DECL.test(`<?${body}?>`)) {
        this.fail(this.started ? 'an XML declaration (<?xml …?>) that is not at the very start' : 'a malformed XML declaration', this.partsLine);
      }
    } else this.checkName(target);
    this.started = true;
  }
}

/** The index of the ">" that ends the tag starting at `lt` (quoted values skipped), or -1. */
function tagEnd(s: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 62 /* > */) return i;
    else if (c === 34 || c === 39) quote = c;
  }
  return -1;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function lines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
