// The feed readers' XML scanner against saxes, a conforming XML parser: on documents damaged
// at random and cut into random pieces, both accept the same documents and see the same
// elements, attributes and text, at the same lines; and what the scanner refuses, it refuses
// with a line.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/importers/types.js';
import { XmlScanner } from '../../src/importers/xml/scan.js';

type Outcome = { ok: true; events: string[] } | { ok: false };

/** Start tags (name, attributes, line), end tags and the text between tags, as saxes reports them. */
function bySaxes(doc: string): Outcome {
  const events: string[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') events.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  let depth = 0;
  const p = new SaxesParser({ position: true });
  p.on('opentag', (t) => {
    flush();
    if (!t.isSelfClosing) depth++;
    events.push(`open ${t.name} ${JSON.stringify((t as SaxesTagPlain).attributes)} @${p.line}`);
  });
  p.on('closetag', (t) => {
    flush();
    if (!t.isSelfClosing) depth--;
    events.push(`close ${t.name}`);
  });
  p.on('text', (t) => {
    // Text outside the root element (whitespace) is not reported by the scanner.
    if (depth > 0) text += t;
  });
  p.on('cdata', (t) => {
    text += t;
  });
  p.on('doctype', () => {
    throw new Error('doctype');
  });
  try {
    p.write(doc).close();
    return { ok: true, events };
  } catch {
    return { ok: false };
  }
}

function byScanner(pieces: string[]): Outcome & { line?: number } {
  const events: string[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') events.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  const scanner = new XmlScanner({
    openTag(name, attrs, _selfClosing, line) {
      flush();
      events.push(`open ${name} ${JSON.stringify(attrs)} @${line}`);
    },
    closeTag(name) {
      flush();
      events.push(`close ${name}`);
    },
    text(t) {
      text += t;
    },
    doctype(line) {
      throw new InputError(line, 'doctype');
    },
    tooLarge() {
      throw new InputError(scanner.line, 'too large');
    },
  });
  try {
    for (const piece of pieces) scanner.write(piece);
    scanner.close();
    return { ok: true, events };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { ok: false, line: err.line };
  }
}

function cutAt(doc: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (doc.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const c of at) {
    pieces.push(doc.slice(from, c));
    from = c;
  }
  pieces.push(doc.slice(from));
  return pieces;
}

const SAMPLE = `<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress" -->
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
\t<title>Kênh &amp; tin &#x1F600; &#39;x&#39;</title>
\t<item a='1' b="x &lt; y">
\t\t<content:encoded><![CDATA[<p>Dòng 1</p>
Dòng ]]]]><![CDATA[> 2]]></content:encoded>
\t\t<wp:post_id>12</wp:post_id>
\t\t<empty/><?pi data?>
\t</item>
</channel>
</rss>
`;

/** Characters that matter to XML, and some that do not. */
const PIECES = ['<', '>', '/', '&', ';', '"', "'", '=', ']]>', '<![CDATA[', '<!--', '-->', '--', '<?', '?>', ' ', '\n', '\r', '\t', 'a', ':', 'é', '&amp;', '&#65;', '&#0;', '&nbsp;', '\u0001', '\ufffe', '1', '.', '-', '<x>', '</x>', '<y/>', '<?xml version="1.0"?>'];

const damaged = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...PIECES), fc.boolean()), { minLength: 1, maxLength: 3 }),
    fc.array(fc.nat(), { maxLength: 6 }),
  )
  .map(([edits, cuts]) => {
    let doc = SAMPLE;
    for (const [at, remove, piece, insert] of edits) {
      const i = at % (doc.length + 1);
      doc = doc.slice(0, i) + (insert ? piece : '') + doc.slice(i + remove);
    }
    return { doc, cuts };
  });

describe('the XML scanner', () => {
  it('reads the sample as saxes does, whatever the pieces', () => {
    const want = bySaxes(SAMPLE);
    expect(want.ok).toBe(true);
    for (let size = 1; size <= 30; size++) {
      const pieces = cutAt(SAMPLE, Array.from({ length: Math.ceil(SAMPLE.length / size) }, (_, k) => (k + 1) * size));
      expect(byScanner(pieces)).toEqual(want);
    }
  });

  it('accepts and refuses what saxes accepts and refuses, and sees the same (damaged documents, random pieces)', () => {
    fc.assert(
      fc.property(damaged, ({ doc, cuts }) => {
        // A DTD is refused by the reader before either would read it.
        fc.pre(!doc.includes('<!DOCTYPE'));
        const want = bySaxes(doc);
        const got = byScanner(cutAt(doc, cuts));
        expect(got.ok).toBe(want.ok);
        if (want.ok && got.ok) expect(got.events).toEqual(want.events);
        if (!got.ok) expect(got.line).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('reads the WordPress export fixture as saxes does', () => {
    const wxr = readFileSync(resolve(import.meta.dirname, 'fixtures', 'feeds', 'sonlam.wordpress.2026-12-06.xml'), 'utf8');
    const want = bySaxes(wxr);
    expect(want.ok).toBe(true);
    expect(byScanner(cutAt(wxr, [7, 100, 1000, 4096, 5000]))).toEqual(want);
  });

  it('names the line of what it refuses', () => {
    const line = (doc: string): number | undefined => byScanner([doc]).line;
    expect(line('<a>\n<b>\n</c>\n</a>')).toBe(3);
    expect(line('<a>\nx &nbsp; y\n</a>')).toBe(2);
    expect(line('<a>\n\n<b x="1" x="2"/></a>')).toBe(3);
    expect(line('<a>\n<b>\n')).toBe(3);
    expect(line('<a/>\n<b/>')).toBe(2);
    expect(line('\n<?xml version="1.0"?><a/>')).toBe(2);
    expect(line('<a>]]></a>')).toBe(1);
    expect(line('<a><!-- x -- y --></a>')).toBe(1);
    expect(line('<a>\n<![CDATA[\n\u0001]]></a>')).toBe(3);
  });

  it('refuses a tag longer than 1 MB without holding the rest of the input', () => {
    const huge = `<a b="${'x'.repeat(1024 * 1024)}`;
    const got = byScanner([huge, 'y'.repeat(100), '"/>']);
    expect(got.ok).toBe(false);
  });
});
