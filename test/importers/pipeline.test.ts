// The import pipeline through its library API: checks before writes, all or nothing,
// continue-on-error, dry runs, conflicts, idempotence, images, full exports.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/importers/pipeline.js';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { MediaRow } from '../../src/store/rows.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';
import { dump, importText, ndjson, png } from './helpers.js';

const LATER = FIXED_NOW + 86_400_000;

async function seed(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
    await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế', parent: 'tin-tuc' });
    await addSection(tx, { slug: 'lien-ket', title: 'Liên kết', kind: 'links' });
  });
}

/** Every stored file, from the batches. */
async function allMedia(store: Store): Promise<MediaRow[]> {
  const rows: MediaRow[] = [];
  for await (const batch of store.media.batches()) rows.push(...batch);
  return rows;
}

let store: SqliteStore;
beforeEach(async () => {
  store = await freshStore();
  await seed(store);
});

const article = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  slug: `bai-${n}`,
  title: `Bài số ${n}`,
  section: 'tin-tuc',
  ...extra,
});

describe('checks, with the line of each record', () => {
  it('lists every error as line: field: message and writes nothing', async () => {
    const before = await dump(store);
    const input = ndjson(
      article(1),
      { slug: 'bai-2', section: 'tin-tuc' },
      article(3, { published_at: '31/02/2024' }),
      article(4, { section: 'khong-co' }),
      article(1, { title: 'Trùng' }),
      article(6, { slug: 'Bad Slug' }),
      article(7, { title: 'a\u0007b', extra: 1 }),
    );
    const r = await importText(store, input);
    expect(r.errors).toEqual([
      { line: 2, field: 'title', message: 'is required' },
      { line: 3, field: 'published_at', message: expect.stringMatching(/^"31\/02\/2024" is not a date/) },
      { line: 4, field: 'section', message: expect.stringMatching(/^no section "khong-co"/) },
      { line: 5, field: 'slug', message: 'the slug "bai-1" is already used by the record at line 1' },
      { line: 6, field: 'slug', message: expect.stringMatching(/^must be lower-case/) },
      { line: 7, field: 'title', message: 'contains the control character U+0007' },
      { line: 7, field: '', message: 'unknown field extra' },
    ]);
    expect(r).toMatchObject({ read: 7, inserted: 0, updated: 0, skipped: 0, rejected: 6, committed: false, dry_run: false });
    expect(await dump(store)).toBe(before);
  });

  it('one invalid record at the end undoes everything before it', async () => {
    const before = await dump(store);
    const records = Array.from({ length: 600 }, (_, i) => article(i + 1));
    records.push({ title: '' , section: 'tin-tuc' });
    const r = await importText(store, ndjson(...records));
    expect(r).toMatchObject({ read: 601, inserted: 0, rejected: 1, committed: false });
    expect(r.errors).toEqual([{ line: 601, field: 'title', message: 'is required' }]);
    expect(await dump(store)).toBe(before);
  });

  it('derives the key from the title, and a repeated title is a duplicate', async () => {
    const r = await importText(store, ndjson({ title: 'Quế Phong: Nâng cao', section: 'tin-tuc' }, { title: 'Quế  Phong - nâng cao!', section: 'tin-tuc' }));
    expect(r.errors).toEqual([
      { line: 2, field: 'title', message: 'the slug "que-phong-nang-cao" is already used by the record at line 1 (derived from the title: give each record its own slug)' },
    ]);
  });

  it('stops listing at the limit and counts the rest', async () => {
    const r = await importText(store, ndjson(...Array.from({ length: 30 }, () => ({ section: 'tin-tuc' }))), { maxErrors: 10 });
    expect(r.errors).toHaveLength(10);
    expect(r.errorCount).toBe(30);
    expect(r.rejected).toBe(30);
  });

  it('an article must go in an articles section, a link in a links section', async () => {
    const r = await importText(store, ndjson(article(1, { section: 'lien-ket' }), { type: 'link', section: 'tin-tuc', title: 'x', url: 'https://x.vn' }));
    expect(r.errors.map((e) => `${e.line} ${e.field} ${e.message}`)).toEqual([
      '1 section "lien-ket" is a links section; articles go in an articles section',
      '2 section "tin-tuc" is a articles section; links go in a links section',
    ]);
  });

  it('refuses link URLs with forbidden schemes', async () => {
    const r = await importText(store, ndjson({ section: 'lien-ket', title: 'x', url: 'javascript:alert(1)' }), { type: 'links' });
    expect(r.errors).toEqual([{ line: 1, field: 'url', message: expect.stringMatching(/scheme "javascript:"/) }]);
  });
});

