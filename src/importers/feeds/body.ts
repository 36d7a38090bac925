// Post bodies as WordPress shows them, made from what its database holds (and what feeds
// carry): block-editor comments removed, [caption] as an image with its caption, [embed] as a
// link, other shortcodes dropped (their content kept) and counted, then wpautop's paragraphs
// from blank lines. The result is HTML, which newsdesk keeps in the Markdown body for the
// exporter's sanitiser; as one HTML block (no blank line outside <pre>), Markdown leaves it
// as it is.

/** Block-level elements, as wpautop lists them: never wrapped in a paragraph. */
const BLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';
const BLOCK_OPEN = new RegExp(`(<${BLOCKS}[\\s/>])`, 'gi');
const BLOCK_CLOSE = new RegExp(`(</${BLOCKS}>)`, 'gi');
const P_BEFORE_BLOCK = new RegExp(`<p>\\s*(</?${BLOCKS}[^>]*>)`, 'gi');
const P_AFTER_BLOCK = new RegExp(`(</?${BLOCKS}[^>]*>)\\s*</p>`, 'gi');
const BR_AFTER_BLOCK = new RegExp(`(</?${BLOCKS}[^>]*>)\\s*<br />`, 'gi');
const STARTS_BLOCK = new RegExp(`^</?${BLOCKS}[\\s/>]`, 'i');
const ENDS_BLOCK = new RegExp(`^([\\s\\S]*?)((?:</${BLOCKS}>\\s*)+)$`, 'i');
const BR_BEFORE_BLOCK = /<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi;

/** Shortcodes dropped, by name, over a whole import. */
export type ShortcodeTally = Map<string, number>;

/** A post's content (WXR content:encoded, a feed's HTML) → the body newsdesk stores. */
export function wordpressBody(content: string, dropped: ShortcodeTally): string {
  // Each pass below copies the whole body: the ones that cannot match are not run.
  let html = content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content;
  // The block editor saves its paragraphs as HTML: WordPress does not run wpautop on them.
  const blocks = html.includes('<!--') && /<!--\s*wp:/.test(html);
  if (blocks) html = html.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '');
  html = shortcodes(html, dropped);
  return blocks ? oneBlock(html.trim().replace(/\n\s*\n/g, '\n')) : wpautop(html);
}

// [[name …]] (WordPress's way of writing a shortcode as text), or [name …], [/name], [name /].
const SHORTCODE = /\[\[([a-z][a-z0-9_-]*(?:\s[^\]]*)?)\]\]|\[(\/?)([a-z][a-z0-9_-]*)(?:\s[^\]]*)?\/?\]/g;

function shortcodes(html: string, dropped: ShortcodeTally): string {
  if (!html.includes('[')) return html;
  // Code is shown as written: a[i] in a <code> is not a shortcode.
  return html
    .split(/(<(pre|code)\b[\s\S]*?<\/\2>)/i)
    .map((part, i) => (i % 3 === 0 ? shortcodesIn(part, dropped) : i % 3 === 1 ? part : ''))
    .join('');
}

