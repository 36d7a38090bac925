// The re-export's copy of the published heads (heads-copy.ts): trusted only whole, for its
// folder, build and store; anything else is a full read. And an export that goes by it writes
// what an export reading every head writes.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportHtml } from '../../../src/exporters/html/export.js';
import { currentHeads, decodeHeads, encodeHeads, headsCopyPath, patchHeads, readHeadsCopy, saveHeadsCopy, type CopyScope } from '../../../src/exporters/html/heads-copy.js';
import { MANIFEST_NAME } from '../../../src/exporters/html/routes.js';
import { addArticle, editArticle, publishArticle, removeArticles, unpublishArticle } from '../../../src/ops/articles.js';
import type { PublishedHead, SnapshotReader, Store } from '../../../src/store/store.js';
import { FIXED_NOW, freshStore, tempDir } from '../../helpers/db.js';
import { buildSmallPortal } from './fixture.js';
import { listFiles } from './site.js';

function head(id: number, publishedAt: number, over: Partial<PublishedHead> = {}): PublishedHead {
  const parts = [`Tiêu đề ${id} 😀`, 'Tóm tắt', '', 'Nguồn'].map((t) => Buffer.from(t, 'utf8'));
  return {
    id,
    slug: `bai-${id}`,
    sectionId: 1 + (id % 3),
    publishedAt,
    updatedAt: publishedAt + 5,
    images: id % 2 ? '[]' : '[{"src":"https://example.com/ả.jpg","alt":"ảnh","caption":""}]',
    version: `${id}.0.${publishedAt}.${publishedAt}`,
    texts: Buffer.concat(parts),
    textLengths: [parts[0]!.length, parts[1]!.length, parts[2]!.length, parts[3]!.length],
    ...over,
  };
}

const SCOPE: CopyScope = { outDir: resolve('/tmp/site'), code: 'build-1', store: '/tmp/portal.db' };
const HEADS = [head(9, 3000), head(7, 3000), head(8, 2000), head(2, 1000), head(1, 1000)];

function plain(heads: readonly PublishedHead[] | undefined): unknown {
  return heads?.map((h) => ({ ...h, texts: h.texts.toString('hex') }));
}

describe('the copy of the heads, as bytes', () => {
  it('decodes to the heads it was made from, texts as views into the one buffer', () => {
    const bytes = Buffer.concat(encodeHeads(SCOPE, HEADS));
    const back = decodeHeads(bytes, SCOPE)!;
    expect(plain(back)).toEqual(plain(HEADS));
    for (const h of back) expect(h.texts.buffer).toBe(bytes.buffer);
    expect(decodeHeads(Buffer.concat(encodeHeads(SCOPE, [])), SCOPE)).toEqual([]);
  });

  it('is refused for another folder, build or store', () => {
    const bytes = Buffer.concat(encodeHeads(SCOPE, HEADS));
    expect(decodeHeads(bytes, { ...SCOPE, outDir: '/tmp/other' })).toBeUndefined();
    expect(decodeHeads(bytes, { ...SCOPE, code: 'build-2' })).toBeUndefined();
    expect(decodeHeads(bytes, { ...SCOPE, store: '/tmp/other.db' })).toBeUndefined();
  });

  it('is refused cut short, grown, with any byte of its body changed, or of another layout', () => {
    const bytes = Buffer.concat(encodeHeads(SCOPE, HEADS));
    const body = bytes.indexOf(10, bytes.indexOf(10) + 1) + 1;
    for (const cut of [1, 7, bytes.length - body, bytes.length - 1]) expect(decodeHeads(bytes.subarray(0, bytes.length - cut), SCOPE), `cut ${cut}`).toBeUndefined();
    expect(decodeHeads(Buffer.concat([bytes, Buffer.from([0])]), SCOPE)).toBeUndefined();
    for (let at = body; at < bytes.length; at += 13) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x20;
      expect(decodeHeads(damaged, SCOPE), `byte ${at}`).toBeUndefined();
    }
    const other = Buffer.from(bytes);
    other[other.indexOf(10) - 1] = 0x32; // "… copy 2"
    expect(decodeHeads(other, SCOPE)).toBeUndefined();
    const head = bytes.toString('utf8', 0, body);
    for (const swap of [['"count":5', '"count":4'], ['"count":5', '"count":-1'], ['"strings":', '"strings_":'], ['{', '[']]) {
      expect(decodeHeads(Buffer.concat([Buffer.from(head.replace(swap[0]!, swap[1]!)), bytes.subarray(body)]), SCOPE), swap.join(' → ')).toBeUndefined();
    }
    expect(decodeHeads(Buffer.from('newsdesk heads copy 1\nnot json\n'), SCOPE)).toBeUndefined();
    expect(decodeHeads(Buffer.alloc(0), SCOPE)).toBeUndefined();
  });

  it('is read back from the cache folder, and not when it is missing or damaged there', () => {
    const scope = { ...SCOPE, outDir: resolve(join(tempDir(), 'site')) };
    expect(readHeadsCopy(scope)).toBeUndefined();
    saveHeadsCopy(scope, HEADS);
    expect(plain(readHeadsCopy(scope))).toEqual(plain(HEADS));
    const bytes = readFileSync(headsCopyPath(scope.outDir));
    writeFileSync(headsCopyPath(scope.outDir), bytes.subarray(0, bytes.length - 3));
    expect(readHeadsCopy(scope)).toBeUndefined();
  });
});

