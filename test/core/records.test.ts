import { describe, expect, it } from 'vitest';
import { articleInput, articlePatch, linkInput, sectionInput, siteInput } from '../../src/core/records.js';
import { checkLinkUrl, LIMITS, toFieldIssues } from '../../src/core/validate.js';

const HCM = 'Asia/Ho_Chi_Minh';
const schema = articleInput(HCM);
const base = { title: 'Tiêu đề', section: 'tin-tuc' };

function issues(input: unknown): Array<{ field: string; message: string }> {
  const r = schema.safeParse(input);
  return r.success ? [] : toFieldIssues(r.error);
}

function fieldsWithIssues(input: unknown): string[] {
  return issues(input).map((i) => i.field);
}

describe('article limits', () => {
  it.each([
    ['title', LIMITS.title, 500],
    ['summary', LIMITS.summary, 5000],
    ['author', LIMITS.author, 200],
    ['source', LIMITS.source, 200],
  ] as const)('%s: %d characters accepted, one more refused', (field, limit, stated) => {
    expect(limit).toBe(stated);
    expect(issues({ ...base, [field]: 'ế'.repeat(limit) })).toEqual([]);
    const over = issues({ ...base, [field]: 'ế'.repeat(limit + 1) });
    expect(over).toEqual([{ field, message: `is longer than ${limit} characters` }]);
  });

  it('counts characters after NFC: 500 decomposed letters are 500 characters', () => {
    const nfd = 'ế'.repeat(500).normalize('NFD');
    expect(nfd.length).toBe(1500);
    const r = schema.parse({ ...base, title: nfd });
    expect(r.title).toBe('ế'.repeat(500));
  });

  it('body: 5 MB of UTF-8 accepted, one byte more refused', () => {
    expect(LIMITS.bodyBytes).toBe(5 * 1024 * 1024);
    expect(issues({ ...base, body: 'a'.repeat(LIMITS.bodyBytes) })).toEqual([]);
    expect(issues({ ...base, body: 'a'.repeat(LIMITS.bodyBytes + 1) })).toEqual([{ field: 'body', message: 'is larger than 5 MB' }]);
    // Bytes, not characters: 'ệ' is three bytes.
    const chars = Math.floor(LIMITS.bodyBytes / 3) + 1;
    expect(fieldsWithIssues({ ...base, body: 'ệ'.repeat(chars) })).toEqual(['body']);
  });

  it('tags: 50 of 100 characters accepted; a 51st tag or a 101-character tag refused', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `thẻ ${i}`);
    expect(issues({ ...base, tags: fifty })).toEqual([]);
    expect(issues({ ...base, tags: [...fifty, 'thừa'] })).toEqual([{ field: 'tags', message: 'has more than 50 tags' }]);
    expect(issues({ ...base, tags: ['đ'.repeat(100)] })).toEqual([]);
    expect(issues({ ...base, tags: ['ok', 'đ'.repeat(101)] })).toEqual([{ field: 'tags[1]', message: 'is longer than 100 characters' }]);
  });

  it('title is required and not blank', () => {
    expect(fieldsWithIssues({ section: 'tin-tuc' })).toEqual(['title']);
    expect(issues({ ...base, title: '   ' })).toEqual([{ field: 'title', message: 'is required' }]);
  });
});

