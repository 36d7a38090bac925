import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../helpers/db.js';
import { ok, tempDb } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

type Article = Record<string, unknown> & { id: number; slug: string; title: string; published_at: string | null };
interface Envelope {
  items: Article[];
  page: number;
  per_page: number;
  total: number;
  pages: number;
}

const QUE_PHONG = 'Quế Phong: Nâng cao chất lượng phát triển đảng viên';
const QUE_PHONG_SLUG = 'que-phong-nang-cao-chat-luong-phat-trien-dang-vien';

describe('article add and show', () => {
  it('the acceptance case: slug derived, date read in the site zone, JSON with offset', async () => {
    const { db, dir, nd } = tempDb();
    await seedPortal(db);
    writeFileSync(join(dir, 'body.md'), 'Sáng 23/10, Huyện ủy Quế Phong tổ chức hội nghị.\n\nĐoạn hai.\n');
    const add = await nd(['article', 'add', '--title', QUE_PHONG, '--section', 'he-thong-chinh-tri', '--published-at', '23/10/2020 08:37 PM', '--body-file', 'body.md']);
    expect(add.code).toBe(0);
    expect(add.out).toBe('1\n');
    expect(add.err).toContain(`Added article 1: ${QUE_PHONG_SLUG}`);
    const show = await nd(['article', 'show', QUE_PHONG_SLUG, '--format', 'json']);
    expect(show.code).toBe(0);
    expect(show.out).toContain('"published_at": "2020-10-23T20:37:00+07:00"');
    const a = JSON.parse(show.out) as Article;
    expect(a).toMatchObject({
      id: 1,
      slug: QUE_PHONG_SLUG,
      title: QUE_PHONG,
      section: 'he-thong-chinh-tri',
      body: 'Sáng 23/10, Huyện ủy Quế Phong tổ chức hội nghị.\n\nĐoạn hai.\n',
      published_at: '2020-10-23T20:37:00+07:00',
      created_at: '2024-05-01T08:00:00+07:00',
    });
    expect(show.out).toContain(QUE_PHONG); // not \u-escaped
    // By id too, and as text.
    const text = await nd(['article', 'show', '1']);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe(QUE_PHONG);
    expect(text.out).toContain(`#1 · ${QUE_PHONG_SLUG} · he-thong-chinh-tri · draft · 2020-10-23T20:37:00+07:00`);
  });

  it('shows dates in the site time zone when it is changed', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    await ok(nd(['article', 'add', '--title', 'Tin', '--section', 'kinh-te', '--published-at', '2020-10-23T20:37:00+07:00', '--status', 'published']));
    await ok(nd(['site', 'set', 'timezone', 'Europe/Paris']));
    const a = JSON.parse((await nd(['article', 'show', 'tin', '--format', 'json'])).out) as Article;
    expect(a.published_at).toBe('2020-10-23T15:37:00+02:00');
    await ok(nd(['article', 'add', '--title', 'Tin Paris', '--section', 'kinh-te', '--published-at', '23/10/2020 20:37']));
    const b = JSON.parse((await nd(['article', 'show', 'tin-paris', '--format', 'json'])).out) as Article;
    expect(b.published_at).toBe('2020-10-23T20:37:00+02:00');
  });

  it('a title typed in decomposed Unicode is stored in NFC and found by its NFC slug', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    await ok(nd(['article', 'add', '--title', QUE_PHONG.normalize('NFD'), '--section', 'kinh-te', '--author', 'Nguyễn Văn Ánh'.normalize('NFD')]));
    const show = await nd(['article', 'show', QUE_PHONG_SLUG, '--format', 'json']);
    expect(show.code).toBe(0);
    const a = JSON.parse(show.out) as Article;
    expect(a.title).toBe(QUE_PHONG);
    expect(a.title).toBe((a.title as string).normalize('NFC'));
    expect(a.author).toBe('Nguyễn Văn Ánh');
    // --author given in either form finds it.
    for (const form of ['NFC', 'NFD'] as const) {
      const r = await nd(['article', 'list', '--author', 'Nguyễn Văn Ánh'.normalize(form), '--format', 'ids']);
      expect(r.out).toBe('1\n');
    }
  });

  it('writes data (the id) on stdout and messages on stderr; --quiet silences the messages', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const loud = await nd(['article', 'add', '--title', 'Một', '--section', 'kinh-te']);
    expect(loud).toEqual({ code: 0, out: '1\n', err: 'Added article 1: mot (draft)\n' });
    const quiet = await nd(['-q', 'article', 'add', '--title', 'Hai', '--section', 'kinh-te']);
    expect(quiet).toEqual({ code: 0, out: '2\n', err: '' });
  });

  it('takes the body from standard input with --body-file -', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    await ok(nd(['article', 'add', '--title', 'Từ stdin', '--section', 'kinh-te', '--body-file', '-'], { stdin: 'Nội dung\r\ntừ stdin' }));
    const a = JSON.parse((await nd(['article', 'show', 'tu-stdin', '--format', 'json'])).out) as Article;
    expect(a.body).toBe('Nội dung\ntừ stdin');
  });

  it('stores tags and images (a local file in the database, a URL as a URL)', async () => {
    const { db, dir, nd } = tempDb();
    await seedPortal(db);
    writeFileSync(join(dir, 'anh.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    await ok(
      nd([
        'article', 'add', '--title', 'Có ảnh', '--section', 'kinh-te',
        '--image', 'anh.png', '--caption', 'Nghi lễ', '--alt', 'Ảnh nghi lễ',
        '--image', 'https://example.vn/b.jpg',
        '--tag', 'lễ hội', '--tag', 'văn hóa',
      ]),
    );
    const a = JSON.parse((await nd(['article', 'show', 'co-anh', '--format', 'json'])).out) as Article & { images: Array<Record<string, string>>; tags: string[] };
    expect(a.tags).toEqual(['lễ hội', 'văn hóa']);
    expect(a.images).toHaveLength(2);
    expect(a.images[0]!.src).toMatch(/^media\/[0-9a-f]{64}\.png$/);
    expect(a.images[0]).toMatchObject({ caption: 'Nghi lễ', alt: 'Ảnh nghi lễ' });
    expect(a.images[1]).toEqual({ src: 'https://example.vn/b.jpg', caption: '', alt: '' });
  });

  it('names stored media by its stored type, whatever extension the reference gives', async () => {
    const { db, dir, nd } = tempDb();
    await seedPortal(db);
    writeFileSync(join(dir, 'anh.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    await ok(nd(['article', 'add', '--title', 'Ảnh gốc', '--section', 'kinh-te', '--image', 'anh.png']));
    const first = JSON.parse((await nd(['article', 'show', 'anh-goc', '--format', 'json'])).out) as { images: Array<{ src: string }> };
    const hash = /^media\/([0-9a-f]{64})\.png$/.exec(first.images[0]!.src)![1]!;
    // A page of the exported site, were it written under this name.
    await ok(nd(['article', 'add', '--title', 'Ảnh đổi đuôi', '--section', 'kinh-te', '--image', `media/${hash}.html`]));
    const second = JSON.parse((await nd(['article', 'show', 'anh-doi-duoi', '--format', 'json'])).out) as { images: Array<{ src: string }> };
    expect(second.images[0]!.src).toBe(`media/${hash}.png`);
  });

  it.each([
    [['--slug', 'Bad Slug'], '--slug'],
    [['--slug', 'quế'], '--slug'],
    [['--published-at', '31/02/2024'], '--published-at'],
    [['--published-at', '23/10/2020 13:61'], '--published-at'],
    [['--published-at', 'hôm qua'], '--published-at'],
    [['--status', 'deleted'], '--status'],
    [['--title', 'x'.repeat(501)], '--title'],
    [['--author', 'a\u0007b'], '--author'],
    [['--body', 'a', '--body-file', 'b.md'], '--body'],
    [['--caption', 'trước ảnh'], '--caption'],
    [['--tag', 't'.repeat(101)], '--tag'],
  ])('a bad flag value %j is a usage error (exit 2) naming %s; nothing is written', async (flags, named) => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const argv = ['article', 'add', '--section', 'kinh-te', ...flags];
    if (!flags.includes('--title')) argv.push('--title', 'Tiêu đề');
    const r = await nd(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^newsdesk: /);
    expect(r.err).toContain(named);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect((await nd(['article', 'list', '--format', 'count'])).out).toBe('0\n');
  });

  it('an explicit slug that is taken is a conflict (exit 1), never renamed', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    await ok(nd(['article', 'add', '--title', 'Một', '--section', 'kinh-te', '--slug', 'tin-moi']));
    const r = await nd(['article', 'add', '--title', 'Hai', '--section', 'kinh-te', '--slug', 'tin-moi']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('newsdesk: the slug "tin-moi" is already taken by another article');
    expect(r.err).toContain('hint: ');
    expect((await nd(['article', 'list', '--format', 'ids'])).out).toBe('1\n');
    // A derived slug that is taken gets -2.
    await ok(nd(['article', 'add', '--title', 'Tin mới', '--section', 'kinh-te']));
    expect((await nd(['article', 'show', '2', '--format', 'json'])).out).toContain('"slug": "tin-moi-2"');
  });

  it.each([
    [['--section', 'khong-co'], 1, 'no section "khong-co"'],
    [['--section', 'lien-ket-website'], 1, 'is a links section'],
  ])('section %j → exit %d', async (flags, code, message) => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const r = await nd(['article', 'add', '--title', 'x', ...flags]);
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
  });
});