describe('the copy patched', () => {
  it('takes out the ids gone and the changed heads, and puts the changed in their place, newest first (ties by id)', () => {
    const moved = head(2, 3000, { version: 'new' });
    const added = [head(10, 500), head(3, 2000), moved];
    const out = patchHeads(HEADS, added, [8, 1]);
    expect(out.map((h) => [h.id, h.publishedAt])).toEqual([[9, 3000], [7, 3000], [2, 3000], [3, 2000], [10, 500]]);
    expect(out[2]).toBe(moved);
    expect(patchHeads(HEADS, [], [])).toBe(HEADS);
    expect(patchHeads([], [head(1, 1), head(2, 1)], []).map((h) => h.id)).toEqual([2, 1]);
  });
});

describe('the heads an export goes on with', () => {
  /** A reader that counts how the heads were asked for. */
  function counting(reader: SnapshotReader): { reader: SnapshotReader; full: () => number; changed: () => number } {
    let full = 0;
    let changed = 0;
    const r = Object.create(reader) as SnapshotReader;
    r.publishedHeads = () => (full++, reader.publishedHeads());
    r.publishedHeadsChanged = (ids, versions) => (changed++, reader.publishedHeadsChanged(ids, versions));
    return { reader: r, full: () => full, changed: () => changed };
  }

  async function read(store: Store, scope: CopyScope): Promise<{ heads: PublishedHead[]; full: number; changed: number }> {
    return store.snapshot(async (reader) => {
      const c = counting(reader);
      const heads = await currentHeads(c.reader, scope);
      return { heads, full: c.full(), changed: c.changed() };
    });
  }

  async function fullRead(store: Store): Promise<PublishedHead[]> {
    return store.snapshot(async (reader) => {
      const heads: PublishedHead[] = [];
      for await (const b of reader.publishedHeads()) heads.push(...b);
      return heads;
    });
  }

  it('reads every head without a copy or with a damaged one, else only what changed; always what a full read gives', async () => {
    const store = await freshStore();
    await buildSmallPortal(store);
    const scope = { outDir: resolve(join(tempDir(), 'site')), code: 'c', store: store.location };
    const first = await read(store, scope);
    expect(first).toMatchObject({ full: 1, changed: 0 });
    expect(plain(first.heads)).toEqual(plain(await fullRead(store)));
    const second = await read(store, scope);
    expect(second).toMatchObject({ full: 0, changed: 1 });
    expect(plain(second.heads)).toEqual(plain(await fullRead(store)));

    const [a] = await fullRead(store);
    await editArticle(store, String(a!.id), { title: 'Một tiêu đề mới', published_at: '2020-01-01T00:00:00Z' }, { now: FIXED_NOW + 1000 });
    const third = await read(store, scope);
    expect(third).toMatchObject({ full: 0, changed: 1 });
    expect(plain(third.heads)).toEqual(plain(await fullRead(store)));
    // The patched copy was saved: the next read starts from it.
    expect(plain(readHeadsCopy(scope))).toEqual(plain(third.heads));

    const bytes = readFileSync(headsCopyPath(scope.outDir));
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    writeFileSync(headsCopyPath(scope.outDir), bytes);
    expect(await read(store, scope)).toMatchObject({ full: 1, changed: 0 });
    rmSync(headsCopyPath(scope.outDir));
    expect(await read(store, scope)).toMatchObject({ full: 1, changed: 0 });
    // Another build's copy is not used.
    expect(await read(store, { ...scope, code: 'd' })).toMatchObject({ full: 1, changed: 0 });
  });

  it('an export that goes by the copy writes, after a series of changes, what one reading every head writes', async () => {
    const store = await freshStore();
    await buildSmallPortal(store);
    const withCopy = join(tempDir(), 'with-copy');
    const without = join(tempDir(), 'without');
    const exportBoth = async (now: number): Promise<void> => {
      await exportHtml(store, { outDir: withCopy, force: false, clean: false, now });
      rmSync(headsCopyPath(without), { force: true });
      await exportHtml(store, { outDir: without, force: false, clean: false, now });
    };
    await exportBoth(FIXED_NOW);
    await exportBoth(FIXED_NOW);
    const opts = (n: number): { now: number } => ({ now: FIXED_NOW + n * 60_000 });
    const heads = await fullRead(store);
    const drafts = await store.articles.list({ status: 'draft' }, { field: 'default', desc: true }, { limit: 5, offset: 0 });
    const steps: Array<() => Promise<unknown>> = [
      () => editArticle(store, String(heads[0]!.id), { title: 'Tiêu đề đã sửa' }, opts(1)),
      () => editArticle(store, String(heads[1]!.id), { published_at: '2019-05-05T00:00:00Z' }, opts(2)),
      () => unpublishArticle(store, String(heads[2]!.id), opts(3)),
      () => removeArticles(store, [String(heads[3]!.id)], opts(4)),
      () => (drafts[0] ? publishArticle(store, String(drafts[0].id), undefined, opts(5)) : Promise.resolve()),
      () => addArticle(store, { title: 'Bài mới', body: 'Nội dung.', section: 'gioi-thieu', status: 'published', published_at: '2023-06-01T00:00:00Z' }, opts(6)),
      async () => (store as unknown as { handle: { db: { prepare(s: string): { run(...a: unknown[]): void } } } }).handle.db.prepare('UPDATE articles SET summary = ? WHERE id = ?').run('Sửa bên ngoài', heads[4]!.id),
      async () => undefined, // nothing changed
    ];
    for (const [i, step] of steps.entries()) {
      await step();
      await exportBoth(FIXED_NOW + (i + 1) * 60_000);
      expect(existsSync(headsCopyPath(withCopy)), `step ${i}`).toBe(true);
      expect(listFiles(withCopy), `step ${i}`).toEqual(listFiles(without));
      for (const f of listFiles(without)) expect(readFileSync(join(withCopy, f)).equals(readFileSync(join(without, f))), `step ${i}: ${f}`).toBe(true);
    }
    expect(listFiles(withCopy)).toContain(MANIFEST_NAME);
  });
});

vi.setConfig({ testTimeout: 60_000 });
