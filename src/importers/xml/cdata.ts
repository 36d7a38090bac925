// A fast lane for CDATA sections, which carry nearly all the bytes of a WordPress export (every
// post's content and excerpt). saxes reads text one character at a time; a CDATA section has
// no markup to check, so it is taken out of the text with indexOf before saxes sees it, and
// saxes gets an empty section holding only the same line breaks (its line numbers stay true).
// The parser's cdata event then takes the real text from the queue, in document order.
// Comments and processing instructions are passed through untouched, so that a "<![CDATA["
// inside them is not taken for a section.

const CDATA_OPEN = '<![CDATA[';
const MARKERS = [CDATA_OPEN, '<!--', '<?'];
/** Characters XML never allows, even in CDATA (line ends are normalised before this). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export interface CdataSection {
  text: string;
  /** Index in `text` of a character XML does not allow, or -1. */
  bad: number;
}

export class CdataBypass {
  private state: 'text' | 'cdata' | 'comment' | 'pi' = 'text';
  private carry = '';
  private parts: string[] = [];
  private size = 0;
  readonly queue: CdataSection[] = [];

  constructor(
    private readonly maxChars: number,
    private readonly tooLarge: () => never,
  ) {}

  /** The text to give saxes for this piece of the document (`end`: no more will come). */
  feed(piece: string, end = false): string {
    const s = this.carry + piece;
    this.carry = '';
    let out = '';
    let i = 0;
    // Where the next "<!" and "<?" are (tags in between need no look).
    let bang = -2;
    let query = -2;
    while (i < s.length) {
      if (this.state === 'text') {
        if (bang !== -1 && bang < i) bang = s.indexOf('<!', i);
        if (query !== -1 && query < i) query = s.indexOf('<?', i);
        const j = bang === -1 ? query : query === -1 ? bang : Math.min(bang, query);
        if (j === -1) {
          // A marker cut by the end of this piece: keep its start for the next.
          const tail = end ? -1 : s.lastIndexOf('<');
          if (tail >= i && s.length - tail < CDATA_OPEN.length && MARKERS.some((m) => m.startsWith(s.slice(tail)))) {
            out += s.slice(i, tail);
            this.carry = s.slice(tail);
            return out;
          }
          out += s.slice(i);
          i = s.length;
          break;
        }
        const marker = MARKERS.find((m) => s.startsWith(m, j));
        if (!marker) {
          if (!end && s.length - j < CDATA_OPEN.length && MARKERS.some((m) => m.startsWith(s.slice(j)))) {
            out += s.slice(i, j);
            this.carry = s.slice(j);
            return out;
          }
          // "<!DOCTYPE" and the like: saxes reads them.
          out += s.slice(i, j + 2);
          i = j + 2;
          continue;
        }
        out += s.slice(i, j + marker.length);
        i = j + marker.length;
        this.state = marker === CDATA_OPEN ? 'cdata' : marker === '<!--' ? 'comment' : 'pi';
      } else if (this.state === 'cdata') {
        const k = s.indexOf(']]>', i);
        if (k === -1) {
          // "]]" may be the start of the end marker: held back.
          const keep = end ? s.length : Math.max(i, s.length - 2);
          this.add(s.slice(i, keep));
          this.carry = s.slice(keep);
          return out;
        }
        this.add(s.slice(i, k));
        out += `${this.finish()}]]>`;
        i = k + 3;
        this.state = 'text';
      } else {
        const close = this.state === 'comment' ? '-->' : '?>';
        const k = s.indexOf(close, i);
        if (k === -1) {
          const keep = end ? s.length : Math.max(i, s.length - (close.length - 1));
          out += s.slice(i, keep);
          this.carry = s.slice(keep);
          return out;
        }
        out += s.slice(i, k + close.length);
        i = k + close.length;
        this.state = 'text';
      }
    }
    return out;
  }

  private add(part: string): void {
    if (part === '') return;
    this.size += part.length;
    if (this.size > this.maxChars) this.tooLarge();
    this.parts.push(part);
  }

  /** Queues the section; returns the line breaks that stand in for it. */
  private finish(): string {
    let text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    const m = NOT_XML.exec(text);
    this.queue.push({ text, bad: m ? m.index : -1 });
    let breaks = '';
    for (let n = text.indexOf('\n'); n !== -1; n = text.indexOf('\n', n + 1)) breaks += '\n';
    return breaks;
  }
}
