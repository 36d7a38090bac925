// Articles through the store, for any backend: slugs, writes, lists in a total order with
// pages, filters, and the counts behind the pager.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { addArticle, editArticle, publishArticle, removeArticles, toRecord, unpublishArticle } from '../../src/ops/articles.js';
import { addSection, removeSection } from '../../src/ops/sections.js';
import type { ArticleFilter, ArticleSort } from '../../src/store/rows.js';
import type { Store, StoreData } from '../../src/store/store.js';
import { FIXED_NOW, tempDir } from '../helpers/db.js';
import { freshPortal, type BackendFactory } from './backend.js';

const HOUR = 3_600_000;
const DEFAULT: ArticleSort = { field: 'default', desc: true };

async function portal(backend: BackendFactory): Promise<Store> {
  const { store } = await freshPortal(backend);
  await addSection(store, { title: 'Hệ thống chính trị', slug: 'he-thong-chinh-tri' });
  await addSection(store, { title: 'Huyện ủy', slug: 'huyen-uy', parent: 'he-thong-chinh-tri' });
  await addSection(store, { title: 'Đảng bộ xã', slug: 'dang-bo-xa', parent: 'huyen-uy' });
  await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
  await addSection(store, { title: 'Liên kết', slug: 'lien-ket', kind: 'links' });
  return store;
}

const at = (iso: string): number => Date.parse(iso);

/** How many media files the store holds. */
async function mediaCount(store: StoreData): Promise<number> {
  let n = 0;
  for await (const batch of store.media.batches()) n += batch.length;
  return n;
}

/** The ids of the articles that match the filter, read from the rows (id order). */
async function rowIds(store: StoreData, filter: ArticleFilter): Promise<number[]> {
  const ids: number[] = [];
  for await (const batch of store.articles.batches(filter)) ids.push(...batch.map((r) => r.id));
  return ids;
}

/** 137 published articles: published_at in groups of 5 identical times, so ties are common. */
async function manyArticles(store: Store, n = 137): Promise<number[]> {
  const ids: number[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const publishedAt = at('2020-01-01T08:00:00+07:00') + Math.floor(i / 5) * HOUR;
      ids.push((await addArticle(tx, { title: `Bài ${i}`, section: 'kinh-te', status: 'published', published_at: new Date(publishedAt).toISOString() }, { now: FIXED_NOW })).id);
    }
  });
  return ids;
}

