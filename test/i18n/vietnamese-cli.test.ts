// Everything a person reads is Vietnamese under a Vietnamese locale. The help of every command,
// and a broad set of runs (successes, refusals, failures, questions on a terminal, tables, the
// pager, the import report), are read line by line; a line still holding English (see
// test/helpers/english.ts: English function words, once names, quoted data, paths, flags and
// slugs are taken out) fails the test and is listed. The same runs in English are caught by
// the same check, so the check is known to bite.
//
// A new command or message: add its key to src/i18n/en.ts and vi.ts and say it with t(); add
// a run of it below when it has messages of its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/cli/context.js';
import type { Prompter } from '../../src/cli/prompts.js';
import { buildProgram } from '../../src/cli/program.js';
import { t, useLanguage } from '../../src/i18n/index.js';
import { cli } from '../helpers/cli.js';
import { englishLines } from '../helpers/english.js';
import { seedPortal } from '../helpers/portal.js';

const VIETNAMESE = { NO_COLOR: '1', LANG: 'vi_VN.UTF-8' };
const ENGLISH = { NO_COLOR: '1', LANG: 'C.UTF-8' };

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdesk-vi-'));
  writeFileSync(
    join(dir, 'bad.ndjson'),
    [
      JSON.stringify({ title: 'Tin mới', section: 'kinh-te', status: 'published' }),
      JSON.stringify({ title: '', section: 'kinh-te' }),
      JSON.stringify({ title: 'Không có chuyên mục', section: 'khong-co' }),
      JSON.stringify({ title: 'Ngày sai', section: 'kinh-te', published_at: 'hôm qua' }),
      JSON.stringify({ title: 'Đường dẫn sai', section: 'kinh-te', slug: 'Sai Đường Dẫn' }),
      JSON.stringify({ title: 'Trạng thái sai', section: 'kinh-te', status: 'xong' }),
    ].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'good.ndjson'), `${JSON.stringify({ title: 'Tin tốt', section: 'kinh-te' })}\n`);
  writeFileSync(join(dir, 'body.md'), 'Nội dung **bài viết**.\n');
  writeFileSync(join(dir, 'cut.json'), '[{"title": "Tin", "section": "kinh-te"}');
  writeFileSync(join(dir, 'object.json'), '{"title": "Tin"}');
  writeFileSync(join(dir, 'bad.csv'), 'title,section,title\nTin,kinh-te,x\n');
  writeFileSync(join(dir, 'quote.csv'), 'title,section\n"Tin,kinh-te\n');
  writeFileSync(join(dir, 'wp.xml'), readFileSync(join('test', 'importers', 'fixtures', 'feeds', 'sonlam.wordpress.2026-12-06.xml')));
  writeFileSync(join(dir, 'not-a-db.db'), 'đây không phải cơ sở dữ liệu, chỉ là một tệp văn bản dài hơn một trăm byte để không bị coi là cụt');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every command path of the program, for its --help. */
