// Hostile and broken XML, made here: entity bombs and external entities refused before any
// expansion, malformed, truncated and mis-encoded documents stopped at the line at fault, an
// element past the record limit refused — and in every case nothing written.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSection } from '../../src/ops/sections.js';
import { importStream } from '../../src/importers/pipeline.js';
import type { Store } from '../../src/store/store.js';
import { MAX_RECORD_BYTES } from '../../src/importers/types.js';
import { FIXED_NOW, freshStore } from '../helpers/db.js';
import { dump, importText } from './helpers.js';

async function store(): Promise<Store> {
  const s = await freshStore();
  await s.transaction(async (tx) => {
    await tx.settings.set(await tx.settings.get());
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
  });
  return s;
}

const item = (n: number): string => `<item><title>Tin ${n}</title><guid>https://x.vn/?p=${n}</guid><description>Nội dung ${n}</description></item>`;
const feed = (...items: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n<link>https://x.vn</link>\n${items.join('\n')}\n</channel>\n</rss>\n`;

async function refused(text: string | Buffer, line: number, message: RegExp): Promise<void> {
  const s = await store();
  const before = await dump(s);
  const r = await importText(s, text, { feed: { section: 'tin-tuc' } });
  expect(r.fatal).toBe(true);
  expect(r.committed).toBe(false);
  expect(r.errors[0]).toMatchObject({ line, field: '' });
  expect(r.errors[0]!.message).toMatch(message);
  expect(await dump(s)).toBe(before);
}

describe('hostile XML', () => {
  it('refuses a billion-laughs DTD before expanding anything', async () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE rss [',
      '  <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>',
    ].join('\n');
    await refused(lol, 2, /^the document declares a DTD \(<!DOCTYPE …>\): refused/);
  });

  it('refuses an external entity (XXE) and never reads the file it names', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>`;
    await refused(xxe, 2, /declares a DTD/);
  });

  it('refuses an entity XML does not define (HTML entities are not XML) at its line', async () => {
    await refused(feed(item(1), '<item><title>A&nbsp;B</title></item>'), 6, /^malformed XML: undefined entity \(XML knows only .*&nbsp; must be escaped or in CDATA\)$/);
  });

  it('stops at a mismatched tag, naming its line, and writes none of the items before it', async () => {
    await refused(feed(item(1), item(2), '<item><title>Ba</titel></item>', item(4)), 7, /^malformed XML: /);
  });

  it('stops at a truncated document (valid items before the cut are not written)', async () => {
    const whole = feed(item(1), item(2), item(3));
    const cut = whole.slice(0, whole.indexOf('<item><title>Tin 3') + 30);
    await refused(cut, 7, /^malformed XML: /);
  });

  it('refuses text that is not in the declared encoding, at its line; reads a declared Latin-1 document', async () => {
    const [head, tail] = feed(item(1), item(2), '<item><title>@</title></item>').split('@') as [string, string];
    const latin1 = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from('Café', 'latin1'), Buffer.from(tail, 'utf8')]);
    await refused(latin1, 7, /^the text is not valid UTF-8/);

    const s = await store();
    const declared = Buffer.from(feed('<item><title>Café crème</title><guid>g</guid></item>').replace('UTF-8', 'ISO-8859-1'), 'latin1');
    const r = await importText(s, declared, { feed: { section: 'tin-tuc' } });
    expect(r).toMatchObject({ inserted: 1, rejected: 0 });
    expect((await s.articles.findBySlug('cafe-creme'))!.title).toBe('Café crème');

    await refused(feed(item(1)).replace('UTF-8', 'x-klingon'), 1, /is in "x-klingon", an encoding newsdesk does not know/);
  });

  it('refuses an element larger than any record, without holding the rest of the input', async () => {
    const s = await store();
    const before = await dump(s);
    const mb = Buffer.alloc(1024 * 1024, 'a');
    const chunks = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from(`${feed().split('</channel>')[0]}<item><title>Lớn</title>\n<description>`);
      for (let i = 0; i <= MAX_RECORD_BYTES / mb.length + 2; i++) yield mb;
      yield Buffer.from('</description></item></channel></rss>');
    };
    const r = await importStream(s, Readable.from(chunks()), { now: FIXED_NOW, feed: { section: 'tin-tuc' } });
    expect(r.fatal).toBe(true);
    expect(r.errors[0]).toMatchObject({ line: 6, message: expect.stringMatching(/^the record starting here is larger than 64 MB/) });
    expect(await dump(s)).toBe(before);
  });

  it('names what an XML document is when it is not a feed', async () => {
    await refused('<?xml version="1.0"?>\n<html><body/></html>', 2, /^an XML document of <html>, not an RSS 2\.0 feed$/);
    await refused('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>', 1, /RSS 1\.0 \(RDF\) feed, which newsdesk does not read/);
  });

  it('rejects one bad item with its line and, with continue-on-error, keeps the others', async () => {
    const s = await store();
    const r = await importText(s, feed(item(1), '<item><title>Ngày sai</title><guid>g2</guid><pubDate>32/13/2020</pubDate></item>', item(3)), {
      feed: { section: 'tin-tuc' },
      continueOnError: true,
    });
    expect(r).toMatchObject({ inserted: 2, rejected: 1, committed: true });
    expect(r.errors).toEqual([{ line: 6, field: 'published_at', message: expect.stringMatching(/^"32\/13\/2020" is not a date/) }]);
    expect(r.rejects[0]!.record).toMatchObject({ title: 'Ngày sai', origin: { site: 'https://x.vn', id: 'g2' } });
  });

  it('rejects an item repeated in one input (the same GUID twice)', async () => {
    const s = await store();
    const r = await importText(s, feed(item(1), item(1)), { feed: { section: 'tin-tuc' } });
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([{ line: 6, field: 'origin', message: 'the same item (https://x.vn/?p=1) as the record at line 5' }]);
  });

  it('a WordPress export cut or damaged anywhere: an error with a line and nothing written, or a clean import', async () => {
    const wxr = readFileSync(resolve(import.meta.dirname, 'fixtures', 'feeds', 'sonlam.wordpress.2026-12-06.xml'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: wxr.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), async (at, byte, truncate) => {
        const damaged = truncate ? wxr.subarray(0, at) : Buffer.concat([wxr.subarray(0, at), Buffer.from([byte]), wxr.subarray(at + 1)]);
        const s = await store();
        const before = await dump(s);
        const r = await importText(s, damaged, { createSections: true });
        if (!r.committed) {
          expect(await dump(s)).toBe(before);
          expect(r.errors.length).toBeGreaterThan(0);
          if (r.fatal) expect(r.errors[0]!.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
