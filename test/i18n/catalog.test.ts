// The catalogs cannot drift: the same keys in both languages, the same placeholders, every key
// said somewhere in the code, every key the code says present, Vietnamese in NFC with its marks;
// and the language is chosen as command-line tools choose it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { chooseLanguage, langFlag, t, useLanguage, type Message } from '../../src/i18n/index.js';
import { english, sayIssue } from '../../src/i18n/issues.js';
import { vi } from '../../src/i18n/vi.js';

const EN: Readonly<Record<string, Message>> = en;
const VI: Readonly<Record<string, Message>> = vi;

function forms(m: Message): string[] {
  return typeof m === 'string' ? [m] : [m.one, m.other];
}

function placeholders(m: Message): string[] {
  return [...new Set(forms(m).flatMap((f) => [...f.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const CODE = [...sources('src').filter((p) => !p.startsWith(join('src', 'i18n'))), join('scripts', 'start.js')]
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n');

afterAll(() => useLanguage('en'));

describe('the catalogs', () => {
  it('have the same keys', () => {
    expect(Object.keys(VI).filter((k) => !(k in EN))).toEqual([]);
    expect(Object.keys(EN).filter((k) => !(k in VI))).toEqual([]);
  });

  it('have the same placeholders for each key', () => {
    const differ = Object.keys(EN).filter((k) => {
      // A count may pick the plural form without being shown in one language.
      const a = placeholders(EN[k]!).filter((p) => p !== 'count');
      const b = placeholders(VI[k]!).filter((p) => p !== 'count');
      return a.join() !== b.join();
    });
    expect(differ).toEqual([]);
  });

  it('say nothing in a singular form that the plural form does not (the one may write "1" out)', () => {
    for (const [k, m] of Object.entries(EN)) {
      if (typeof m !== 'string') for (const p of placeholders(m.one)) expect(placeholders(m.other), k).toContain(p);
    }
  });

  it('hold no key that the code never says', () => {
    const unused = Object.keys(EN).filter((k) => !CODE.includes(`'${k}'`) && !new RegExp(`\\b${k.replace(/\./g, '\\.')}\\b`).test(CODE));
    expect(unused).toEqual([]);
  });

  it('hold every key the code says', () => {
    const said = [...CODE.matchAll(/\b(?:t|english)\(\s*'([\w.]+)'/g)].map((m) => m[1]!);
    expect(said.length).toBeGreaterThan(300);
    expect([...new Set(said.filter((k) => !(k in EN)))]).toEqual([]);
  });

  it('write Vietnamese in NFC, every text differing from the English unless it is a name', () => {
    for (const [k, m] of Object.entries(VI)) {
      for (const f of forms(m)) expect(f, k).toBe(f.normalize('NFC'));
    }
    // Texts that are the same in both languages are names, symbols or formats.
    const same = Object.keys(EN).filter((k) => JSON.stringify(EN[k]) === JSON.stringify(VI[k]));
    expect(same.every((k) => /^(column\.(id|slug|url)|label\.id)$/.test(k) || !/[a-z]{3,} [a-z]{3,}/i.test(forms(VI[k]!).join(' ')))).toBe(true);
  });

  it('use the terms of the glossary', () => {
    const glossary = readFileSync(join('docs', 'glossary-vi.md'), 'utf8');
    for (const term of ['bài viết', 'chuyên mục', 'liên kết', 'bản nháp', 'xuất bản', 'xuất trang', 'nhập dữ liệu', 'tìm kiếm', 'cơ sở dữ liệu', 'sao lưu', 'kiểm tra']) {
      expect(glossary).toContain(term);
    }
    // Words the glossary rules out, with the term to use instead.
    const text = Object.values(VI).flatMap(forms).join('\n');
    for (const avoided of ['bài báo', 'danh mục bài', 'đường link', 'bản thảo', 'xoá', 'tuỳ chọn', 'cơ sở dữ liệu của bạn']) {
      expect(text, avoided).not.toContain(avoided);
    }
  });
});

describe('no text for a person outside the catalogs', () => {
  const files = [...sources('src').filter((p) => !p.startsWith(join('src', 'i18n'))), join('scripts', 'start.js')];
  // A text starting with a letter and holding a space, as the first argument (or a flag's
  // description) of what speaks to a person. Names, flags and formats have no space.
  const TEXT = String.raw`(['"\`])[A-Za-z][^'"\`]*\s[^'"\`]*\1`;
  const SPEAKING: Array<[string, RegExp]> = [
    ['description', new RegExp(String.raw`\.(?:description|summary)\(\s*` + TEXT)],
    ['flag or argument', new RegExp(String.raw`\.(?:option|requiredOption|argument)\(\s*'[^']*',\s*` + TEXT)],
    ['help text', new RegExp(String.raw`\.addHelpText\(\s*'[a-z]+',\s*` + TEXT)],
    ['message', new RegExp(String.raw`\b(?:info|warn|say)\(\s*` + TEXT)],
    ['question', new RegExp(String.raw`\.(?:input|select|confirm|editor)\(\s*` + TEXT)],
    ['error', new RegExp(String.raw`new (?!Error\b)\w*Error\(\s*` + TEXT)],
    ['issue', new RegExp(String.raw`\bmessage: ` + TEXT)],
  ];
  // core/search-query.ts is shared with the site's search script (no catalog there); its
  // English texts are issue.query.* entries, matched when said.
  const EXEMPT = [join('src', 'core', 'search-query.ts')];

  it.each(SPEAKING)('no %s written as a literal', (_kind, pattern) => {
    const found: string[] = [];
    for (const file of files.filter((f) => !EXEMPT.includes(f))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (pattern.test(line) && !/^\s*(\/\/|\*)/.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the check finds a literal', () => {
    expect(SPEAKING.find(([k]) => k === 'message')![1].test("ctx.info('Removed the article');")).toBe(true);
    expect(SPEAKING.find(([k]) => k === 'error')![1].test("throw new UsageError(`no such section`);")).toBe(true);
    expect(SPEAKING.find(([k]) => k === 'message')![1].test("ctx.info(t('article.removedOne', { id }));")).toBe(false);
  });
});

describe('t()', () => {
  it('fills placeholders and picks the plural form by count', async () => {
    await useLanguage('en');
    expect(t('noun.articlesCounted', { count: 1, n: 1 })).toBe('1 article');
    expect(t('noun.articlesCounted', { count: 137, n: 137 })).toBe('137 articles');
    await useLanguage('vi');
    expect(t('noun.articlesCounted', { count: 1, n: 1 })).toBe('1 bài viết');
    expect(`${t('list.page', { page: 3, pages: 14 })} · ${t('noun.articlesCounted', { count: 137, n: 137 })}`).toBe('Trang 3/14 · 137 bài viết');
  });

  it('says an issue (English data) in Vietnamese, and leaves an unknown one as it is', async () => {
    await useLanguage('vi');
    expect(sayIssue(english('issue.tooLong', { max: 200 }))).toBe('dài hơn 200 ký tự');
    expect(sayIssue(english('issue.noSection', { ref: 'tin-tuc' }))).toBe('không có chuyên mục "tin-tuc"');
    expect(sayIssue('something nobody wrote')).toBe('something nobody wrote');
    const holds = english('issue.stillHolds', { slug: 'tin-tuc', articles: english('issue.nArticles', { count: 2 }), links: english('issue.nLinks', { count: 1 }), children: english('issue.nSubsections', { count: 0 }) });
    expect(sayIssue(holds)).toBe('chuyên mục "tin-tuc" vẫn còn 2 bài viết, 1 liên kết và 0 chuyên mục con');
    await useLanguage('en');
    expect(sayIssue(english('issue.tooLong', { max: 200 }))).toBe('is longer than 200 characters');
  });

  it('english() ignores the language in use', async () => {
    await useLanguage('vi');
    expect(english('issue.required')).toBe('is required');
  });
});

describe('choosing the language', () => {
  it.each([
    [undefined, {}, 'en'],
    [undefined, { LANG: 'vi_VN.UTF-8' }, 'vi'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'en'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    [undefined, { LANG: 'vi_VN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }, 'en'],
    [undefined, { LANG: 'en_US.UTF-8', LC_MESSAGES: 'vi_VN' }, 'vi'],
    [undefined, { LC_ALL: 'vi_VN.UTF-8', LC_MESSAGES: 'en_US', LANG: 'en_US' }, 'vi'],
    [undefined, { LC_ALL: 'C', LANG: 'vi_VN.UTF-8' }, 'en'],
    [undefined, { LC_ALL: '', LANG: 'vi_VN.UTF-8' }, 'vi'],
    [undefined, { NEWSDESK_LANG: 'vi', LANG: 'en_US.UTF-8' }, 'vi'],
    [undefined, { NEWSDESK_LANG: 'en', LC_ALL: 'vi_VN.UTF-8' }, 'en'],
    [undefined, { NEWSDESK_LANG: 'fr', LANG: 'vi_VN.UTF-8' }, 'vi'],
    ['vi', { NEWSDESK_LANG: 'en', LANG: 'en_US' }, 'vi'],
    ['EN', { NEWSDESK_LANG: 'vi' }, 'en'],
    ['fr', {}, { invalid: 'fr' }],
  ] as const)('--lang %s with %j → %j', (flag, env, expected) => {
    expect(chooseLanguage(flag, env)).toEqual(expected);
  });

  it('reads --lang before a --, in both spellings', () => {
    expect(langFlag(['--lang', 'vi', 'article', 'list'])).toBe('vi');
    expect(langFlag(['article', 'list', '--lang=en'])).toBe('en');
    expect(langFlag(['search', '--', '--lang', 'vi'])).toBeUndefined();
    expect(langFlag(['article', 'list'])).toBeUndefined();
  });
});
