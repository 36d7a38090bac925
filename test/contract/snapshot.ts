// Whole-portal reads (snapshots, batches, the export's reads of published articles) and the
// streamed import's session: one consistent state, complete, in a total order.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addArticle, editArticle, publishArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { shownLayout, type ArticleRow } from '../../src/store/rows.js';
import type { PublishedEntry, PublishedHead, Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, openAt, type BackendFactory } from './backend.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-03-01T01:00:00Z');

async function seed(store: Store, n: number): Promise<ArticleRow[]> {
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  const rows: ArticleRow[] = [];
  await store.transaction(async (tx) => {
    for (let i = 1; i <= n; i++) {
      // Every third article shares its date with the one before: the id breaks the tie.
      const at = new Date(T0 + Math.floor((i + 1) / 3) * HOUR).toISOString();
      rows.push(
        await addArticle(
          tx,
          { title: `Tin số ${i}`, summary: `Tóm tắt ${i}`, body: `Nội dung **${i}** của bản tin.`, author: 'Lê Văn Cường', source: 'Văn phòng', section: 'tin-tuc', status: i % 4 === 0 ? 'draft' : 'published', published_at: at },
          { now: FIXED_NOW },
        ),
      );
    }
  });
  return rows;
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  for await (const b of batches) {
    items.push(...b);
    sizes.push(b.length);
  }
  return { items, sizes };
}

