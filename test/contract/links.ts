// Links through the store, for any backend: validation, links sections, positions 1..n.
import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/core/errors.js';
import { addLink, editLink, linkRecord, removeLink } from '../../src/ops/links.js';
import { addSection } from '../../src/ops/sections.js';
import type { Store } from '../../src/store/store.js';
import { freshPortal, type BackendFactory } from './backend.js';

async function portal(backend: BackendFactory): Promise<Store> {
  const { store } = await freshPortal(backend);
  await addSection(store, { title: 'Liên kết Website', slug: 'lien-ket', kind: 'links' });
  await addSection(store, { title: 'Cơ quan', slug: 'co-quan', kind: 'links' });
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  return store;
}

async function titles(store: Store, section: string): Promise<string[]> {
  return (await store.links.inSection((await store.sections.find(section))!.id)).map((l) => `${l.title}@${l.position}`);
}

export function linksContract(backend: BackendFactory): void {
  describe(`${backend.name}: links`, () => {
    it.each([
      'https://chinhphu.vn',
      'http://nghean.gov.vn',
      'mailto:vanphong@sonlam.gov.vn',
      '/gioi-thieu',
      'tin-tuc/index.html',
    ])('accepts %s', async (url) => {
      const store = await portal(backend);
      const row = await addLink(store, { section: 'lien-ket', title: 'Liên kết', url });
      expect((await store.links.find(row.id))!.url).toBe(url);
    });

    it.each(['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://x.vn', 'https://', 'http://a b.vn', ''])('refuses %j and writes nothing', async (url) => {
      const store = await portal(backend);
      await expect(addLink(store, { section: 'lien-ket', title: 'Liên kết', url })).rejects.toThrow(ValidationError);
      expect(await store.links.all()).toEqual([]);
    });

    it('goes only into a links section that exists', async () => {
      const store = await portal(backend);
      await expect(addLink(store, { section: 'tin-tuc', title: 'x', url: 'https://a.vn' })).rejects.toThrow(/links go in a links section/);
      await expect(addLink(store, { section: 'khong-co', title: 'x', url: 'https://a.vn' })).rejects.toThrow(NotFoundError);
      expect(await store.links.all()).toEqual([]);
    });

    it('keeps positions 1..n through add, insert, move and remove', async () => {
      const store = await portal(backend);
      const a = await addLink(store, { section: 'lien-ket', title: 'A', url: 'https://a.vn' });
      await addLink(store, { section: 'lien-ket', title: 'B', url: 'https://b.vn' });
      await addLink(store, { section: 'lien-ket', title: 'C', url: 'https://c.vn' });
      await addLink(store, { section: 'lien-ket', title: 'Z', url: 'https://z.vn', position: 1 });
      expect(await titles(store, 'lien-ket')).toEqual(['Z@1', 'A@2', 'B@3', 'C@4']);
      await editLink(store, String(a.id), { position: 4 });
      expect(await titles(store, 'lien-ket')).toEqual(['Z@1', 'B@2', 'C@3', 'A@4']);
      await editLink(store, String(a.id), { section: 'co-quan' });
      expect(await titles(store, 'lien-ket')).toEqual(['Z@1', 'B@2', 'C@3']);
      expect(await titles(store, 'co-quan')).toEqual(['A@1']);
      const z = (await store.links.inSection((await store.sections.find('lien-ket'))!.id))[0]!;
      await removeLink(store, String(z.id));
      expect(await titles(store, 'lien-ket')).toEqual(['B@1', 'C@2']);
    });

    it('edits title and URL with the same validation, and reports unknown ids', async () => {
      const store = await portal(backend);
      const a = await addLink(store, { section: 'lien-ket', title: 'A', url: 'https://a.vn' });
      await editLink(store, String(a.id), { title: 'Cổng Chính phủ', url: 'https://chinhphu.vn' });
      expect(linkRecord((await store.links.find(a.id))!, await store.sectionSlugs())).toEqual({
        id: a.id,
        section: 'lien-ket',
        title: 'Cổng Chính phủ',
        url: 'https://chinhphu.vn',
        position: 1,
      });
      await expect(editLink(store, String(a.id), { url: 'javascript:void(0)' })).rejects.toThrow(ValidationError);
      expect((await store.links.find(a.id))!.url).toBe('https://chinhphu.vn');
      await expect(editLink(store, '999', { title: 'x' })).rejects.toThrow(NotFoundError);
      await expect(removeLink(store, 'abc')).rejects.toThrow(NotFoundError);
    });

    it('stores the title in NFC', async () => {
      const store = await portal(backend);
      const row = await addLink(store, { section: 'lien-ket', title: 'Cổng thông tin'.normalize('NFD'), url: 'https://a.vn' });
      expect(row.title).toBe('Cổng thông tin');
    });
  });
}
