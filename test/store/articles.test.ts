import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { addArticle, editArticle, publishArticle, removeArticles, toRecord, unpublishArticle } from '../../src/ops/articles.js';
import { addSection, removeSection } from '../../src/ops/sections.js';
import type { ArticleFilter, ArticleSort } from '../../src/store/articles.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';

const HOUR = 3_600_000;
const DEFAULT: ArticleSort = { field: 'default', desc: true };

function portal(): Store {
  const store = freshStore();
  addSection(store, { title: 'Hệ thống chính trị', slug: 'he-thong-chinh-tri' });
  addSection(store, { title: 'Huyện ủy', slug: 'huyen-uy', parent: 'he-thong-chinh-tri' });
  addSection(store, { title: 'Đảng bộ xã', slug: 'dang-bo-xa', parent: 'huyen-uy' });
  addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
  addSection(store, { title: 'Liên kết', slug: 'lien-ket', kind: 'links' });
  return store;
}

const at = (iso: string): number => Date.parse(iso);

describe('slugs of articles', () => {
  it.each([
    ['Quế Phong: Nâng cao chất lượng phát triển đảng viên', 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien'],
    ['Đại hội Đảng bộ huyện Đô Lương', 'dai-hoi-dang-bo-huyen-do-luong'],
    ['2024', 'bai-viet-2024'],
    ['!!!', 'bai-viet'],
  ])('%j → %s', (title, slug) => {
    const store = portal();
    expect(addArticle(store, { title, section: 'kinh-te' }, { now: FIXED_NOW }).slug).toBe(slug);
  });

  it('keeps a derived slug unique with -2, -3', () => {
    const store = portal();
    const slugs = [1, 2, 3].map(() => addArticle(store, { title: 'Đường về bản', section: 'kinh-te' }, { now: FIXED_NOW }).slug);
    expect(slugs).toEqual(['duong-ve-ban', 'duong-ve-ban-2', 'duong-ve-ban-3']);
  });

  it('an explicit slug that is taken is a conflict, never renamed, and nothing is written', () => {
    const store = portal();
    addArticle(store, { title: 'Một', section: 'kinh-te', slug: 'tin-mot' }, { now: FIXED_NOW });
    let error: unknown;
    try {
      addArticle(store, { title: 'Khác', section: 'kinh-te', slug: 'tin-mot' }, { now: FIXED_NOW });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain('"tin-mot" is already taken');
    expect(store.articles.count({})).toBe(1);
    expect(store.articles.slugTaken('tin-mot-2')).toBe(false);
  });

  it('an edit to a taken slug is a conflict; to a free slug it changes', () => {
    const store = portal();
    addArticle(store, { title: 'Một', section: 'kinh-te' }, { now: FIXED_NOW });
    const two = addArticle(store, { title: 'Hai', section: 'kinh-te' }, { now: FIXED_NOW });
    expect(() => editArticle(store, 'hai', { slug: 'mot' }, { now: FIXED_NOW })).toThrow(ConflictError);
    expect(store.articles.find(two.id)!.slug).toBe('hai');
    expect(editArticle(store, 'hai', { slug: 'hai-moi' }, { now: FIXED_NOW }).slug).toBe('hai-moi');
    // Editing the title keeps the slug (links stay valid).
    expect(editArticle(store, 'hai-moi', { title: 'Tiêu đề khác' }, { now: FIXED_NOW }).slug).toBe('hai-moi');
  });

  it('a decomposed (NFD) title is stored in NFC and found by its NFC slug', () => {
    const store = portal();
    const nfc = 'Quế Phong: Nâng cao chất lượng phát triển đảng viên';
    const row = addArticle(store, { title: nfc.normalize('NFD'), section: 'he-thong-chinh-tri', body: 'Nội dung'.normalize('NFD') }, { now: FIXED_NOW });
    const found = store.articles.find('que-phong-nang-cao-chat-luong-phat-trien-dang-vien');
    expect(found?.id).toBe(row.id);
    expect(found!.title).toBe(nfc);
    expect(found!.body).toBe('Nội dung');
    expect(store.db.prepare('SELECT count(*) FROM articles WHERE title = ?').pluck().get(nfc)).toBe(1);
    expect(store.db.prepare('SELECT count(*) FROM articles WHERE title = ?').pluck().get(nfc.normalize('NFD'))).toBe(0);
  });

  it('finds an article by id or by slug', () => {
    const store = portal();
    const row = addArticle(store, { title: 'Tin', section: 'kinh-te' }, { now: FIXED_NOW });
    expect(store.articles.find(String(row.id))?.slug).toBe('tin');
    expect(store.articles.find(row.id)?.slug).toBe('tin');
    expect(store.articles.find('tin')?.id).toBe(row.id);
    expect(store.articles.find('khong-co')).toBeUndefined();
  });
});

describe('article writes', () => {
  it('stores every field and gives the JSON form of the spec', () => {
    const store = portal();
    const row = addArticle(
      store,
      {
        title: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên',
        section: 'he-thong-chinh-tri',
        summary: 'Tóm tắt',
        body: 'Đoạn một.\n\nĐoạn hai.',
        author: 'Nguyễn Văn A',
        source: 'Huyện ủy Quế Phong',
        status: 'published',
        published_at: '23/10/2020 08:37 PM',
        tags: ['đảng viên', 'Quế Phong', 'đảng viên'],
        images: [{ src: 'https://example.vn/anh.jpg', caption: 'Lễ kết nạp', alt: 'Ảnh' }],
      },
      { now: FIXED_NOW },
    );
    expect(toRecord(store, row)).toEqual({
      id: row.id,
      slug: 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien',
      title: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên',
      summary: 'Tóm tắt',
      body: 'Đoạn một.\n\nĐoạn hai.',
      author: 'Nguyễn Văn A',
      source: 'Huyện ủy Quế Phong',
      section: 'he-thong-chinh-tri',
      status: 'published',
      published_at: '2020-10-23T20:37:00+07:00',
      created_at: '2024-05-01T08:00:00+07:00',
      updated_at: '2024-05-01T08:00:00+07:00',
      images: [{ src: 'https://example.vn/anh.jpg', caption: 'Lễ kết nạp', alt: 'Ảnh' }],
      tags: ['đảng viên', 'Quế Phong'],
    });
  });

  it('a new article is a draft without a date unless told; published without a date means now', () => {
    const store = portal();
    const draft = addArticle(store, { title: 'Nháp', section: 'kinh-te' }, { now: FIXED_NOW });
    expect(draft.status).toBe('draft');
    expect(draft.published_at).toBeNull();
    const pub = addArticle(store, { title: 'Đăng', section: 'kinh-te', status: 'published' }, { now: FIXED_NOW });
    expect(pub.published_at).toBe(FIXED_NOW);
  });

  it('refuses a links section, an unknown section and invalid fields, writing nothing', () => {
    const store = portal();
    expect(() => addArticle(store, { title: 'x', section: 'lien-ket' }, { now: FIXED_NOW })).toThrow(ValidationError);
    expect(() => addArticle(store, { title: 'x', section: 'khong-co' }, { now: FIXED_NOW })).toThrow(NotFoundError);
    expect(() => addArticle(store, { title: 'x', section: 'kinh-te', published_at: '31/02/2024' }, { now: FIXED_NOW })).toThrow(ValidationError);
    expect(() => addArticle(store, { title: 'x\u0007', section: 'kinh-te' }, { now: FIXED_NOW })).toThrow(ValidationError);
    expect(store.articles.count({})).toBe(0);
  });

  it('publish keeps a given date, unpublish keeps the date, remove is all or nothing', () => {
    const store = portal();
    const a = addArticle(store, { title: 'Một', section: 'kinh-te', published_at: '01/01/2021' }, { now: FIXED_NOW });
    const b = addArticle(store, { title: 'Hai', section: 'kinh-te' }, { now: FIXED_NOW });
    expect(publishArticle(store, 'mot', undefined, { now: FIXED_NOW + 1 }).published_at).toBe(at('2021-01-01T00:00:00+07:00'));
    expect(publishArticle(store, 'hai', undefined, { now: FIXED_NOW + 2 }).published_at).toBe(FIXED_NOW + 2);
    expect(publishArticle(store, 'hai', at('2022-02-02T10:00:00+07:00'), { now: FIXED_NOW + 3 }).published_at).toBe(at('2022-02-02T10:00:00+07:00'));
    const un = unpublishArticle(store, 'hai', { now: FIXED_NOW + 4 });
    expect(un).toMatchObject({ status: 'draft', published_at: at('2022-02-02T10:00:00+07:00'), updated_at: FIXED_NOW + 4 });
    expect(() => removeArticles(store, [String(a.id), 'khong-co'])).toThrow(NotFoundError);
    expect(store.articles.count({})).toBe(2);
    expect(removeArticles(store, [String(a.id), 'mot', String(b.id)]).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(store.articles.count({})).toBe(0);
  });

  it('stores a local image in the database once (by content hash) and keeps a URL as a URL', () => {
    const store = portal();
    const dir = tempDir();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    writeFileSync(join(dir, 'a.png'), png);
    writeFileSync(join(dir, 'same.png'), png);
    writeFileSync(join(dir, 'not-image.png'), 'xin chào');
    const opts = { now: FIXED_NOW, imageBaseDir: dir };
    const one = addArticle(store, { title: 'Một', section: 'kinh-te', images: [{ src: 'a.png', caption: 'Ảnh' }, { src: 'https://example.vn/x.jpg' }] }, opts);
    const two = addArticle(store, { title: 'Hai', section: 'kinh-te', images: [{ src: 'same.png' }] }, opts);
    const imgs1 = toRecord(store, one).images;
    const imgs2 = toRecord(store, two).images;
    expect(imgs1[0]!.src).toMatch(/^media\/[0-9a-f]{64}\.png$/);
    expect(imgs1[0]!.caption).toBe('Ảnh');
    expect(imgs1[1]).toEqual({ src: 'https://example.vn/x.jpg', caption: '', alt: '' });
    expect(imgs2[0]!.src).toBe(imgs1[0]!.src);
    expect(store.db.prepare('SELECT count(*) FROM media').pluck().get()).toBe(1);
    expect(() => addArticle(store, { title: 'Ba', section: 'kinh-te', images: [{ src: 'not-image.png' }] }, opts)).toThrow(/is not a PNG/);
    expect(() => addArticle(store, { title: 'Ba', section: 'kinh-te', images: [{ src: 'missing.png' }] }, opts)).toThrow(ValidationError);
    expect(store.articles.count({})).toBe(2);
  });
});

/** 137 published articles: published_at in groups of 5 identical times, so ties are common. */
function manyArticles(store: Store, n = 137): number[] {
  const ids: number[] = [];
  store.tx(() => {
    for (let i = 0; i < n; i++) {
      const publishedAt = at('2020-01-01T08:00:00+07:00') + Math.floor(i / 5) * HOUR;
      ids.push(addArticle(store, { title: `Bài ${i}`, section: 'kinh-te', status: 'published', published_at: new Date(publishedAt).toISOString() }, { now: FIXED_NOW }).id);
    }
  });
  return ids;
}

describe('lists: a total order and pages', () => {
  it('137 articles make 14 pages of 10; page 14 holds 7; every article on exactly one page', () => {
    const store = portal();
    const ids = manyArticles(store);
    expect(store.articles.count({})).toBe(137);
    const seen: number[] = [];
    const sizes: number[] = [];
    for (let page = 1; page <= 14; page++) {
      const rows = store.articles.list({}, DEFAULT, { limit: 10, offset: (page - 1) * 10 });
      sizes.push(rows.length);
      seen.push(...rows.map((r) => r.id));
    }
    expect(sizes).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 7]);
    expect(seen).toHaveLength(137);
    expect(new Set(seen).size).toBe(137);
    expect([...seen].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    // The pages laid end to end are the full list.
    expect(seen).toEqual(store.articles.list({}, DEFAULT).map((r) => r.id));
  });

  it('a page past the end is empty', () => {
    const store = portal();
    manyArticles(store, 12);
    expect(store.articles.list({}, DEFAULT, { limit: 10, offset: 20 })).toEqual([]);
    expect(store.articles.list({}, DEFAULT, { limit: 10, offset: 1000 })).toEqual([]);
  });

  it('newest first; ties broken by id in the same direction', () => {
    const store = portal();
    manyArticles(store, 20);
    const rows = store.articles.list({}, DEFAULT);
    for (let i = 1; i < rows.length; i++) {
      const [p, c] = [rows[i - 1]!, rows[i]!];
      expect(p.published_at! > c.published_at! || (p.published_at === c.published_at && p.id > c.id)).toBe(true);
    }
    const asc = store.articles.list({}, { field: 'published_at', desc: false });
    expect(asc.map((r) => r.id)).toEqual([...rows].reverse().map((r) => r.id));
  });

  it.each([
    ['title', false],
    ['title', true],
    ['author', false],
    ['author', true],
    ['published_at', false],
    ['updated_at', true],
    ['created_at', false],
    ['slug', true],
    ['id', false],
  ] as const)('sort by %s (desc=%s) is total and stable across pages', (field, desc) => {
    const store = portal();
    store.tx(() => {
      for (let i = 0; i < 23; i++) {
        addArticle(
          store,
          { title: `Tin ${i % 3}`, section: 'kinh-te', author: ['An', 'Bình', ''][i % 3]!, status: i % 4 ? 'published' : 'draft', ...(i % 4 ? { published_at: '01/01/2021' } : {}) },
          { now: FIXED_NOW + (i % 2) * 1000 },
        );
      }
    });
    const sort = { field, desc };
    const all = store.articles.list({}, sort).map((r) => r.id);
    const paged: number[] = [];
    for (let off = 0; off < 23; off += 4) paged.push(...store.articles.list({}, sort, { limit: 4, offset: off }).map((r) => r.id));
    expect(paged).toEqual(all);
    expect(new Set(all).size).toBe(23);
  });

  it('drafts sort by their last change among published articles; drafts without a date never vanish', () => {
    const store = portal();
    const old = addArticle(store, { title: 'Cũ', section: 'kinh-te', status: 'published', published_at: '2019-01-01T00:00:00+07:00' }, { now: FIXED_NOW });
    const draft = addArticle(store, { title: 'Nháp', section: 'kinh-te' }, { now: at('2020-06-01T00:00:00+07:00') });
    const recent = addArticle(store, { title: 'Mới', section: 'kinh-te', status: 'published', published_at: '2021-01-01T00:00:00+07:00' }, { now: FIXED_NOW });
    expect(store.articles.list({}, DEFAULT).map((r) => r.id)).toEqual([recent.id, draft.id, old.id]);
    // Sorted by published_at, a draft without a date goes last, in either direction.
    expect(store.articles.list({}, { field: 'published_at', desc: true }).map((r) => r.id)).toEqual([recent.id, old.id, draft.id]);
    expect(store.articles.list({}, { field: 'published_at', desc: false }).map((r) => r.id)).toEqual([old.id, recent.id, draft.id]);
  });
});

describe('list filters', () => {
  function seeded(): { store: Store; id: (title: string) => number } {
    const store = portal();
    const add = (title: string, section: string, extra: Record<string, unknown>) => addArticle(store, { title, section, ...extra }, { now: FIXED_NOW });
    add('Chính trị 1', 'he-thong-chinh-tri', { status: 'published', published_at: '2024-01-01T00:00:00+07:00', author: 'An' });
    add('Huyện ủy 1', 'huyen-uy', { status: 'published', published_at: '2024-01-31T23:59:59+07:00', author: 'Bình' });
    add('Đảng bộ xã 1', 'dang-bo-xa', { status: 'published', published_at: '2024-02-01T00:00:00+07:00', author: 'An' });
    add('Kinh tế 1', 'kinh-te', { status: 'published', published_at: '2023-12-31T23:59:59+07:00', author: 'Nguyễn Văn Ánh' });
    add('Nháp không ngày', 'huyen-uy', { author: 'An' });
    add('Nháp có ngày', 'kinh-te', { status: 'draft', published_at: '2024-01-15T00:00:00+07:00' });
    return { store, id: (title) => store.articles.list({}, DEFAULT).find((r) => r.title === title)!.id };
  }

  function titles(store: Store, filter: ArticleFilter): string[] {
    return store.articles
      .list(filter, { field: 'title', desc: false })
      .map((r) => r.title)
      .sort();
  }

  it('--section includes every subsection, at any depth', () => {
    const { store } = seeded();
    const subtree = (slug: string): number[] => store.sections.subtreeIds(store.sections.find(slug)!.id);
    expect(titles(store, { sectionIds: subtree('he-thong-chinh-tri') })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Nháp không ngày', 'Đảng bộ xã 1'].sort());
    expect(titles(store, { sectionIds: subtree('huyen-uy') })).toEqual(['Huyện ủy 1', 'Nháp không ngày', 'Đảng bộ xã 1'].sort());
    expect(titles(store, { sectionIds: subtree('dang-bo-xa') })).toEqual(['Đảng bộ xã 1']);
    expect(store.articles.count({ sectionIds: subtree('he-thong-chinh-tri') })).toBe(4);
  });

  it('--status and --author', () => {
    const { store } = seeded();
    expect(titles(store, { status: 'draft' })).toEqual(['Nháp có ngày', 'Nháp không ngày'].sort());
    expect(store.articles.count({ status: 'published' })).toBe(4);
    expect(titles(store, { author: 'An' })).toEqual(['Chính trị 1', 'Nháp không ngày', 'Đảng bộ xã 1'].sort());
    expect(titles(store, { author: 'An', status: 'published' })).toEqual(['Chính trị 1', 'Đảng bộ xã 1'].sort());
    expect(titles(store, { author: 'Nguyễn Văn Ánh' })).toEqual(['Kinh tế 1']);
  });

  it('--since and --until are inclusive and leave out drafts without a date', () => {
    const { store } = seeded();
    const since = at('2024-01-01T00:00:00+07:00');
    const until = at('2024-01-31T23:59:59+07:00');
    expect(titles(store, { since, until })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Nháp có ngày'].sort());
    expect(titles(store, { since })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Nháp có ngày', 'Đảng bộ xã 1'].sort());
    expect(titles(store, { until })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Kinh tế 1', 'Nháp có ngày'].sort());
    expect(titles(store, { since: since + 1, until: until - 1 })).toEqual(['Nháp có ngày']);
    expect(store.articles.count({ since: 0 })).toBe(5);
    expect(titles(store, { since, status: 'published', sectionIds: store.sections.subtreeIds(store.sections.find('huyen-uy')!.id) })).toEqual(['Huyện ủy 1', 'Đảng bộ xã 1'].sort());
  });

  it('a filter matching nothing is an empty list', () => {
    const { store } = seeded();
    expect(store.articles.list({ author: 'Không ai' }, DEFAULT, { limit: 10, offset: 0 })).toEqual([]);
    expect(store.articles.count({ author: 'Không ai' })).toBe(0);
  });
});

describe('the article counts behind the pager', () => {
  type Op =
    | { op: 'add'; section: number; draft: boolean }
    | { op: 'edit'; pick: number; section: number }
    | { op: 'status'; pick: number; draft: boolean }
    | { op: 'remove'; pick: number }
    | { op: 'empty-section'; section: number; to: number };
  const SECTIONS = ['he-thong-chinh-tri', 'huyen-uy', 'dang-bo-xa', 'kinh-te', 'tam-1', 'tam-2'];
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), section: fc.nat(5), draft: fc.boolean() }) },
    fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), section: fc.nat(5) }),
    fc.record({ op: fc.constant('status' as const), pick: fc.nat(), draft: fc.boolean() }),
    fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('empty-section' as const), section: fc.integer({ min: 4, max: 5 }), to: fc.nat(3) }),
  );

  it('agree with count(*) for every status and section after any writes (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const store = portal();
        const o = { now: FIXED_NOW };
        const alive = (): number[] => store.db.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[];
        const ensure = (slug: string): void => {
          if (!store.sections.find(slug)) addSection(store, { title: slug, slug });
        };
        let n = 0;
        for (const x of ops) {
          const ids = alive();
          const pick = (k: number): string | undefined => (ids.length ? String(ids[k % ids.length]) : undefined);
          if (x.op === 'add') {
            ensure(SECTIONS[x.section]!);
            addArticle(store, { title: `Bài ${++n}`, section: SECTIONS[x.section]!, status: x.draft ? 'draft' : 'published' }, o);
          } else if (x.op === 'edit' && pick(x.pick)) {
            ensure(SECTIONS[x.section]!);
            editArticle(store, pick(x.pick)!, { section: SECTIONS[x.section]! }, o);
          } else if (x.op === 'status' && pick(x.pick)) {
            if (x.draft) unpublishArticle(store, pick(x.pick)!, o);
            else publishArticle(store, pick(x.pick)!, undefined, o);
          } else if (x.op === 'remove' && pick(x.pick)) {
            removeArticles(store, [pick(x.pick)!]);
          } else if (x.op === 'empty-section' && store.sections.find(SECTIONS[x.section]!)) {
            removeSection(store, SECTIONS[x.section]!, SECTIONS[x.to]!, FIXED_NOW);
          }
        }
        expect(store.articles.countProblems()).toEqual([]);
        const sectionIds = store.db.prepare('SELECT id FROM sections').pluck().all() as number[];
        const filters: ArticleFilter[] = [{}];
        for (const status of [undefined, 'draft', 'published'] as const) {
          for (const ids of [undefined, [sectionIds[0]!], sectionIds.slice(0, 3), sectionIds]) {
            filters.push({ ...(status ? { status } : {}), ...(ids ? { sectionIds: ids } : {}) });
          }
        }
        for (const filter of filters) {
          const where: string[] = [];
          if (filter.status) where.push(`status = '${filter.status}'`);
          if (filter.sectionIds) where.push(`section_id IN (${filter.sectionIds.join(', ')})`);
          const actual = store.db.prepare(`SELECT count(*) FROM articles${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`).pluck().get();
          expect(store.articles.count(filter)).toBe(actual);
        }
        store.close();
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});
