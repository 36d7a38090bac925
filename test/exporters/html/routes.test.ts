// Path rules as plain cases (Eleventy's TemplatePermalinkTest): route → output path, link
// from page to page, and the guarantee that no record can name a file outside the folder.
import fc from 'fast-check';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  absoluteUrl,
  articleOutputPath,
  isSafeOutputPath,
  outputPath,
  publicPath,
  relativeHref,
  rootPrefix,
  segmentFor,
  UnsafeRouteError,
  type Route,
} from '../../../src/exporters/html/routes.js';

const HASH = 'ab'.repeat(32);

describe('outputPath', () => {
  it.each<[Route, string]>([
    [{ kind: 'home', page: 1 }, 'index.html'],
    [{ kind: 'home', page: 2 }, 'page/2/index.html'],
    [{ kind: 'home', page: 140 }, 'page/140/index.html'],
    [{ kind: 'section', segment: 'he-thong-chinh-tri', page: 1 }, 'chuyen-muc/he-thong-chinh-tri/index.html'],
    [{ kind: 'section', segment: 'he-thong-chinh-tri', page: 3 }, 'chuyen-muc/he-thong-chinh-tri/page/3/index.html'],
    [{ kind: 'section', segment: 'page', page: 2 }, 'chuyen-muc/page/page/2/index.html'],
    [{ kind: 'article', segment: 'que-phong-nang-cao' }, 'bai-viet/que-phong-nang-cao.html'],
    [{ kind: 'article', segment: 'index' }, 'bai-viet/index.html'],
    [{ kind: 'photos', page: 1 }, 'thu-vien-anh/index.html'],
    [{ kind: 'photos', page: 2 }, 'thu-vien-anh/page/2/index.html'],
    [{ kind: 'feed' }, 'feed.xml'],
    [{ kind: 'sitemap' }, 'sitemap.xml'],
    [{ kind: 'sitemap', part: 2 }, 'sitemap-2.xml'],
    [{ kind: 'media', hash: HASH, ext: 'png' }, `media/${HASH}.png`],
    [{ kind: 'stylesheet' }, 'assets/style.css'],
  ])('%j → %s', (route, expected) => {
    expect(outputPath(route)).toBe(expected);
    expect(isSafeOutputPath(expected)).toBe(true);
  });

  it.each<[string, Route]>([
    ['a slug with ../', { kind: 'article', segment: '../evil' }],
    ['a slash', { kind: 'section', segment: 'a/b', page: 1 }],
    ['an empty slug', { kind: 'article', segment: '' }],
    ['upper case', { kind: 'article', segment: 'ABC' }],
    ['page 0', { kind: 'home', page: 0 }],
    ['a fractional page', { kind: 'home', page: 1.5 }],
    ['a media name that is not a hash', { kind: 'media', hash: '../../etc/passwd', ext: 'png' }],
    ['a media extension with a slash', { kind: 'media', hash: HASH, ext: 'p/g' }],
  ])('refuses %s', (_name, route) => {
    expect(() => outputPath(route)).toThrow(UnsafeRouteError);
  });
});