export function articlesContract(backend: BackendFactory): void {
  describe(`${backend.name}: slugs of articles`, () => {
    it.each([
      ['Quế Phong: Nâng cao chất lượng phát triển đảng viên', 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien'],
      ['Đại hội Đảng bộ huyện Đô Lương', 'dai-hoi-dang-bo-huyen-do-luong'],
      ['2024', 'bai-viet-2024'],
      ['!!!', 'bai-viet'],
    ])('%j → %s', async (title, slug) => {
      const store = await portal(backend);
      expect((await addArticle(store, { title, section: 'kinh-te' }, { now: FIXED_NOW })).slug).toBe(slug);
    });

    it('keeps a derived slug unique with -2, -3', async () => {
      const store = await portal(backend);
      const slugs: string[] = [];
      for (let i = 0; i < 3; i++) slugs.push((await addArticle(store, { title: 'Đường về bản', section: 'kinh-te' }, { now: FIXED_NOW })).slug);
      expect(slugs).toEqual(['duong-ve-ban', 'duong-ve-ban-2', 'duong-ve-ban-3']);
    });

    it('an explicit slug that is taken is a conflict, never renamed, and nothing is written', async () => {
      const store = await portal(backend);
      await addArticle(store, { title: 'Một', section: 'kinh-te', slug: 'tin-mot' }, { now: FIXED_NOW });
      let error: unknown;
      try {
        await addArticle(store, { title: 'Khác', section: 'kinh-te', slug: 'tin-mot' }, { now: FIXED_NOW });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toContain('"tin-mot" is already taken');
      expect(await store.articles.count({})).toBe(1);
      expect(await store.articles.slugTaken('tin-mot-2')).toBe(false);
    });

    it('an edit to a taken slug is a conflict; to a free slug it changes', async () => {
      const store = await portal(backend);
      await addArticle(store, { title: 'Một', section: 'kinh-te' }, { now: FIXED_NOW });
      const two = await addArticle(store, { title: 'Hai', section: 'kinh-te' }, { now: FIXED_NOW });
      await expect(editArticle(store, 'hai', { slug: 'mot' }, { now: FIXED_NOW })).rejects.toThrow(ConflictError);
      expect((await store.articles.find(two.id))!.slug).toBe('hai');
      expect((await editArticle(store, 'hai', { slug: 'hai-moi' }, { now: FIXED_NOW })).slug).toBe('hai-moi');
      // Editing the title keeps the slug (links stay valid).
      expect((await editArticle(store, 'hai-moi', { title: 'Tiêu đề khác' }, { now: FIXED_NOW })).slug).toBe('hai-moi');
    });

    it('finds an article by id or by slug', async () => {
      const store = await portal(backend);
      const row = await addArticle(store, { title: 'Tin', section: 'kinh-te' }, { now: FIXED_NOW });
      expect((await store.articles.find(String(row.id)))?.slug).toBe('tin');
      expect((await store.articles.find(row.id))?.slug).toBe('tin');
      expect((await store.articles.find('tin'))?.id).toBe(row.id);
      expect(await store.articles.find('khong-co')).toBeUndefined();
    });
  });

  describe(`${backend.name}: article writes`, () => {
    it('findMany reads the articles of some ids in the order asked, leaving out ids that do not exist', async () => {
      const store = await portal(backend);
      const ids = await manyArticles(store, 6);
      const asked = [ids[4]!, 999_999, ids[0]!, ids[2]!, ids[4]!];
      const rows = await store.articles.findMany(asked);
      expect(rows.map((r) => r.id)).toEqual([ids[4], ids[0], ids[2], ids[4]]);
      for (const r of rows) expect(r).toEqual(await store.articles.find(r.id));
      expect(await store.articles.findMany([])).toEqual([]);
      // Inside an import session, an article written by the session is found too.
      const session = await store.importSession({ dryRun: false });
      try {
        const row = (await store.articles.find(ids[1]!))!;
        const { id: _id, ...fields } = row;
        const id = await session.articles.insert({ ...fields, slug: 'moi-trong-phien' }, { at: FIXED_NOW, by: 'test' });
        expect((await session.articles.findMany([id, ids[1]!])).map((r) => r.slug)).toEqual(['moi-trong-phien', row.slug]);
      } finally {
        await session.end();
      }
    });

    it('stores every field and gives the JSON form of the spec', async () => {
      const store = await portal(backend);
      const row = await addArticle(
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
      expect(await toRecord(store, row)).toEqual({
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
        revision: 1,
      });
    });

    it('a new article is a draft without a date unless told; published without a date means now', async () => {
      const store = await portal(backend);
      const draft = await addArticle(store, { title: 'Nháp', section: 'kinh-te' }, { now: FIXED_NOW });
      expect(draft.status).toBe('draft');
      expect(draft.published_at).toBeNull();
      const pub = await addArticle(store, { title: 'Đăng', section: 'kinh-te', status: 'published' }, { now: FIXED_NOW });
      expect(pub.published_at).toBe(FIXED_NOW);
    });

    it('refuses a links section, an unknown section and invalid fields, writing nothing', async () => {
      const store = await portal(backend);
      await expect(addArticle(store, { title: 'x', section: 'lien-ket' }, { now: FIXED_NOW })).rejects.toThrow(ValidationError);
      await expect(addArticle(store, { title: 'x', section: 'khong-co' }, { now: FIXED_NOW })).rejects.toThrow(NotFoundError);
      await expect(addArticle(store, { title: 'x', section: 'kinh-te', published_at: '31/02/2024' }, { now: FIXED_NOW })).rejects.toThrow(ValidationError);
      await expect(addArticle(store, { title: 'x\u0007', section: 'kinh-te' }, { now: FIXED_NOW })).rejects.toThrow(ValidationError);
      expect(await store.articles.count({})).toBe(0);
    });

    it('publish keeps a given date, unpublish keeps the date, remove is all or nothing', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Một', section: 'kinh-te', published_at: '01/01/2021' }, { now: FIXED_NOW });
      const b = await addArticle(store, { title: 'Hai', section: 'kinh-te' }, { now: FIXED_NOW });
      expect((await publishArticle(store, 'mot', undefined, { now: FIXED_NOW + 1 })).published_at).toBe(at('2021-01-01T00:00:00+07:00'));
      expect((await publishArticle(store, 'hai', undefined, { now: FIXED_NOW + 2 })).published_at).toBe(FIXED_NOW + 2);
      expect((await publishArticle(store, 'hai', at('2022-02-02T10:00:00+07:00'), { now: FIXED_NOW + 3 })).published_at).toBe(at('2022-02-02T10:00:00+07:00'));
      const un = await unpublishArticle(store, 'hai', { now: FIXED_NOW + 4 });
      expect(un).toMatchObject({ status: 'draft', published_at: at('2022-02-02T10:00:00+07:00'), updated_at: FIXED_NOW + 4 });
      await expect(removeArticles(store, [String(a.id), 'khong-co'])).rejects.toThrow(NotFoundError);
      expect(await store.articles.count({})).toBe(2);
      expect((await removeArticles(store, [String(a.id), 'mot', String(b.id)])).map((r) => r.id)).toEqual([a.id, b.id]);
      expect(await store.articles.count({})).toBe(0);
    });

    it('stores a local image in the database once (by content hash) and keeps a URL as a URL', async () => {
      const store = await portal(backend);
      const dir = tempDir();
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      writeFileSync(join(dir, 'a.png'), png);
      writeFileSync(join(dir, 'same.png'), png);
      writeFileSync(join(dir, 'not-image.png'), 'xin chào');
      const opts = { now: FIXED_NOW, imageBaseDir: dir };
      const one = await addArticle(store, { title: 'Một', section: 'kinh-te', images: [{ src: 'a.png', caption: 'Ảnh' }, { src: 'https://example.vn/x.jpg' }] }, opts);
      const two = await addArticle(store, { title: 'Hai', section: 'kinh-te', images: [{ src: 'same.png' }] }, opts);
      const imgs1 = (await toRecord(store, one)).images;
      const imgs2 = (await toRecord(store, two)).images;
      expect(imgs1[0]!.src).toMatch(/^media\/[0-9a-f]{64}\.png$/);
      expect(imgs1[0]!.caption).toBe('Ảnh');
      expect(imgs1[1]).toEqual({ src: 'https://example.vn/x.jpg', caption: '', alt: '' });
      expect(imgs2[0]!.src).toBe(imgs1[0]!.src);
      expect(await mediaCount(store)).toBe(1);
      await expect(addArticle(store, { title: 'Ba', section: 'kinh-te', images: [{ src: 'not-image.png' }] }, opts)).rejects.toThrow(/is not a PNG/);
      await expect(addArticle(store, { title: 'Ba', section: 'kinh-te', images: [{ src: 'missing.png' }] }, opts)).rejects.toThrow(ValidationError);
      expect(await store.articles.count({})).toBe(2);
    });
  });

  describe(`${backend.name}: lists: a total order and pages`, () => {
    it('137 articles make 14 pages of 10; page 14 holds 7; every article on exactly one page', async () => {
      const store = await portal(backend);
      const ids = await manyArticles(store);
      expect(await store.articles.count({})).toBe(137);
      const seen: number[] = [];
      const sizes: number[] = [];
      for (let page = 1; page <= 14; page++) {
        const rows = await store.articles.list({}, DEFAULT, { limit: 10, offset: (page - 1) * 10 });
        sizes.push(rows.length);
        seen.push(...rows.map((r) => r.id));
      }
      expect(sizes).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 7]);
      expect(seen).toHaveLength(137);
      expect(new Set(seen).size).toBe(137);
      expect([...seen].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      // The pages laid end to end are the full list.
      expect(seen).toEqual((await store.articles.list({}, DEFAULT)).map((r) => r.id));
    });

    it('a page past the end is empty', async () => {
      const store = await portal(backend);
      await manyArticles(store, 12);
      expect(await store.articles.list({}, DEFAULT, { limit: 10, offset: 20 })).toEqual([]);
      expect(await store.articles.list({}, DEFAULT, { limit: 10, offset: 1000 })).toEqual([]);
    });

    it('newest first; ties broken by id in the same direction', async () => {
      const store = await portal(backend);
      await manyArticles(store, 20);
      const rows = await store.articles.list({}, DEFAULT);
      for (let i = 1; i < rows.length; i++) {
        const [p, c] = [rows[i - 1]!, rows[i]!];
        expect(p.published_at! > c.published_at! || (p.published_at === c.published_at && p.id > c.id)).toBe(true);
      }
      const asc = await store.articles.list({}, { field: 'published_at', desc: false });
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
    ] as const)('sort by %s (desc=%s) is total and stable across pages', async (field, desc) => {
      const store = await portal(backend);
      await store.transaction(async (tx) => {
        for (let i = 0; i < 23; i++) {
          await addArticle(
            tx,
            { title: `Tin ${i % 3}`, section: 'kinh-te', author: ['An', 'Bình', ''][i % 3]!, status: i % 4 ? 'published' : 'draft', ...(i % 4 ? { published_at: '01/01/2021' } : {}) },
            { now: FIXED_NOW + (i % 2) * 1000 },
          );
        }
      });
      const sort = { field, desc };
      const all = (await store.articles.list({}, sort)).map((r) => r.id);
      const paged: number[] = [];
      for (let off = 0; off < 23; off += 4) paged.push(...(await store.articles.list({}, sort, { limit: 4, offset: off })).map((r) => r.id));
      expect(paged).toEqual(all);
      expect(new Set(all).size).toBe(23);
    });

    it('drafts sort by their last change among published articles; drafts without a date never vanish', async () => {
      const store = await portal(backend);
      const old = await addArticle(store, { title: 'Cũ', section: 'kinh-te', status: 'published', published_at: '2019-01-01T00:00:00+07:00' }, { now: FIXED_NOW });
      const draft = await addArticle(store, { title: 'Nháp', section: 'kinh-te' }, { now: at('2020-06-01T00:00:00+07:00') });
      const recent = await addArticle(store, { title: 'Mới', section: 'kinh-te', status: 'published', published_at: '2021-01-01T00:00:00+07:00' }, { now: FIXED_NOW });
      expect((await store.articles.list({}, DEFAULT)).map((r) => r.id)).toEqual([recent.id, draft.id, old.id]);
      // Sorted by published_at, a draft without a date goes last, in either direction.
      expect((await store.articles.list({}, { field: 'published_at', desc: true })).map((r) => r.id)).toEqual([recent.id, old.id, draft.id]);
      expect((await store.articles.list({}, { field: 'published_at', desc: false })).map((r) => r.id)).toEqual([old.id, recent.id, draft.id]);
    });
  });

  describe(`${backend.name}: list filters`, () => {
    async function seeded(): Promise<{ store: Store; id: (title: string) => Promise<number> }> {
      const store = await portal(backend);
      const add = (title: string, section: string, extra: Record<string, unknown>) => addArticle(store, { title, section, ...extra }, { now: FIXED_NOW });
      await add('Chính trị 1', 'he-thong-chinh-tri', { status: 'published', published_at: '2024-01-01T00:00:00+07:00', author: 'An' });
      await add('Huyện ủy 1', 'huyen-uy', { status: 'published', published_at: '2024-01-31T23:59:59+07:00', author: 'Bình' });
      await add('Đảng bộ xã 1', 'dang-bo-xa', { status: 'published', published_at: '2024-02-01T00:00:00+07:00', author: 'An' });
      await add('Kinh tế 1', 'kinh-te', { status: 'published', published_at: '2023-12-31T23:59:59+07:00', author: 'Nguyễn Văn Ánh' });
      await add('Nháp không ngày', 'huyen-uy', { author: 'An' });
      await add('Nháp có ngày', 'kinh-te', { status: 'draft', published_at: '2024-01-15T00:00:00+07:00' });
      return { store, id: async (title) => (await store.articles.list({}, DEFAULT)).find((r) => r.title === title)!.id };
    }

    async function titles(store: Store, filter: ArticleFilter): Promise<string[]> {
      return (await store.articles.list(filter, { field: 'title', desc: false })).map((r) => r.title).sort();
    }

    it('--section includes every subsection, at any depth', async () => {
      const { store } = await seeded();
      const subtree = async (slug: string): Promise<number[]> => store.sections.subtreeIds((await store.sections.find(slug))!.id);
      expect(await titles(store, { sectionIds: await subtree('he-thong-chinh-tri') })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Nháp không ngày', 'Đảng bộ xã 1'].sort());
      expect(await titles(store, { sectionIds: await subtree('huyen-uy') })).toEqual(['Huyện ủy 1', 'Nháp không ngày', 'Đảng bộ xã 1'].sort());
      expect(await titles(store, { sectionIds: await subtree('dang-bo-xa') })).toEqual(['Đảng bộ xã 1']);
      expect(await store.articles.count({ sectionIds: await subtree('he-thong-chinh-tri') })).toBe(4);
    });

    it('--status and --author', async () => {
      const { store } = await seeded();
      expect(await titles(store, { status: 'draft' })).toEqual(['Nháp có ngày', 'Nháp không ngày'].sort());
      expect(await store.articles.count({ status: 'published' })).toBe(4);
      expect(await titles(store, { author: 'An' })).toEqual(['Chính trị 1', 'Nháp không ngày', 'Đảng bộ xã 1'].sort());
      expect(await titles(store, { author: 'An', status: 'published' })).toEqual(['Chính trị 1', 'Đảng bộ xã 1'].sort());
      expect(await titles(store, { author: 'Nguyễn Văn Ánh' })).toEqual(['Kinh tế 1']);
    });

    it('--since and --until are inclusive and leave out drafts without a date', async () => {
      const { store } = await seeded();
      const since = at('2024-01-01T00:00:00+07:00');
      const until = at('2024-01-31T23:59:59+07:00');
      expect(await titles(store, { since, until })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Nháp có ngày'].sort());
      expect(await titles(store, { since })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Nháp có ngày', 'Đảng bộ xã 1'].sort());
      expect(await titles(store, { until })).toEqual(['Chính trị 1', 'Huyện ủy 1', 'Kinh tế 1', 'Nháp có ngày'].sort());
      expect(await titles(store, { since: since + 1, until: until - 1 })).toEqual(['Nháp có ngày']);
      expect(await store.articles.count({ since: 0 })).toBe(5);
      const huyenUy = await store.sections.subtreeIds((await store.sections.find('huyen-uy'))!.id);
      expect(await titles(store, { since, status: 'published', sectionIds: huyenUy })).toEqual(['Huyện ủy 1', 'Đảng bộ xã 1'].sort());
    });

    it('a filter matching nothing is an empty list', async () => {
      const { store } = await seeded();
      expect(await store.articles.list({ author: 'Không ai' }, DEFAULT, { limit: 10, offset: 0 })).toEqual([]);
      expect(await store.articles.count({ author: 'Không ai' })).toBe(0);
    });
  });

  describe(`${backend.name}: the article counts behind the pager`, () => {
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

    it('agree with count(*) for every status and section after any writes (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
          const store = await portal(backend);
          const o = { now: FIXED_NOW };
          // The rows themselves, not the counts: every article, in id order.
          const alive = (): Promise<number[]> => rowIds(store, {});
          const ensure = async (slug: string): Promise<void> => {
            if (!(await store.sections.find(slug))) await addSection(store, { title: slug, slug });
          };
          let n = 0;
          for (const x of ops) {
            const ids = await alive();
            const pick = (k: number): string | undefined => (ids.length ? String(ids[k % ids.length]) : undefined);
            if (x.op === 'add') {
              await ensure(SECTIONS[x.section]!);
              await addArticle(store, { title: `Bài ${++n}`, section: SECTIONS[x.section]!, status: x.draft ? 'draft' : 'published' }, o);
            } else if (x.op === 'edit' && pick(x.pick)) {
              await ensure(SECTIONS[x.section]!);
              await editArticle(store, pick(x.pick)!, { section: SECTIONS[x.section]! }, o);
            } else if (x.op === 'status' && pick(x.pick)) {
              if (x.draft) await unpublishArticle(store, pick(x.pick)!, o);
              else await publishArticle(store, pick(x.pick)!, undefined, o);
            } else if (x.op === 'remove' && pick(x.pick)) {
              await removeArticles(store, [pick(x.pick)!]);
            } else if (x.op === 'empty-section' && (await store.sections.find(SECTIONS[x.section]!))) {
              await removeSection(store, SECTIONS[x.section]!, SECTIONS[x.to]!, FIXED_NOW);
            }
          }
          // The backend's own verification of its counts (and of the rest of the store).
          expect((await store.check()).problems).toEqual([]);
          const sectionIds = (await store.sections.tree()).map((s) => s.id).sort((a, b) => a - b);
          const filters: ArticleFilter[] = [{}];
          for (const status of [undefined, 'draft', 'published'] as const) {
            for (const ids of [undefined, [sectionIds[0]!], sectionIds.slice(0, 3), sectionIds]) {
              filters.push({ ...(status ? { status } : {}), ...(ids ? { sectionIds: ids } : {}) });
            }
          }
          for (const filter of filters) {
            // count(*): the rows that match, read one by one.
            const actual = (await rowIds(store, filter)).length;
            expect(await store.articles.count(filter)).toBe(actual);
          }
          await store.close();
        }),
        { numRuns: 60, seed: 4 },
      );
    });
  });
}