async function commandPaths(): Promise<string[][]> {
  await useLanguage('en');
  const program = await buildProgram({ t } as unknown as Ctx, []);
  const paths: string[][] = [[]];
  const walk = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) {
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

/** A prompter that answers every question with its default (or the first choice), recording the questions. */
function answering(asked: string[]): Prompter {
  return {
    async input(message, opts = {}) {
      asked.push(message);
      return opts.default ?? 'Tiêu đề';
    },
    async select(message, choices, defaultValue) {
      asked.push(message, ...choices.map((c) => c.name));
      return defaultValue ?? choices[0]!.value;
    },
    async confirm(message) {
      asked.push(message);
      return false;
    },
    async editor(message, initial) {
      asked.push(message);
      return initial;
    },
  };
}

/** The runs: [argv, tty]. `DB` is replaced by a fresh seeded portal's path per run. */
const RUNS: Array<[string[], boolean?]> = [
  [['--version']],
  [['nonsense']],
  [['artcle', 'list']],
  [['article', 'list', '--bogus']],
  [['article', 'show']],
  [['article', 'show', '1', '2']],
  [['--lang', 'xx', 'article', 'list']],
  [['init', '--title', 'Cổng thông tin điện tử huyện Sơn Lâm']],
  [['init', '--per-page', '0']],
  [['init', '--timezone', 'Sao/Hoa']],
  [['site', 'show']],
  [['site', 'set', 'colour', 'đỏ']],
  [['site', 'set', 'per_page', 'mười']],
  [['site', 'set', 'base_url', 'ftp://x']],
  [['site', 'set', 'title', 'Cổng mới']],
  [['article', 'list'], true],
  [['article', 'list', '--page', '2', '--per-page', '5'], true],
  [['article', 'list', '--page', '99'], true],
  [['article', 'list', '--section', 'gioi-thieu'], true],
  [['article', 'list', '--all'], true],
  [['article', 'list', '--format', 'xml']],
  [['article', 'list', '--page', 'hai']],
  [['article', 'list', '--per-page', '5000']],
  [['article', 'list', '--sort', 'tieu-de']],
  [['article', 'list', '--status', 'xong']],
  [['article', 'list', '--since', 'hôm qua']],
  [['article', 'list', '--fields', 'id,mau']],
  [['article', 'list', '--fields', ',']],
  [['article', 'list', '--section', 'khong-co']],
  [['article', 'show', '3'], true],
  [['article', 'show', 'khong-co']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--body-file', 'body.md', '--tag', 'lễ hội']],
  [['article', 'add', '--title', 'Bài mới']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'lien-ket-website']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--status', 'xong']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--body', 'x', '--body-file', 'body.md']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--body-file', 'khong-co.md']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--caption', 'Ảnh']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--slug', 'Sai Slug']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--published-at', 'mai']],
  [['article', 'add', '--title', 'Bài mới', '--section', 'kinh-te', '--editor']],
  [['article', 'add', '--title', 'Bài 1', '--section', 'kinh-te', '--slug', 'bai-so-1']],
  [['article', 'add'], true],
  [['article', 'edit', '2', '--title', 'Tiêu đề mới']],
  [['article', 'edit', '2']],
  [['article', 'edit', '2'], true],
  [['article', 'publish', '2', '--at', '01/01/2030 07:00']],
  [['article', 'publish', '2', '--at', 'sáng mai']],
  [['article', 'publish', '2']],
  [['article', 'unpublish', '2']],
  [['article', 'remove', '2']],
  [['article', 'remove', '2'], true],
  [['article', 'remove', '2', '3', '--yes']],
  // History, the trash and saves that expect a revision.
  [['article', 'edit', '1', '--summary', 'Tóm tắt mới', '-m', 'sửa tóm tắt']],
  [['article', 'edit', '1', '--summary', 'Cũ', '--if-revision', '1']],
  [['article', 'history', '1'], true],
  [['article', 'diff', '1'], true],
  [['article', 'diff', '1', '1', '1'], true],
  [['article', 'diff', '4']],
  [['article', 'show', '1', '--revision', '9']],
  [['article', 'restore', '1', '--revision', '1']],
  [['article', 'restore', '1', '--revision', '9']],
  [['trash', 'list'], true],
  [['trash', 'restore', '2']],
  [['trash', 'restore', '2']],
  [['trash', 'restore', '1']],
  [['trash', 'empty', '--older-than', 'sớm', '--yes']],
  [['trash', 'empty', '--yes']],
  [['trash', 'empty', '--yes']],
  [['article', 'remove', '4', '--purge', '--yes']],
  [['revisions', 'prune']],
  [['revisions', 'prune', '--keep', '1']],
  [['section', 'remove', 'kinh-te']],
  [['section', 'list'], true],
  [['section', 'show', 'he-thong-chinh-tri'], true],
  [['section', 'show', 'khong-co']],
  [['section', 'add', 'Tin tức']],
  [['section', 'add', 'Tin tức', '--kind', 'tranh']],
  [['section', 'add', 'Kinh tế', '--slug', 'kinh-te']],
  [['section', 'add', 'Con', '--parent', 'khong-co']],
  [['section', 'edit', 'huyen-uy']],
  [['section', 'edit', 'huyen-uy', '--title', 'Huyện ủy Sơn Lâm']],
  [['section', 'edit', 'kinh-te', '--kind', 'links']],
  [['section', 'move', 'huyen-uy']],
  [['section', 'move', 'huyen-uy', '--before', 'kinh-te', '--after', 'gioi-thieu']],
  [['section', 'move', 'he-thong-chinh-tri', '--parent', 'huyen-uy']],
  [['section', 'move', 'kinh-te', '--before', 'kinh-te']],
  [['section', 'move', 'kinh-te', '--position', '1']],
  [['section', 'remove', 'kinh-te']],
  [['section', 'remove', 'kinh-te', '--yes']],
  [['section', 'remove', 'gioi-thieu', '--yes']],
  [['section', 'remove', 'kinh-te', '--move-articles-to', 'lien-ket-website', '--yes']],
  [['section', 'remove', 'kinh-te', '--move-articles-to', 'gioi-thieu', '--yes']],
  [['link', 'list'], true],
  [['link', 'add', 'lien-ket-website', 'Báo Nhân Dân', 'https://nhandan.vn']],
  [['link', 'add', 'kinh-te', 'Báo Nhân Dân', 'https://nhandan.vn']],
  [['link', 'add', 'lien-ket-website', 'Lạ', 'javascript:alert(1)']],
  [['link', 'edit', '1']],
  [['link', 'edit', '1', '--title', 'Chính phủ']],
  [['link', 'edit', '99', '--title', 'Chính phủ']],
  [['link', 'remove', '2']],
  [['search', 'bai'], true],
  [['search', 'khong co gi'], true],
  [['search', '']],
  [['search', 'a', 'AND', 'b']],
  [['search', '"chưa đóng']],
  [['search', 'bai', '--status', 'draft']],
  [['import', 'bad.ndjson']],
  [['import', 'bad.ndjson', '--dry-run']],
  [['import', 'bad.ndjson', '--continue-on-error']],
  [['import', 'bad.ndjson', '--continue-on-error', '--rejects', 'loai.ndjson']],
  [['import', 'good.ndjson', '--dry-run']],
  [['import', 'good.ndjson']],
  [['import', 'khong-co.ndjson']],
  [['import', 'good.ndjson', '--rejects', 'x.ndjson']],
  [['import', 'good.ndjson', '--on-conflict', 'gop']],
  [['import', 'good.ndjson', '--section-map', 'sai']],
  [['export', 'json', '--out', 'ban-xuat.json']],
  [['export', 'json', '--out', '']],
  [['export', 'html', '--out', 'site']],
  [['export', 'html']],
  [['export', 'html', '--out', 'site', '--base-url', 'ftp://x']],
  [['export', 'html', '--out', 'site', '--per-page', '0']],
  [['backup', 'sao-luu.db']],
  [['backup', 'sao-luu.db']],
  [['backup', '.']],
  [['check']],
  [['reindex']],
  [['copy', '--to', 'ban-sao.db']],
  [['copy']],
  [['copy', '--to', '']],
  [['article', 'list', '--now', 'hôm nay']],
  [['import', 'wp.xml', '--create-sections']],
  [['import', 'wp.xml']],
  [['import', 'cut.json']],
  [['import', 'object.json']],
  [['import', 'bad.csv']],
  [['import', 'quote.csv']],
  [['import', 'good.ndjson', '--section', 'tin-tuc']],
  [['--db', 'not-a-db.db', 'article', 'list']],
  [['--db', '.', 'article', 'list']],
  [['--db', 'khong-co/news.db', 'article', 'list']],
  [['--db', 'postgres://x@/db?nonsense=1', 'article', 'list']],
  [['export', 'html', '--out', '.']],
];

