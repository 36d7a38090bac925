// Scheduled articles from the shell: `scheduled` in tables (terminal and piped), `published`
// in machine formats, `article list --status scheduled` with its totals, search leaving them
// out, export html saying when the next is due, and --now moving the clock.
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ok, tempDb, type CliResult } from '../helpers/cli.js';

// The tests' clock (FIXED_NOW) is 08:00:00 on 01/05/2024 in Hà Nội.
type Nd = ReturnType<typeof tempDb>['nd'];

/** A portal of one section: an old article, one due a second after now, one due next week, a draft. */
async function portal(timezone = 'Asia/Ho_Chi_Minh'): Promise<Nd> {
  const { nd } = tempDb();
  await ok(nd(['init', '--title', 'Cổng Sơn Lâm', '--timezone', timezone]));
  await ok(nd(['section', 'add', 'Tin tức']));
  await ok(nd(['section', 'add', 'Thông báo']));
  const add = (title: string, section: string, extra: string[]): Promise<CliResult> =>
    ok(nd(['article', 'add', '--title', title, '--section', section, '--body', `Lễ khánh thành cầu: ${title}.`, ...extra]));
  await add('Bài đã đăng', 'tin-tuc', ['--status', 'published', '--published-at', '2024-04-01T08:00:00+07:00']);
  await add('Thông cáo một giây nữa', 'tin-tuc', ['--status', 'published', '--published-at', '2024-05-01T08:00:01+07:00']);
  await add('Thông cáo tuần sau', 'thong-bao', ['--status', 'published', '--published-at', '2024-05-08T07:00:00+07:00']);
  await add('Bản nháp', 'tin-tuc', ['--status', 'draft']);
  return nd;
}

/** Piped table rows as [id, status]. */
function rows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
}

