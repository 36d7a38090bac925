// Every listing command in every --format, on a terminal and piped: the output is written
// once (src/cli/output/list.ts) for all of them, so the same table of expectations holds.
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, tempDb, type CliResult } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

const ANSI = /\u001b\[/;

interface ListCase {
  name: string;
  argv: string[];
  /** Ids of the first page (article list: 10 per page), in order. */
  ids: number[];
  total: number;
  tableFields: string[];
  dataFields: string[];
  /** The last line(s) of the terminal table. */
  footer: string[];
}

const LISTS: ListCase[] = [
  {
    name: 'article list',
    argv: ['article', 'list'],
    ids: [12, 11, 10, 9, 8, 7, 6, 5, 4, 3],
    total: 12,
    tableFields: ['id', 'published_at', 'status', 'section', 'title'],
    dataFields: ['id', 'slug', 'title', 'summary', 'body', 'author', 'source', 'section', 'status', 'published_at', 'created_at', 'updated_at', 'images', 'tags'],
    footer: ['Page 1 of 2 · 12 articles', '« ‹ [1] 2 › »'],
  },
  {
    name: 'section list',
    argv: ['section', 'list'],
    ids: [1, 2, 3, 4, 5],
    total: 5,
    tableFields: ['id', 'slug', 'title', 'kind', 'position'],
    dataFields: ['id', 'slug', 'title', 'kind', 'parent', 'position', 'description'],
    footer: ['5 sections'],
  },
  {
    name: 'link list',
    argv: ['link', 'list'],
    ids: [1, 2, 3],
    total: 3,
    tableFields: ['id', 'section', 'position', 'title', 'url'],
    dataFields: ['id', 'section', 'title', 'url', 'position'],
    footer: ['3 links'],
  },
];

async function listRun(c: ListCase, extra: string[], tty = false): Promise<CliResult> {
  const { db, nd } = tempDb();
  await seedPortal(db, 12);
  return nd([...c.argv, ...extra], { tty });
}

describe.each(LISTS)('$name', (c) => {
  it('on a terminal: a table with a header, one row per item, and the footer', async () => {
    const r = await listRun(c, [], true);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^┌/);
    const header = lines[1]!.split('│').map((s) => s.trim()).filter(Boolean);
    expect(header).toEqual(c.tableFields);
    const rows = lines.filter((l) => l.startsWith('│')).slice(1);
    expect(rows.map((l) => Number(l.split('│')[1]!.trim()))).toEqual(c.ids);
    expect(lines.slice(-c.footer.length)).toEqual(c.footer);
    expect(r.out).not.toMatch(ANSI);
  });

  it('on a terminal with colour allowed, the table is coloured', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 12);
    const r = await nd(c.argv, { tty: true, env: {} });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(ANSI);
    const piped = await nd(c.argv, { tty: false, env: { FORCE_COLOR: undefined } });
    expect(piped.out).not.toMatch(ANSI);
  });

  it('piped: tab-separated rows, no header, no box, no colour', async () => {
    const r = await listRun(c, []);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(c.ids.length);
    for (const line of lines) expect(line.split('\t')).toHaveLength(c.tableFields.length);
    expect(lines.map((l) => Number(l.split('\t')[0]))).toEqual(c.ids);
    expect(r.out).not.toMatch(/[┌│└]|Page \d|^id\t/m);
    expect(r.out).not.toMatch(ANSI);
  });

  it('--format json: one envelope {items, page, per_page, total, pages}', async () => {
    const r = await listRun(c, ['--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as Record<string, unknown> & { items: Array<Record<string, unknown>> };
    expect(Object.keys(doc).sort()).toEqual(['items', 'page', 'pages', 'per_page', 'total']);
    expect(doc.items.map((i) => i.id)).toEqual(c.ids);
    expect(Object.keys(doc.items[0]!)).toEqual(c.dataFields);
    expect(doc.total).toBe(c.total);
    expect(doc.page).toBe(1);
    expect(doc.pages).toBe(Math.ceil(c.total / (doc.per_page as number)));
    // UTF-8 as it is, never \u escapes for letters.
    expect(r.out).not.toMatch(/\\u[0-9a-fA-F]{4}/);
    expect(r.err).toBe('');
  });

  it('--format ndjson: one item a line, no envelope', async () => {
    const r = await listRun(c, ['--format', 'ndjson']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    const items = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(items.map((i) => i.id)).toEqual(c.ids);
    expect(Object.keys(items[0]!)).toEqual(c.dataFields);
    expect(r.out.endsWith('\n')).toBe(true);
  });

  it('--format csv: RFC 4180 with a header row and CRLF line ends', async () => {
    const r = await listRun(c, ['--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out.split('\r\n')[0]).toBe(c.dataFields.join(','));
    expect(r.out.endsWith('\r\n')).toBe(true);
    const records = parseCsv(r.out, { columns: true }) as Array<Record<string, string>>;
    expect(records.map((x) => Number(x.id))).toEqual(c.ids);
  });

  it('--format ids: one id a line', async () => {
    const r = await listRun(c, ['--format', 'ids']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(c.ids.map((id) => `${id}\n`).join(''));
  });

  it('--format count: the total alone', async () => {
    const r = await listRun(c, ['--format', 'count']);
    expect(r).toEqual({ code: 0, out: `${c.total}\n`, err: '' });
  });

  it('--fields picks and orders the fields in every format', async () => {
    const json = await listRun(c, ['--format', 'json', '--fields', 'title,id']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as { items: Array<Record<string, unknown>> };
    for (const item of doc.items) expect(Object.keys(item)).toEqual(['title', 'id']);
    const csv = await listRun(c, ['--format', 'csv', '--fields', 'id,title']);
    expect(csv.out.split('\r\n')[0]).toBe('id,title');
    const table = await listRun(c, ['--fields', 'id, title']);
    const lines = table.out.trimEnd().split('\n');
    expect(lines.every((l) => l.split('\t').length === 2)).toBe(true);
    const tty = await listRun(c, ['--fields', 'title,id'], true);
    expect(tty.out.split('\n')[1]!.split('│').map((s) => s.trim()).filter(Boolean)).toEqual(['title', 'id']);
  });

  it.each([['bogus'], ['id,nope'], [','], ['']])('--fields %j is a usage error (exit 2) that lists the fields', async (fields) => {
    const r = await listRun(c, ['--format', 'json', '--fields', fields]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^newsdesk: /);
    expect(r.err).toContain('hint: fields: id, ');
  });

  it.each(['xml', 'JSONL', 'text', ''])('--format %j is a usage error (exit 2)', async (format) => {
    const r = await listRun(c, ['--format', format]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--format must be one of table, json, ndjson, csv, ids, count');
  });

  it('an empty list is success', async () => {
    const { db, nd } = tempDb();
    await cli(['--db', db, 'init']);
    for (const format of ['json', 'ndjson', 'csv', 'ids', 'count', 'table']) {
      const r = await nd([...c.argv, '--format', format]);
      expect(r.code).toBe(0);
      if (format === 'json') expect(JSON.parse(r.out)).toMatchObject({ items: [], total: 0 });
      if (format === 'count') expect(r.out).toBe('0\n');
      if (format === 'ids' || format === 'ndjson' || format === 'table') expect(r.out).toBe('');
    }
    const tty = await nd(c.argv, { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.out).toMatch(/^No (articles|sections|links)\.\n$/);
  });
});

describe('CSV and table quoting of awkward text', () => {
  it('quotes commas, quotes and newlines (RFC 4180) and keeps piped rows on one line', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 0);
    const title = 'Hội nghị "Dân vận khéo", năm 2024';
    const add = await nd(['article', 'add', '--title', title, '--section', 'kinh-te', '--summary', 'dòng 1\ndòng 2', '--body', 'a\tb', '--tag', 'x', '--tag', 'y']);
    expect(add.code).toBe(0);
    const csv = await nd(['article', 'list', '--format', 'csv', '--fields', 'id,title,summary,tags']);
    expect(csv.out).toBe(`id,title,summary,tags\r\n1,"Hội nghị ""Dân vận khéo"", năm 2024","dòng 1\ndòng 2",x;y\r\n`);
    const records = parseCsv(csv.out, { columns: true }) as Array<Record<string, string>>;
    expect(records).toEqual([{ id: '1', title, summary: 'dòng 1\ndòng 2', tags: 'x;y' }]);
    const piped = await nd(['article', 'list', '--fields', 'id,summary,body,title']);
    expect(piped.out).toBe(`1\tdòng 1 dòng 2\ta b\t${title}\n`);
    const links = await nd(['link', 'list', '--format', 'csv', '--fields', 'title,url']);
    expect(links.out.split('\r\n')).toContain('"Hộp thư, ""góp ý""",mailto:gopy@sonlam.gov.vn');
  });
});

describe('section list', () => {
  it('is in menu order, subsections indented on a terminal, with the parent in data formats', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 0);
    const json = JSON.parse((await nd(['section', 'list', '--format', 'json'])).out) as { items: Array<{ slug: string; parent: string | null }> };
    expect(json.items.map((s) => [s.slug, s.parent])).toEqual([
      ['gioi-thieu', null],
      ['he-thong-chinh-tri', null],
      ['huyen-uy', 'he-thong-chinh-tri'],
      ['kinh-te', null],
      ['lien-ket-website', null],
    ]);
    const tty = await nd(['section', 'list'], { tty: true });
    expect(tty.out).toContain('│   Huyện ủy ');
    const piped = await nd(['section', 'list', '--fields', 'slug,title,depth']);
    expect(piped.out.split('\n')[2]).toBe('huyen-uy\tHuyện ủy\t1');
  });
});

describe('link list', () => {
  it('lists one section when named, and fails (exit 1) for an unknown section', async () => {
    const { db, nd } = tempDb();
    await seedPortal(db, 0);
    await nd(['section', 'add', 'Cơ quan', '--kind', 'links']);
    await nd(['link', 'add', 'co-quan', 'UBND tỉnh', 'https://ubnd.nghean.gov.vn']);
    const all = await nd(['link', 'list', '--format', 'ids']);
    expect(all.out).toBe('1\n2\n3\n4\n');
    const one = await nd(['link', 'list', 'co-quan', '--format', 'ndjson']);
    expect(JSON.parse(one.out)).toEqual({ id: 4, section: 'co-quan', title: 'UBND tỉnh', url: 'https://ubnd.nghean.gov.vn', position: 1 });
    const missing = await nd(['link', 'list', 'khong-co']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('newsdesk: no section "khong-co"');
  });
});