describe('relativeHref', () => {
  it.each([
    ['index.html', 'index.html', 'index.html'],
    ['index.html', 'page/2/index.html', 'page/2/index.html'],
    ['page/2/index.html', 'index.html', '../../index.html'],
    ['page/2/index.html', 'page/3/index.html', '../../page/3/index.html'],
    ['page/2/index.html', 'page/2/index.html', 'index.html'],
    ['bai-viet/a.html', 'bai-viet/b.html', '../bai-viet/b.html'],
    ['bai-viet/a.html', 'bai-viet/a.html', 'a.html'],
    ['chuyen-muc/x/page/2/index.html', 'assets/style.css', '../../../../assets/style.css'],
    ['chuyen-muc/x/index.html', 'chuyen-muc/x/page/2/index.html', '../../chuyen-muc/x/page/2/index.html'],
    ['thu-vien-anh/index.html', `media/${HASH}.png`, `../media/${HASH}.png`],
  ])('from %s to %s → %s', (from, to, expected) => {
    expect(relativeHref(from, to)).toBe(expected);
    // It names a file (never a folder) and resolves to the target.
    expect(expected.endsWith('/')).toBe(false);
    expect(posix.normalize(posix.join(posix.dirname(from), expected))).toBe(to);
  });

  it('adds a fragment', () => {
    expect(relativeHref('bai-viet/a.html', 'bai-viet/a.html', 'dau-trang')).toBe('a.html#dau-trang');
  });

  it.each([
    ['index.html', ''],
    ['bai-viet/a.html', '../'],
    ['chuyen-muc/x/page/2/index.html', '../../../../'],
  ])('rootPrefix(%s) = %j', (from, prefix) => {
    expect(rootPrefix(from)).toBe(prefix);
  });
});

describe('public URLs', () => {
  it.each([
    ['index.html', ''],
    ['page/2/index.html', 'page/2/'],
    ['bai-viet/a.html', 'bai-viet/a.html'],
    ['feed.xml', 'feed.xml'],
  ])('publicPath(%s) = %j', (path, expected) => {
    expect(publicPath(path)).toBe(expected);
  });

  it('joins the base URL', () => {
    expect(absoluteUrl('https://sonlam.gov.vn/portal/', 'chuyen-muc/x/index.html')).toBe('https://sonlam.gov.vn/portal/chuyen-muc/x/');
  });
});

describe('segmentFor', () => {
  it.each([
    ['que-phong', 7, 'que-phong'],
    ['../../etc/passwd', 7, 'etc-passwd-7'],
    ['..', 7, 'bai-viet-7'],
    ['', 7, 'bai-viet-7'],
    ['Quế Phong', 7, 'que-phong-7'],
    ['a/b\\c', 7, 'a-b-c-7'],
    ['con\u0000trol', 7, 'con-trol-7'],
  ])('%j (id %i) → %s', (slug, id, expected) => {
    expect(segmentFor(slug, id, 'bai-viet')).toBe(expected);
  });

  it('gives an article the path outputPath gives its segment, whatever the slug (articleOutputPath)', () => {
    for (const slug of ['que-phong', '..', '', 'Quế Phong', 'a/b\\c', 'x'.repeat(200), '-a', 'a--b']) {
      expect(articleOutputPath(slug, 7)).toBe(outputPath({ kind: 'article', segment: segmentFor(slug, 7, 'bai-viet') }));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 2 ** 31 }), (slug, id) => {
        expect(articleOutputPath(slug, id)).toBe(outputPath({ kind: 'article', segment: segmentFor(slug, id, 'bai-viet') }));
      }),
      { numRuns: 300 },
    );
  });

  it('never yields a path outside the folder, whatever the slug', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 2 ** 31 }), (slug, id) => {
        const article = outputPath({ kind: 'article', segment: segmentFor(slug, id, 'bai-viet') });
        const section = outputPath({ kind: 'section', segment: segmentFor(slug, id, 'chuyen-muc'), page: 2 });
        for (const p of [article, section]) {
          expect(isSafeOutputPath(p)).toBe(true);
          expect(posix.normalize(p)).toBe(p);
          expect(p.startsWith('../')).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('isSafeOutputPath', () => {
  it.each([
    ['index.html', true],
    ['a/b/c.html', true],
    ['../x', false],
    ['a/../../x', false],
    ['/etc/passwd', false],
    ['a//b', false],
    ['a/./b', false],
    ['.newsdesk-manifest.json', false],
    ['a\\b', false],
    ['C:/x', false],
    ['a/', false],
    ['', false],
  ])('%j → %s', (p, ok) => {
    expect(isSafeOutputPath(p)).toBe(ok);
  });
});
