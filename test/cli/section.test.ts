import { describe, expect, it } from 'vitest';
import { ok, tempDb } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

async function slugs(nd: ReturnType<typeof tempDb>['nd']): Promise<string[]> {
  const r = await ok(nd(['section', 'list', '--fields', 'slug,depth,position']));
  return r.out.trimEnd().split('\n').map((l) => {
    const [slug, depth, position] = l.split('\t');
    return `${'  '.repeat(Number(depth))}${slug}@${position}`;
  });
}

describe('section commands', () => {
  it('add prints the id; show as text and JSON', async () => {
    const { nd } = tempDb();
    expect((await nd(['section', 'add', 'Hệ thống chính trị', '--description', 'Đảng, chính quyền'])).out).toBe('1\n');
    const add = await nd(['section', 'add', 'Huyện ủy', '--parent', 'he-thong-chinh-tri']);
    expect(add).toEqual({ code: 0, out: '2\n', err: 'Added section huyen-uy (id 2)\n' });
    const json = JSON.parse((await ok(nd(['section', 'show', 'huyen-uy', '--format', 'json']))).out) as unknown;
    expect(json).toEqual({ id: 2, slug: 'huyen-uy', title: 'Huyện ủy', kind: 'articles', parent: 'he-thong-chinh-tri', position: 1, description: '' });
    const text = (await ok(nd(['section', 'show', '1']))).out;
    expect(text.split('\n')[0]).toBe('Hệ thống chính trị');
    expect(text).toContain('contents:    0 articles, 0 links, 1 subsections');
    expect(text).toContain('description: Đảng, chính quyền');
  });

  it('move --before, --after, --parent, --position, and edit --parent "" to the top level', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    expect(await slugs(nd)).toEqual(['gioi-thieu@1', 'he-thong-chinh-tri@2', '  huyen-uy@1', 'kinh-te@3', 'lien-ket-website@4']);
    await ok(nd(['section', 'move', 'kinh-te', '--before', 'gioi-thieu']));
    expect(await slugs(nd)).toEqual(['kinh-te@1', 'gioi-thieu@2', 'he-thong-chinh-tri@3', '  huyen-uy@1', 'lien-ket-website@4']);
    await ok(nd(['section', 'move', 'gioi-thieu', '--after', 'huyen-uy']));
    expect(await slugs(nd)).toEqual(['kinh-te@1', 'he-thong-chinh-tri@2', '  huyen-uy@1', '  gioi-thieu@2', 'lien-ket-website@3']);
    await ok(nd(['section', 'move', 'kinh-te', '--parent', 'huyen-uy']));
    expect(await slugs(nd)).toEqual(['he-thong-chinh-tri@1', '  huyen-uy@1', '    kinh-te@1', '  gioi-thieu@2', 'lien-ket-website@2']);
    await ok(nd(['section', 'move', 'lien-ket-website', '--position', '1']));
    await ok(nd(['section', 'edit', 'kinh-te', '--parent', '']));
    expect(await slugs(nd)).toEqual(['lien-ket-website@1', 'he-thong-chinh-tri@2', '  huyen-uy@1', '  gioi-thieu@2', 'kinh-te@3']);
    const cycle = await nd(['section', 'move', 'he-thong-chinh-tri', '--parent', 'huyen-uy']);
    expect(cycle.code).toBe(1);
    expect(cycle.err).toContain('cannot be moved under itself or one of its subsections');
    expect(await slugs(nd)).toEqual(['lien-ket-website@1', 'he-thong-chinh-tri@2', '  huyen-uy@1', '  gioi-thieu@2', 'kinh-te@3']);
  });

  it('remove --move-articles-to moves articles and subsections, then removes', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 3);
    await ok(nd(['section', 'add', 'Con', '--parent', 'kinh-te']));
    const refused = await nd(['section', 'remove', 'kinh-te', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('still holds 3 articles, 0 links and 1 subsection');
    const r = await nd(['section', 'remove', 'kinh-te', '--move-articles-to', 'gioi-thieu', '--yes']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('moved 3 articles, 0 links, 1 subsections to gioi-thieu');
    expect((await nd(['section', 'show', 'kinh-te'])).code).toBe(1);
    expect((await nd(['article', 'list', '--section', 'gioi-thieu', '--format', 'count'])).out).toBe('3\n');
    expect((await nd(['section', 'show', 'con', '--format', 'json'])).out).toContain('"parent": "gioi-thieu"');
  });

  it('edit changes the title and slug; a taken slug is a conflict', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    await ok(nd(['section', 'edit', 'kinh-te', '--title', 'Kinh tế', '--slug', 'kinh-te-moi']));
    expect(JSON.parse((await nd(['section', 'show', 'kinh-te-moi', '--format', 'json'])).out)).toMatchObject({ title: 'Kinh tế', slug: 'kinh-te-moi' });
    const taken = await nd(['section', 'edit', 'kinh-te-moi', '--slug', 'gioi-thieu']);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('already taken');
  });
});
