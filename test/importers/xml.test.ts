// The streaming XML layer: the same trees whatever the chunking (CDATA, comments, processing
// instructions and multi-byte characters cut anywhere), namespaces resolved, lines counted
// through CDATA sections; and the body rules (wpautop, shortcodes).
import { describe, expect, it } from 'vitest';
import { wordpressBody, wpautop } from '../../src/importers/feeds/body.js';
import { readXml, textOf, type XmlItem } from '../../src/importers/xml/tree.js';

async function items(chunks: Buffer[]): Promise<XmlItem[]> {
  const out: XmlItem[] = [];
  for await (const item of readXml((async function* () { yield* chunks; })(), (root) => (root.local === 'rss' ? 2 : 1))) out.push(item);
  return out;
}

function cut(doc: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < doc.length; i += size) parts.push(doc.subarray(i, i + size));
  return parts;
}

const DOC = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <![CDATA[ inside ]]> it -->
<?xml-stylesheet type="text/xsl" href="s.xsl"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Kênh &amp; tin</title>
  <item>
    <title><![CDATA[Một]]></title>
    <content:encoded><![CDATA[Dòng 1
Dòng 2 ]]]]><![CDATA[> còn <b>đậm</b>]]></content:encoded>
    <wp:post_id>1</wp:post_id>
  </item>
  <!-- <item><title>not an item</title></item> -->
  <item a="x &lt; y" wp:b="z"><title>Hai <![CDATA[ba]]>&#x1F600;</title><?pi <![CDATA[ ?><empty/></item>
</channel>
</rss>
`,
  'utf8',
);

describe('readXml', () => {
  it('gives the same trees however the input is cut (CDATA, comments, PIs, multi-byte characters)', async () => {
    const whole = JSON.stringify(await items([DOC]));
    for (let size = 1; size <= 40; size++) expect(JSON.stringify(await items(cut(DOC, size)))).toBe(whole);
    expect(JSON.stringify(await items(cut(DOC, 97)))).toBe(whole);
  });

  it('resolves namespaces, decodes entities, joins CDATA split by "]]>", and counts lines through CDATA', async () => {
    const [root, title, first, second, ...rest] = await items([DOC]);
    expect(rest).toEqual([]);
    expect(root).toMatchObject({ type: 'root', node: { local: 'rss', uri: '', line: 4 } });
    expect(root!.node.attrs['xmlns:wp']).toBe('http://wordpress.org/export/1.2/');
    expect(textOf(title!.node)).toBe('Kênh & tin');
    const content = first!.node.children.find((c) => typeof c !== 'string' && c.local === 'encoded');
    expect(content).toMatchObject({ uri: 'http://purl.org/rss/1.0/modules/content/', line: 9 });
    expect(textOf(content as never)).toBe('Dòng 1\nDòng 2 ]]> còn <b>đậm</b>');
    const postId = first!.node.children.find((c) => typeof c !== 'string' && c.local === 'post_id');
    expect(postId).toMatchObject({ uri: 'http://wordpress.org/export/1.2/', line: 11 });
    expect(second!.node).toMatchObject({ line: 14, attrs: { a: 'x < y', '{http://wordpress.org/export/1.2/}b': 'z' } });
    expect(textOf(second!.node)).toBe('Hai ba😀');
  });

  it('normalises CRLF line ends inside CDATA as XML does elsewhere', async () => {
    const crlf = Buffer.from('<rss><channel>\r\n<item><title><![CDATA[a\r\nb\rc]]></title></item>\r\n<item><title>d</title></item></channel></rss>');
    const [, a, d] = await items([crlf]);
    expect(textOf(a!.node)).toBe('a\nb\nc');
    expect(d!.node.line).toBe(5); // a, b and c are on lines 2, 3 and 4
  });

  it('refuses a control character in CDATA and an unbound prefix, at their lines', async () => {
    await expect(items([Buffer.from('<rss><channel>\n<item><title><![CDATA[a\u0001\nb]]></title></item></channel></rss>')])).rejects.toMatchObject({ line: 2, message: expect.stringMatching(/^malformed XML: a character XML does not allow/) });
    await expect(items([Buffer.from('<rss><channel>\n\n<item><dc:creator>x</dc:creator></item></channel></rss>')])).rejects.toMatchObject({ line: 3, message: 'malformed XML: the prefix "dc" is not bound to a namespace (an xmlns:dc="…" missing)' });
  });
});

describe('bodies as WordPress shows them', () => {
  it('wpautop: paragraphs from blank lines, <br /> from single ones, blocks left alone, <pre> kept whole', () => {
    expect(wpautop('Một\nhai\n\nBa')).toBe('<p>Một<br />\nhai</p>\n<p>Ba</p>');
    expect(wpautop('<h2>Tiêu đề</h2>\nĐoạn\n<ul>\n<li>a</li>\n</ul>')).toBe('<h2>Tiêu đề</h2>\n<p>Đoạn</p>\n<ul>\n<li>a</li>\n</ul>');
    expect(wpautop('A\n\n<pre>x\n\ny</pre>\n\nB')).toBe('<p>A</p>\n\n<pre>x\n\ny</pre>\n\n<p>B</p>');
    expect(wpautop('<img\nsrc="a.jpg"\nalt="b">')).toBe('<p><img src="a.jpg" alt="b"></p>');
    expect(wpautop('  \n ')).toBe('');
  });

  it('shortcodes: [caption] a figure, [embed] a link, [[x]] text, others dropped and counted, code untouched', () => {
    const dropped = new Map<string, number>();
    const body = wordpressBody(
      '[caption id="a" width="300"]<a href="/x"><img src="a.jpg" alt="" /></a> Chú thích[/caption]\n\n[embed]https://youtu.be/x[/embed]\n\n[vc_row][vc_column]Nội dung[/vc_column][/vc_row] [[gallery]] <code>[i]</code> [Ảnh: Văn Thi]',
      dropped,
    );
    expect(body).toBe(
      '<figure><a href="/x"><img src="a.jpg" alt="" /></a><figcaption>Chú thích</figcaption></figure>\n<p><a href="https://youtu.be/x">https://youtu.be/x</a></p>\n<p>Nội dung [gallery] <code>[i]</code> [Ảnh: Văn Thi]</p>',
    );
    expect([...dropped]).toEqual([['vc_row', 1], ['vc_column', 1]]);
  });

  it('block-editor content: comments removed, its HTML as saved (no paragraphs added)', () => {
    const body = wordpressBody('<!-- wp:paragraph -->\n<p>A\nB</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator /-->\n<hr class="wp-block-separator"/>', new Map());
    expect(body).toBe('<p>A\nB</p>\n<hr class="wp-block-separator"/>');
  });
});
