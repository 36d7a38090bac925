// site set embed_hosts: the hosts whose video players articles may embed (issue 18).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, tempDb } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('site set embed_hosts', () => {
  it('stores the hosts normalised, shows them once set, and "" clears them', async () => {
    const { nd } = tempDb();
    await ok(nd(['init']));
    expect((await nd(['site', 'show'])).out).not.toContain('embed_hosts');
    await ok(nd(['site', 'set', 'embed_hosts', 'YouTube.com, www.vimeo.com facebook.com youtube.com']));
    expect((await nd(['site', 'show'])).out).toContain('embed_hosts youtube.com vimeo.com facebook.com\n');
    expect(JSON.parse((await nd(['site', 'show', '--format', 'json'])).out).embed_hosts).toBe('youtube.com vimeo.com facebook.com');
    await ok(nd(['site', 'set', 'embed_hosts', '']));
    expect(JSON.parse((await nd(['site', 'show', '--format', 'json'])).out)).not.toHaveProperty('embed_hosts');
  });

  it.each(['https://youtube.com/', 'youtube', 'you tube.com/x', '*.youtube.com', 'a'.repeat(70) + '.com'])('refuses %s (exit 2) and keeps the old value', async (value) => {
    const { nd } = tempDb();
    await ok(nd(['init']));
    await ok(nd(['site', 'set', 'embed_hosts', 'vimeo.com']));
    const r = await nd(['site', 'set', 'embed_hosts', value]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^newsdesk: embed_hosts: /m);
    expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(JSON.parse((await nd(['site', 'show', '--format', 'json'])).out).embed_hosts).toBe('vimeo.com');
  });

  it('survives export json and import into an empty database', async () => {
    const a = tempDb();
    await ok(a.nd(['init']));
    await ok(a.nd(['site', 'set', 'embed_hosts', 'youtube.com']));
    const doc = (await ok(a.nd(['export', 'json']))).out;
    expect(JSON.parse(doc).site.embed_hosts).toBe('youtube.com');
    const dir = mkdtempSync(join(tmpdir(), 'nd-embed-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'portal.json'), doc);
    const b = tempDb();
    await ok(b.nd(['import', join(dir, 'portal.json')]));
    expect(JSON.parse((await b.nd(['site', 'show', '--format', 'json'])).out).embed_hosts).toBe('youtube.com');
  });

  it('export html keeps an allowed video, sandboxed, and its player host is the only frame source', async () => {
    const { nd } = tempDb();
    await ok(nd(['init']));
    await ok(nd(['section', 'add', 'Tin tức']));
    await ok(nd(['site', 'set', 'embed_hosts', 'youtube.com']));
    const body = 'Trước.\n\n<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Lễ hội"></iframe>\n\n<iframe src="https://evil.example/"></iframe>\n\nSau.';
    await ok(nd(['article', 'add', '--title', 'Video', '--section', 'tin-tuc', '--body', body, '--status', 'published', '--published-at', '2024-01-02']));
    const dir = mkdtempSync(join(tmpdir(), 'nd-embed-'));
    dirs.push(dir);
    await ok(nd(['export', 'html', '--out', join(dir, 'site')]));
    const page = readFileSync(join(dir, 'site', 'bai-viet', 'video.html'), 'utf8');
    expect(page).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Lễ hội" width="560" height="315" loading="lazy" sandbox="');
    expect(page).not.toContain('evil.example');
    expect(page).toContain('frame-src https://www.youtube-nocookie.com;');
    const home = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(home).toContain('frame-src https://www.youtube-nocookie.com;');
  });
});
