// The history commands through the CLI: article history, show --revision, diff, restore, the
// trash, revisions prune, and the saves that expect a revision (flags, $EDITOR, two processes).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/cli/prompts.js';
import { needBuild } from '../helpers/build.js';
import { cli, ok, scriptedPrompter, tempDb } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

const BIN = fileURLToPath(new URL('../../bin/newsdesk.js', import.meta.url));

async function portalWithArticle(): Promise<ReturnType<typeof tempDb>> {
  const t = tempDb();
  await seedPortal(t.db);
  await ok(t.nd(['--by', 'lan', 'article', 'add', '--title', 'Lịch tiếp công dân tháng 5', '--section', 'kinh-te', '--body', 'Chủ tịch tiếp công dân vào thứ Năm.']));
  return t;
}

describe('article history, show --revision and diff', () => {
  it('lists revisions with who, when and what changed, in every format', async () => {
    const { nd } = await portalWithArticle();
    await ok(nd(['--by', 'minh', 'article', 'edit', '1', '--title', 'Lịch tiếp công dân tháng 6', '-m', 'đổi tháng']));
    await ok(nd(['article', 'publish', '1'], { env: { NO_COLOR: '1', NEWSDESK_USER: 'hoa' } }));
    const json = JSON.parse((await ok(nd(['article', 'history', '1', '--format', 'json']))).out) as { items: Array<Record<string, unknown>>; total: number };
    expect(json.total).toBe(3);
    expect(json.items.map((r) => [r.revision, r.by, r.changed, r.message])).toEqual([
      // One fixed clock: updated_at does not move between these runs.
      [3, 'hoa', ['status', 'published_at'], ''],
      [2, 'minh', ['title'], 'đổi tháng'],
      [1, 'lan', ['created'], ''],
    ]);
    expect(json.items[0]!.at).toBe('2024-05-01T08:00:00+07:00');
    expect((await ok(nd(['article', 'history', '1', '--format', 'ids']))).out).toBe('3\n2\n1\n');
    expect((await ok(nd(['article', 'history', '1', '--format', 'csv', '--fields', 'revision,by']))).out).toBe('revision,by\r\n3,hoa\r\n2,minh\r\n1,lan\r\n');
    // The article's own JSON carries its revision.
    expect(JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out).revision).toBe(3);
    const old = JSON.parse((await ok(nd(['article', 'show', '1', '--revision', '1', '--format', 'json']))).out) as Record<string, unknown>;
    expect([old.title, old.status, old.revision]).toEqual(['Lịch tiếp công dân tháng 5', 'draft', 1]);
    const missing = await nd(['article', 'show', '1', '--revision', '9']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/article 1 has no revision 9/);
  });

  it('diff: a unified diff when piped, words marked on a terminal', async () => {
    const { nd } = await portalWithArticle();
    await ok(nd(['article', 'edit', '1', '--body', 'Chủ tịch tiếp công dân vào thứ Sáu.']));
    const piped = (await ok(nd(['article', 'diff', '1']))).out;
    expect(piped).toContain('--- article-1@1');
    expect(piped).toContain('+++ article-1@2');
    expect(piped).toContain('-Chủ tịch tiếp công dân vào thứ Năm.');
    expect(piped).toContain('+Chủ tịch tiếp công dân vào thứ Sáu.');
    const tty = (await ok(nd(['article', 'diff', '1', '1', '2'], { tty: true }))).out;
    expect(tty).toContain('body');
    expect(tty).toContain('Chủ tịch tiếp công dân vào thứ [-Năm-]{+Sáu+}.');
    const none = await nd(['article', 'diff', '1', '1', '1']);
    expect(none.out).toBe('');
    const only = await portalWithArticle();
    const bad = await only.nd(['article', 'diff', '1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/only revision 1: nothing to compare/);
  });

  it('restore brings an old state back as a new revision', async () => {
    const { nd } = await portalWithArticle();
    await ok(nd(['article', 'edit', '1', '--title', 'Sai', '--body', 'Ghi đè nhầm']));
    const r = await ok(nd(['article', 'restore', '1', '--revision', '1']));
    expect(r.err).toContain('Restored article 1 to revision 1: now revision 3');
    const now = JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out) as Record<string, unknown>;
    expect([now.title, now.body, now.revision]).toEqual(['Lịch tiếp công dân tháng 5', 'Chủ tịch tiếp công dân vào thứ Năm.', 3]);
    expect((await ok(nd(['search', 'ghi de', '--format', 'count']))).out).toBe('0\n');
    expect((await nd(['article', 'restore', '1'])).code).toBe(2);
  });
});