export function snapshotContract(backend: BackendFactory): void {
  describe(`${backend.name}: whole-portal reads`, () => {
    it('articles.batches gives every filtered row once, in id order, in batches of the size asked', async () => {
      const { store } = await freshPortal(backend);
      const rows = await seed(store, 23);
      const all = await collect(store.articles.batches({}, 5));
      expect(all.items.map((r) => r.id)).toEqual(rows.map((r) => r.id));
      expect(all.sizes).toEqual([5, 5, 5, 5, 3]);
      const drafts = await collect(store.articles.batches({ status: 'draft' }, 2));
      expect(drafts.items.map((r) => r.title)).toEqual(['Tin số 4', 'Tin số 8', 'Tin số 12', 'Tin số 16', 'Tin số 20']);
      expect((await collect(store.articles.batches({ status: 'draft', author: 'nobody' }))).items).toEqual([]);
    });

    it('media.batches gives every stored file once, by hash', async () => {
      const { store } = await freshPortal(backend);
      const files = Array.from({ length: 11 }, (_, i) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`png ${i}`)]));
      const srcs = [];
      for (const f of files) srcs.push(await store.media.put(f, 'image/png', FIXED_NOW));
      // Stored once per content.
      expect(await store.media.put(files[0]!, 'image/png', FIXED_NOW)).toBe(srcs[0]);
      const { items } = await collect(store.media.batches(4));
      expect(items.map((m) => m.hash)).toEqual(srcs.map((s) => s.slice('media/'.length, -'.png'.length)).sort());
      expect(items.every((m, i) => i === 0 || items[i - 1]!.hash < m.hash)).toBe(true);
      expect(items.find((m) => m.data.equals(files[3]!))).toMatchObject({ mime: 'image/png', size: files[3]!.length });
    });

    it('published(): published articles only, newest first, ties by id, with the shown fields laid out', async () => {
      const { store } = await freshPortal(backend);
      const rows = await seed(store, 14);
      const published = rows.filter((r) => r.status === 'published');
      const expected = [...published].sort((a, b) => b.published_at! - a.published_at! || b.id - a.id).map((r) => r.id);
      await store.snapshot(async (reader) => {
        const { items } = await collect(reader.published());
        expect(items.map((e) => e.id)).toEqual(expected);
        for (const e of items) {
          const row = published.find((r) => r.id === e.id)!;
          expect(e).toMatchObject({ slug: row.slug, sectionId: row.section_id, publishedAt: row.published_at, updatedAt: row.updated_at, images: row.images });
          const layout = shownLayout(e.shown);
          const texts = e.shown.subarray(layout.textsFrom).toString('utf8');
          expect(texts.startsWith(`${row.title}${row.summary}${row.author}${row.source}`)).toBe(true);
          expect(e.shown.subarray(e.shown.length - e.bodyBytes).toString('utf8')).toBe(row.body);
        }
        const draft = rows.find((r) => r.status === 'draft')!;
        expect(await reader.publishedBody(draft.id)).toBe('');
        expect(await reader.publishedBody(published[2]!.id)).toBe(published[2]!.body);
        const some = await reader.publishedBodiesOf([published[2]!.id, draft.id, 999_999, published[0]!.id]);
        expect([...some]).toEqual([
          [published[2]!.id, published[2]!.body],
          [draft.id, ''],
          [999_999, ''],
          [published[0]!.id, published[0]!.body],
        ]);
        expect((await reader.publishedBodiesOf([])).size).toBe(0);
        const bodies = await collect(reader.publishedBodies());
        expect(bodies.items.map((b) => b.id)).toEqual(published.map((r) => r.id));
      });
    });

    it('publishedHeads(): the order and fields of published() without bodies; publishedOf(ids): those entries; versions move with every change', async () => {
      const { store } = await freshPortal(backend);
      const rows = await seed(store, 14);
      const published = rows.filter((r) => r.status === 'published');
      const draft = rows.find((r) => r.status === 'draft')!;
      const read = (): Promise<{ heads: PublishedHead[]; entries: PublishedEntry[] }> =>
        store.snapshot(async (reader) => ({ heads: (await collect(reader.publishedHeads())).items, entries: (await collect(reader.published())).items}));
      const before = await read();
      expect(before.heads.map((h) => h.id)).toEqual(before.entries.map((e) => e.id));
      for (const h of before.heads) {
        const row = published.find((r) => r.id === h.id)!;
        const e = before.entries.find((x) => x.id === h.id)!;
        expect(h).toMatchObject({ slug: row.slug, sectionId: row.section_id, publishedAt: row.published_at, updatedAt: row.updated_at, images: row.images, version: e.version });
        const [t, s, a, o] = h.textLengths;
        expect(h.texts.length).toBe(t + s + a + o);
        expect(h.texts.toString('utf8', 0, t)).toBe(row.title);
        expect(h.texts.toString('utf8', t, t + s)).toBe(row.summary);
        expect(h.texts.toString('utf8', t + s, t + s + a)).toBe(row.author);
        expect(h.texts.toString('utf8', t + s + a)).toBe(row.source);
      }

      const some = await store.snapshot((reader) => reader.publishedOf([published[3]!.id, draft.id, 999_999, published[0]!.id]));
      expect(some.map((e) => e.id).sort((a, b) => a - b)).toEqual([published[0]!.id, published[3]!.id].sort((a, b) => a - b));
      for (const e of some) expect(e).toEqual(before.entries.find((x) => x.id === e.id));
      expect(await store.snapshot((reader) => reader.publishedOf([]))).toEqual([]);

      // An edit moves the article's version, and only its own.
      const edited = published[5]!;
      await editArticle(store, String(edited.id), { summary: 'Tóm tắt đã sửa' }, { now: FIXED_NOW + 1000 });
      const after = await read();
      for (const h of after.heads) {
        const old = before.heads.find((x) => x.id === h.id)!;
        if (h.id === edited.id) expect(h.version).not.toBe(old.version);
        else expect(h.version).toBe(old.version);
      }
    });

    it('a snapshot does not see what another connection commits meanwhile', async () => {
      const { store, location } = await freshPortal(backend);
      await seed(store, 8);
      const other = await openAt(location, 'write');
      const seen = await store.snapshot(async (reader) => {
        const before = await reader.articles.count({});
        const firstPass = (await collect(reader.published())).items.length;
        await addArticle(other, { title: 'Tin mới trong lúc xuất', section: 'tin-tuc', status: 'published' }, { now: FIXED_NOW });
        await publishArticle(other, '4', undefined, { now: FIXED_NOW });
        return { before, after: await reader.articles.count({}), firstPass, secondPass: (await collect(reader.published())).items.length };
      });
      expect(seen).toEqual({ before: 8, after: 8, firstPass: 6, secondPass: 6 });
      expect(await store.articles.count({})).toBe(9);
      expect(await store.articles.count({ status: 'published' })).toBe(8);
    });
  });

  describe(`${backend.name}: the import session`, () => {
    it('firstSeen remembers each key with its first line, by kind', async () => {
      const { store } = await freshPortal(backend);
      const s = await store.importSession({ dryRun: false });
      try {
        expect(await s.firstSeen(1, 'tin-a', 3)).toBeUndefined();
        expect(await s.firstSeen(1, 'tin-b', 4)).toBeUndefined();
        expect(await s.firstSeen(2, 'tin-a', 5)).toBeUndefined();
        expect(await s.firstSeen(1, 'tin-a', 9)).toBe(3);
        expect(await s.firstSeen(2, 'tin-a', 10)).toBe(5);
      } finally {
        await s.end();
      }
      // A new session starts with no keys.
      const again = await store.importSession({ dryRun: true });
      expect(await again.firstSeen(1, 'tin-a', 1)).toBeUndefined();
      await again.end();
    });

    it('ended without commit, a session leaves nothing; committed, everything, indexed', async () => {
      const { store } = await freshPortal(backend);
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      const write = async (title: string, commit: boolean): Promise<void> => {
        const s = await store.importSession({ dryRun: false });
        try {
          await addArticle(s, { title, section: 'tin-tuc', status: 'published' }, { now: FIXED_NOW });
          await addSection(s, { title: `Mục của ${title}` });
          if (commit) await s.commit();
        } finally {
          await s.end();
        }
      };
      await write('Lễ hội đua thuyền', false);
      expect(await store.articles.count({})).toBe(0);
      expect((await store.sections.tree()).map((s) => s.slug)).toEqual(['tin-tuc']);
      expect(await store.search.count(parseQuery('dua thuyen'), {})).toBe(0);
      const progress: Array<[number, number]> = [];
      const s = await store.importSession({ dryRun: false });
      await addArticle(s, { title: 'Lễ hội đua thuyền', section: 'tin-tuc', status: 'published' }, { now: FIXED_NOW });
      await addArticle(s, { title: 'Thuyền rồng trên sông Lam', section: 'tin-tuc' }, { now: FIXED_NOW });
      await s.commit((done, total) => progress.push([done, total]));
      await s.end(); // after commit: nothing more to do
      expect(await store.articles.count({})).toBe(2);
      expect(progress.at(-1)).toEqual([2, 2]);
      expect(await store.search.count(parseQuery('thuyen'), {})).toBe(2);
      expect(await store.search.count(parseQuery('thuyen'), { status: 'published' })).toBe(1);
      expect(await store.search.count(parseQuery('thuyen'), { status: 'draft' })).toBe(1);
      expect((await store.check()).ok).toBe(true);
    });

    it('an import session of another connection waits its turn; the store is whole after both', async () => {
      const { store, location } = await freshPortal(backend);
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      const other = await openAt(location, 'write');
      const s = await store.importSession({ dryRun: false });
      await addArticle(s, { title: 'Từ phiên nhập', section: 'tin-tuc' }, { now: FIXED_NOW });
      const meanwhile = addArticle(other, { title: 'Từ người biên tập', section: 'tin-tuc' }, { now: FIXED_NOW });
      await new Promise((r) => setTimeout(r, 50));
      await s.commit();
      await meanwhile;
      expect((await store.articles.list({}, { field: 'id', desc: false })).map((a) => a.title)).toEqual(['Từ phiên nhập', 'Từ người biên tập']);
    });
  });
}
