// newsdesk import of WXR, RSS and Atom through the CLI: detection, the flags and their
// errors, the report's notes, exit codes, and the origin in `article show`.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures', 'feeds');
const WXR_NAME = 'sonlam.wordpress.2026-12-06.xml';

async function portal(): Promise<ReturnType<typeof tempDb>> {
  const t = tempDb();
  expect((await t.nd(['init', '--title', 'Sơn Lâm'])).code).toBe(0);
  expect((await t.nd(['section', 'add', 'Tin tức'])).code).toBe(0);
  for (const f of [WXR_NAME, 'tinh.rss', 'tinh.atom']) copyFileSync(join(FIXTURES, f), join(t.dir, f));
  return t;
}

describe('newsdesk import: WXR, RSS, Atom', () => {
  it('imports a WordPress export (.xml, recognised by content) and reports what it left out', async () => {
    const { nd } = await portal();
    const r = await nd(['import', WXR_NAME, '--create-sections']);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      'read  inserted  updated  skipped  rejected',
      '   9         9        0        0         0',
      'posts: 4',
      'attachments: 2',
      'images linked: 4 (not under --media-dir: they stay URLs)',
      'trashed: 1 (left out)',
      'auto drafts: 1 (left out)',
      'pages left out: 1 (give --pages-section S to import them)',
      'comments left out: 1 (newsdesk has no comments)',
      'other post types: 1 (revisions, reusable blocks and the like: left out)',
      'menu items sections: 1 (categories in the menu)',
      // The menu's category is "tin-tuc", which the portal had before the import.
      'menu sections kept: 1 (sections there before the import: left where they are (section move))',
      'menu items links: 1 (custom links in the menu: in a links section named after the menu)',
      'shortcodes dropped (their content kept): [gallery] ×1, [contact-form-7] ×1',
      '',
    ]);
    const show = await nd(['article', 'show', 'le-hoi-dinh-lang']);
    expect(show.out.split('\n').slice(0, 4)).toEqual([
      'Lễ hội đình làng Sơn Lâm năm 2021',
      '#4 · le-hoi-dinh-lang · van-hoa · published · 2021-02-10T08:00:00+07:00',
      'Ban biên tập',
      'imported from: https://sonlam.example.vn/?p=12',
    ]);
    const json = JSON.parse((await nd(['article', 'show', 'le-hoi-dinh-lang', '--format', 'json'])).out) as { origin: unknown };
    expect(json.origin).toEqual({ site: 'https://sonlam.example.vn', id: 'https://sonlam.example.vn/?p=12' });
    expect((await nd(['check'])).code).toBe(0);
  });

  it('--format json adds the notes; a re-import with --on-conflict skip writes nothing new', async () => {
    const { nd } = await portal();
    expect((await nd(['import', WXR_NAME, '--create-sections', '-q'])).code).toBe(0);
    const before = (await nd(['export', 'json', '--ndjson'])).out;
    const r = await nd(['import', WXR_NAME, '--create-sections', '--on-conflict', 'skip', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, unknown>;
    expect(report).toMatchObject({ read: 5, inserted: 0, updated: 0, skipped: 5, rejected: 0, dry_run: false, errors: [] });
    expect(report.notes).toMatchObject({ posts: 4, trashed: 1, shortcodes_dropped: { gallery: 1, 'contact-form-7': 1 } });
    expect((await nd(['export', 'json', '--ndjson'])).out).toBe(before);
  });

  it('reads a feed from stdin, sniffed, into --section; --from names the format', async () => {
    const { dir, nd } = await portal();
    const rss = readFileSync(join(dir, 'tinh.rss'), 'utf8');
    const r = await nd(['import', '-', '--section', 'tin-tuc', '--format', 'json'], { stdin: rss });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ inserted: 3, notes: { items: 3 } });
    const atom = await nd(['import', 'tinh.atom', '--from', 'atom', '--section', 'tin-tuc', '--format', 'json']);
    expect(JSON.parse(atom.out)).toMatchObject({ inserted: 2 });
    const wrong = await nd(['import', 'tinh.atom', '--from', 'rss', '--section', 'tin-tuc']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('newsdesk: cannot import tinh.atom: line 2: an Atom feed, not an RSS 2.0 feed; nothing was written');
  });

  it('a dry run checks everything and writes nothing', async () => {
    const { nd } = await portal();
    const before = (await nd(['export', 'json', '--ndjson'])).out;
    const r = await nd(['import', WXR_NAME, '--create-sections', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('Dry run: sonlam.wordpress.2026-12-06.xml is valid; nothing was written.');
    expect((await nd(['export', 'json', '--ndjson'])).out).toBe(before);
  });

  it('--continue-on-error writes the valid items and the rejected ones to --rejects (exit 3)', async () => {
    const { dir, nd } = await portal();
    const atom = readFileSync(join(dir, 'tinh.atom'), 'utf8').replace('<published>2026-12-05T20:00:00+07:00</published>', '<published>hôm qua</published>');
    writeFileSync(join(dir, 'bad.atom'), atom);
    const r = await nd(['import', 'bad.atom', '--section', 'tin-tuc', '--continue-on-error', '--rejects', 'rejects.ndjson']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^line 9: published_at: "hôm qua" is not a date/m);
    const reject = JSON.parse(readFileSync(join(dir, 'rejects.ndjson'), 'utf8')) as { line: number; record: { origin: unknown } };
    expect(reject.line).toBe(9);
    expect(reject.record.origin).toEqual({ site: 'https://sovanhoa.example.vn/', id: 'tag:sovanhoa.example.vn,2026:entry-77' });
    expect((await nd(['article', 'list', '--format', 'count'])).out.trim()).toBe('1');
  });

  it('malformed XML: exit 1, the line named, nothing written', async () => {
    const { dir, nd } = await portal();
    const wxr = readFileSync(join(dir, WXR_NAME), 'utf8').replace('<wp:post_id>12</wp:post_id>', '<wp:post_id>12</wp:postid>');
    writeFileSync(join(dir, 'broken.xml'), wxr);
    const before = (await nd(['export', 'json', '--ndjson'])).out;
    const r = await nd(['import', 'broken.xml', '--create-sections']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^line 177: malformed XML: unexpected close tag\.?$/m);
    expect(r.err).toMatch(/^newsdesk: cannot import broken\.xml: line 177: malformed XML: .*; nothing was written$/m);
    expect(r.err).toMatch(/^hint: fix the input at that line and import again$/m);
    expect((await nd(['export', 'json', '--ndjson'])).out).toBe(before);
  });

  it('checks the feed flags: usage errors (exit 2) and a missing --media-dir (exit 1)', async () => {
    const { dir, nd } = await portal();
    writeFileSync(join(dir, 'a.ndjson'), `${JSON.stringify({ title: 'A', section: 'tin-tuc' })}\n`);
    const csv = await nd(['import', 'a.ndjson', '--section', 'tin-tuc']);
    expect(csv.code).toBe(2);
    expect(csv.err).toBe('newsdesk: --section, --section-map, --pages-section and --media-dir go with WXR, RSS or Atom input, and a.ndjson is NDJSON\n');
    const map = await nd(['import', WXR_NAME, '--section-map', 'thoi-su:tin-tuc']);
    expect(map.code).toBe(2);
    expect(map.err).toMatch(/^newsdesk: --section-map takes old=new pairs separated by commas \(got "thoi-su:tin-tuc"\)\nhint: /);
    const media = await nd(['import', WXR_NAME, '--media-dir', 'uploads']);
    expect(media.code).toBe(1);
    expect(media.err).toBe('newsdesk: no folder uploads\nhint: give --media-dir the copy of wp-content/uploads\n');
    const from = await nd(['import', WXR_NAME, '--from', 'xml']);
    expect(from.code).toBe(2);
    expect(from.err).toBe('newsdesk: --from must be json, ndjson, csv, wxr, rss or atom (got "xml")\n');
  });

  it('--help names the formats and the flags', async () => {
    const { nd } = await portal();
    const help = (await nd(['import', '--help'])).out;
    for (const flag of ['--section <section>', '--section-map <old=new,...>', '--pages-section <section>', '--media-dir <dir>', 'json, ndjson, csv, wxr, rss or atom']) expect(help).toContain(flag);
  });
});
