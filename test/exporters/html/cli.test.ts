// newsdesk export html, run in-process as a user would: flags, streams, exit codes.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDb } from '../../helpers/cli.js';
import { seedPortal } from '../../helpers/portal.js';

async function portal(articles = 25): Promise<ReturnType<typeof tempDb>> {
  const t = tempDb();
  await seedPortal(t.db, articles);
  return t;
}

const CLOSING = /^Exported (\d+) pages \((\d+) files\) to site\/index\.html: (\d+) written, (\d+) unchanged, (\d+) removed in \d+\.\d+ s\n$/;

describe('newsdesk export html', () => {
  it('exports, then says nothing changed; messages on stderr, nothing on stdout', async () => {
    const { nd, dir } = await portal();
    const first = await ok(nd(['export', 'html', '--out', 'site']));
    expect(first.out).toBe('');
    const m = CLOSING.exec(first.err);
    expect(m, first.err).not.toBeNull();
    expect(Number(m![3])).toBe(Number(m![2]));
    expect(first.err).not.toContain('\u001b[');
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'site', 'page', '3', 'index.html'))).toBe(true);

    const second = await ok(nd(['export', 'html', '--out', 'site']));
    const m2 = CLOSING.exec(second.err)!;
    expect([m2[3], m2[4], m2[5]]).toEqual(['0', m![2], '0']);
  });

  it('takes --per-page and --base-url', async () => {
    const { nd, dir } = await portal();
    await ok(nd(['export', 'html', '--out', 'site', '--per-page', '50', '--base-url', 'https://sonlam.gov.vn']));
    expect(existsSync(join(dir, 'site', 'page', '2', 'index.html'))).toBe(false);
    expect(existsSync(join(dir, 'site', 'sitemap.xml'))).toBe(true);
  });

  it('draws a progress bar on a terminal only, and is silent with --quiet', async () => {
    const { nd } = await portal();
    const tty = await ok(nd(['export', 'html', '--out', 'site'], { tty: true }));
    expect(tty.err).toMatch(/Exported \d+ pages/);
    const quiet = await ok(nd(['--quiet', 'export', 'html', '--out', 'site']));
    expect(quiet.err).toBe('');
  });

  it.each([
    [['--per-page', '0'], /--per-page: "0"/],
    [['--per-page', 'abc'], /--per-page: "abc"/],
    [['--per-page', '2.5'], /--per-page/],
    [['--base-url', 'ftp://example.org'], /--base-url: "ftp:\/\/example\.org" is not an http or https URL/],
    [['--base-url', 'not a url'], /--base-url/],
  ])('refuses %j as a usage error (exit 2)', async (flags, message) => {
    const { nd } = await portal(1);
    const r = await nd(['export', 'html', '--out', 'site', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^newsdesk: /);
    expect(r.err).toMatch(message);
  });

  it('needs --out (exit 2)', async () => {
    const { nd } = await portal(1);
    const r = await nd(['export', 'html']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out');
  });

  it('refuses a folder holding other files unless --force (exit 1), and an --out that is a file', async () => {
    const { nd, dir } = await portal(3);
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'index.html'), 'theirs');
    const refused = await nd(['export', 'html', '--out', 'site']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not empty and holds no newsdesk export/);
    expect(refused.err).toMatch(/hint: .*--force/);
    await ok(nd(['export', 'html', '--out', 'site', '--force']));

    writeFileSync(join(dir, 'file.txt'), 'x');
    const file = await nd(['export', 'html', '--out', 'file.txt']);
    expect(file.code).toBe(1);
    expect(file.err).toMatch(/is a file, not a folder/);
  });

  it('fails on a missing database without creating one (exit 1)', async () => {
    const { nd, db } = tempDb();
    const r = await nd(['export', 'html', '--out', 'site']);
    expect(r.code).toBe(1);
    expect(existsSync(db)).toBe(false);
  });

  it('has help with an example', async () => {
    const { nd } = tempDb();
    const r = await nd(['export', 'html', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--out <dir>');
    expect(r.out).toContain('$ newsdesk export html --out out/site');
  });
});

describe('newsdesk export html with an unreadable image (issue 18)', () => {
  it('exports the rest (exit 0) and warns once, naming the article', async () => {
    const { nd, dir } = tempDb();
    await ok(nd(['init']));
    await ok(nd(['section', 'add', 'Tin tức']));
    // JPEG magic bytes, then nothing a decoder can use.
    writeFileSync(join(dir, 'hong.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 9)]));
    await ok(nd(['article', 'add', '--title', 'Ảnh hỏng', '--section', 'tin-tuc', '--image', 'hong.jpg', '--status', 'published', '--published-at', '2024-01-02']));
    const r = await ok(nd(['export', 'html', '--out', 'site']));
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warning: article 1 "anh-hong": image left out, it cannot be read: media\/[0-9a-f]{64}\.jpg \(.+\)$/);
    expect(lines[1]).toMatch(/^Exported /);
    expect(existsSync(join(dir, 'site', 'bai-viet', 'anh-hong.html'))).toBe(true);
  });
});