describe('no lost updates', () => {
  it('--if-revision: a stale expectation fails with exit 1 and changes nothing', async () => {
    const { nd } = await portalWithArticle();
    await ok(nd(['article', 'edit', '1', '--summary', 'Minh lưu trước', '--if-revision', '1']));
    for (const argv of [
      ['article', 'edit', '1', '--summary', 'Lan lưu sau', '--if-revision', '1'],
      ['article', 'publish', '1', '--if-revision', '1'],
      ['article', 'unpublish', '1', '--if-revision', '1'],
      ['article', 'remove', '1', '--yes', '--if-revision', '1'],
      ['article', 'restore', '1', '--revision', '1', '--if-revision', '1'],
    ]) {
      const r = await nd(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(/article 1 changed since it was read: it is at revision 2, not 1; nothing was changed/);
      expect(r.err).toMatch(/hint: .*newsdesk article diff 1 1 2/);
    }
    const a = JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out) as Record<string, unknown>;
    expect([a.summary, a.revision, a.status]).toEqual(['Minh lưu trước', 2, 'draft']);
    expect((await nd(['article', 'edit', '1', '--summary', 'x', '--if-revision', 'hai'])).code).toBe(2);
  });

  it('$EDITOR open while a colleague saves: nothing is overwritten, the text is kept in a file', async () => {
    const { db, nd } = await portalWithArticle();
    const { prompter } = scriptedPrompter([]);
    const slowEditor: Prompter = {
      ...prompter,
      // While the editor is open, someone else saves the article (another connection).
      editor: async () => {
        await ok(cli(['--db', db, '--by', 'minh', 'article', 'edit', '1', '--body', 'Bản của Minh']));
        return 'Bản của Lan, gõ trong trình soạn thảo';
      },
    };
    const r = await nd(['article', 'edit', '1', '--editor'], { tty: true, prompter: slowEditor });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/at revision 2, not 1; nothing was changed/);
    const kept = /your changes are kept in (\S+);/.exec(r.err)?.[1];
    expect(kept).toBeDefined();
    expect(readFileSync(kept!, 'utf8')).toBe('Bản của Lan, gõ trong trình soạn thảo');
    expect(r.err).toContain('newsdesk article diff 1 1 2');
    const a = JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out) as Record<string, unknown>;
    expect([a.body, a.revision]).toEqual(['Bản của Minh', 2]);
  });

  describe('two processes', () => {
    needBuild();
    it('the slow one (its body still coming on stdin) does not replace what the other saved', async () => {
      const { db, nd } = await portalWithArticle();
      const slow = spawn(process.execPath, [BIN, '--db', db, 'article', 'edit', '1', '--if-revision', '1', '--body-file', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      slow.stderr.on('data', (d: Buffer) => (err += d.toString()));
      slow.stdin.write('Bản của Lan, ');
      const quick = spawn(process.execPath, [BIN, '--db', db, 'article', 'edit', '1', '--if-revision', '1', '--body', 'Bản của Minh'], { stdio: 'ignore' });
      expect(await new Promise((r) => quick.on('close', r))).toBe(0);
      slow.stdin.end('viết chậm.');
      expect(await new Promise((r) => slow.on('close', r))).toBe(1);
      expect(err).toMatch(/at revision 2, not 1; nothing was changed/);
      const a = JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out) as Record<string, unknown>;
      expect([a.body, a.revision]).toEqual(['Bản của Minh', 2]);
    });
  });
});

