import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/core/errors.js';
import { addLink, editLink, linkRecord, removeLink } from '../../src/ops/links.js';
import { addSection } from '../../src/ops/sections.js';
import type { Store } from '../../src/store/store.js';
import { freshStore } from '../helpers/db.js';

function portal(): Store {
  const store = freshStore();
  addSection(store, { title: 'Liên kết Website', slug: 'lien-ket', kind: 'links' });
  addSection(store, { title: 'Cơ quan', slug: 'co-quan', kind: 'links' });
  addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  return store;
}

function titles(store: Store, section: string): string[] {
  return store.links.inSection(store.sections.find(section)!.id).map((l) => `${l.title}@${l.position}`);
}

describe('links', () => {
  it.each([
    'https://chinhphu.vn',
    'http://nghean.gov.vn',
    'mailto:vanphong@sonlam.gov.vn',
    '/gioi-thieu',
    'tin-tuc/index.html',
  ])('accepts %s', (url) => {
    const store = portal();
    const row = addLink(store, { section: 'lien-ket', title: 'Liên kết', url });
    expect(store.links.find(row.id)!.url).toBe(url);
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://x.vn', 'https://', 'http://a b.vn', ''])('refuses %j and writes nothing', (url) => {
    const store = portal();
    expect(() => addLink(store, { section: 'lien-ket', title: 'Liên kết', url })).toThrow(ValidationError);
    expect(store.links.all()).toEqual([]);
  });

  it('goes only into a links section that exists', () => {
    const store = portal();
    expect(() => addLink(store, { section: 'tin-tuc', title: 'x', url: 'https://a.vn' })).toThrow(/links go in a links section/);
    expect(() => addLink(store, { section: 'khong-co', title: 'x', url: 'https://a.vn' })).toThrow(NotFoundError);
    expect(store.links.all()).toEqual([]);
  });

  it('keeps positions 1..n through add, insert, move and remove', () => {
    const store = portal();
    const a = addLink(store, { section: 'lien-ket', title: 'A', url: 'https://a.vn' });
    addLink(store, { section: 'lien-ket', title: 'B', url: 'https://b.vn' });
    addLink(store, { section: 'lien-ket', title: 'C', url: 'https://c.vn' });
    addLink(store, { section: 'lien-ket', title: 'Z', url: 'https://z.vn', position: 1 });
    expect(titles(store, 'lien-ket')).toEqual(['Z@1', 'A@2', 'B@3', 'C@4']);
    editLink(store, String(a.id), { position: 4 });
    expect(titles(store, 'lien-ket')).toEqual(['Z@1', 'B@2', 'C@3', 'A@4']);
    editLink(store, String(a.id), { section: 'co-quan' });
    expect(titles(store, 'lien-ket')).toEqual(['Z@1', 'B@2', 'C@3']);
    expect(titles(store, 'co-quan')).toEqual(['A@1']);
    const z = store.links.inSection(store.sections.find('lien-ket')!.id)[0]!;
    removeLink(store, String(z.id));
    expect(titles(store, 'lien-ket')).toEqual(['B@1', 'C@2']);
  });

  it('edits title and URL with the same validation, and reports unknown ids', () => {
    const store = portal();
    const a = addLink(store, { section: 'lien-ket', title: 'A', url: 'https://a.vn' });
    editLink(store, String(a.id), { title: 'Cổng Chính phủ', url: 'https://chinhphu.vn' });
    expect(linkRecord(store.links.find(a.id)!, store.sectionSlugs())).toEqual({
      id: a.id,
      section: 'lien-ket',
      title: 'Cổng Chính phủ',
      url: 'https://chinhphu.vn',
      position: 1,
    });
    expect(() => editLink(store, String(a.id), { url: 'javascript:void(0)' })).toThrow(ValidationError);
    expect(store.links.find(a.id)!.url).toBe('https://chinhphu.vn');
    expect(() => editLink(store, '999', { title: 'x' })).toThrow(NotFoundError);
    expect(() => removeLink(store, 'abc')).toThrow(NotFoundError);
  });

  it('stores the title in NFC', () => {
    const store = portal();
    const row = addLink(store, { section: 'lien-ket', title: 'Cổng thông tin'.normalize('NFD'), url: 'https://a.vn' });
    expect(row.title).toBe('Cổng thông tin');
  });
});