describe('article edit, publish, unpublish, remove', () => {
  async function withOne() {
    const t = tempDb();
    await seedPortal(t.db);
    await ok(t.nd(['article', 'add', '--title', 'Bản tin', '--section', 'kinh-te', '--summary', 'Tóm tắt', '--author', 'An']));
    return t;
  }
  const show = async (nd: ReturnType<typeof tempDb>['nd'], ref = '1') => JSON.parse((await ok(nd(['article', 'show', ref, '--format', 'json']))).out) as Article;

  it('edit changes only the fields named; the slug stays unless given', async () => {
    const { nd } = await withOne();
    const r = await nd(['article', 'edit', 'ban-tin', '--title', 'Bản tin mới', '--status', 'published', '--published-at', '01/02/2024 07:30'], { now: FIXED_NOW + 60_000 });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const a = await show(nd);
    expect(a).toMatchObject({ title: 'Bản tin mới', slug: 'ban-tin', summary: 'Tóm tắt', author: 'An', status: 'published', published_at: '2024-02-01T07:30:00+07:00', updated_at: '2024-05-01T08:01:00+07:00', created_at: '2024-05-01T08:00:00+07:00' });
    await ok(nd(['article', 'edit', '1', '--slug', 'ban-tin-moi']));
    expect((await show(nd)).slug).toBe('ban-tin-moi');
  });

  it.each([
    [['--published-at', '31/02/2024'], 2],
    [['--slug', 'Không hợp lệ'], 2],
    [['--status', 'gone'], 2],
    [[], 2],
    [['--section', 'khong-co'], 1],
  ])('edit %j → exit %d, nothing changed', async (flags, code) => {
    const { nd } = await withOne();
    const before = await show(nd);
    const r = await nd(['article', 'edit', '1', ...flags]);
    expect(r.code).toBe(code);
    expect(await show(nd)).toEqual(before);
  });

  it('edit of a missing article → exit 1', async () => {
    const { nd } = await withOne();
    const r = await nd(['article', 'edit', '99', '--title', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('newsdesk: no article "99"');
  });

  it('publish --at, publish keeping the date, unpublish keeping the date', async () => {
    const { nd } = await withOne();
    await ok(nd(['article', 'publish', '1', '--at', '23/10/2020 08:37 PM']));
    expect(await show(nd)).toMatchObject({ status: 'published', published_at: '2020-10-23T20:37:00+07:00' });
    await ok(nd(['article', 'unpublish', 'ban-tin']));
    expect(await show(nd)).toMatchObject({ status: 'draft', published_at: '2020-10-23T20:37:00+07:00' });
    await ok(nd(['article', 'publish', '1']));
    expect(await show(nd)).toMatchObject({ status: 'published', published_at: '2020-10-23T20:37:00+07:00' });
    const bad = await nd(['article', 'publish', '1', '--at', '32/01/2024']);
    expect(bad.code).toBe(2);
    expect((await nd(['article', 'publish', '99'])).code).toBe(1);
  });

  it('remove without --yes and without a terminal is a usage error (exit 2) and removes nothing', async () => {
    const { nd } = await withOne();
    const r = await nd(['article', 'remove', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('confirmation needed');
    expect(r.err).toContain('--yes');
    expect((await nd(['article', 'list', '--format', 'count'])).out).toBe('1\n');
  });

  it('remove --yes removes every article named; one unknown and none is removed (exit 1)', async () => {
    const { nd } = await withOne();
    await ok(nd(['article', 'add', '--title', 'Hai', '--section', 'kinh-te']));
    await ok(nd(['article', 'add', '--title', 'Ba', '--section', 'kinh-te']));
    const missing = await nd(['article', 'remove', '1', 'khong-co', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no article "khong-co"');
    expect((await nd(['article', 'list', '--format', 'count'])).out).toBe('3\n');
    const r = await nd(['-y', 'article', 'remove', '1', 'hai']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('Removed 2 articles');
    expect((await nd(['article', 'list', '--format', 'ids'])).out).toBe('3\n');
  });
});

describe('article list', () => {
  it('137 articles: page 14 holds 7 of 137 in 14 pages; every article is on exactly one page', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 137);
    const last = await nd(['article', 'list', '--page', '14', '--format', 'json']);
    expect(last.code).toBe(0);
    const env = JSON.parse(last.out) as Envelope;
    expect(env.items).toHaveLength(7);
    expect(env).toMatchObject({ page: 14, per_page: 10, total: 137, pages: 14 });
    expect(env.items.map((i) => i.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const seen: number[] = [];
    for (let page = 1; page <= 14; page++) {
      const r = await nd(['article', 'list', '--page', String(page), '--format', 'ids']);
      seen.push(...r.out.trim().split('\n').map(Number));
    }
    expect(seen).toHaveLength(137);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 137 }, (_, i) => i + 1));
  });

  it('on a terminal, page 3 of 137 shows the pager line', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 137);
    const r = await nd(['article', 'list', '--page', '3'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n').slice(-2)).toEqual(['Page 3 of 14 · 137 articles', '« ‹ 1 2 [3] 4 5 … 14 › »']);
  });

  it('a page past the end is an empty list, not an error', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 137);
    const json = await nd(['article', 'list', '--page', '15', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ items: [], page: 15, per_page: 10, total: 137, pages: 14 });
    const tty = await nd(['article', 'list', '--page', '99'], { tty: true });
    expect(tty).toMatchObject({ code: 0, out: 'No articles on page 99 (there are 14 pages).\n' });
    const piped = await nd(['article', 'list', '--page', '99']);
    expect(piped).toMatchObject({ code: 0, out: '' });
  });

  it('--per-page, and the site setting as the default', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 137);
    const fifty = JSON.parse((await nd(['article', 'list', '--per-page', '50', '--page', '3', '--format', 'json'])).out) as Envelope;
    expect(fifty).toMatchObject({ page: 3, per_page: 50, pages: 3, total: 137 });
    expect(fifty.items).toHaveLength(37);
    await ok(nd(['site', 'set', 'per_page', '20']));
    const twenty = JSON.parse((await nd(['article', 'list', '--format', 'json'])).out) as Envelope;
    expect(twenty).toMatchObject({ per_page: 20, pages: 7 });
    expect(twenty.items).toHaveLength(20);
  });

  it('--all returns every article: one envelope in json, a stream otherwise', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 137);
    const json = JSON.parse((await nd(['article', 'list', '--all', '--format', 'json'])).out) as Envelope;
    expect(json).toMatchObject({ page: 1, pages: 1, total: 137, per_page: 137 });
    expect(json.items).toHaveLength(137);
    const ndjson = (await nd(['article', 'list', '--all', '--format', 'ndjson'])).out.trim().split('\n');
    expect(ndjson).toHaveLength(137);
    const ids = (await nd(['article', 'list', '--all', '--format', 'ids'])).out.trim().split('\n');
    expect(ids[0]).toBe('137');
    expect(ids[136]).toBe('1');
    const tty = await nd(['article', 'list', '--all'], { tty: true });
    expect(tty.out.trimEnd().split('\n').pop()).toBe('137 articles');
  });

  it.each([
    [['--per-page', '0'], '--per-page'],
    [['--per-page', 'abc'], '--per-page'],
    [['--per-page', '1001'], '--per-page'],
    [['--per-page', '-5'], '--per-page'],
    [['--page', '0'], '--page'],
    [['--page', '1.5'], '--page'],
    [['--since', '31/02/2024'], '--since'],
    [['--until', 'ngày mai'], '--until'],
    [['--status', 'deleted'], '--status'],
    [['--sort', 'bogus'], '--sort'],
    [['--format', 'yaml'], '--format'],
    [['--colour'], '--colour'],
  ])('%j → exit 2 naming %s', async (flags, named) => {
    const { db, nd } = tempDb();
    await seedPortal(db, 3);
    const r = await nd(['article', 'list', ...flags]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(named);
  });

  it('filters: --section with subsections, --status, --author, --since/--until inclusive with whole days', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db);
    const add = (title: string, section: string, ...flags: string[]) => ok(nd(['article', 'add', '--title', title, '--section', section, ...flags]));
    await add('A', 'he-thong-chinh-tri', '--status', 'published', '--published-at', '01/01/2024 00:00', '--author', 'An');
    await add('B', 'huyen-uy', '--status', 'published', '--published-at', '31/01/2024 23:59', '--author', 'Bình');
    await add('C', 'kinh-te', '--status', 'published', '--published-at', '01/02/2024 00:00', '--author', 'An');
    await add('D', 'huyen-uy'); // a draft without a date
    await add('E', 'kinh-te', '--published-at', '15/01/2024'); // a draft with a date
    const titles = async (...flags: string[]): Promise<string[]> => {
      const r = await nd(['article', 'list', '--all', '--format', 'csv', '--fields', 'title', ...flags]);
      expect(r.code).toBe(0);
      return r.out.trim().split('\r\n').slice(1).sort();
    };
    expect(await titles('--section', 'he-thong-chinh-tri')).toEqual(['A', 'B', 'D']);
    expect(await titles('--section', 'huyen-uy')).toEqual(['B', 'D']);
    expect(await titles('--status', 'draft')).toEqual(['D', 'E']);
    expect(await titles('--status', 'published')).toEqual(['A', 'B', 'C']);
    expect(await titles('--status', 'all')).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await titles('--author', 'An')).toEqual(['A', 'C']);
    expect(await titles('--since', '01/01/2024', '--until', '31/01/2024')).toEqual(['A', 'B', 'E']);
    expect(await titles('--since', '2024-01-31')).toEqual(['B', 'C']);
    expect(await titles('--until', '2024-01-01')).toEqual(['A']);
    expect(await titles('--since', '31/01/2024 23:59', '--until', '01/02/2024 00:00')).toEqual(['B', 'C']);
    expect(await titles('--since', '2024-01-01T00:00:01+07:00', '--section', 'he-thong-chinh-tri')).toEqual(['B']);
    expect(await titles('--since', '2030-01-01')).toEqual([]);
    const missing = await nd(['article', 'list', '--section', 'khong-co']);
    expect(missing.code).toBe(1);
  });

  it('default order is newest first; --sort FIELD and -FIELD', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 5);
    const ids = async (...flags: string[]) => (await nd(['article', 'list', '--format', 'ids', ...flags])).out.trim().split('\n').map(Number);
    expect(await ids()).toEqual([5, 4, 3, 2, 1]);
    expect(await ids('--sort', 'published_at')).toEqual([1, 2, 3, 4, 5]);
    expect(await ids('--sort', '-id')).toEqual([5, 4, 3, 2, 1]);
    // Authors alternate An (odd) / Bình (even); ties broken by id.
    expect(await ids('--sort', 'author')).toEqual([1, 3, 5, 2, 4]);
    expect(await ids('--sort', '-author')).toEqual([4, 2, 5, 3, 1]);
  });

  it('a read command never creates the database', async () => {
    const { db, nd } = tempDb();
    const r = await nd(['article', 'list']);
    expect(r.code).toBe(1);
    expect(existsSync(db)).toBe(false);
  });
});
