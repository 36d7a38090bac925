import { describe, expect, it } from 'vitest';
import { ok, tempDb } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

describe('link commands', () => {
  it('add, edit, move between sections, remove', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    await ok(nd(['section', 'add', 'Cơ quan', '--kind', 'links']));
    const add = await nd(['link', 'add', 'lien-ket-website', 'Báo Nghệ An', 'https://baonghean.vn', '--position', '1']);
    expect(add).toEqual({ code: 0, out: '4\n', err: 'Added link 4 to lien-ket-website\n' });
    const list = async (section: string) => (await ok(nd(['link', 'list', section, '--fields', 'id,position', '--format', 'csv']))).out.trim().split('\r\n').slice(1);
    expect(await list('lien-ket-website')).toEqual(['4,1', '1,2', '2,3', '3,4']);
    await ok(nd(['link', 'edit', '4', '--title', 'Báo Nghệ An điện tử', '--url', 'https://www.baonghean.vn', '--section', 'co-quan']));
    expect(await list('lien-ket-website')).toEqual(['1,1', '2,2', '3,3']);
    const moved = JSON.parse((await ok(nd(['link', 'list', 'co-quan', '--format', 'json']))).out) as { items: unknown[] };
    expect(moved.items).toEqual([{ id: 4, section: 'co-quan', title: 'Báo Nghệ An điện tử', url: 'https://www.baonghean.vn', position: 1 }]);
    const bad = await nd(['link', 'edit', '4', '--url', 'javascript:alert(1)']);
    expect(bad.code).toBe(2);
    // Links are published: a URL carrying credentials would publish them.
    const secret = await nd(['link', 'edit', '4', '--url', 'https://user:pass@baonghean.vn/']);
    expect(secret.code).toBe(2);
    expect(secret.err).toContain('must not carry a user name or password');
    await ok(nd(['link', 'remove', '1']));
    expect(await list('lien-ket-website')).toEqual(['2,1', '3,2']);
    expect((await nd(['link', 'remove', '1'])).code).toBe(1);
  });
});
