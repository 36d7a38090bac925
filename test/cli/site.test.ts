import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ok, tempDb } from '../helpers/cli.js';

describe('init and site', () => {
  it('init is idempotent and sets the defaults once', async () => {
    const { db, nd } = tempDb();
    const first = await nd(['init', '--title', 'Cổng thông tin Sơn Lâm']);
    expect(first.code).toBe(0);
    expect(first.err).toContain('Initialised');
    const again = await nd(['init']);
    expect(again.code).toBe(0);
    expect(again.err).toContain('already initialised; nothing changed');
    const site = JSON.parse((await nd(['site', 'show', '--format', 'json'])).out);
    expect(site).toEqual({ title: 'Cổng thông tin Sơn Lâm', language: 'vi', timezone: 'Asia/Ho_Chi_Minh', base_url: null, per_page: 10 });
    expect(existsSync(db)).toBe(true);
  });

  it('site set changes one setting; site show as text', async () => {
    const { nd } = tempDb();
    await ok(nd(['init']));
    await ok(nd(['site', 'set', 'base-url', 'https://sonlam.example.vn']));
    await ok(nd(['site', 'set', 'language', 'en']));
    const text = await nd(['site', 'show']);
    expect(text.out).toContain('base_url  https://sonlam.example.vn/\n');
    expect(text.out).toContain('language  en\n');
    await ok(nd(['site', 'set', 'base_url', '']));
    expect(JSON.parse((await nd(['site', 'show', '--format', 'json'])).out).base_url).toBeNull();
  });

  it.each(['https://admin:secret@sonlam.example.vn/', 'https://sonlam.example.vn/?a=1', 'https://sonlam.example.vn/#top', 'ftp://sonlam.example.vn/'])(
    'site set base_url refuses %s (exit 2), and keeps the old value',
    async (url) => {
      const { nd } = tempDb();
      await ok(nd(['init']));
      await ok(nd(['site', 'set', 'base_url', 'https://sonlam.example.vn']));
      const r = await nd(['site', 'set', 'base_url', url]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^newsdesk: .*base_url/m);
      expect(JSON.parse((await nd(['site', 'show', '--format', 'json'])).out).base_url).toBe('https://sonlam.example.vn/');
    },
  );
});