describe('the trash', () => {
  it('remove moves to the trash; list, restore and empty; --purge removes for good', async () => {
    const { nd } = await portalWithArticle();
    await ok(nd(['article', 'add', '--title', 'Thông báo hai', '--section', 'kinh-te']));
    const rm = await ok(nd(['--by', 'minh', 'article', 'remove', '1', '2', '--yes']));
    expect(rm.err).toContain('Removed 2 articles to the trash (newsdesk trash restore 1 2 brings them back)');
    expect((await ok(nd(['article', 'list', '--format', 'count']))).out).toBe('0\n');
    expect((await ok(nd(['trash', 'list', '--format', 'ids']))).out).toBe('2\n1\n');
    const listed = JSON.parse((await ok(nd(['trash', 'list', '--format', 'json']))).out) as { items: Array<Record<string, unknown>> };
    expect(listed.items[1]).toMatchObject({ id: 1, slug: 'lich-tiep-cong-dan-thang-5', section: 'kinh-te', deleted_by: 'minh', deleted_at: '2024-05-01T08:00:00+07:00' });
    // The slug stays reserved; history is kept.
    expect((await ok(nd(['article', 'add', '--title', 'Lịch tiếp công dân tháng 5', '--section', 'kinh-te']))).err).toContain('lich-tiep-cong-dan-thang-5-2');
    expect((await ok(nd(['article', 'history', '1', '--format', 'count']))).out).toBe('1\n');
    expect((await ok(nd(['trash', 'restore', '1']))).err).toContain('Restored article 1: lich-tiep-cong-dan-thang-5');
    expect((await ok(nd(['search', 'thu nam', '--format', 'ids']))).out).toBe('');
    expect((await ok(nd(['article', 'show', '1', '--format', 'json']))).out).toContain('"revision": 1');
    const notThere = await nd(['trash', 'restore', '1']);
    expect(notThere.code).toBe(1);
    expect(notThere.err).toMatch(/article 1 is not in the trash/);
    expect((await nd(['trash', 'empty'])).code).toBe(2);
    expect((await ok(nd(['trash', 'empty', '--older-than', '30d', '--yes']))).err).toContain('The trash holds nothing to remove.');
    expect((await ok(nd(['trash', 'empty', '--yes']))).err).toContain('Removed for good 1 article');
    expect((await nd(['trash', 'empty', '--older-than', 'soon', '--yes'])).code).toBe(2);
    expect((await nd(['article', 'remove', '1', '--purge'])).code).toBe(2);
    expect((await ok(nd(['article', 'remove', '1', '--purge', '--yes']))).err).toContain('Removed for good article 1');
    expect((await nd(['article', 'history', '1'])).code).toBe(1);
    expect((await ok(nd(['check']))).code).toBe(0);
  });

  it('the next export html takes a removed article out of the site', async () => {
    const { nd, dir } = await portalWithArticle();
    await ok(nd(['article', 'publish', '1']));
    await ok(nd(['export', 'html', '--out', 'site']));
    const page = join(dir, 'site', 'bai-viet', 'lich-tiep-cong-dan-thang-5', 'index.html');
    const pages = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(pages).toContain('Lịch tiếp công dân tháng 5');
    const before = existsSync(page);
    await ok(nd(['article', 'remove', '1', '--yes']));
    await ok(nd(['export', 'html', '--out', 'site']));
    expect(readFileSync(join(dir, 'site', 'index.html'), 'utf8')).not.toContain('Lịch tiếp công dân tháng 5');
    if (before) expect(existsSync(page)).toBe(false);
  });
});

