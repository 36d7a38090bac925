// What a script reads does not depend on the language: the same commands under LANG=C.UTF-8
// and LANG=vi_VN.UTF-8 print the same bytes on stdout (json, ndjson, csv, ids, count, piped
// TSV, text a script parses), write the same rejects file, and exit with the same code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliResult } from '../helpers/cli.js';
import { seedPortal } from '../helpers/portal.js';

const ENGLISH = { NO_COLOR: '1', LANG: 'C.UTF-8' };
const VIETNAMESE = { NO_COLOR: '1', LANG: 'vi_VN.UTF-8' };

let dir: string;
let db: string;

// One portal for every case (tempDir's folders last one test only).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdesk-i18n-'));
  db = join(dir, 'news.db');
  await seedPortal(db, 23);
  writeFileSync(
    join(dir, 'mixed.ndjson'),
    [
      JSON.stringify({ title: 'Tin mới', section: 'kinh-te', status: 'published', published_at: '2024-01-02T08:00:00+07:00' }),
      JSON.stringify({ title: '', section: 'kinh-te' }),
      JSON.stringify({ title: 'Không có chuyên mục', section: 'khong-co' }),
      'not json',
      JSON.stringify({ title: 'Ngày sai', section: 'kinh-te', published_at: 'hôm qua' }),
    ].join('\n') + '\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Read-only cases: run against the same portal in both languages. */
const READING: string[][] = [
  ['article', 'list', '--format', 'json'],
  ['article', 'list', '--format', 'ndjson', '--page', '2'],
  ['article', 'list', '--format', 'csv', '--fields', 'id,slug,title,status,published_at'],
  ['article', 'list', '--format', 'ids', '--all'],
  ['article', 'list', '--format', 'count', '--section', 'kinh-te'],
  ['article', 'list'],
  ['article', 'list', '--page', '3', '--fields', 'id,status,published_at,title,tags'],
  ['article', 'list', '--page', '99', '--format', 'json'],
  ['article', 'show', '3', '--format', 'json'],
  ['search', 'bai', '--format', 'json'],
  ['search', 'bai so', '--format', 'csv'],
  ['search', 'bai', '--format', 'ids', '--all'],
  ['search', 'bai', '--format', 'count'],
  ['search', 'bai'],
  ['section', 'list', '--format', 'json'],
  ['section', 'list', '--format', 'csv'],
  ['section', 'list'],
  ['section', 'show', 'huyen-uy', '--format', 'json'],
  ['link', 'list', '--format', 'ndjson'],
  ['link', 'list'],
  ['site', 'show', '--format', 'json'],
  ['site', 'show'],
  ['export', 'json'],
  ['export', 'json', '--ndjson', '--section', 'kinh-te'],
  ['check', '--format', 'json'],
  // failures: the exit code is the script's to read
  ['article', 'list', '--format', 'xml'],
  ['article', 'list', '--page', '0'],
  ['article', 'show', 'khong-co', '--format', 'json'],
  ['search', '', '--format', 'json'],
  ['section', 'show', '999'],
  ['nonsense'],
  ['article', 'list', '--bogus'],
  ['--lang', 'fr', 'article', 'list'],
];

async function both(argv: string[], cwd = dir): Promise<[CliResult, CliResult]> {
  const en = await cli(['--db', db, ...argv], { env: ENGLISH, cwd });
  const vi = await cli(['--db', db, ...argv], { env: VIETNAMESE, cwd });
  return [en, vi];
}

describe('machine output is the same in Vietnamese', () => {
  it.each(READING.map((argv) => [argv.join(' '), argv] as const))('%s', async (_name, argv) => {
    const [en, vi] = await both(argv);
    expect(en.err).not.toMatch(/no database/);
    expect(vi.code).toBe(en.code);
    expect(vi.out).toBe(en.out);
  });

  it('the human messages did change (the cases ran in Vietnamese)', async () => {
    const [en, vi] = await both(['article', 'show', 'khong-co']);
    expect(en.err).toContain('no article "khong-co"');
    expect(vi.err).toContain('không có bài viết "khong-co"');
  });

  it('import: the JSON report, the rejects file and the exit code', async () => {
    const run = async (env: Record<string, string>, name: string): Promise<{ r: CliResult; rejects: string }> => {
      const target = join(dir, `${name}.db`);
      await seedPortal(target);
      const rejects = join(dir, `${name}-rejects.ndjson`);
      const r = await cli(['--db', target, 'import', 'mixed.ndjson', '--continue-on-error', '--rejects', rejects, '--format', 'json'], { env, cwd: dir });
      return { r, rejects: readFileSync(rejects, 'utf8') };
    };
    const en = await run(ENGLISH, 'en');
    const vi = await run(VIETNAMESE, 'vi');
    expect(en.r.code).toBe(3);
    expect(vi.r.code).toBe(3);
    expect(vi.r.out).toBe(en.r.out);
    expect(vi.rejects).toBe(en.rejects);
    expect(en.rejects.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('writes: ids on stdout and the exit codes of refusals', async () => {
    for (const env of [ENGLISH, VIETNAMESE]) {
      const target = join(dir, `w-${env.LANG}.db`);
      await seedPortal(target);
      const nd = (argv: string[]): Promise<CliResult> => cli(['--db', target, ...argv], { env, cwd: dir });
      expect((await nd(['section', 'add', 'Tin tức'])).out).toBe('6\n');
      expect((await nd(['article', 'add', '--title', 'Bài mới', '--section', 'tin-tuc'])).out).toBe('1\n');
      expect((await nd(['link', 'add', 'lien-ket-website', 'Báo Nhân Dân', 'https://nhandan.vn'])).out).toBe('4\n');
      expect((await nd(['article', 'remove', '1'])).code).toBe(2);
      expect((await nd(['section', 'remove', 'he-thong-chinh-tri', '--yes'])).code).toBe(1);
      expect((await nd(['article', 'add', '--title', 'x'])).code).toBe(2);
    }
  });
});
