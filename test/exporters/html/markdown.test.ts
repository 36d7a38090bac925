// Article bodies: hostile Markdown and HTML produce no executable markup; the fast path for
// bodies without raw HTML follows the same policy as the sanitiser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mediaRefs, renderMarkdown, sanitizeWithPolicy, type MarkdownContext } from '../../../src/exporters/html/markdown.js';

const STORED = 'a'.repeat(64);
const MISSING = 'b'.repeat(64);
const ctx: MarkdownContext = {
  root: '../',
  media: (hash) => (hash === STORED ? `media/${hash}.png` : undefined),
  viewImage: 'Xem ảnh',
};

/** Anything that could run code or load from elsewhere. */
const DANGER = [/<script/i, /<[a-z][^>]*\son[a-z]+\s*=/i, /="\s*(?:javascript|vbscript):/i, /<iframe/i, /<object/i, /<embed/i, /<style/i, /\sstyle="(?!text-align:(left|right|center)")/i, /<svg/i, /<math/i, /<form/i, /<input/i, /<meta/i, /<link/i, /<base/i, /srcdoc/i, /href="data:/i, /src="(?!\.\.\/media\/|data:image\/)/i, /src="\/\//i];

function assertSafe(out: string): void {
  for (const d of DANGER) expect(out, `matches ${d}`).not.toMatch(d);
}

describe('hostile bodies', () => {
  it.each([
    ['script tag', 'Hello <script>alert(1)</script> world'],
    ['script in a block', '<script>\nalert(1)\n</script>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['img onerror, quoted', '<img src="media/' + STORED + '.png" onerror="alert(1)">'],
    ['svg onload', '<svg onload=alert(1)><circle r="5"/></svg>'],
    ['javascript: link (markdown)', '[x](javascript:alert(1))'],
    ['javascript: link, upper case', '[x](JAVASCRIPT:alert(1))'],
    ['javascript: link with an entity', '<a href="jav&#x09;ascript:alert(1)">z</a>'],
    ['javascript: link with spaces', '<a href=" javascript:alert(1)">z</a>'],
    ['vbscript:', '<a href="vbscript:msgbox(1)">z</a>'],
    ['data: link', '<a href="data:text/html,<script>alert(1)</script>">d</a>'],
    ['data: link (markdown)', '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data: image link (markdown)', '[d](data:image/png;base64,iVBORw0KGgo=)'],
    ['iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
    ['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
    ['style element', '<style>body{display:none}</style>'],
    ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['form', '<form action="https://evil.example"><input name=x><button>go</button></form>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ['base', '<base href="https://evil.example/">'],
    ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
    ['protocol-relative', '<a href="//evil.example/x">p</a><img src="//evil.example/x.png">'],
    ['remote image (markdown)', '![remote](https://evil.example/x.png)'],
    ['remote image (html)', '<img src="https://evil.example/x.png" alt="r">'],
    ['media path traversal', '![x](media/../../../etc/passwd) <img src="media/../x.png">'],
    ['closing title', '</title><script>alert(1)</script>'],
    ['comment trick', '<!--><script>alert(1)</script>-->'],
    ['nested script', '<scr<script>ipt>alert(1)</script>'],
    ['math', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
    ['template', '<template><script>alert(1)</script></template>'],
    ['textarea escape', '<textarea></textarea><script>alert(1)</script>'],
    ['noscript', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ])('%s', (_name, body) => {
    const out = renderMarkdown(body, ctx);
    assertSafe(out);
    expect(out).not.toMatch(/alert\(1\)<\/script>|<script/);
  });

  it('keeps ordinary formatting, links, tables and stored images', () => {
    const out = renderMarkdown(
      `# Tiêu đề\n\nĐoạn **đậm** và _nghiêng_, [liên kết](https://example.org/?a=1&b=2 "t").\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n\n![ảnh](media/${STORED}.png)\n\n<p>HTML <b>giữ</b></p>`,
      ctx,
    );
    expect(out).toContain('<h2>Tiêu đề</h2>');
    expect(out).toContain('<strong>đậm</strong>');
    expect(out).toContain('<a href="https://example.org/?a=1&amp;b=2" title="t">liên kết</a>');
    expect(out).toContain('<td class="align-right">1</td>');
    expect(out).toContain(`<img src="../media/${STORED}.png" alt="ảnh" />`);
    expect(out).toContain('<b>giữ</b>');
  });

  it.each([
    ['markdown', `![gone](media/${MISSING}.png) ![r](https://x.example/r.png)`],
    ['html', `<img src="media/${MISSING}.png" alt="gone"> <img src="https://x.example/r.png" alt="r">`],
  ])('drops missing media and links remote images (%s)', (_name, body) => {
    const out = renderMarkdown(body, ctx);
    expect(out).not.toContain(MISSING);
    expect(out).toContain('<a href="https://x.example/r.png">r</a>');
    expect(out).not.toContain('<img');
  });

  it('keeps data: images but no other data: URL', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(renderMarkdown(`![p](${png})`, ctx)).toContain(`src="${png}"`);
    expect(renderMarkdown(`<img src="${png}">`, ctx)).toContain(`src="${png}"`);
    expect(renderMarkdown('<img src="data:text/html;base64,PHNjcmlwdD4=">', ctx)).not.toContain('data:');
    expect(renderMarkdown('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ctx)).not.toContain('data:');
  });

  it('leaves later markup intact after dropping an image (sanitize-html transformMap bug)', () => {
    const out = renderMarkdown('<img src="x" onerror="alert(1)">\n<p>sau</p>\n\nđoạn <b>đậm</b>', ctx);
    expect(out).toBe('\n<p>sau</p>\n<p>đoạn <b>đậm</b></p>\n');
  });

  it('turns h1 into h2 (the page title is the only h1)', () => {
    expect(renderMarkdown('# A', ctx)).toBe('<h2>A</h2>\n');
    expect(renderMarkdown('<h1>A</h1>', ctx)).toBe('<h2>A</h2>');
  });

  it('finds the stored media a body names', () => {
    expect(mediaRefs(`x ![a](media/${STORED}.png) <img src="media/${MISSING}.jpg">`)).toEqual([STORED, MISSING]);
    expect(mediaRefs('no media here')).toEqual([]);
  });
});

describe('the fast path for bodies without raw HTML', () => {
  // Markdown made of pieces that exercise every element markdown-it can produce.
  const piece = fc.constantFrom(
    '# h', '## h2', '### h3', '**b**', '_i_', '~~s~~', '`c`', '```js\ncode & "q"\n```', '    indented', '> quote', '- item', '1. one', '3. three', '---',
    '[l](https://example.org/x?a=1&b=2)', '[l](mailto:a@example.org)', '[rel](other.html)', '[t](https://e.example "ti\'tle")', '[d](data:image/png;base64,AAAA)',
    `![a](media/${STORED}.png)`, `![m](media/${MISSING}.png)`, '![r](https://e.example/x.png)', '![d](data:image/png;base64,AAAA)', '![](https://e.example/y.png)',
    '| a | b |\n|:-|-:|\n| 1 | 2 |', '&amp; &lt;x&gt; &#60;script&#62;', '"quotes" \'single\'', 'Tiếng Việt có dấu', 'line  \nbreak', '\\*not em\\*', '[j](javascript:alert(1))', 'a & b > c',
  );
  const body = fc.array(piece, { minLength: 1, maxLength: 8 }).chain((parts) => fc.tuple(fc.constant(parts), fc.array(fc.constantFrom('\n\n', '\n', ' '), { minLength: parts.length, maxLength: parts.length })));

  it('emits only what the sanitiser would keep unchanged', () => {
    fc.assert(
      fc.property(body, ([parts, seps]) => {
        const src = parts.map((p, i) => p + seps[i]).join('');
        expect(src.includes('<')).toBe(false);
        const fast = renderMarkdown(src, ctx);
        assertSafe(fast);
        // The sanitiser re-escapes text quotes its own way; the markup must be identical.
        const norm = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'");
        expect(norm(sanitizeWithPolicy(fast, ctx))).toBe(norm(fast));
      }),
      { numRuns: 400 },
    );
  });
});

describe('an unclosed element costs its own block at most (issue 18)', () => {
  // Each opening is left without its end tag; what follows must stay real elements.
  const OPENINGS = ['<svg>', '<svg onload=alert(1)>', '<object data="x.swf">', '<iframe src="https://evil.example/">', '<embed src="x.swf">', '<math>', '<template>', '<noscript>', '<xmp>', '<noembed>', '<noframes>', '<script>', '<style>', '<textarea>', '<title>', '<select><option>', '<pre>', '<!--', '<![CDATA[', '<?php', '<!DOCTYPE', '<table><tr><td>', '<div><span><b>', '<a href="https://example.org/">'];
  const after = (out: string): void => {
    expect(out).toContain('<h2>Sau đó</h2>');
    expect(out).toContain('<p>Đoạn cuối <strong>đậm</strong>.</p>');
    expect(out).toContain('<li>một</li>');
  };
  const tail = '\n\n## Sau đó\n\nĐoạn cuối **đậm**.\n\n- một\n- hai\n';

  it.each(OPENINGS)('%s as a block of its own', (open) => {
    const out = renderMarkdown(`Mở đầu.\n\n${open}\nnuốt mất?${tail}`, ctx);
    assertSafe(out);
    expect(out).toContain('<p>Mở đầu.</p>');
    after(out);
  });

  it.each(OPENINGS)('%s inside a paragraph', (open) => {
    const out = renderMarkdown(`Mở đầu ${open} nuốt mất?${tail}`, ctx);
    assertSafe(out);
    expect(out).toMatch(/^<p>Mở đầu /);
    after(out);
  });

  it('the text inside a dropped element never comes back as markup', () => {
    const out = renderMarkdown('<iframe src="https://evil.example/"><img src=x onerror=alert(1)><p>kept?</p>\n\nSau.', ctx);
    assertSafe(out);
    expect(out).not.toContain('kept?');
    expect(out).toContain('<p>Sau.</p>');
  });

  it('a closed <pre> block with a blank line inside stays one block', () => {
    const out = renderMarkdown('<pre>\ndòng 1\n\ndòng 2\n</pre>\n\nSau.', ctx);
    // The newline right after <pre> is not content in HTML (the parser drops it, as browsers do).
    expect(out).toMatch(/<pre>\n?dòng 1\n\ndòng 2\n<\/pre>/);
    expect(out).toContain('<p>Sau.</p>');
  });

  it('a body without raw HTML renders as before the split', () => {
    const md = '# T\n\nA *b* [c](https://example.org/)\n\n> q\n\n1. x\n2. y\n\n```\ncode <no>\n```\n';
    const out = renderMarkdown(`${md}\n<b>x</b>`, ctx);
    expect(out.replace(/<p><b>x<\/b><\/p>\n?$/, '')).toBe(renderMarkdown(md, ctx));
  });
});

describe('table alignment is a class, never an inline style (the pages forbid inline styles)', () => {
  it.each([
    ['markdown, fast path', '| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |'],
    ['markdown with raw HTML', '| a | b | c |\n|:-|:-:|-:|\n| 1 | <b>2</b> | 3 |'],
  ])('%s', (_name, body) => {
    const out = renderMarkdown(body, ctx);
    expect(out).not.toContain('style=');
    expect(out).toContain('<td class="align-left">1</td>');
    expect(out).toContain('<td class="align-right">3</td>');
    expect(out).toMatch(/<td class="align-center">(2|<b>2<\/b>)<\/td>/);
  });

  it('raw HTML cells keep an alignment style as a class and lose any other style or class', () => {
    const out = renderMarkdown('<table><tr><td style="text-align: Center;">a</td><td style="color:red" class="evil">b</td><td class="align-right" colspan="2">c</td></tr></table>', ctx);
    expect(out).toContain('<td class="align-center">a</td>');
    expect(out).toContain('<td>b</td>');
    expect(out).toContain('<td colspan="2" class="align-right">c</td>');
  });
});

describe('video embeds (site setting embed_hosts)', () => {
  const withHosts = (hosts: string[]): MarkdownContext => ({ ...ctx, embedHosts: hosts, videoTitle: 'Video' });
  const YT = '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Lễ hội" frameborder="0" allow="autoplay" allowfullscreen onload="alert(1)"></iframe>';

  it('keeps a YouTube iframe on its no-cookie domain, sandboxed and lazy', () => {
    const out = renderMarkdown(`Trước.\n\n${YT}\n\nSau.`, withHosts(['youtube.com']));
    expect(out).toContain(
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Lễ hội" width="560" height="315" loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox" allow="fullscreen; picture-in-picture; encrypted-media" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>',
    );
    expect(out).not.toMatch(/onload|frameborder|autoplay/);
    expect(out).toContain('<p>Sau.</p>');
  });

  it('drops every iframe when no host is allowed, or when its host is not allowed', () => {
    expect(renderMarkdown(YT, ctx)).not.toContain('<iframe');
    expect(renderMarkdown(YT, withHosts(['vimeo.com']))).not.toContain('<iframe');
    expect(renderMarkdown('<iframe src="https://youtube.com.evil.example/embed/dQw4w9WgXcQ"></iframe>', withHosts(['youtube.com']))).not.toContain('<iframe');
    expect(renderMarkdown('<iframe src="javascript:alert(1)"></iframe>', withHosts(['youtube.com']))).not.toContain('<iframe');
    expect(renderMarkdown('<iframe srcdoc="<script>alert(1)</script>" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>', withHosts(['youtube.com']))).not.toContain('srcdoc');
  });

  it('never keeps what an allowed iframe holds', () => {
    const out = renderMarkdown('<iframe src="https://player.vimeo.com/video/76979871"><a href="https://evil.example/">x</a></iframe>', withHosts(['vimeo.com']));
    expect(out).toContain('<iframe src="https://player.vimeo.com/video/76979871"');
    expect(out).toMatch(/<iframe [^>]*><\/iframe>/);
    expect(out).not.toContain('evil');
  });

  it('an unclosed allowed iframe costs its paragraph only', () => {
    const out = renderMarkdown('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ">\n\n## Sau\n\nĐoạn.', withHosts(['youtube.com']));
    expect(out).toContain('youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(out).toContain('<h2>Sau</h2>');
    expect(out).toContain('<p>Đoạn.</p>');
  });
});

describe('stored images of a body take their right-sized copies (issue 18)', () => {
  const sizedCtx: MarkdownContext = {
    ...ctx,
    sized: (hash) =>
      hash === STORED ? { src: `anh/${STORED}-w960.jpg`, srcset: `anh/${STORED}-w480.webp 480w, anh/${STORED}-w960.webp 960w`, sizes: '100vw', width: 960, height: 720 } : undefined,
  };
  const expected = `<img src="../anh/${STORED}-w960.jpg" alt="ảnh" srcset="../anh/${STORED}-w480.webp 480w, ../anh/${STORED}-w960.webp 960w" sizes="100vw" width="960" height="720" loading="lazy" decoding="async"`;

  it('in Markdown and in HTML alike, whatever size or srcset the author wrote', () => {
    const fast = renderMarkdown(`![ảnh](media/${STORED}.png)`, sizedCtx);
    expect(fast).toContain(expected);
    const slow = renderMarkdown(`<img src="media/${STORED}.png" alt="ảnh" width="9999" srcset="https://evil.example/x.png 1x" loading="eager" onerror="alert(1)">`, sizedCtx);
    expect(slow).toContain(expected);
    expect(slow).not.toMatch(/evil|9999|onerror|eager/);
    // The sanitiser keeps the fast path's markup as it is.
    expect(sanitizeWithPolicy(fast, sizedCtx).replace(/ \/>/g, '>')).toBe(fast.replace(/ \/>/g, '>'));
  });

  it('an image the export has no copies of stays as before', () => {
    expect(renderMarkdown(`![ảnh](media/${STORED}.png)`, { ...sizedCtx, sized: () => undefined })).toContain(`<img src="../media/${STORED}.png" alt="ảnh" />`);
  });
});