describe('revisions prune and keep_revisions', () => {
  it('prunes by count and age; keep_revisions prunes as edits come', async () => {
    const { nd } = await portalWithArticle();
    for (let i = 1; i <= 4; i++) await ok(nd(['article', 'edit', '1', '--summary', `lần ${i}`], { now: Date.parse('2024-05-01T01:00:00Z') + i * 86_400_000 }));
    expect((await nd(['revisions', 'prune'])).code).toBe(2);
    expect((await ok(nd(['revisions', 'prune', '--keep', '3']))).err).toContain('Pruned 2 revisions');
    expect((await ok(nd(['article', 'history', '1', '--format', 'ids']))).out).toBe('5\n4\n3\n');
    // Made more than a day before day 5: revisions 3 and 4 (days 2 and 3); 5, the current one, stays.
    expect((await ok(nd(['revisions', 'prune', '--older-than', '1d'], { now: Date.parse('2024-05-01T01:00:00Z') + 5 * 86_400_000 }))).err).toContain('Pruned 2 revisions');
    expect((await ok(nd(['article', 'history', '1', '--format', 'ids']))).out).toBe('5\n');
    await ok(nd(['site', 'set', 'keep_revisions', '1']));
    expect((await ok(nd(['site', 'show']))).out).toContain('keep_revisions 1');
    await ok(nd(['article', 'edit', '1', '--summary', 'cuối']));
    expect((await ok(nd(['article', 'history', '1', '--format', 'ids']))).out).toBe('6\n');
    expect((await nd(['site', 'set', 'keep_revisions', '0'])).code).toBe(2);
    await ok(nd(['site', 'set', 'keep_revisions', '']));
    expect((await ok(nd(['site', 'show']))).out).not.toContain('keep_revisions');
    expect((await ok(nd(['check']))).code).toBe(0);
  });
});

describe('an old export imported back', () => {
  it('does not undo what changed since: the record read at an older revision is rejected', async () => {
    const { nd, dir } = await portalWithArticle();
    const exported = JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out) as Record<string, unknown>;
    await ok(nd(['article', 'edit', '1', '--body', 'Bản mới hơn']));
    writeFileSync(join(dir, 'old.ndjson'), `${JSON.stringify({ ...exported, body: 'Bản cũ' })}\n`);
    const r = await nd(['import', 'old.ndjson', '--on-conflict', 'update']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/revision: the article "lich-tiep-cong-dan-thang-5" is at revision 2, not 1/);
    const a = JSON.parse((await ok(nd(['article', 'show', '1', '--format', 'json']))).out) as Record<string, unknown>;
    expect(a.body).toBe('Bản mới hơn');
    // Read at the current revision, it updates, as one more revision.
    writeFileSync(join(dir, 'fresh.ndjson'), `${JSON.stringify({ ...exported, revision: 2, body: 'Bản nhập' })}\n`);
    await ok(nd(['--by', 'nhap', 'import', 'fresh.ndjson', '--on-conflict', 'update']));
    const h = JSON.parse((await ok(nd(['article', 'history', '1', '--format', 'json']))).out) as { items: Array<Record<string, unknown>> };
    expect(h.items[0]).toMatchObject({ revision: 3, by: 'nhap', message: 'import' });
  });
});

describe('a row changed outside newsdesk', () => {
  it('check reports it; reindex, or the next edit, records it as a revision of its own', async () => {
    const { db, nd } = await portalWithArticle();
    await ok(nd(['article', 'edit', '1', '--summary', 'Một']));
    const { SqliteStore } = await import('../../src/store/sqlite/store.js');
    const outside = async (sql: string) => {
      const store = await SqliteStore.open(db, 'write');
      store.handle.db.prepare(sql).run();
      await store.close();
    };
    await outside("UPDATE articles SET summary = 'Sửa tay' WHERE id = 1");
    const bad = await nd(['check']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/history: article 1 was changed outside newsdesk since its revision 2/);
    // Said in Vietnamese to a Vietnamese reader; --format json keeps the English data.
    const vi = await nd(['check'], { env: { NO_COLOR: '1', NEWSDESK_LANG: 'vi' } });
    expect(vi.out).toMatch(/history: bài viết 1 đã bị thay đổi ngoài newsdesk kể từ phiên bản 2/);
    const json = JSON.parse((await nd(['check', '--format', 'json'], { env: { NO_COLOR: '1', NEWSDESK_LANG: 'vi' } })).out) as { problems: Array<{ message: string }> };
    expect(json.problems.map((p) => p.message)).toContain('article 1 was changed outside newsdesk since its revision 2: the revisions before cannot be rebuilt (newsdesk reindex records the change as a revision)');
    await ok(nd(['reindex']));
    expect((await ok(nd(['check']))).code).toBe(0);
    const h = JSON.parse((await ok(nd(['article', 'history', '1', '--format', 'json']))).out) as { items: Array<Record<string, unknown>> };
    expect(h.items.map((r) => [r.revision, r.message])).toEqual([[3, 'changed outside newsdesk']]);
    // Without a reindex, the next edit through newsdesk records it first.
    await outside("UPDATE articles SET summary = 'Sửa tay lần hai' WHERE id = 1");
    await ok(nd(['--by', 'lan', 'article', 'edit', '1', '--summary', 'Ba']));
    const h2 = JSON.parse((await ok(nd(['article', 'history', '1', '--format', 'json']))).out) as { items: Array<Record<string, unknown>> };
    expect(h2.items.map((r) => [r.revision, r.by, r.message])).toEqual([
      [5, 'lan', ''],
      [4, '', 'changed outside newsdesk'],
    ]);
    expect(JSON.parse((await ok(nd(['article', 'show', '1', '--revision', '4', '--format', 'json']))).out).summary).toBe('Sửa tay lần hai');
    expect((await ok(nd(['check']))).code).toBe(0);
  });
});