describe('continue-on-error and dry runs', () => {
  it('--continue-on-error writes the valid records and hands over the rejects with their lines', async () => {
    const r = await importText(store, ndjson(article(1), { section: 'tin-tuc' }, article(3), 'not an object'), { continueOnError: true });
    expect(r).toMatchObject({ read: 4, inserted: 2, rejected: 2, committed: true });
    expect(r.rejects).toEqual([
      { line: 2, errors: [{ field: 'title', message: 'is required' }], record: { section: 'tin-tuc' } },
      { line: 4, errors: [{ field: '', message: 'must be a JSON object ({…})' }], record: '"not an object"' },
    ]);
    expect(await store.articles.findBySlug('bai-1')).toBeDefined();
    expect(await store.articles.findBySlug('bai-3')).toBeDefined();
  });

  it('--dry-run checks and counts, and writes nothing', async () => {
    const before = await dump(store);
    const r = await importText(store, ndjson(article(1), article(2), { type: 'section', slug: 'moi', title: 'Mới' }, article(3, { section: 'moi' })), { dryRun: true });
    expect(r).toMatchObject({ read: 4, inserted: 4, rejected: 0, dry_run: true, committed: false });
    expect(await dump(store)).toBe(before);
    const bad = await importText(store, ndjson(article(1), { section: 'tin-tuc' }), { dryRun: true });
    expect(bad).toMatchObject({ inserted: 1, rejected: 1, dry_run: true });
  });

  it('after the first error the rest is still checked against the input so far', async () => {
    const r = await importText(store, ndjson({ title: '' , section: 'tin-tuc' }, { type: 'section', slug: 'moi', title: 'Mới' }, article(3, { section: 'moi' }), article(3)));
    expect(r.errors.map((e) => e.line)).toEqual([1, 4]);
  });
});

