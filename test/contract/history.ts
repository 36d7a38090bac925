// Revisions, the trash and saves that expect the revision they read: the same on every backend.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.js';
import { RevisionConflictError } from '../../src/core/revision-conflict.js';
import { parseQuery } from '../../src/core/search-query.js';
import { addArticle, editArticle, publishArticle, removeArticles, toRecord, unpublishArticle } from '../../src/ops/articles.js';
import { historyOf, restoreRevision, rowAtRevision } from '../../src/ops/history.js';
import { addSection, removeSection } from '../../src/ops/sections.js';
import { emptyTrash, purgeArticles, restoreFromTrash } from '../../src/ops/trash.js';
import { copyPortal } from '../../src/store/copy.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';
import { freshPortal, type BackendFactory } from './backend.js';

const by = (name: string, minutes = 0, message?: string) => ({ now: FIXED_NOW + minutes * 60_000, by: name, ...(message ? { message } : {}) });

async function portal(backend: BackendFactory): Promise<Store> {
  const { store } = await freshPortal(backend);
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  await addSection(store, { title: 'Kinh tế', slug: 'kinh-te' });
  return store;
}

/** A row as text with its keys in one order, to compare byte for byte. */
const canon = (row: object): string => JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));

const BODY = 'Sáng nay, Ủy ban nhân dân huyện tổ chức hội nghị tổng kết công tác năm. '.repeat(60);

