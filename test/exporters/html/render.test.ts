// Templates: escaping by default, the pager's markup, dates as the portal shows them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDisplay, formatIso } from '../../../src/core/dates.js';
import { buildPager } from '../../../src/exporters/html/plan.js';
import { DateCache } from '../../../src/exporters/html/render/dates.js';
import { esc, escXml, html, raw } from '../../../src/exporters/html/render/html.js';
import { labelsFor } from '../../../src/exporters/html/render/labels.js';
import { renderPager } from '../../../src/exporters/html/render/pager.js';

describe('html``', () => {
  it('escapes every interpolated value unless it is already markup', () => {
    const title = '</title><script>alert("x")</script> & \'q\'';
    expect(html`<h1 title="${title}">${title}</h1>`.value).toBe(
      '<h1 title="&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;">&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</h1>',
    );
    expect(html`<p>${raw('<b>ok</b>')}${[html`<i>${'<'}</i>`, '>']}${null}${undefined}${false}${3}</p>`.value).toBe('<p><b>ok</b><i>&lt;</i>&gt;3</p>');
  });

  it('leaves plain text alone and escapes XML text', () => {
    expect(esc('Quế Phong')).toBe('Quế Phong');
    expect(escXml('a\u0001b & <c>')).toBe('ab &amp; &lt;c&gt;');
  });
});

describe('renderPager', () => {
  const to = (p: string): string => `../../${p}`;
  const pathOf = (n: number): string => (n === 1 ? 'index.html' : `page/${n}/index.html`);

  it('marks the current page, names every control and links nowhere dead', () => {
    const out = renderPager(buildPager(1, 14, pathOf), to, labelsFor('vi')).value;
    expect(out).toContain('<nav class="pager" aria-label="Phân trang">');
    expect(out).toContain('<a href="../../index.html" aria-current="page" aria-label="Trang 1">1</a>');
    expect(out).toContain('<li class="pager-gap" aria-hidden="true">…</li>');
    expect(out).toContain('<a href="../../page/2/index.html" rel="next" aria-label="Trang sau">›</a>');
    expect(out).toContain('<a href="../../page/14/index.html" aria-label="Trang cuối">»</a>');
    // On page 1 first and previous are not links.
    expect(out).not.toContain('aria-label="Trang đầu"');
    expect(out).not.toContain('aria-label="Trang trước"');
    expect(out.match(/pager-off/g)).toHaveLength(2);
  });

  it('speaks English on an English site, and on the last page offers no way on', () => {
    const out = renderPager(buildPager(14, 14, pathOf), to, labelsFor('en')).value;
    expect(out).toContain('aria-label="Pagination"');
    expect(out).toContain('aria-label="First page">«</a>');
    expect(out).toContain('rel="prev" aria-label="Previous page">‹</a>');
    expect(out).toContain('aria-current="page" aria-label="Page 14">14</a>');
    expect(out).not.toContain('Next page');
    expect(out).not.toContain('Last page');
  });

  it('is absent when there is only one page', () => {
    expect(renderPager(buildPager(1, 1, pathOf), to, labelsFor('vi')).value).toBe('');
  });
});

describe('DateCache', () => {
  it('shows the portal format in the site time zone', () => {
    const d = new DateCache('Asia/Ho_Chi_Minh').get(Date.parse('2020-10-23T13:37:00Z'));
    expect(d).toEqual({ display: '(23/10/2020 08:37 PM)', iso: '2020-10-23T20:37:00+07:00' });
  });

  it.each(['Asia/Ho_Chi_Minh', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns'])(
    'agrees with core/dates in %s, across DST changes',
    (tz) => {
      const cache = new DateCache(tz);
      fc.assert(
        fc.property(fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }), (ms) => {
          expect(cache.get(ms)).toEqual({ display: `(${formatDisplay(ms, tz)})`, iso: formatIso(ms, tz) });
        }),
        { numRuns: 300 },
      );
      // The hours around a transition, minute by minute.
      const spring = Date.parse('2021-03-14T06:00:00Z');
      for (let ms = spring; ms < spring + 4 * 3_600_000; ms += 60_000) {
        expect(cache.get(ms).iso).toBe(formatIso(ms, tz));
      }
    },
  );
});