function shortcodesIn(html: string, dropped: ShortcodeTally): string {
  if (!html.includes('[')) return html;
  // [caption …]<img …> Text[/caption]: a figure.
  html = html.replace(/\[(?:wp_)?caption([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/g, (_m, attrs: string, inner: string) => {
    const img = /<img\b[^>]*>/i.exec(inner)?.[0] ?? '';
    const wrapped = /<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>/i.exec(inner)?.[0];
    const media = wrapped ?? img;
    let caption = inner.replace(media, '').trim();
    if (caption === '') caption = shortcodeAttr(attrs, 'caption') ?? '';
    if (!media) return caption;
    return `<figure>${media}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
  });
  html = html.replace(/\[embed[^\]]*\]\s*(https?:\/\/[^\s[<]+)\s*\[\/embed\]/g, (_m, url: string) => `<p><a href="${url}">${url}</a></p>`);
  return html.replace(SHORTCODE, (_m, escaped: string | undefined, closing: string, name: string) => {
    if (escaped !== undefined) return `[${escaped}]`;
    if (!closing) dropped.set(name, (dropped.get(name) ?? 0) + 1);
    return '';
  });
}

function shortcodeAttr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|(\\S+))`).exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** WordPress's wpautop, in its main rules: blank lines make paragraphs, single ones <br />. */
export function wpautop(text: string): string {
  return text.includes('<') ? wpautopRules(text) : plainParagraphs(text);
}

const BLANK_LINE = /\n\s*\n/;

/**
 * wpautop of text without markup (most classic-editor posts) in one pass: what its rules make
 * of such text, without a copy of the whole body per rule. The rules stay the reference
 * (test/importers/wpautop.test.ts holds the two to the same output).
 */
function plainParagraphs(text: string): string {
  let out = '';
  for (const piece of text.split(BLANK_LINE)) {
    const p = piece.trim();
    if (p === '') continue;
    if (out !== '') out += '\n';
    out += '<p>';
    let at = 0;
    for (let nl = p.indexOf('\n'); nl !== -1; nl = p.indexOf('\n', at)) {
      out += `${p.slice(at, nl).trimEnd()}<br />\n`;
      at = nl + 1;
    }
    out += `${p.slice(at)}</p>`;
  }
  return out;
}

/** wpautop rule by rule (any text; wpautop takes the one-pass way for text without markup). */
export function wpautopRules(text: string): string {
  if (text.trim() === '') return '';
  const pres: string[] = [];
  // <pre> and the figures made from [caption] are kept whole, out of the paragraph rules.
  const keep = (m: string): string => `<pre wp-pre-tag-${pres.push(m) - 1}></pre>`;
  // (Looked for first: the lazy patterns cost much on the many bodies without them.)
  let s = text;
  // Text without markup (many a classic-editor post) skips every rule about tags: each is a
  // pass over the whole body, and most of an import's garbage.
  const markup = s.includes('<');
  if (markup) {
    if (/<pre[\s>]/i.test(s)) s = s.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, keep);
    if (s.includes('<figure>')) s = s.replace(/<figure>[\s\S]*?<\/figure>/g, keep);
  }
  s = `${s}\n`;
  if (markup) {
    s = s.replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n');
    s = s.replace(BLOCK_OPEN, '\n\n$1').replace(BLOCK_CLOSE, '$1\n\n');
    // A line break inside a tag is not a line of text.
    s = s.replace(/<[^>]*>/g, (tag) => tag.replace(/\s*\n\s*/g, ' '));
  }
  s = s.replace(/\n\n+/g, '\n\n');
  let out = '';
  for (const piece of s.split(/\n\s*\n/)) {
    const p = piece.trim();
    if (!p) continue;
    if (!markup) out += `<p>${p}</p>\n`;
    else if (STARTS_BLOCK.test(p)) out += `${p}\n`;
    else {
      // Text closing a block opened in an earlier piece: the paragraph ends before it.
      const m = p.includes('</') ? ENDS_BLOCK.exec(p) : null;
      out += m ? `<p>${m[1]!.trim()}</p>${m[2]}\n` : `<p>${p}</p>\n`;
    }
  }
  if (markup) {
    out = out.replace(/<p>\s*<\/p>/g, '');
    out = out.replace(P_BEFORE_BLOCK, '$1').replace(P_AFTER_BLOCK, '$1');
  }
  // Every other line break is a <br /> (the ones after blocks are taken out below).
  const lines = out.split('\n');
  for (let i = 0; i < lines.length - 2; i++) {
    const line = lines[i]!.trimEnd();
    lines[i] = line.endsWith('<br />') ? line : `${line}<br />`;
  }
  out = lines.join('\n');
  out = out.replace(BR_AFTER_BLOCK, '$1');
  if (markup) out = out.replace(BR_BEFORE_BLOCK, '$1');
  out = out.replace(/\n<\/p>$/gm, '</p>');
  if (pres.length) out = out.replace(/<pre wp-pre-tag-(\d+)><\/pre>/g, (_m, i: string) => pres[Number(i)]!);
  return oneBlock(out);
}

/**
 * HTML blocks for Markdown: no blank line but around a <pre> that starts a line (a block of
 * its own, which may hold blank lines), so that no text between tags is read as Markdown.
 */
function oneBlock(html: string): string {
  return html
    .split(/(^<pre[\s>][\s\S]*?<\/pre>)/im)
    .map((part, i) => (i % 2 ? part : part.replace(/\n\s*\n/g, '\n').trim()))
    .filter((part) => part !== '')
    .join('\n\n');
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', middot: '·', bull: '•',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** HTML → plain text on one line (titles, authors, captions). */
export function htmlLine(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** HTML → plain text with paragraphs (summaries). */
export function htmlText(html: string): string {
  const text = decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<\/(?:p|div|h[1-6]|li|blockquote)>|<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  );
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** At most `max` characters, cut at a word, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