describe('--on-conflict', () => {
  beforeEach(async () => {
    await addArticle(store, { slug: 'co-san', title: 'Có sẵn', section: 'tin-tuc', body: 'cũ' }, { now: FIXED_NOW });
  });

  it('fail (default) lists the existing slugs', async () => {
    await addArticle(store, { slug: 'khac', title: 'Khác', section: 'tin-tuc' }, { now: FIXED_NOW });
    const before = await dump(store);
    const r = await importText(store, ndjson(article(1), { slug: 'co-san', title: 'Mới', section: 'tin-tuc' }, { title: 'Khác', section: 'tin-tuc' }));
    expect(r.errors).toEqual([
      { line: 2, field: 'slug', message: expect.stringMatching(/^an article with the slug "co-san" exists already \(id 1;/) },
      { line: 3, field: 'title', message: expect.stringMatching(/^an article with the slug "khac" exists already \(id 2;/) },
    ]);
    expect(await dump(store)).toBe(before);
  });

  it('skip leaves existing articles alone', async () => {
    const r = await importText(store, ndjson(article(1), { slug: 'co-san', title: 'Mới', section: 'tin-tuc' }), { onConflict: 'skip' });
    expect(r).toMatchObject({ inserted: 1, skipped: 1, updated: 0 });
    expect((await store.articles.findBySlug('co-san'))!.title).toBe('Có sẵn');
  });

  it('update changes the fields given, and bumps updated_at only when something changed', async () => {
    const r = await importText(store, ndjson({ slug: 'co-san', title: 'Có sẵn', section: 'kinh-te', tags: ['a', 'a', 'b'] }), { onConflict: 'update', now: LATER });
    expect(r).toMatchObject({ updated: 1, skipped: 0 });
    const row = (await store.articles.findBySlug('co-san'))!;
    expect(row).toMatchObject({ body: 'cũ', tags: '["a","b"]', updated_at: LATER, created_at: FIXED_NOW });
    expect((await store.sections.find(row.section_id))!.slug).toBe('kinh-te');

    const again = await importText(store, ndjson({ slug: 'co-san', title: 'Có sẵn', section: 'kinh-te', tags: ['a', 'b'] }), { onConflict: 'update', now: LATER + 1000 });
    expect(again).toMatchObject({ updated: 0, skipped: 1 });
    expect((await store.articles.findBySlug('co-san'))!.updated_at).toBe(LATER);
  });
});

describe('idempotence', () => {
  it.each(['skip', 'update'] as const)('importing the same file twice with %s changes nothing the second time', async (mode) => {
    const input = ndjson(
      { type: 'section', slug: 'moi', title: 'Mới', parent: 'tin-tuc' },
      { type: 'link', section: 'lien-ket', title: 'Chính phủ', url: 'https://chinhphu.vn' },
      article(1, { section: 'moi', status: 'published' }),
      article(2, { tags: ['x'], published_at: '23/10/2020 08:37 PM', status: 'published' }),
      { title: 'Không có slug', section: 'tin-tuc' },
    );
    const first = await importText(store, input, { onConflict: mode });
    expect(first).toMatchObject({ inserted: 5, rejected: 0 });
    const after = await dump(store);
    const second = await importText(store, input, { onConflict: mode, now: LATER });
    expect(second).toMatchObject({ read: 5, inserted: 0, updated: 0, skipped: 5 });
    expect(await dump(store)).toBe(after);
  });
});

describe('sections, links and --create-sections', () => {
  it('imports sections (parents before children) and refuses an unknown parent', async () => {
    const r = await importText(store, ndjson({ slug: 'a', title: 'A' }, { slug: 'b', title: 'B', parent: 'a', position: 1 }, { slug: 'c', title: 'C', parent: 'zz' }), { type: 'sections' });
    expect(r.errors).toEqual([{ line: 3, field: 'parent', message: expect.stringMatching(/^no section "zz"/) }]);
    const ok = await importText(store, ndjson({ slug: 'a', title: 'A' }, { slug: 'b', title: 'B', parent: 'a' }), { type: 'sections' });
    expect(ok).toMatchObject({ inserted: 2 });
    expect((await store.sections.find('b'))!.parent_id).toBe((await store.sections.find('a'))!.id);
  });

  it('links are keyed by section and URL', async () => {
    const links = ndjson({ section: 'lien-ket', title: 'A', url: 'https://a.vn' }, { section: 'lien-ket', title: 'B', url: 'https://b.vn', position: 1 });
    expect(await importText(store, links, { type: 'links' })).toMatchObject({ inserted: 2 });
    expect((await store.links.inSection((await store.sections.find('lien-ket'))!.id)).map((l) => l.title)).toEqual(['B', 'A']);
    const dup = await importText(store, links, { type: 'links' });
    expect(dup.errors[0]).toEqual({ line: 1, field: 'url', message: 'the section "lien-ket" already has a link to https://a.vn' });
    const upd = await importText(store, ndjson({ section: 'lien-ket', title: 'A mới', url: 'https://a.vn' }), { type: 'links', onConflict: 'update' });
    expect(upd).toMatchObject({ updated: 1 });
  });

  it('--create-sections creates the sections articles name, once', async () => {
    const r = await importText(store, ndjson(article(1, { section: 'thoi-su' }), article(2, { section: 'thoi-su' })), { createSections: true });
    expect(r).toMatchObject({ inserted: 2, rejected: 0 });
    const s = (await store.sections.find('thoi-su'))!;
    expect(s).toMatchObject({ kind: 'articles', parent_id: null });
    expect((await store.articles.findBySlug('bai-2'))!.section_id).toBe(s.id);
  });
});

describe('images', () => {
  it('reads local images relative to the input file, stores each content once, and refuses paths outside', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in', 'images'), { recursive: true });
    writeFileSync(join(dir, 'in', 'images', 'a.png'), png());
    writeFileSync(join(dir, 'in', 'images', 'copy.png'), png());
    writeFileSync(join(dir, 'outside.png'), png());
    writeFileSync(join(dir, 'in', 'images', 'not.png'), 'text');
    const file = join(dir, 'in', 'articles.ndjson');
    writeFileSync(
      file,
      ndjson(
        article(1, { images: [{ src: 'images/a.png', caption: 'Ảnh' }] }),
        article(2, { images: [{ src: 'images/copy.png' }, { src: 'https://example.vn/x.jpg', alt: 'x' }] }),
        article(3, { images: [{ src: '../outside.png' }] }),
        article(4, { images: [{ src: 'images/none.png' }] }),
        article(5, { images: [{ src: 'images/not.png' }] }),
        article(6, { images: [{ src: 'ftp://x/y.png' }] }),
      ),
    );
    const r = await importFile(store, file, { now: FIXED_NOW, continueOnError: true });
    expect(r.errors.map((e) => `${e.line} ${e.field}`)).toEqual(['3 images[0].src', '4 images[0].src', '5 images[0].src', '6 images[0].src']);
    expect(r.errors[0]!.message).toMatch(/lies outside the folder of the input/);
    const one = JSON.parse((await store.articles.findBySlug('bai-1'))!.images) as Array<{ src: string }>;
    const two = JSON.parse((await store.articles.findBySlug('bai-2'))!.images) as Array<{ src: string }>;
    expect(one[0]!.src).toMatch(/^media\/[0-9a-f]{64}\.png$/);
    expect(two.map((i) => i.src)).toEqual([one[0]!.src, 'https://example.vn/x.jpg']);
    expect(await allMedia(store)).toHaveLength(1);
  });

  it('refuses an image that is a link, inside the input folder, to a file outside it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'secret.png'), png(2, 2, [9, 9, 9]));
    symlinkSync(join(dir, 'secret.png'), join(dir, 'in', 'looks-inside.png'));
    writeFileSync(join(dir, 'in', 'inside.png'), png(2, 2, [1, 1, 1]));
    symlinkSync(join(dir, 'in', 'inside.png'), join(dir, 'in', 'alias.png'));
    const file = join(dir, 'in', 'articles.ndjson');
    writeFileSync(file, ndjson(article(1, { images: [{ src: 'looks-inside.png' }] }), article(2, { images: [{ src: 'alias.png' }] })));
    const r = await importFile(store, file, { now: FIXED_NOW, continueOnError: true });
    expect(r.errors.map((e) => `${e.line} ${e.field}`)).toEqual(['1 images[0].src']);
    expect(r.errors[0]!.message).toMatch(/is a link to a file outside the folder of the input/);
    // A link that stays inside the folder is an image like any other.
    expect(await store.articles.findBySlug('bai-2')).toBeDefined();
    expect(await allMedia(store)).toHaveLength(1);
  });

  it('media records: checked against their hash, before the articles that name them', async () => {
    const data = png(3, 3, [1, 2, 3]);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(data).digest('hex');
    const other = png(1, 1);
    const media = { type: 'media', hash, mime: 'image/png', data: data.toString('base64') };
    const r = await importText(
      store,
      ndjson(
        article(1, { images: [{ src: `media/${hash}.png` }] }),
        media,
        article(2, { images: [{ src: `media/${hash}.png` }] }),
        { ...media, hash: 'f'.repeat(64) },
        { type: 'media', hash: createHash('sha256').update(other).digest('hex'), mime: 'image/jpeg', data: other.toString('base64') },
      ),
      { continueOnError: true },
    );
    expect(r.errors.map((e) => `${e.line} ${e.field}: ${e.message}`)).toEqual([
      `1 images[0].src: no media "media/${hash}.png" (in the database or earlier in the input: media come before the articles that use them)`,
      '4 data: does not match its hash (damaged or changed)',
      '5 mime: is image/jpeg but the data is image/png',
    ]);
    expect(r).toMatchObject({ inserted: 2, rejected: 3 });
    expect((await store.media.get(hash))!.data.equals(data)).toBe(true);
  });
});