describe('control characters are rejected in every text field', () => {
  const fields = ['title', 'summary', 'body', 'author', 'source'] as const;
  const controls = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085'];
  it.each(fields.flatMap((f) => controls.map((c) => [f, c] as const)))('%s with %j', (field, c) => {
    const found = issues({ ...base, [field]: `trước${c}sau` });
    expect(found).toHaveLength(1);
    expect(found[0]!.field).toBe(field);
    expect(found[0]!.message).toMatch(/control character U\+00[0-9A-F]{2}/);
  });

  it('in a tag, an image caption and a link title', () => {
    expect(fieldsWithIssues({ ...base, tags: ['a\u0001'] })).toEqual(['tags[0]']);
    expect(fieldsWithIssues({ ...base, images: [{ src: 'https://example.vn/a.png', caption: 'x\u0002' }] })).toEqual(['images[0].caption']);
    const link = linkInput.safeParse({ section: 'lien-ket', title: 'a\u0003b', url: 'https://chinhphu.vn' });
    expect(link.success).toBe(false);
  });

  it('tab and newline are allowed in the body and summary; CRLF becomes LF', () => {
    const r = schema.parse({ ...base, summary: 'a\tb', body: 'dòng 1\r\ndòng 2\n\tthụt lề' });
    expect(r.summary).toBe('a\tb');
    expect(r.body).toBe('dòng 1\ndòng 2\n\tthụt lề');
  });

  it('one-line fields refuse a newline', () => {
    expect(issues({ ...base, title: 'hai\ndòng' })).toEqual([{ field: 'title', message: 'must be one line' }]);
    expect(fieldsWithIssues({ ...base, author: 'a\nb' })).toEqual(['author']);
  });
});

describe('text is stored in NFC', () => {
  it('turns every decomposed text field into NFC', () => {
    const nfd = (s: string): string => s.normalize('NFD');
    const r = schema.parse({
      title: nfd('Quế Phong: Nâng cao chất lượng'),
      section: 'tin-tuc',
      summary: nfd('Tóm tắt'),
      body: nfd('Nội dung đảng viên'),
      author: nfd('Nguyễn Văn Ánh'),
      source: nfd('Báo Nghệ An'),
      tags: [nfd('đảng viên')],
      images: [{ src: 'https://example.vn/a.png', caption: nfd('Chú thích'), alt: nfd('Ảnh') }],
    });
    expect(r.title).toBe('Quế Phong: Nâng cao chất lượng');
    expect(r.summary).toBe('Tóm tắt');
    expect(r.body).toBe('Nội dung đảng viên');
    expect(r.author).toBe('Nguyễn Văn Ánh');
    expect(r.source).toBe('Báo Nghệ An');
    expect(r.tags).toEqual(['đảng viên']);
    expect(r.images![0]).toEqual({ src: 'https://example.vn/a.png', caption: 'Chú thích', alt: 'Ảnh' });
    for (const v of [r.title, r.summary, r.body, r.author, r.source]) expect(v).toBe(v!.normalize('NFC'));
  });

  it('trims one-line fields', () => {
    expect(schema.parse({ ...base, title: '  Tiêu đề  ' }).title).toBe('Tiêu đề');
  });
});

describe('article fields', () => {
  it.each([
    ['que-phong', true],
    ['Que-Phong', false],
    ['quế-phong', false],
    ['que phong', false],
    ['', false],
  ])('slug %j valid=%s', (slug, ok) => {
    expect(fieldsWithIssues({ ...base, slug }).includes('slug')).toBe(!ok);
  });

  it.each([
    ['draft', true],
    ['published', true],
    ['Published', false],
    ['deleted', false],
  ])('status %j valid=%s', (status, ok) => {
    expect(fieldsWithIssues({ ...base, status }).includes('status')).toBe(!ok);
  });

  it('reads published_at in the site zone and gives epoch ms; null and "" mean no date', () => {
    expect(schema.parse({ ...base, published_at: '23/10/2020 08:37 PM' }).published_at).toBe(Date.parse('2020-10-23T13:37:00Z'));
    expect(articleInput('UTC').parse({ ...base, published_at: '23/10/2020 08:37 PM' }).published_at).toBe(Date.parse('2020-10-23T20:37:00Z'));
    expect(schema.parse({ ...base, published_at: null }).published_at).toBeNull();
    expect(schema.parse({ ...base, published_at: '' }).published_at).toBeNull();
    const bad = issues({ ...base, published_at: '31/02/2024' });
    expect(bad).toHaveLength(1);
    expect(bad[0]!.field).toBe('published_at');
    expect(bad[0]!.message).toContain('"31/02/2024" is not a date');
  });

  it('refuses unknown fields and names them', () => {
    expect(issues({ ...base, colour: 'red' })).toEqual([{ field: '', message: 'unknown field colour' }]);
  });

  it('section is a slug or a positive id', () => {
    expect(schema.parse({ title: 'x', section: 3 }).section).toBe(3);
    expect(fieldsWithIssues({ title: 'x', section: 'Tin Tức' })).toEqual(['section']);
    expect(fieldsWithIssues({ title: 'x', section: 0 })).toEqual(['section']);
  });

  it('a patch makes every field optional but keeps the rules', () => {
    const patch = articlePatch(HCM);
    expect(patch.parse({})).toEqual({});
    expect(patch.safeParse({ title: 'x'.repeat(501) }).success).toBe(false);
    expect(patch.safeParse({ id: 5 }).success).toBe(false);
  });
});