async function runAll(env: Record<string, string>): Promise<string[]> {
  const said: string[] = [];
  for (const [i, [argv, tty]] of RUNS.entries()) {
    const work = mkdtempSync(join(dir, `run-${i}-`));
    for (const f of ['bad.ndjson', 'good.ndjson', 'body.md', 'cut.json', 'object.json', 'bad.csv', 'quote.csv', 'not-a-db.db', 'wp.xml']) writeFileSync(join(work, f), readFileSync(join(dir, f)));
    const db = join(work, 'news.db');
    if (argv[0] !== 'init') await seedPortal(db, 12);
    const asked: string[] = [];
    const r = await cli(['--db', db, ...argv], { env, cwd: work, tty: tty ?? false, prompter: answering(asked) });
    // Piped machine output (ids, TSV) is the same in every language: only what a person reads.
    const human = tty ? r.out : '';
    for (const line of englishLines([r.err, human, ...asked].join('\n'))) said.push(`newsdesk ${argv.join(' ')}: ${line}`);
  }
  return said;
}

describe('Vietnamese, everywhere a person reads', { timeout: 180_000 }, () => {
  it('the help of every command', async () => {
    const left: string[] = [];
    for (const path of await commandPaths()) {
      const r = await cli([...path, '--help'], { env: VIETNAMESE });
      expect(r.code).toBe(0);
      for (const line of englishLines(r.out + r.err)) left.push(`newsdesk ${path.join(' ')} --help: ${line}`);
    }
    expect(left).toEqual([]);
  });

  it('messages, warnings, errors, hints, questions, tables and reports of many runs', async () => {
    expect(await runAll(VIETNAMESE)).toEqual([]);
  });

  it('the check bites: the same runs in English are caught', async () => {
    const caught = await runAll(ENGLISH);
    expect(caught.length).toBeGreaterThan(RUNS.length / 2);
    const help = await cli(['--help'], { env: ENGLISH });
    expect(englishLines(help.out).length).toBeGreaterThan(5);
  });
});