describe('full exports', () => {
  it('import settings, sections, links, media and articles, keeping ids', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.json');
    const doc = {
      format: 'newsdesk',
      version: 1,
      exported_at: '2024-05-01T08:00:00+07:00',
      site: { title: 'Cổng Khe Mây', language: 'vi', timezone: 'Asia/Bangkok', base_url: 'https://khemay.vn/', per_page: 20 },
      sections: [
        { id: 10, slug: 'a', title: 'A', kind: 'articles', parent: null, position: 1, description: '' },
        { id: 11, slug: 'b', title: 'B', kind: 'links', parent: 'a', position: 1, description: 'x' },
      ],
      links: [{ id: 5, section: 'b', title: 'L', url: 'https://l.vn', position: 1 }],
      media: [],
      articles: [{ id: 42, slug: 'x', title: 'X', section: 'a', status: 'published', published_at: '2020-10-23 20:37', created_at: '2020-10-23T20:37:00+07:00', updated_at: '2020-10-24T00:00:00Z' }],
    };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const empty = await freshStore();
    const r = await importFile(empty, file, { now: FIXED_NOW });
    expect(r).toMatchObject({ read: 5, inserted: 5, rejected: 0, format: 'json' });
    expect(await empty.site()).toMatchObject({ title: 'Cổng Khe Mây', timezone: 'Asia/Bangkok', per_page: 20 });
    expect(await empty.sections.find(11)).toMatchObject({ slug: 'b', parent_id: 10 });
    expect(await empty.links.find(5)).toMatchObject({ section_id: 11 });
    // A date without an offset is read in the imported site's time zone (+07:00 in Bangkok too).
    expect(await empty.articles.find(42)).toMatchObject({ slug: 'x', published_at: Date.parse('2020-10-23T13:37:00Z'), updated_at: Date.parse('2020-10-24T00:00:00Z') });
  });

  it('an existing site keeps its settings unless --on-conflict update', async () => {
    await store.transaction((tx) => tx.settings.set({ title: 'Cũ' }));
    const site = { type: 'site', title: 'Mới' };
    expect(await importText(store, ndjson(site))).toMatchObject({ skipped: 1 });
    expect((await store.site()).title).toBe('Cũ');
    expect(await importText(store, ndjson(site), { onConflict: 'update' })).toMatchObject({ updated: 1 });
    expect((await store.site()).title).toBe('Mới');
  });

  it('an article id taken by another article is an error', async () => {
    const r = await importText(store, ndjson(article(1, { id: 7 }), article(2, { id: 7 })));
    expect(r.errors).toEqual([{ line: 2, field: 'id', message: '7 is already the id of the record at line 1' }]);
    await importText(store, ndjson(article(1, { id: 7 })));
    const again = await importText(store, ndjson(article(9, { id: 7 })));
    expect(again.errors).toEqual([{ line: 1, field: 'id', message: '7 is the id of another article ("bai-1")' }]);
  });
});