describe('link URLs', () => {
  it.each([
    ['https://chinhphu.vn', undefined],
    ['http://nghean.gov.vn/tin-tuc?id=1#a', undefined],
    ['HTTPS://EXAMPLE.VN', undefined],
    ['mailto:lienhe@sonlam.gov.vn', undefined],
    ['/gioi-thieu', undefined],
    ['gioi-thieu/lich-su.html', undefined],
    ['#top', undefined],
    ['  https://chinhphu.vn  ', undefined],
    ['javascript:alert(1)', 'uses the scheme "javascript:"; only http, https, mailto or a relative URL are allowed'],
    ['JavaScript:alert(1)', 'uses the scheme "javascript:"; only http, https, mailto or a relative URL are allowed'],
    ['data:text/html,<b>x</b>', 'uses the scheme "data:"; only http, https, mailto or a relative URL are allowed'],
    ['file:///etc/passwd', 'uses the scheme "file:"; only http, https, mailto or a relative URL are allowed'],
    ['ftp://example.vn', 'uses the scheme "ftp:"; only http, https, mailto or a relative URL are allowed'],
    ['vbscript:msgbox', 'uses the scheme "vbscript:"; only http, https, mailto or a relative URL are allowed'],
    ['mailto:', 'needs an address after mailto:'],
    ['https://', 'is not a valid URL'],
    ['http://exa mple.vn', 'must not contain spaces or control characters'],
    ['https://a.vn/\u0000', 'must not contain spaces or control characters'],
    ['', 'is required'],
    ['   ', 'is required'],
    [`https://a.vn/${'x'.repeat(2000)}`, 'is longer than 2000 characters'],
  ])('%j → %s', (url, problem) => {
    expect(checkLinkUrl(url)).toBe(problem);
    const r = linkInput.safeParse({ section: 'lien-ket', title: 'Liên kết', url });
    expect(r.success).toBe(problem === undefined);
  });

  it('stores the URL trimmed', () => {
    expect(linkInput.parse({ section: 'lien-ket', title: 'x', url: '  https://chinhphu.vn ' }).url).toBe('https://chinhphu.vn');
  });
});

describe('sections and site settings', () => {
  it.each([
    [{ title: 'Tin tức' }, true],
    [{ title: 'Tin tức', kind: 'links' }, true],
    [{ title: 'Tin tức', kind: 'videos' }, false],
    [{ title: 'Tin tức', position: 0 }, false],
    [{ title: 'Tin tức', parent: null }, true],
    [{ title: '' }, false],
    [{ title: 'x'.repeat(501) }, false],
  ])('section %j valid=%s', (input, ok) => {
    expect(sectionInput.safeParse(input).success).toBe(ok);
  });

  it.each([
    [{ language: 'vi' }, true],
    [{ language: 'fr' }, false],
    [{ timezone: 'Asia/Ho_Chi_Minh' }, true],
    [{ timezone: 'Asia/Nowhere' }, false],
    [{ per_page: '20' }, true],
    [{ per_page: '0' }, false],
    [{ per_page: '2.5' }, false],
    [{ per_page: '1001' }, false],
    [{ base_url: 'https://sonlam.example.vn' }, true],
    [{ base_url: 'ftp://sonlam.example.vn' }, false],
  ])('site %j valid=%s', (input, ok) => {
    expect(siteInput.safeParse(input).success).toBe(ok);
  });

  it('adds the trailing slash to base_url', () => {
    expect(siteInput.parse({ base_url: 'https://sonlam.example.vn' }).base_url).toBe('https://sonlam.example.vn/');
  });
});