export function historyContract(backend: BackendFactory): void {
  describe(`${backend.name}: revisions`, () => {
    it('creation is revision 1; each edit, publish and unpublish one more, with who, when, why and what changed', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Hội nghị tổng kết', section: 'tin-tuc', body: BODY }, by('lan'));
      expect(a.revision).toBe(1);
      const e = await editArticle(store, String(a.id), { title: 'Hội nghị tổng kết năm 2024' }, by('minh', 5, 'năm cho rõ'));
      expect(e.revision).toBe(2);
      expect((await publishArticle(store, String(a.id), undefined, by('lan', 9))).revision).toBe(3);
      expect((await unpublishArticle(store, String(a.id), by('lan', 12))).revision).toBe(4);
      expect((await store.articles.find(a.id))!.revision).toBe(4);
      const { revisions } = await historyOf(store, String(a.id));
      expect(revisions.map((r) => [r.number, r.by, r.message, r.changed, r.at])).toEqual([
        [4, 'lan', '', 'status,updated_at', FIXED_NOW + 12 * 60_000],
        [3, 'lan', '', 'status,published_at,updated_at', FIXED_NOW + 9 * 60_000],
        [2, 'minh', 'năm cho rõ', 'title,updated_at', FIXED_NOW + 5 * 60_000],
        [1, 'lan', '', '', FIXED_NOW],
      ]);
    });

    it('every revision reads back as it was saved, field for field', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Một', section: 'tin-tuc', body: BODY, tags: ['a'] }, by('lan'));
      const saved = [await toRecord(store, a)];
      saved.push(await toRecord(store, await editArticle(store, String(a.id), { body: `${BODY}Thêm một câu.`, section: 'kinh-te' }, by('lan', 1))));
      saved.push(await toRecord(store, await editArticle(store, String(a.id), { summary: 'Tóm tắt', tags: ['b', 'c'], slug: 'mot-moi' }, by('lan', 2))));
      const current = (await store.articles.find(a.id))!;
      for (const [i, record] of saved.entries()) expect(await toRecord(store, await rowAtRevision(store, current, i + 1))).toEqual(record);
      await expect(rowAtRevision(store, current, 4)).rejects.toThrow(NotFoundError);
    });

    it('any sequence of edits walks back revision by revision to the first, byte for byte (property)', async () => {
      const store = await portal(backend);
      const edit = fc.record(
        {
          title: fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/\s+/g, ' ').trim() || 'x'),
          summary: fc.string({ maxLength: 80 }),
          body: fc.oneof(fc.constant(BODY), fc.string({ maxLength: 300 }), fc.constant(`${BODY} Câu mới.`)),
          status: fc.constantFrom('draft', 'published'),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
          const a = await addArticle(store, { title: 'Bắt đầu', section: 'tin-tuc', body: BODY }, by('lan'));
          const states = [canon(a)];
          for (const [i, e] of edits.entries()) {
            const row = await editArticle(store, String(a.id), e, by('lan', i + 1));
            states.push(canon(row));
          }
          const current = (await store.articles.find(a.id))!;
          expect(current.revision).toBe(edits.length + 1);
          for (let n = current.revision; n >= 1; n--) expect(canon(await rowAtRevision(store, current, n))).toBe(states[n - 1]);
        }),
        { numRuns: 15 },
      );
      expect((await store.check()).problems).toEqual([]);
    });

    it('a one-sentence edit of a 4 KB body costs far less than the body', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Dài', section: 'tin-tuc', body: BODY }, by('lan'));
      await editArticle(store, String(a.id), { body: BODY.replace('hội nghị', 'buổi hội nghị') }, by('lan', 1));
      const [, older] = await store.history.chain(a.id, 1);
      expect(older!.number).toBe(1);
      expect(older!.delta!.length).toBeLessThan(BODY.length / 20);
    });

    it('restore makes an old state current as a new revision; the history keeps all', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Bản đầu', section: 'tin-tuc', body: 'Thân bài đầu' }, by('lan'));
      await editArticle(store, String(a.id), { title: 'Bản sai', body: 'Thân bài bị ghi đè' }, by('minh', 1));
      const r = await restoreRevision(store, String(a.id), 1, by('lan', 2));
      expect(r.revision).toBe(3);
      expect([r.title, r.body]).toEqual(['Bản đầu', 'Thân bài đầu']);
      const { revisions } = await historyOf(store, String(a.id));
      expect(revisions[0]).toMatchObject({ number: 3, message: 'restored revision 1', changed: 'title,body,updated_at' });
      expect((await store.search.count(parseQuery('ghi đè'), {}))).toBe(0);
      await expect(restoreRevision(store, String(a.id), 7, by('lan', 3))).rejects.toThrow(NotFoundError);
    });

    it('a restore keeps the current slug when its old one was taken since by another article', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Tên cũ', section: 'tin-tuc' }, by('lan'));
      await editArticle(store, String(a.id), { slug: 'ten-moi', title: 'Tên mới' }, by('lan', 1));
      const b = await addArticle(store, { title: 'Tên cũ', section: 'tin-tuc' }, by('minh', 2));
      expect(b.slug).toBe('ten-cu');
      const r = await restoreRevision(store, String(a.id), 1, by('lan', 3));
      expect([r.slug, r.title, r.revision]).toEqual(['ten-moi', 'Tên cũ', 3]);
      expect((await store.check()).problems).toEqual([]);
    });

    it('keep_revisions and prune forget old revisions, never the current one, and leave the chain whole', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Giữ', section: 'tin-tuc', body: BODY }, by('lan'));
      const b = await addArticle(store, { title: 'Tỉa', section: 'tin-tuc', body: BODY }, by('lan'));
      await store.settings.set({ keep_revisions: 2 });
      for (let i = 1; i <= 4; i++) await editArticle(store, String(a.id), { summary: `lần ${i}` }, by('lan', i));
      expect((await historyOf(store, String(a.id))).revisions.map((r) => r.number)).toEqual([5, 4]);
      await store.settings.set({ keep_revisions: null });
      for (let i = 1; i <= 4; i++) await editArticle(store, String(b.id), { summary: `lần ${i}` }, by('lan', i * 10));
      // b's 1–3 (made before), and a's 4 (its newest, 5, stays).
      expect(await store.history.prune({ before: FIXED_NOW + 25 * 60_000 })).toBe(4);
      expect((await historyOf(store, String(b.id))).revisions.map((r) => r.number)).toEqual([5, 4]);
      expect(await store.history.prune({ keep: 1 })).toBe(1);
      expect((await historyOf(store, String(a.id))).revisions.map((r) => r.number)).toEqual([5]);
      const current = (await store.articles.find(b.id))!;
      expect((await rowAtRevision(store, current, 5)).summary).toBe('lần 4');
      expect((await store.check()).problems).toEqual([]);
    });
  });

  describe(`${backend.name}: no lost updates`, () => {
    it('a save that expects a revision the article has left fails, writing nothing', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Chung', section: 'tin-tuc', body: 'Bản của Lan' }, by('lan'));
      await editArticle(store, String(a.id), { body: 'Bản của Minh' }, by('minh', 1));
      for (const write of [
        () => editArticle(store, String(a.id), { body: 'Bản cũ của Lan' }, { ...by('lan', 2), ifRevision: 1 }),
        () => publishArticle(store, String(a.id), undefined, { ...by('lan', 2), ifRevision: 1 }),
        () => unpublishArticle(store, String(a.id), { ...by('lan', 2), ifRevision: 1 }),
        () => removeArticles(store, [String(a.id)], { ...by('lan', 2), ifRevision: 1 }),
        () => restoreRevision(store, String(a.id), 1, { ...by('lan', 2), ifRevision: 1 }),
      ]) {
        await expect(write()).rejects.toThrow(RevisionConflictError);
      }
      const now = (await store.articles.find(a.id))!;
      expect([now.revision, now.body]).toEqual([2, 'Bản của Minh']);
      expect((await historyOf(store, String(a.id))).revisions).toHaveLength(2);
    });

    it('the store itself refuses a row read at an older revision (two editors, one slow)', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Hai người', section: 'tin-tuc' }, by('lan'));
      const readByLan = (await store.articles.find(a.id))!;
      const readByMinh = (await store.articles.find(a.id))!;
      await store.articles.update({ ...readByMinh, title: 'Minh sửa' }, { at: FIXED_NOW, by: 'minh' });
      await expect(store.articles.update({ ...readByLan, title: 'Lan sửa' }, { at: FIXED_NOW, by: 'lan' })).rejects.toThrow(RevisionConflictError);
      expect((await store.articles.find(a.id))!.title).toBe('Minh sửa');
    });
  });

  describe(`${backend.name}: the trash`, () => {
    it('a removed article leaves lists, counts and search, keeps its slug and id, and comes back whole', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Lịch tiếp dân', section: 'tin-tuc', status: 'published', body: 'tiếp công dân' }, by('lan'));
      await editArticle(store, String(a.id), { summary: 'Tóm tắt' }, by('lan', 1));
      await store.origins.set(a.id, { site: 'https://cu.example.vn', id: 'p-7' });
      const before = await toRecord(store, (await store.articles.find(a.id))!);
      await removeArticles(store, [String(a.id)], by('minh', 2));
      expect(await store.articles.find(a.id)).toBeUndefined();
      expect(await store.articles.count({})).toBe(0);
      expect(await store.search.count(parseQuery('tiếp công dân'), {})).toBe(0);
      expect(await store.trash.list()).toEqual([{ id: a.id, slug: a.slug, section_id: a.section_id, title: a.title, deleted_at: FIXED_NOW + 120_000, deleted_by: 'minh' }]);
      // The slug and the id stay reserved while it lies there.
      const other = await addArticle(store, { title: 'Lịch tiếp dân', section: 'tin-tuc' }, by('lan', 3));
      expect(other.slug).toBe(`${a.slug}-2`);
      expect(other.id).toBeGreaterThan(a.id);
      expect((await historyOf(store, String(a.id))).trashed).toBe(true);
      const [back] = await restoreFromTrash(store, [String(a.id)], by('lan', 4));
      expect(await toRecord(store, back!)).toEqual(before);
      expect(await store.search.count(parseQuery('tiếp công dân'), {})).toBe(1);
      expect(await store.trash.list()).toEqual([]);
      expect((await historyOf(store, String(a.id))).revisions).toHaveLength(2);
      expect((await store.check()).problems).toEqual([]);
    });

    it('restore and remove are all or nothing; purge and empty remove for good, history and all', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Một', section: 'tin-tuc' }, by('lan'));
      const b = await addArticle(store, { title: 'Hai', section: 'tin-tuc' }, by('lan'));
      const c = await addArticle(store, { title: 'Ba', section: 'tin-tuc' }, by('lan'));
      await expect(removeArticles(store, [String(a.id), 'khong-co'], by('lan'))).rejects.toThrow(NotFoundError);
      expect(await store.trash.list()).toEqual([]);
      await removeArticles(store, [String(a.id)], by('lan', 1));
      await removeArticles(store, [String(b.id)], by('lan', 60 * 24 * 40));
      await expect(restoreFromTrash(store, [String(a.id), String(c.id)], by('lan'))).rejects.toThrow(NotFoundError);
      expect((await store.trash.list()).map((t) => t.id)).toEqual([b.id, a.id]);
      expect((await emptyTrash(store, FIXED_NOW + 30 * 86_400_000)).map((t) => t.id)).toEqual([a.id]);
      expect(await store.history.list(a.id)).toEqual([]);
      await purgeArticles(store, [String(c.id), String(b.id)], by('lan'));
      expect(await store.articles.find(c.id)).toBeUndefined();
      expect(await store.trash.list()).toEqual([]);
      expect(await store.history.list(b.id)).toEqual([]);
      expect(await store.history.list(c.id)).toEqual([]);
      expect((await store.check()).problems).toEqual([]);
    });

    it('a section whose articles are only in the trash is not removed silently; moved, they come back there', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Giá lúa', section: 'kinh-te' }, by('lan'));
      await removeArticles(store, [String(a.id)], by('lan', 1));
      await expect(removeSection(store, 'kinh-te', undefined, FIXED_NOW)).rejects.toThrow(/1 in the trash/);
      await removeSection(store, 'kinh-te', 'tin-tuc', FIXED_NOW + 120_000, 'lan');
      const [back] = await restoreFromTrash(store, [String(a.id)], by('lan', 3));
      expect(back!.section_id).toBe((await store.sections.find('tin-tuc'))!.id);
      expect(back!.revision).toBe(2);
      // The chain stays whole: revision 1 still reads back, filed where it was.
      expect((await historyOf(store, String(a.id))).revisions.map((r) => [r.number, r.changed])).toEqual([
        [2, 'section_id,updated_at'],
        [1, ''],
      ]);
      expect((await rowAtRevision(store, back!, 1)).section_id).toBe(a.section_id);
      expect((await store.check()).problems).toEqual([]);
    });

    it('a copy of the portal carries every revision and the trash', async () => {
      const store = await portal(backend);
      const a = await addArticle(store, { title: 'Đi cùng', section: 'tin-tuc', body: BODY }, by('lan'));
      await editArticle(store, String(a.id), { body: `${BODY}!` }, by('minh', 1, 'dấu chấm than'));
      const b = await addArticle(store, { title: 'Trong thùng rác', section: 'tin-tuc' }, by('lan'));
      await removeArticles(store, [String(b.id)], by('lan', 2));
      const { store: target } = await freshPortal(backend);
      const counts = await copyPortal(store, target);
      expect([counts.revisions, counts.trashed]).toEqual([3, 1]);
      expect(await target.history.list(a.id)).toEqual(await store.history.list(a.id));
      expect(await target.trash.list()).toEqual(await store.trash.list());
      const copied = (await target.articles.find(a.id))!;
      expect((await rowAtRevision(target, copied, 1)).body).toBe(BODY);
      await expect(restoreFromTrash(target, [String(b.id)], by('lan', 3))).resolves.toHaveLength(1);
      expect((await target.check()).problems).toEqual([]);
    });
  });
}