describe('imports and the trash', () => {
  it('a record whose slug an article in the trash holds is rejected, nothing written', async () => {
    const { nd, dir } = await portalWithArticle();
    await ok(nd(['article', 'remove', '1', '--yes']));
    writeFileSync(join(dir, 'in.ndjson'), `${JSON.stringify({ title: 'Khác', slug: 'lich-tiep-cong-dan-thang-5', section: 'kinh-te' })}\n`);
    const r = await nd(['import', 'in.ndjson']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the slug "lich-tiep-cong-dan-thang-5" belongs to an article in the trash/);
    expect((await ok(nd(['article', 'list', '--format', 'count']))).out).toBe('0\n');
    expect((await ok(nd(['trash', 'restore', '1']))).code).toBe(0);
  });
});

describe('a feed read again after an editor removed one of its items', () => {
  it('does not bring the removed item back; restored, it is updated again', async () => {
    const { nd, dir } = await portalWithArticle();
    const rss = (title: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tin huyện</title><link>https://tin.example.vn/</link>
<item><title>${title}</title><link>https://tin.example.vn/a/1</link><guid>https://tin.example.vn/a/1</guid><description>Nội dung</description><pubDate>Wed, 01 May 2024 01:00:00 GMT</pubDate></item>
</channel></rss>`;
    writeFileSync(join(dir, 'tin.rss'), rss('Tin một'));
    await ok(nd(['import', 'tin.rss', '--section', 'kinh-te', '--on-conflict', 'update']));
    const id = (await ok(nd(['article', 'list', '--format', 'ids', '--sort', 'id']))).out.trim().split('\n').pop()!;
    await ok(nd(['article', 'remove', id, '--yes']));
    writeFileSync(join(dir, 'tin.rss'), rss('Tin một, sửa'));
    const again = JSON.parse((await ok(nd(['import', 'tin.rss', '--section', 'kinh-te', '--on-conflict', 'update', '--format', 'json']))).out.trim().split('\n').pop()!) as Record<string, number>;
    expect([again.inserted, again.updated, again.skipped]).toEqual([0, 0, 1]);
    expect((await ok(nd(['article', 'list', '--format', 'count']))).out).toBe('1\n');
    await ok(nd(['trash', 'restore', id]));
    const back = JSON.parse((await ok(nd(['import', 'tin.rss', '--section', 'kinh-te', '--on-conflict', 'update', '--format', 'json']))).out.trim().split('\n').pop()!) as Record<string, number>;
    expect(back.updated).toBe(1);
    expect(JSON.parse((await ok(nd(['article', 'show', id, '--format', 'json']))).out).title).toBe('Tin một, sửa');
  });
});

describe('export json --with-history', () => {
  it('carries the revisions and the trash, and an import brings them back: history, trash, check', async () => {
    const { nd, dir } = await portalWithArticle();
    await ok(nd(['--by', 'minh', 'article', 'edit', '1', '--body', 'Chủ tịch tiếp công dân vào thứ Sáu.', '-m', 'đổi ngày'], { now: Date.parse('2024-05-02T01:00:00Z') }));
    await ok(nd(['article', 'add', '--title', 'Bài sẽ xóa', '--section', 'kinh-te', '--body', 'Một']));
    await ok(nd(['article', 'edit', '2', '--body', 'Hai']));
    await ok(nd(['article', 'remove', '2', '--yes']));
    for (const ndjson of [false, true]) {
      const file = ndjson ? 'h.ndjson' : 'h.json';
      await ok(nd(['export', 'json', '--with-history', ...(ndjson ? ['--ndjson'] : []), '--out', file]));
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toContain(ndjson ? '"type":"revision"' : '"revisions": [');
      const copy = tempDb();
      const imported = await copy.nd(['import', join(dir, file)]);
      expect(imported.code, imported.err).toBe(0);
      const history = async (t: ReturnType<typeof tempDb>, id: string) =>
        (JSON.parse((await ok(t.nd(['article', 'history', id, '--format', 'json']))).out) as { items: Array<Record<string, unknown>> }).items.map((r) => [r.revision, r.by, r.message, r.changed]);
      expect(await history(copy, '1')).toEqual(await history({ dir, db: '', nd } as ReturnType<typeof tempDb>, '1'));
      expect(await history(copy, '2')).toEqual(await history({ dir, db: '', nd } as ReturnType<typeof tempDb>, '2'));
      expect(JSON.parse((await ok(copy.nd(['article', 'show', '1', '--revision', '1', '--format', 'json']))).out).body).toBe('Chủ tịch tiếp công dân vào thứ Năm.');
      expect((await ok(copy.nd(['trash', 'list', '--format', 'ids']))).out).toBe('2\n');
      expect((await ok(copy.nd(['trash', 'restore', '2']))).code).toBe(0);
      expect(JSON.parse((await ok(copy.nd(['article', 'show', '2', '--revision', '1', '--format', 'json']))).out).body).toBe('Một');
      expect((await ok(copy.nd(['check']))).code).toBe(0);
    }
    expect((await nd(['export', 'json', '--with-history', '--section', 'kinh-te'])).code).toBe(2);
  });

  it('refuses a revision of an article the input and the database do not hold', async () => {
    const { nd, dir } = tempDb();
    await ok(nd(['init', '--title', 'T']));
    writeFileSync(join(dir, 'r.ndjson'), `${JSON.stringify({ type: 'revision', article: 9, number: 1, at: '2024-05-01T08:00:00+07:00', by: 'x', message: '', changed: [], hash: 'a'.repeat(22), delta: null })}\n`);
    const r = await nd(['import', 'r.ndjson']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a revision of the article 9, which is neither in the input before it nor in the database/);
  });
});

describe('check in Vietnamese', () => {
  it('says what it finds in the language in use, and keeps --format json in English', async () => {
    const { db, nd } = await portalWithArticle();
    const { SqliteStore } = await import('../../src/store/sqlite/store.js');
    const store = await SqliteStore.open(db, 'write');
    store.handle.db.prepare('DELETE FROM search_docs WHERE abs(id) = 1').run();
    store.handle.db.prepare('UPDATE article_counts SET n = n + 5').run();
    await store.close();
    const vi = await nd(['check'], { env: { NO_COLOR: '1', NEWSDESK_LANG: 'vi' } });
    expect(vi.code).toBe(1);
    expect(vi.out).toMatch(/^search_index: 1 bài viết chưa được lập chỉ mục \(newsdesk reindex xây dựng lại\)$/m);
    expect(vi.out).toMatch(/^article_counts: số đếm bài viết draft trong chuyên mục \d+ là 6, nhưng thực có 1 \(newsdesk reindex đếm lại\)$/m);
    const en = JSON.parse((await nd(['check', '--format', 'json'], { env: { NO_COLOR: '1', NEWSDESK_LANG: 'vi' } })).out) as { problems: Array<{ message: string }> };
    expect(en.problems.map((p) => p.message)).toContain('1 article is not indexed (newsdesk reindex rebuilds it)');
  });
});
