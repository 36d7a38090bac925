import { describe, expect, it } from 'vitest';
import { isValidSlug, slugify, stripMarks, uniqueSlug } from '../../src/core/slug.js';

describe('slugify', () => {
  it.each([
    ['Quế Phong: Nâng cao chất lượng phát triển đảng viên', 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien'],
    ['Đại hội Đảng bộ huyện lần thứ XX', 'dai-hoi-dang-bo-huyen-lan-thu-xx'],
    ['ĐƯỜNG ĐI ĐẾN ĐỒNG ĐĂNG', 'duong-di-den-dong-dang'],
    ['Hệ thống chính trị', 'he-thong-chinh-tri'],
    ['Liên kết Website', 'lien-ket-website'],
    ['Ủy ban nhân dân xã Tiền Phong', 'uy-ban-nhan-dan-xa-tien-phong'],
    ['Ỷ Ỹ Ỵ ỳ ý', 'y-y-y-y-y'],
    ['Năm 2024: 137 bài   viết!!', 'nam-2024-137-bai-viet'],
    ['  --Khoảng trắng--  ', 'khoang-trang'],
    ['COVID-19 & "vaccine"', 'covid-19-vaccine'],
    ['Café naïve Ångström', 'cafe-naive-angstrom'],
    ['!!!', ''],
    ['', ''],
    ['漢字', ''],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('gives the same slug for decomposed (NFD) and composed (NFC) input', () => {
    const nfc = 'Quế Phong: Nâng cao chất lượng phát triển đảng viên';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(slugify(nfd)).toBe(slugify(nfc));
  });

  it('cuts a long title at a hyphen, never inside a syllable', () => {
    const title = 'Nâng cao chất lượng '.repeat(20);
    const slug = slugify(title, 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug).toBe('nang-cao-chat-luong-nang-cao');
    expect(isValidSlug(slug)).toBe(true);
  });

  it('cuts a single over-long word at the limit', () => {
    expect(slugify('a'.repeat(150), 100)).toBe('a'.repeat(100));
  });

  it('always yields a valid slug or the empty string', () => {
    for (const s of ['a--b', '-x-', 'Ä Ö Ü ß', 'tab\there', 'đđ', '1/2/3']) {
      const slug = slugify(s);
      expect(slug === '' || isValidSlug(slug)).toBe(true);
    }
  });
});

describe('stripMarks', () => {
  it.each([
    ['đ', 'd'],
    ['Đ', 'D'],
    ['ệ', 'e'],
    ['Ơ Ư ơ ư', 'O U o u'],
    ['Nguyễn Thị Ánh', 'Nguyen Thi Anh'],
  ])('%j → %j', (input, out) => {
    expect(stripMarks(input)).toBe(out);
  });
});

describe('isValidSlug', () => {
  it.each([
    ['que-phong', true],
    ['a', true],
    ['2024', true],
    ['tin-tuc-2024', true],
    ['', false],
    ['Que-phong', false],
    ['que phong', false],
    ['que_phong', false],
    ['-que', false],
    ['que-', false],
    ['que--phong', false],
    ['quế', false],
    ['a/b', false],
    ['a'.repeat(200), true],
    ['a'.repeat(201), false],
  ])('%j → %s', (slug, ok) => {
    expect(isValidSlug(slug)).toBe(ok);
  });
});

describe('uniqueSlug', () => {
  it.each([
    [[], 'tin', 'tin'],
    [['tin'], 'tin', 'tin-2'],
    [['tin', 'tin-2'], 'tin', 'tin-3'],
    [['tin', 'tin-3'], 'tin', 'tin-2'],
    [['tin-2'], 'tin', 'tin'],
  ])('taken %j, base %j → %j', (taken, base, expected) => {
    const set = new Set<string>(taken);
    expect(uniqueSlug(base, (s) => set.has(s))).toBe(expected);
  });
});
