// export json: the document's exact form, its NDJSON twin, filters, streaming, and the round
// trip export → import into an empty database → export.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJson, type ExportJsonOptions } from '../../src/exporters/json.js';
import { importFile } from '../../src/importers/pipeline.js';
import { addArticle } from '../../src/ops/articles.js';
import { addLink } from '../../src/ops/links.js';
import { addSection } from '../../src/ops/sections.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { Store } from '../../src/store/store.js';
import { tempDb } from '../helpers/cli.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';
import { png } from '../importers/helpers.js';

async function exportString(store: Store, opts: Partial<ExportJsonOptions> = {}): Promise<string> {
  let out = '';
  await exportJson(store, { write: (s: string) => ((out += s), true) }, { now: FIXED_NOW, ...opts });
  return out;
}

const withoutExportedAt = (doc: string): string => doc.replace(/"exported_at": "[^"]*"/, '"exported_at": "…"');

/** A small portal with everything an export carries: settings, a tree, links, media, drafts. */
async function portal(store: Store, dir: string): Promise<void> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  writeFileSync(join(dir, 'images', 'a.png'), png(2, 2, [10, 20, 30]));
  writeFileSync(join(dir, 'images', 'b.png'), png(3, 1, [200, 0, 0]));
  await store.transaction(async (tx) => {
    await tx.settings.set({ title: 'Cổng thông tin điện tử huyện Khe Mây', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', base_url: 'https://khemay.example.vn/', per_page: 12 });
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức - Sự kiện', description: 'Tin nổi bật' });
    await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế', parent: 'tin-tuc' });
    await addSection(tx, { slug: 'van-hoa', title: 'Văn hóa', parent: 'tin-tuc', position: 1 });
    await addSection(tx, { slug: 'gioi-thieu', title: 'Giới thiệu' });
    await addSection(tx, { slug: 'lien-ket', title: 'Liên kết Website', kind: 'links' });
    await addLink(tx, { section: 'lien-ket', title: 'Chính phủ', url: 'https://chinhphu.vn' });
    await addLink(tx, { section: 'lien-ket', title: 'Hộp thư "góp ý"', url: 'mailto:gopy@khemay.vn', position: 1 });
  });
  const opts = { now: FIXED_NOW, imageBaseDir: dir };
  await addArticle(store, { title: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên', section: 'kinh-te', status: 'published', published_at: '23/10/2020 08:37 PM', body: 'Đoạn 1.\n\nĐoạn 2 với **đậm**.', tags: ['đảng viên', 'Quế Phong'], images: [{ src: 'images/a.png', caption: 'Lễ kết nạp', alt: 'ảnh' }] }, opts);
  await addArticle(store, { title: 'Bản nháp', section: 'van-hoa', summary: 'chưa xong' }, opts);
  await addArticle(store, { title: 'Lễ hội', section: 'gioi-thieu', status: 'published', published_at: '2021-03-01T07:00:00.250+07:00', images: [{ src: 'images/b.png' }, { src: 'https://example.vn/x.jpg' }] }, opts);
}

describe('the document', () => {
  it('has its exact form: one record a line, lists in import order', async () => {
    const store = await freshStore();
    await store.transaction(async (tx) => {
      await tx.settings.set({ title: 'T' });
      await addSection(tx, { slug: 'a', title: 'A' });
    });
    await addArticle(store, { slug: 'x', title: 'Xin chào', section: 'a' }, { now: FIXED_NOW });
    expect(await exportString(store)).toBe(
      [
        '{',
        '  "format": "newsdesk",',
        '  "version": 1,',
        '  "exported_at": "2024-05-01T08:00:00+07:00",',
        '  "site": {"title":"T","language":"vi","timezone":"Asia/Ho_Chi_Minh","base_url":null,"per_page":10},',
        '  "sections": [',
        '    {"id":1,"slug":"a","title":"A","kind":"articles","parent":null,"position":1,"description":""}',
        '  ],',
        '  "links": [],',
        '  "media": [],',
        '  "articles": [',
        '    {"id":1,"slug":"x","title":"Xin chào","summary":"","body":"","author":"","source":"","section":"a","status":"draft","published_at":null,"created_at":"2024-05-01T08:00:00+07:00","updated_at":"2024-05-01T08:00:00+07:00","images":[],"tags":[],"revision":1}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(await exportString(store, { ndjson: true })).toBe(
      [
        '{"type":"site","title":"T","language":"vi","timezone":"Asia/Ho_Chi_Minh","base_url":null,"per_page":10}',
        '{"type":"section","id":1,"slug":"a","title":"A","kind":"articles","parent":null,"position":1,"description":""}',
        '{"type":"article","id":1,"slug":"x","title":"Xin chào","summary":"","body":"","author":"","source":"","section":"a","status":"draft","published_at":null,"created_at":"2024-05-01T08:00:00+07:00","updated_at":"2024-05-01T08:00:00+07:00","images":[],"tags":[],"revision":1}',
        '',
      ].join('\n'),
    );
  });

  it('carries media as base64, and every record in the spec form', async () => {
    const store = await freshStore();
    await portal(store, tempDir());
    const doc = JSON.parse(await exportString(store)) as {
      sections: Array<{ slug: string; parent: string | null; position: number }>;
      links: Array<{ title: string; position: number }>;
      media: Array<{ hash: string; mime: string; data: string }>;
      articles: Array<{ published_at: string | null; images: Array<{ src: string }> }>;
    };
    expect(doc.sections.map((s) => `${s.slug}<${s.parent ?? ''}>${s.position}`)).toEqual(['tin-tuc<>1', 'van-hoa<tin-tuc>1', 'kinh-te<tin-tuc>2', 'gioi-thieu<>2', 'lien-ket<>3']);
    expect(doc.links.map((l) => `${l.position} ${l.title}`)).toEqual(['1 Hộp thư "góp ý"', '2 Chính phủ']);
    expect(doc.media).toHaveLength(2);
    const { createHash } = await import('node:crypto');
    for (const m of doc.media) expect(createHash('sha256').update(Buffer.from(m.data, 'base64')).digest('hex')).toBe(m.hash);
    expect(doc.articles.map((a) => a.published_at)).toEqual(['2020-10-23T20:37:00+07:00', null, '2021-03-01T07:00:00.250+07:00']);
    expect(doc.articles[0]!.images[0]!.src).toBe(`media/${doc.media.find((m) => doc.articles[0]!.images[0]!.src.includes(m.hash))!.hash}.png`);
  });

  it('filters: a section subtree (with its ancestors), status, dates; only the media used', async () => {
    const store = await freshStore();
    await portal(store, tempDir());
    const doc = JSON.parse(await exportString(store, { sectionId: (await store.sections.find('kinh-te'))!.id })) as {
      sections: Array<{ slug: string }>;
      links: unknown[];
      media: unknown[];
      articles: Array<{ slug: string }>;
    };
    expect(doc.sections.map((s) => s.slug)).toEqual(['tin-tuc', 'kinh-te']);
    expect(doc.links).toEqual([]);
    expect(doc.media).toHaveLength(1);
    expect(doc.articles.map((a) => a.slug)).toEqual(['que-phong-nang-cao-chat-luong-phat-trien-dang-vien']);

    const drafts = JSON.parse(await exportString(store, { status: 'draft' })) as { articles: Array<{ slug: string }>; media: unknown[] };
    expect(drafts.articles.map((a) => a.slug)).toEqual(['ban-nhap']);
    expect(drafts.media).toEqual([]);
    const since = JSON.parse(await exportString(store, { since: Date.parse('2021-01-01T00:00:00Z') })) as { articles: Array<{ slug: string }> };
    expect(since.articles.map((a) => a.slug)).toEqual(['le-hoi']);
  });

  it('is written as a stream of chunks and waits when the sink is full', async () => {
    const store = await freshStore();
    await store.transaction((tx) => addSection(tx, { slug: 'a', title: 'A' }));
    await store.transaction(async (tx) => {
      for (let i = 0; i < 400; i++) await addArticle(tx, { title: `Bài ${i}`, section: 'a', body: 'x'.repeat(1000) }, { now: FIXED_NOW });
    });
    const chunks: string[] = [];
    let drains = 0;
    const listeners: Array<() => void> = [];
    const sink = {
      write: (s: string) => {
        chunks.push(s);
        // Full after every chunk; drained a moment later.
        setTimeout(() => listeners.splice(0).forEach((l) => l()), 0);
        return false;
      },
      once: (_e: 'drain', l: () => void) => {
        drains++;
        listeners.push(l);
      },
    };
    await exportJson(store, sink, { now: FIXED_NOW });
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(drains).toBe(chunks.length);
    expect(JSON.parse(chunks.join('')).articles).toHaveLength(400);
  });
});

describe('round trip: export → import into an empty database → export', () => {
  it.each([false, true])('gives the same document except exported_at (ndjson: %s)', async (ndjson) => {
    const dir = tempDir();
    const store = await freshStore();
    await portal(store, dir);
    const first = await exportString(store, { ndjson });
    const file = join(dir, ndjson ? 'export.ndjson' : 'export.json');
    writeFileSync(file, first);
    const copy = await SqliteStore.open(join(dir, 'copy.db'), 'write');
    try {
      const r = await importFile(copy, file, { now: FIXED_NOW + 999_000 });
      expect(r).toMatchObject({ rejected: 0, inserted: 1 + 5 + 2 + 2 + 3 });
      const second = await exportString(copy, { ndjson, now: FIXED_NOW + 5_000 });
      expect(withoutExportedAt(second)).toBe(withoutExportedAt(first));
      expect(second).not.toBe(ndjson ? '' : first);
    } finally {
      await copy.close();
    }
  });

  it.each(['json', 'ndjson'])('through the CLI and stdin (%s)', async (form) => {
    const source = tempDb();
    const store = await SqliteStore.open(source.db, 'write');
    await portal(store, source.dir);
    await store.close();
    const exported = await source.nd(['export', 'json', ...(form === 'ndjson' ? ['--ndjson'] : [])]);
    expect(exported.code).toBe(0);
    const target = tempDb();
    const imported = await target.nd(['import', '-', '--format', 'json'], { stdin: exported.out });
    expect(imported.err).toBe('');
    expect(JSON.parse(imported.out)).toMatchObject({ read: 13, inserted: 13, rejected: 0, dry_run: false, errors: [] });
    const again = await target.nd(['export', 'json', ...(form === 'ndjson' ? ['--ndjson'] : [])], { now: FIXED_NOW + 60_000 });
    expect(withoutExportedAt(again.out)).toBe(withoutExportedAt(exported.out));
  });

  it('export json --out writes the file; importing it twice with skip changes nothing', async () => {
    const { dir, db, nd } = tempDb();
    const store = await SqliteStore.open(db, 'write');
    await portal(store, dir);
    await store.close();
    const r = await nd(['export', 'json', '--out', 'out/portal.json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Exported 5 sections, 2 links, 2 media and 3 articles to out\/portal.json/);
    const doc = readFileSync(join(dir, 'out', 'portal.json'), 'utf8');
    const skip = await nd(['import', 'out/portal.json', '--on-conflict', 'skip', '--format', 'json']);
    expect(JSON.parse(skip.out)).toMatchObject({ read: 13, inserted: 0, updated: 0, skipped: 13 });
    const update = await nd(['import', 'out/portal.json', '--on-conflict', 'update', '--format', 'json']);
    expect(JSON.parse(update.out)).toMatchObject({ read: 13, inserted: 0, updated: 0, skipped: 13 });
    expect(withoutExportedAt((await nd(['export', 'json'])).out)).toBe(withoutExportedAt(doc));
  });
});

describe('export json flags', () => {
  it('bad flag values are usage errors; an unknown section is not found', async () => {
    const { db, nd } = tempDb();
    const store = await SqliteStore.open(db, 'write');
    await store.transaction((tx) => addSection(tx, { slug: 'a', title: 'A' }));
    await store.close();
    expect((await nd(['export', 'json', '--status', 'old'])).code).toBe(2);
    expect((await nd(['export', 'json', '--since', 'hôm qua'])).code).toBe(2);
    const missing = await nd(['export', 'json', '--section', 'zz']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no section "zz"/);
    const ok = await nd(['export', 'json', '--section', 'a', '--status', 'published', '--since', '01/01/2020', '--until', '2020-12-31', '--ndjson']);
    expect(ok.code).toBe(0);
    expect(ok.out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['site', 'section']);
  });

  it('on a missing database it fails and says how to create one', async () => {
    const { nd } = tempDb();
    const r = await nd(['export', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no database/);
  });
});