describe('article list and show', () => {
  it('piped table: the status column says scheduled; JSON, NDJSON and CSV keep published and add no field', async () => {
    const nd = await portal();
    const piped = await ok(nd(['article', 'list', '--sort', 'id', '--fields', 'id,status']));
    expect(rows(piped.out)).toEqual([
      ['1', 'published'],
      ['2', 'scheduled'],
      ['3', 'scheduled'],
      ['4', 'draft'],
    ]);

    const json = JSON.parse((await ok(nd(['article', 'list', '--sort', 'id', '--format', 'json']))).out) as { items: Array<Record<string, unknown>> };
    expect(json.items.map((i) => i.status)).toEqual(['published', 'published', 'published', 'draft']);
    expect(Object.keys(json.items[1]!)).toEqual(['id', 'slug', 'title', 'summary', 'body', 'author', 'source', 'section', 'status', 'published_at', 'created_at', 'updated_at', 'images', 'tags']);

    const ndjson = (await ok(nd(['article', 'list', '--sort', 'id', '--format', 'ndjson']))).out.trim().split('\n');
    expect(ndjson.map((l) => (JSON.parse(l) as { status: string }).status)).toEqual(['published', 'published', 'published', 'draft']);

    const csv = parseCsv((await ok(nd(['article', 'list', '--sort', 'id', '--format', 'csv']))).out, { columns: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => r.status)).toEqual(['published', 'published', 'published', 'draft']);
  });

  it('terminal table: scheduled, in its own colour', async () => {
    const nd = await portal();
    const plain = await ok(nd(['article', 'list', '--sort', 'id'], { tty: true }));
    const line = (title: string): string => plain.out.split('\n').find((l) => l.includes(title)) ?? '';
    expect(line('Thông cáo một giây nữa')).toMatch(/│ scheduled\s*│/);
    expect(line('Thông cáo tuần sau')).toMatch(/│ scheduled\s*│/);
    expect(line('Bài đã đăng')).toMatch(/│ published\s*│/);
    expect(line('Bản nháp')).toMatch(/│ draft\s*│/);

    const coloured = await ok(nd(['article', 'list', '--sort', 'id'], { tty: true, env: { FORCE_COLOR: '1' } }));
    expect(coloured.out).toContain('\u001b[36mscheduled\u001b[39m');
    expect(coloured.out).toContain('\u001b[32mpublished\u001b[39m');
  });

  it('the comparison is exact to the second: at 08:00:01 the first is out, the other still scheduled', async () => {
    const nd = await portal();
    const at = (now: string): Promise<CliResult> => ok(nd(['--now', now, 'article', 'list', '--sort', 'id', '--fields', 'id,status']));
    expect(rows((await at('01/05/2024 08:00:00')).out).map((r) => r[1])).toEqual(['published', 'scheduled', 'scheduled', 'draft']);
    expect(rows((await at('01/05/2024 08:00:01')).out).map((r) => r[1])).toEqual(['published', 'published', 'scheduled', 'draft']);
    expect(rows((await at('08/05/2024 06:59:59')).out).map((r) => r[1])).toEqual(['published', 'published', 'scheduled', 'draft']);
    expect(rows((await at('08/05/2024 07:00')).out).map((r) => r[1])).toEqual(['published', 'published', 'published', 'draft']);
  });

  it('--now is read in the site time zone', async () => {
    // 08:00:01 in Hà Nội is 21:00:01 the day before in New York.
    const nd = await portal('America/New_York');
    const status2 = async (now: string): Promise<string | undefined> => rows((await ok(nd(['--now', now, 'article', 'list', '--sort', 'id', '--fields', 'id,status']))).out)[1]![1];
    expect(await status2('30/04/2024 21:00:00')).toBe('scheduled');
    expect(await status2('30/04/2024 21:00:01')).toBe('published');
    expect(await status2('2024-05-01T08:00:01+07:00')).toBe('published');
  });

  it('--status scheduled lists them, with their own totals on every format and the pager', async () => {
    const nd = await portal();
    expect((await ok(nd(['article', 'list', '--status', 'scheduled', '--format', 'ids']))).out).toBe('3\n2\n');
    expect((await ok(nd(['article', 'list', '--status', 'scheduled', '--format', 'count']))).out).toBe('2\n');
    const json = JSON.parse((await ok(nd(['article', 'list', '--status', 'scheduled', '--per-page', '1', '--page', '2', '--format', 'json']))).out) as Record<string, unknown>;
    expect(json).toMatchObject({ page: 2, per_page: 1, total: 2, pages: 2 });
    expect((json.items as Array<{ id: number; status: string }>).map((i) => [i.id, i.status])).toEqual([[2, 'published']]);

    const tty = await ok(nd(['article', 'list', '--status', 'scheduled', '--per-page', '1'], { tty: true }));
    expect(tty.out).toContain('Page 1 of 2 · 2 articles');
    expect(tty.out).toContain('Thông cáo tuần sau');
    expect(tty.out).not.toContain('Bài đã đăng');

    // With a section, and as time passes.
    expect((await ok(nd(['article', 'list', '--status', 'scheduled', '--section', 'tin-tuc', '--format', 'ids']))).out).toBe('2\n');
    expect((await ok(nd(['--now', '01/05/2024 08:00:01', 'article', 'list', '--status', 'scheduled', '--format', 'count']))).out).toBe('1\n');
    expect((await ok(nd(['--now', '08/05/2024 07:00', 'article', 'list', '--status', 'scheduled', '--format', 'count']))).out).toBe('0\n');
    expect((await ok(nd(['--now', '08/05/2024 07:00', 'article', 'list', '--status', 'scheduled'], { tty: true }))).out).toBe('No articles.\n');
  });

  it('--status published keeps meaning the stored status: scheduled ones are among them', async () => {
    const nd = await portal();
    expect((await ok(nd(['article', 'list', '--status', 'published', '--format', 'count']))).out).toBe('3\n');
    expect((await ok(nd(['article', 'list', '--status', 'draft', '--format', 'count']))).out).toBe('1\n');
  });

  it('a bad --status names scheduled among the choices', async () => {
    const nd = await portal();
    const r = await nd(['article', 'list', '--status', 'future']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('newsdesk: --status must be draft, published, scheduled, all (got "future")\n');
  });

  it('article show: scheduled in text, published in JSON', async () => {
    const nd = await portal();
    const text = await ok(nd(['article', 'show', '2']));
    expect(text.out.split('\n')[1]).toBe('#2 · thong-cao-mot-giay-nua · tin-tuc · scheduled · 2024-05-01T08:00:01+07:00');
    const tty = await ok(nd(['article', 'show', '2'], { tty: true }));
    expect(tty.out.split('\n')[1]).toBe('#2 · thong-cao-mot-giay-nua · tin-tuc · scheduled · 2024-05-01T08:00:01+07:00');
    const later = await ok(nd(['--now', '01/05/2024 08:00:01', 'article', 'show', '2']));
    expect(later.out.split('\n')[1]).toBe('#2 · thong-cao-mot-giay-nua · tin-tuc · published · 2024-05-01T08:00:01+07:00');
    const json = JSON.parse((await ok(nd(['article', 'show', '2', '--format', 'json']))).out) as Record<string, unknown>;
    expect(json.status).toBe('published');
    expect(json.published_at).toBe('2024-05-01T08:00:01+07:00');
  });
});

describe('writing a scheduled article', () => {
  it('add, edit and publish say when it is scheduled, and when it comes out', async () => {
    const nd = await portal();
    const added = await ok(nd(['article', 'add', '--title', 'Thông cáo thứ hai', '--section', 'tin-tuc', '--status', 'published', '--published-at', '08/12/2026 07:00']));
    expect(added.err).toBe('Added article 5: thong-cao-thu-hai (scheduled)\n');
    const edited = await ok(nd(['article', 'edit', '5', '--summary', 'Sửa.']));
    expect(edited.err).toBe('Updated article 5: thong-cao-thu-hai (scheduled)\n');

    const draft = await ok(nd(['article', 'add', '--title', 'Nháp', '--section', 'tin-tuc']));
    expect(draft.err).toBe('Added article 6: nhap (draft)\n');
    const scheduled = await ok(nd(['article', 'publish', '6', '--at', '08/12/2026 07:00:30']));
    expect(scheduled.err).toBe('Scheduled article 6: nhap (out at 07:00:30 on 08/12/2026)\n');
    const now = await ok(nd(['article', 'publish', '6', '--at', '01/05/2024 08:00']));
    expect(now.err).toBe('Published article 6: nhap\n');
  });
});

describe('search', () => {
  it('leaves scheduled articles out by default, on a terminal and piped, and in its counts', async () => {
    const nd = await portal();
    expect((await ok(nd(['search', 'cầu', '--format', 'ids']))).out).toBe('1\n');
    expect((await ok(nd(['search', 'cầu', '--format', 'count']))).out).toBe('1\n');
    expect((await ok(nd(['search', 'thông cáo', '--format', 'count']))).out).toBe('0\n');
    const tty = await ok(nd(['search', 'cầu'], { tty: true }));
    expect(tty.out).toContain('Bài đã đăng');
    expect(tty.out).not.toContain('Thông cáo');
    expect(tty.out).toContain('Page 1 of 1 · 1 article');
    // Their time come, they are found.
    expect((await ok(nd(['--now', '08/05/2024 07:00', 'search', 'cầu', '--format', 'count']))).out).toBe('3\n');
  });

  it('--status all finds them, marked scheduled in tables and published in JSON', async () => {
    const nd = await portal();
    const piped = await ok(nd(['search', 'cầu', '--status', 'all', '--fields', 'id,status']));
    expect(rows(piped.out).sort()).toEqual([
      ['1', 'published'],
      ['2', 'scheduled'],
      ['3', 'scheduled'],
      ['4', 'draft'],
    ]);
    const tty = await ok(nd(['search', 'thông cáo', '--status', 'all', '--fields', 'id,status,title'], { tty: true }));
    expect(tty.out).toMatch(/│ scheduled\s*│/);
    const json = JSON.parse((await ok(nd(['search', 'thông cáo', '--status', 'all', '--format', 'json']))).out) as { items: Array<{ status: string }>; total: number };
    expect(json.total).toBe(2);
    expect(json.items.map((i) => i.status)).toEqual(['published', 'published']);
  });
});

describe('export', () => {
  it('export html says how many it left out and when the next is due, in the site zone', async () => {
    const nd = await portal();
    const r = await ok(nd(['export', 'html', '--out', 'site']));
    const lines = r.err.trim().split('\n');
    expect(lines[0]).toMatch(/^Exported \d+ pages/);
    expect(lines[1]).toBe('2 scheduled articles left out; the next at 08:00:01 on 01/05/2024');

    const later = await ok(nd(['--now', '01/05/2024 08:00:01', 'export', 'html', '--out', 'site']));
    expect(later.err.trim().split('\n')[1]).toBe('1 scheduled article left out; the next at 07:00 on 08/05/2024');

    const all = await ok(nd(['--now', '2024-05-08T07:00:00+07:00', 'export', 'html', '--out', 'site']));
    expect(all.err.trim().split('\n')).toHaveLength(1);

    const quiet = await ok(nd(['-q', 'export', 'html', '--out', 'site2']));
    expect(quiet.err).toBe('');
  });

  it('in a site of another zone, the next is shown on that zone\'s clock', async () => {
    const nd = await portal('America/New_York');
    const r = await ok(nd(['export', 'html', '--out', 'site']));
    expect(r.err.trim().split('\n')[1]).toBe('2 scheduled articles left out; the next at 21:00:01 on 30/04/2024');
  });

  it('export json keeps scheduled articles as they are', async () => {
    const nd = await portal();
    const doc = JSON.parse((await ok(nd(['export', 'json', '--out', '-']))).out) as { articles: Array<{ id: number; status: string; published_at: string }> };
    expect(doc.articles.filter((a) => a.id === 2 || a.id === 3).map((a) => [a.status, a.published_at])).toEqual([
      ['published', '2024-05-01T08:00:01+07:00'],
      ['published', '2024-05-08T07:00:00+07:00'],
    ]);
  });
});

describe('--now', () => {
  it('a value that is not a date is a usage error, before anything is read', async () => {
    const nd = await portal();
    const r = await nd(['--now', 'thứ hai', 'article', 'list']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'newsdesk: --now: "thứ hai" is not a date\nhint: use ISO 8601 (2020-10-23T20:37:00+07:00, 2020-10-23), dd/mm/yyyy, dd/mm/yyyy HH:mm or dd/mm/yyyy hh:mm AM|PM\n',
    );
    expect((await nd(['--now', '31/02/2024', 'article', 'list'])).code).toBe(2);
  });

  it('is documented in --help', async () => {
    const { nd } = tempDb();
    const r = await ok(nd(['--help']));
    expect(r.out).toMatch(/--now <date>\s+run as if it were this date/);
  });
});
