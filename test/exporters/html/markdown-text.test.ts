// The export's "text" inline rule (markdown-text.ts) must tokenise exactly as markdown-it's
// own: the same HTML from both, on every construct that stops a run of text and on random
// mixes of those characters, with raw HTML allowed and not.
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { fastText, useFastText } from '../../../src/exporters/html/markdown-text.js';

const MarkdownItClass = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt;

function engines(html: boolean): { stock: MarkdownIt; fast: MarkdownIt } {
  const stock = new MarkdownItClass({ xhtmlOut: true, html });
  const fast = new MarkdownItClass({ xhtmlOut: true, html });
  useFastText(fast);
  return { stock, fast };
}

const TERMINATORS = '\n!#$%&*+-:<=>@[\\]^_`{}~';

const SAMPLES = [
  'Người dân xã Quế Phong đã **hoàn thành** kế hoạch năm 2020.',
  'a*b*c _d_ __e__ ***f*** ~~g~~ `code` ``a ` b``',
  '[link](http://example.org "title") ![ảnh](media/x.png) <http://auto.link> <a@b.c>',
  '[label [nested]](/x) [ref][r]\n\n[r]: /y "t"',
  'escapes \\* \\_ \\[ \\\\ and entities &amp; &#x41; &copy; & alone',
  'hard  \nbreak and soft\nbreak\\\nbackslash break',
  'html <span class="x">inline</span> <!-- comment --> <b>b</b>',
  '# Heading\n\n- list *item*\n- two\n\n1. one\n2. two\n\n> quote _x_\n\n```\nfence\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |',
  'email@example.com ~tilde~ ^caret^ {brace} $dollar$ %percent% +plus+ =eq= :colon: @at',
  'trailing text without terminator',
  '',
];

describe('markdown-text: the text rule', () => {
  for (const html of [false, true]) {
    it(`renders the samples as markdown-it does (html ${html ? 'on' : 'off'})`, () => {
      const { stock, fast } = engines(html);
      for (const s of SAMPLES) expect(fast.render(s)).toBe(stock.render(s));
    });

    it(`renders random mixes of text and every terminator as markdown-it does (html ${html ? 'on' : 'off'})`, () => {
      const { stock, fast } = engines(html);
      const alphabet = `${TERMINATORS} abcđêệ()"'./|?0123456789\t`;
      let seed = 20;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      for (let i = 0; i < 2000; i++) {
        let s = '';
        const length = 1 + random(60);
        for (let k = 0; k < length; k++) s += alphabet[random(alphabet.length)];
        expect(fast.render(s), JSON.stringify(s)).toBe(stock.render(s));
      }
    });
  }

  it('is the rule the engine uses, and stops at posMax', () => {
    const { fast } = engines(false);
    expect(fast.inline.ruler.getRules('').includes(fastText)).toBe(true);
    // A link's label is parsed with posMax at its closing bracket.
    expect(fast.renderInline('[abc def](x) tail')).toBe('<a href="x">abc def</a> tail');
  });
});
