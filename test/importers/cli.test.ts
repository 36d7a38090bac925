// newsdesk import through the CLI: exit codes, the report, error lines, rejects file, stdin,
// and the broken-input fixtures (each leaves the database exactly as it was).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSection } from '../../src/ops/sections.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { tempDb, type CliResult } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures', 'broken');

async function seeded(): Promise<ReturnType<typeof tempDb>> {
  const t = tempDb();
  const store = await SqliteStore.open(t.db, 'write');
  await store.transaction(async (tx) => {
    await tx.settings.set(await tx.settings.get());
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
  });
  await store.close();
  return t;
}

const ndjson = (...records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const stderrLines = (r: CliResult): string[] => r.err.split('\n').filter((l) => l !== '');

describe('broken inputs: expected errors, exit 1, database unchanged', () => {
  it.each([
    ['bad-json.ndjson', [expect.stringMatching(/^line 3: invalid JSON: .+ \(column 47\)$/)]],
    ['bad-json-element.json', [expect.stringMatching(/^line 5: invalid JSON: .+ \(column 5\)$/)]],
    ['missing-title.csv', ['line 3: title: is required']],
    ['bad-date.ndjson', [expect.stringMatching(/^line 3: published_at: "2020-13-01" is not a date: use ISO 8601/)]],
    ['unknown-section.json', [expect.stringMatching(/^line 3: section: no section "thoi-su" \(add it first/)]],
    ['duplicate-slug.csv', ['line 5: slug: the slug "mot" is already used by the record at line 2']],
    ['unclosed-quote.csv', ['line 3: invalid CSV: a quoted field is never closed (a " missing?)']],
    ['invalid-utf8.ndjson', ['line 2: is not valid UTF-8 text']],
    ['empty.ndjson', [expect.stringMatching(/empty\.ndjson is empty$/)]],
    ['header-only.csv', ['line 1: the CSV has a header row but no records']],
  ])('%s', async (name, expected) => {
    const { dir, nd } = await seeded();
    copyFileSync(join(FIXTURES, name), join(dir, name));
    const before = (await nd(['export', 'json', '--ndjson'])).out;
    const r = await nd(['import', name]);
    expect(r.code).toBe(1);
    expect(stderrLines(r).slice(0, expected.length)).toEqual(expected);
    expect(r.err).toMatch(/^newsdesk: .*nothing was written$/m);
    expect((await nd(['export', 'json', '--ndjson'])).out).toBe(before);

    const json = await nd(['import', name, '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as { inserted: number; errors: Array<{ line: number; field: string; message: string }> };
    expect(report.inserted).toBe(0);
    expect(report.errors.length).toBe(expected.length);
  });
});

describe('newsdesk import', () => {
  it('imports, prints the report as a table on stderr, and exits 0', async () => {
    const { dir, nd } = await seeded();
    writeFileSync(join(dir, 'a.ndjson'), ndjson({ title: 'Một', section: 'tin-tuc' }, { title: 'Hai', section: 'tin-tuc' }));
    const r = await nd(['import', 'a.ndjson']);
    expect(r).toEqual({ code: 0, out: '', err: 'read  inserted  updated  skipped  rejected\n   2         2        0        0         0\n' });
    const again = await nd(['import', 'a.ndjson', '--on-conflict', 'skip', '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ read: 2, inserted: 0, updated: 0, skipped: 2, rejected: 0, dry_run: false, errors: [] });
    expect((await nd(['import', 'a.ndjson', '-q'])).err).toMatch(/^line 1: title: an article with the slug "mot" exists already/);
  });

  it('--continue-on-error writes the rejects file and exits 3', async () => {
    const { dir, nd } = await seeded();
    writeFileSync(join(dir, 'a.csv'), 'slug,title,section\nmot,Một,tin-tuc\nhai,,tin-tuc\nba,Ba,khong-co\n');
    const r = await nd(['import', 'a.csv', '--continue-on-error', '--rejects', 'rejects.ndjson', '--format', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ read: 3, inserted: 1, rejected: 2 });
    expect(r.err).toMatch(/^newsdesk: imported 1 and skipped 0 of 3 records; 2 rejected \(see rejects.ndjson\)$/m);
    const rejects = readFileSync(join(dir, 'rejects.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(rejects).toEqual([
      { line: 3, errors: [{ field: 'title', message: 'is required' }], record: { slug: 'hai', section: 'tin-tuc' } },
      { line: 4, errors: [{ field: 'section', message: expect.stringMatching(/^no section "khong-co"/) }], record: { slug: 'ba', title: 'Ba', section: 'khong-co' } },
    ]);
    // The rejects file, fixed, imports as NDJSON.
    const fixed = rejects.map((x) => ({ ...(x as { record: object }).record, title: 'Sửa', section: 'tin-tuc' }));
    writeFileSync(join(dir, 'fixed.ndjson'), ndjson(...fixed));
    expect((await nd(['import', 'fixed.ndjson'])).code).toBe(0);
  });

  it('--dry-run writes nothing, and exits 1 when it found errors', async () => {
    const { nd } = await seeded();
    const ok = await nd(['import', '-', '--dry-run'], { stdin: ndjson({ title: 'Một', section: 'tin-tuc' }) });
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/^Dry run \(nothing written\):/);
    expect(ok.err).toMatch(/Dry run: standard input is valid; nothing was written./);
    const bad = await nd(['import', '-', '--dry-run', '--format', 'json'], { stdin: ndjson({ section: 'tin-tuc' }) });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ dry_run: true, rejected: 1 });
    expect((await nd(['article', 'list', '--format', 'count'])).out).toBe('0\n');
    const nowhere = tempDb();
    const missing = await nowhere.nd(['import', '-', '--dry-run'], { stdin: ndjson({ title: 'Một', section: 'tin-tuc' }) });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no database/);
    expect(existsSync(nowhere.db)).toBe(false);
  });

  it('sniffs stdin: JSON arrays, NDJSON and CSV', async () => {
    const { nd } = await seeded();
    const rs = await Promise.all([
      nd(['import', '-', '--format', 'json'], { stdin: JSON.stringify([{ title: 'A', section: 'tin-tuc' }]) }),
    ]);
    expect(JSON.parse(rs[0]!.out)).toMatchObject({ inserted: 1 });
    expect(JSON.parse((await nd(['import', '-', '--format', 'json'], { stdin: ndjson({ title: 'B', section: 'tin-tuc' }) })).out)).toMatchObject({ inserted: 1 });
    expect(JSON.parse((await nd(['import', '-', '--format', 'json'], { stdin: 'title,section\nC,tin-tuc\n' })).out)).toMatchObject({ inserted: 1 });
    expect(JSON.parse((await nd(['import', '-', '--type', 'sections', '--format', 'json'], { stdin: 'slug,title,parent\nd,D,tin-tuc\n' })).out)).toMatchObject({ inserted: 1 });
  });

  it.each([
    [['--on-conflict', 'replace'], /--on-conflict must be fail, skip or update/],
    [['--from', 'xml'], /--from must be json, ndjson, csv, wxr, rss or atom/],
    [['--type', 'articl'], /--type must be articles, sections or links/],
    [['--format', 'ndjson'], /--format must be table or json/],
    [['--rejects', 'r.ndjson'], /--rejects goes with --continue-on-error/],
  ])('bad flags are usage errors (%j)', async (flags, message) => {
    const { dir, nd } = await seeded();
    writeFileSync(join(dir, 'a.ndjson'), ndjson({ title: 'A', section: 'tin-tuc' }));
    const r = await nd(['import', 'a.ndjson', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('a missing file fails with exit 1; stdin on a terminal is a usage error', async () => {
    const { nd } = await seeded();
    const r = await nd(['import', 'nope.ndjson']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^newsdesk: no file nope\.ndjson$/m);
    expect((await nd(['import', '-'], { tty: true })).code).toBe(2);
  });

  it('shows a progress bar only on a terminal', async () => {
    const { dir, nd } = await seeded();
    writeFileSync(join(dir, 'a.ndjson'), ndjson(...Array.from({ length: 300 }, (_, i) => ({ title: `Bài ${i}`, section: 'tin-tuc' }))));
    const piped = await nd(['import', 'a.ndjson']);
    expect(piped.err).not.toMatch(/Importing/);
    const tty = await nd(['import', 'a.ndjson', '--on-conflict', 'skip'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/Importing/);
    const fresh = tempDb();
    const indexed = await fresh.nd(['import', join(dir, 'a.ndjson'), '--create-sections'], { tty: true });
    expect(indexed.code).toBe(0);
    expect(indexed.err).toMatch(/Indexing/);
    const off = await nd(['import', 'a.ndjson', '--on-conflict', 'skip', '--no-progress'], { tty: true });
    expect(off.err).not.toMatch(/Importing/);
  });

  it('imports the bundled sample portal with its images', async () => {
    const { nd } = tempDb();
    const r = await nd(['import', resolve('data/sample/portal.json'), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { read: number; inserted: number; rejected: number };
    expect(report.rejected).toBe(0);
    expect(report.inserted).toBe(report.read);
    const check = await nd(['check']);
    expect(check.code).toBe(0);
  });
});
