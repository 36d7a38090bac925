// The questions on a terminal, driven by a scripted Prompter (src/cli/prompts.ts) through run().
import { describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../helpers/db.js';
import { ok, scriptedPrompter, tempDb, type PromptStep } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

type Article = Record<string, unknown>;

async function portal() {
  const t = tempDb();
  await seedPortal(t.db);
  const show = async (ref: string) => JSON.parse((await ok(t.nd(['article', 'show', ref, '--format', 'json']))).out) as Article;
  return { ...t, show };
}

describe('article add on a terminal', () => {
  it('with no flags asks for every field, sections from the existing ones, the date defaulting to now', async () => {
    const { nd, show } = await portal();
    const script = scriptedPrompter([
      { kind: 'input', message: /^Title/, answer: 'Lễ hội đền Chín Gian'.normalize('NFD') },
      { kind: 'select', message: /^Section/, answer: 'huyen-uy' },
      { kind: 'input', message: /^Summary/, answer: 'Tóm tắt lễ hội' },
      { kind: 'editor', message: /^Body/, answer: '# Lễ hội\n\nNội dung.' },
      { kind: 'input', message: /^Author/, answer: 'Lô Văn Hùng' },
      { kind: 'input', message: /^Source/, answer: 'Trung tâm Văn hóa' },
      { kind: 'input', message: /^Date/ }, // Enter: the default, now
      { kind: 'select', message: /^Status/, answer: 'published' },
    ]);
    const r = await nd(['article', 'add'], { tty: true, prompter: script.prompter });
    expect(r.code).toBe(0);
    expect(r.out).toBe('1\n');
    expect(script.remaining()).toBe(0);

    const [title, section, , body, , , date, status] = script.calls;
    expect(title!.required).toBe(true);
    // The articles sections in menu order, subsections indented; never a links section.
    expect(section!.choices).toEqual([
      { name: 'Giới thiệu chung (gioi-thieu)', value: 'gioi-thieu' },
      { name: 'Hệ thống chính trị (he-thong-chinh-tri)', value: 'he-thong-chinh-tri' },
      { name: '  Huyện ủy (huyen-uy)', value: 'huyen-uy' },
      { name: 'Kinh tế - Xã hội (kinh-te)', value: 'kinh-te' },
    ]);
    expect(body!.default).toBe('');
    expect(date!.default).toBe('01/05/2024 08:00');
    // The date question refuses what is not a date, so the answer can be typed again.
    expect(date!.validate!('01/05/2024 08:00')).toBe(true);
    expect(date!.validate!('31/02/2024')).toMatch(/dd\/mm\/yyyy/);
    expect(status!.choices!.map((c) => c.value)).toEqual(['draft', 'published']);

    expect(await show('le-hoi-den-chin-gian')).toMatchObject({
      id: 1,
      title: 'Lễ hội đền Chín Gian',
      section: 'huyen-uy',
      summary: 'Tóm tắt lễ hội',
      body: '# Lễ hội\n\nNội dung.',
      author: 'Lô Văn Hùng',
      source: 'Trung tâm Văn hóa',
      status: 'published',
      published_at: '2024-05-01T08:00:00+07:00',
    });
  });

  it('a typed date is read in the site time zone', async () => {
    const { nd, show } = await portal();
    const script = scriptedPrompter([
      { kind: 'input', message: /^Title/, answer: 'Tin' },
      { kind: 'select', message: /^Section/, answer: 'kinh-te' },
      { kind: 'input', message: /^Summary/, answer: '' },
      { kind: 'editor', message: /^Body/, answer: '' },
      { kind: 'input', message: /^Author/, answer: '' },
      { kind: 'input', message: /^Source/, answer: '' },
      { kind: 'input', message: /^Date/, answer: '23/10/2020 08:37 PM' },
      { kind: 'select', message: /^Status/, answer: 'draft' },
    ]);
    await ok(nd(['article', 'add'], { tty: true, prompter: script.prompter }));
    expect(await show('tin')).toMatchObject({ status: 'draft', published_at: '2020-10-23T20:37:00+07:00' });
  });

  it('with some flags asks only for what is missing', async () => {
    const { nd, show } = await portal();
    const script = scriptedPrompter([{ kind: 'select', message: /^Section/, answer: 'kinh-te' }]);
    const r = await nd(['article', 'add', '--title', 'Chỉ thiếu chuyên mục', '--body', 'Nội dung'], { tty: true, prompter: script.prompter });
    expect(r.code).toBe(0);
    expect(script.calls).toHaveLength(1);
    expect(await show('chi-thieu-chuyen-muc')).toMatchObject({ section: 'kinh-te', body: 'Nội dung', status: 'draft', published_at: null });
  });

  it('with every required flag asks nothing', async () => {
    const { nd } = await portal();
    const script = scriptedPrompter([]);
    await ok(nd(['article', 'add', '--title', 'Đủ', '--section', 'kinh-te'], { tty: true, prompter: script.prompter }));
    expect(script.calls).toEqual([]);
  });

  it('checks the flags given before asking anything', async () => {
    const { nd } = await portal();
    const script = scriptedPrompter([]);
    const r = await nd(['article', 'add', '--published-at', '31/02/2024'], { tty: true, prompter: script.prompter });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--published-at');
    expect(script.calls).toEqual([]);
  });

  it('without an articles section says to add one first', async () => {
    const { nd } = tempDb();
    await ok(nd(['section', 'add', 'Liên kết', '--kind', 'links']));
    const script = scriptedPrompter([{ kind: 'input', message: /^Title/, answer: 'X' }]);
    const r = await nd(['article', 'add'], { tty: true, prompter: script.prompter });
    expect(r.code).toBe(2);
    expect(r.err).toContain('there is no articles section yet');
  });

  it('never asks without a terminal', async () => {
    const { nd } = await portal();
    const script = scriptedPrompter([]);
    const r = await nd(['article', 'add', '--section', 'x'], { tty: false, prompter: script.prompter });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--title');
    expect(script.calls).toEqual([]);
  });
});

describe('article edit on a terminal', () => {
  async function withArticle() {
    const p = await portal();
    await ok(
      p.nd([
        'article', 'add', '--title', 'Bản tin', '--section', 'huyen-uy', '--summary', 'Tóm tắt cũ', '--body', 'Thân cũ',
        '--author', 'An', '--source', 'Báo', '--published-at', '2020-10-23T20:37:45+07:00', '--status', 'published',
      ]),
    );
    return p;
  }

  const acceptAll: PromptStep[] = [
    { kind: 'input', message: /^Title/ },
    { kind: 'select', message: /^Section/ },
    { kind: 'input', message: /^Summary/ },
    { kind: 'confirm', message: /body/i },
    { kind: 'input', message: /^Author/ },
    { kind: 'input', message: /^Source/ },
    { kind: 'input', message: /^Date/ },
    { kind: 'select', message: /^Status/ },
  ];

  it('with no flags offers the current values as defaults', async () => {
    const { nd } = await withArticle();
    const script = scriptedPrompter(acceptAll);
    const r = await nd(['article', 'edit', 'ban-tin'], { tty: true, prompter: script.prompter });
    expect(r.code).toBe(0);
    expect(script.calls.map((c) => c.default)).toEqual(['Bản tin', 'huyen-uy', 'Tóm tắt cũ', false, 'An', 'Báo', '23/10/2020 20:37', 'published']);
    expect(script.calls[1]!.choices!.map((c) => c.value)).toEqual(['gioi-thieu', 'he-thong-chinh-tri', 'huyen-uy', 'kinh-te']);
  });

  it('accepting every default changes nothing but updated_at', async () => {
    const { nd, show } = await withArticle();
    const before = await show('1');
    const script = scriptedPrompter(acceptAll);
    await ok(nd(['article', 'edit', '1'], { tty: true, prompter: script.prompter, now: FIXED_NOW + 60_000 }));
    const after = await show('1');
    // Every save is a revision, this one too.
    expect(after).toEqual({ ...before, updated_at: '2024-05-01T08:01:00+07:00', revision: (before.revision as number) + 1 });
  });

  it('changes what is answered, and opens the editor on the current body when asked', async () => {
    const { nd, show } = await withArticle();
    const script = scriptedPrompter([
      { kind: 'input', message: /^Title/, answer: 'Bản tin mới' },
      { kind: 'select', message: /^Section/, answer: 'kinh-te' },
      { kind: 'input', message: /^Summary/ },
      { kind: 'confirm', message: /body/i, answer: true },
      { kind: 'editor', message: /^Body/, answer: 'Thân mới' },
      { kind: 'input', message: /^Author/ },
      { kind: 'input', message: /^Source/ },
      { kind: 'input', message: /^Date/, answer: '01/01/2021 07:00' },
      { kind: 'select', message: /^Status/, answer: 'draft' },
    ]);
    await ok(nd(['article', 'edit', '1'], { tty: true, prompter: script.prompter }));
    expect(script.calls[4]!.default).toBe('Thân cũ');
    expect(await show('1')).toMatchObject({
      title: 'Bản tin mới',
      slug: 'ban-tin',
      section: 'kinh-te',
      summary: 'Tóm tắt cũ',
      body: 'Thân mới',
      status: 'draft',
      published_at: '2021-01-01T07:00:00+07:00',
    });
  });

  it('with flags asks nothing', async () => {
    const { nd, show } = await withArticle();
    const script = scriptedPrompter([]);
    await ok(nd(['article', 'edit', '1', '--summary', 'Mới'], { tty: true, prompter: script.prompter }));
    expect(script.calls).toEqual([]);
    expect((await show('1')).summary).toBe('Mới');
  });
});

describe('confirmations on a terminal', () => {
  it('article remove asks, and removes nothing on "no"', async () => {
    const { nd } = await portal();
    await ok(nd(['article', 'add', '--title', 'Bài cần xóa', '--section', 'kinh-te']));
    const no = scriptedPrompter([{ kind: 'confirm', message: /^Remove article 1 "Bài cần xóa"\?$/, answer: false }]);
    const r = await nd(['article', 'remove', '1'], { tty: true, prompter: no.prompter });
    expect(r.code).toBe(0);
    expect(r.err).toContain('Nothing removed.');
    expect(no.calls[0]!.default).toBe(false);
    expect((await nd(['article', 'list', '--format', 'count'])).out).toBe('1\n');
    const yes = scriptedPrompter([{ kind: 'confirm', message: /^Remove article 1/, answer: true }]);
    await ok(nd(['article', 'remove', '1'], { tty: true, prompter: yes.prompter }));
    expect((await nd(['article', 'list', '--format', 'count'])).out).toBe('0\n');
  });

  it('--yes skips the question on a terminal', async () => {
    const { nd } = await portal();
    await ok(nd(['article', 'add', '--title', 'A', '--section', 'kinh-te']));
    const script = scriptedPrompter([]);
    await ok(nd(['article', 'remove', '1', '--yes'], { tty: true, prompter: script.prompter }));
    expect(script.calls).toEqual([]);
  });

  it('section remove asks too', async () => {
    const { nd } = await portal();
    const no = scriptedPrompter([{ kind: 'confirm', message: /^Remove section "Giới thiệu chung" \(gioi-thieu\)\?$/, answer: false }]);
    await ok(nd(['section', 'remove', 'gioi-thieu'], { tty: true, prompter: no.prompter }));
    expect((await nd(['section', 'show', 'gioi-thieu'])).code).toBe(0);
    const yes = scriptedPrompter([{ kind: 'confirm', message: /^Remove section/, answer: true }]);
    await ok(nd(['section', 'remove', 'gioi-thieu'], { tty: true, prompter: yes.prompter }));
    expect((await nd(['section', 'show', 'gioi-thieu'])).code).toBe(1);
  });
});