describe('csv', () => {
  it('imports a spreadsheet: tags, an image column relative to the file, dates in the portal format', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'anh'));
    writeFileSync(join(dir, 'anh', 'a.png'), png());
    const file = join(dir, 'bai-viet.csv');
    writeFileSync(
      file,
      '\uFEFFTitle,Section,Status,Published_at,Tags,Image,Caption,Body\r\n' +
        'Quế Phong: Nâng cao chất lượng,tin-tuc,published,23/10/2020 08:37 PM,đảng viên; Quế Phong,anh/a.png,"Lễ kết nạp, 2020","Đoạn 1\r\n\r\nĐoạn 2"\r\n' +
        'Bài hai,kinh-te,,,,,,\r\n',
    );
    const r = await importFile(store, file, { now: FIXED_NOW });
    expect(r).toMatchObject({ format: 'csv', read: 2, inserted: 2, rejected: 0 });
    const a = (await store.articles.findBySlug('que-phong-nang-cao-chat-luong'))!;
    expect(a).toMatchObject({ status: 'published', published_at: Date.parse('2020-10-23T13:37:00Z'), tags: '["đảng viên","Quế Phong"]', body: 'Đoạn 1\n\nĐoạn 2' });
    expect(JSON.parse(a.images)).toEqual([{ src: expect.stringMatching(/^media\/[0-9a-f]{64}\.png$/), caption: 'Lễ kết nạp, 2020', alt: '' }]);
    expect(await store.articles.findBySlug('bai-hai')).toMatchObject({ status: 'draft', published_at: null });
  });
});

describe('odd records', () => {
  it('a "type" that is not a record kind, even an Object property name, is an error', async () => {
    const r = await importText(store, ndjson({ type: 'constructor', title: 'x' }, { type: 'toString' }));
    expect(r.errors.map((e) => `${e.line} ${e.field}`)).toEqual(['1 type', '2 type']);
  });

  it('a full export with an unknown list is an error, not a crash', async () => {
    const r = await importText(store, '{"format": "newsdesk", "version": 1, "constructor": [], "__proto__": {}}');
    expect(r.errors.map((e) => `${e.line} ${e.field}: ${e.message}`)).toEqual([
      '1 constructor: is not a field of a newsdesk export',
      '1 __proto__: is not a field of a newsdesk export',
    ]);
  });
});

describe('the search index', () => {
  it('is up to date after a bulk import (rebuilt) and after a small one (row by row), updates included', async () => {
    const { searchIndexOf } = await import('../../src/store/sqlite/fts.js');
    const index = searchIndexOf(store.handle.db);
    const many = Array.from({ length: 40 }, (_, i) => article(i + 1, { body: `nội dung số ${i + 1}` }));
    expect(await importText(store, ndjson(...many))).toMatchObject({ inserted: 40 });
    expect(index.verify()).toEqual([]);
    const small = await importText(store, ndjson(article(41, { body: 'mới' }), article(1, { body: 'đã sửa' })), { onConflict: 'update' });
    expect(small).toMatchObject({ inserted: 1, updated: 1 });
    expect(index.verify()).toEqual([]);
    expect(store.handle.articles.listeners).toEqual([index]);
  });

  it('a failed import leaves it as it was, and the listeners attached', async () => {
    const { searchIndexOf } = await import('../../src/store/sqlite/fts.js');
    const index = searchIndexOf(store.handle.db);
    await importText(store, ndjson(article(1), { section: 'tin-tuc' }));
    await expect(importText(store, ndjson(article(2)), { onProgress: () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(index.verify()).toEqual([]);
    expect(store.handle.articles.listeners).toEqual([index]);
    expect(await store.articles.count({})).toBe(0);
  });
});

// An import into an empty table indexes each row as it is inserted (in batches), not by a
// rebuild before COMMIT: the index must be the one a rebuild makes.
describe('the search index, filled while reading', () => {
  /** Every term instance of both FTS tables and every hash: equal strings, equal indexes. */
  const fingerprint = (): string => {
    const db = store.handle.db;
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_fts USING fts5vocab(main, search_fts, instance);
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_sp USING fts5vocab(main, search_spelling, row);`);
    const rows = (sql: string): string => JSON.stringify(db.prepare(sql).raw().all());
    return [
      rows('SELECT term, doc, col, offset FROM temp.v_fts ORDER BY doc, col, offset'),
      rows('SELECT term, doc FROM temp.v_sp ORDER BY term'),
      rows('SELECT id, hash FROM search_docs ORDER BY id'),
    ].join('\n');
  };
  const texts = ['Hoà Bình', 'hòa bình ĐẢNG viên', 'COVID-19 tại Hà Nội', 'thuý ' + 'Khoẻ'.normalize('NFD'), '北京 ¼ café', 'Ðồng 😀 naïve'];
  const rich = (n: number): Record<string, unknown> =>
    article(n, {
      title: `Bài ${n}: ${texts[n % texts.length]}`,
      summary: texts[(n + 1) % texts.length],
      body: `${texts[(n + 2) % texts.length]}\n\n${texts[(n + 3) % texts.length]} số ${n}`,
      author: n % 3 ? 'Nguyễn Văn A' : '',
      source: n % 5 ? '' : 'TTXVN',
    });

  it('matches a rebuild, over several batches', async () => {
    const { searchIndexOf } = await import('../../src/store/sqlite/fts.js');
    const index = searchIndexOf(store.handle.db);
    const r = await importText(store, ndjson(...Array.from({ length: 1_234 }, (_, i) => rich(i + 1))));
    expect(r).toMatchObject({ inserted: 1_234, committed: true });
    expect(index.verify()).toEqual([]);
    const streamed = fingerprint();
    index.rebuild();
    expect(fingerprint()).toBe(streamed);
    expect(store.handle.articles.listeners).toEqual([index]);
  });

  it('with --continue-on-error, holds the valid records only; a failed import holds nothing', async () => {
    const { searchIndexOf } = await import('../../src/store/sqlite/fts.js');
    const index = searchIndexOf(store.handle.db);
    const records = Array.from({ length: 700 }, (_, i) => (i % 100 === 7 ? article(i + 1, { title: '' }) : rich(i + 1)));
    const failed = await importText(store, ndjson(...records));
    expect(failed).toMatchObject({ committed: false, rejected: 7 });
    expect(store.handle.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(0);
    const r = await importText(store, ndjson(...records), { continueOnError: true });
    expect(r).toMatchObject({ inserted: 693, rejected: 7, committed: true });
    expect(index.verify()).toEqual([]);
    const streamed = fingerprint();
    index.rebuild();
    expect(fingerprint()).toBe(streamed);
  });

  it('a later import into a table with articles takes the usual path, to the same index', async () => {
    const { searchIndexOf } = await import('../../src/store/sqlite/fts.js');
    const index = searchIndexOf(store.handle.db);
    await importText(store, ndjson(...Array.from({ length: 600 }, (_, i) => rich(i + 1))));
    const r = await importText(store, ndjson(rich(601), { ...rich(2), body: 'đã sửa' }), { onConflict: 'update' });
    expect(r).toMatchObject({ inserted: 1, updated: 1 });
    expect(index.verify()).toEqual([]);
    const after = fingerprint();
    index.rebuild();
    expect(fingerprint()).toBe(after);
  });
});

describe('inputs that cannot be read', () => {
  it('a fatal error undoes everything, even with --continue-on-error', async () => {
    const before = await dump(store);
    const r = await importText(store, '[\n' + JSON.stringify(article(1)) + ',\n{"title": "unclosed\n', { continueOnError: true });
    expect(r).toMatchObject({ fatal: true, committed: false, inserted: 0 });
    expect(r.errors).toEqual([{ line: 3, field: '', message: expect.stringMatching(/ends too early/) }]);
    expect(await dump(store)).toBe(before);
  });

  it('an empty input is an error', async () => {
    const r = await importText(store, ' \n\n');
    expect(r).toMatchObject({ fatal: true, read: 0 });
    expect(r.errors[0]!.message).toBe('standard input is empty');
  });

  it('progress is reported with bytes, total and records', async () => {
    const calls: Array<[number, number | undefined, number]> = [];
    const dir = tempDir();
    const file = join(dir, 'a.ndjson');
    const text = ndjson(...Array.from({ length: 600 }, (_, i) => article(i + 1)));
    writeFileSync(file, text);
    await importFile(store, file, { now: FIXED_NOW, onProgress: (b, t, n) => calls.push([b, t, n]) });
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.at(-1)).toEqual([Buffer.byteLength(text), Buffer.byteLength(text), 600]);
  });
});
