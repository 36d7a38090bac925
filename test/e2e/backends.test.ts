// The same commands on both backends give the same bytes: a portal built by the CLI on an
// SQLite file and on a PostgreSQL schema (a throwaway server), command by command — init,
// sections, articles, links, lists in every format, search, import, export json and html —
// compared output for output, exit code for exit code.
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const FEEDS = fileURLToPath(new URL('../importers/fixtures/feeds', import.meta.url));

/** A command line, run in the run's own folder. */
type Step = string[];

const BUILD: Step[] = [
  ['init', '--title', 'Cổng thông tin điện tử huyện Sơn Lâm', '--base-url', 'https://sonlam.example.vn/'],
  ['section', 'add', 'Giới thiệu chung'],
  ['section', 'add', 'Hệ thống chính trị'],
  ['section', 'add', 'Huyện ủy', '--parent', 'he-thong-chinh-tri'],
  ['section', 'add', 'Kinh tế - Xã hội', '--position', '1'],
  ['section', 'add', 'Liên kết Website', '--kind', 'links'],
  ['link', 'add', 'lien-ket-website', 'Cổng thông tin điện tử Chính phủ', 'https://chinhphu.vn'],
  ['link', 'add', 'lien-ket-website', 'Tỉnh Nghệ An', 'https://nghean.gov.vn', '--position', '1'],
  ['link', 'add', 'lien-ket-website', 'Hộp thư "góp ý"', 'mailto:gopy@sonlam.gov.vn'],
  ['article', 'add', '--title', 'Hòa Bình mùa lúa chín', '--section', 'kinh-te-xa-hoi', '--summary', 'Ruộng bậc thang vàng óng', '--body', 'Nội dung **đậm**', '--status', 'published', '--published-at', '2024-03-01T08:00:00+07:00'],
  ['article', 'add', '--title', 'Hoa hồng nở rộ', '--section', 'kinh-te-xa-hoi', '--status', 'published', '--published-at', '2024-03-01T08:00:00+07:00'],
  ['article', 'add', '--title', 'Kết nạp đảng viên mới', '--section', 'huyen-uy', '--author', 'Hà Thị Ngọc', '--status', 'published', '--published-at', '2024-02-01T08:00:00+07:00'],
  ['article', 'add', '--title', 'Dự thảo kế hoạch', '--section', 'huyen-uy'],
  ['article', 'add', '--title', 'Hòa Bình mùa lúa chín', '--section', 'gioi-thieu-chung'],
  ['article', 'edit', '2', '--title', 'Hoa hồng nở rộ khắp bản'],
  ['article', 'publish', '4', '--at', '2024-01-15T08:00:00+07:00'],
  ['article', 'unpublish', '1'],
  ['article', 'add', '--title', 'Không có chuyên mục', '--section', 'khong-co'],
  ['import', 'more.ndjson'],
  ['import', 'more.ndjson', '--on-conflict', 'update', '--dry-run'],
  ['import', 'more.ndjson'],
  // Feeds: articles keyed by their origin, so the second import of one finds them again.
  ['import', 'tinh.rss', '--section', 'kinh-te-xa-hoi'],
  ['import', 'tinh.rss', '--section', 'kinh-te-xa-hoi', '--on-conflict', 'update', '--format', 'json'],
  ['import', 'sonlam.xml', '--create-sections'],
  ['article', 'remove', '3', '--yes'],
  // History, the trash and saves that expect a revision.
  ['--by', 'lan', 'article', 'edit', '2', '--summary', 'Sửa lần hai', '-m', 'thêm tóm tắt', '--if-revision', '2'],
  ['article', 'edit', '2', '--summary', 'Cũ', '--if-revision', '2'],
  ['article', 'restore', '2', '--revision', '1'],
  ['article', 'remove', '5', '--yes'],
  ['trash', 'restore', '5'],
  ['article', 'remove', '5', '--yes'],
  ['section', 'move', 'huyen-uy', '--position', '1'],
  ['link', 'edit', '1', '--position', '1'],
  ['link', 'remove', '3'],
];

const READ: Step[] = [
  ['site', 'show'],
  ['site', 'show', '--format', 'json'],
  ['section', 'list'],
  ['section', 'list', '--format', 'json'],
  ['section', 'show', 'huyen-uy'],
  ['link', 'list'],
  ['link', 'list', '--format', 'csv'],
  ['article', 'list'],
  ['article', 'list', '--format', 'json'],
  ['article', 'list', '--format', 'csv'],
  ['article', 'list', '--format', 'ndjson', '--status', 'draft'],
  ['article', 'list', '--sort', 'title'],
  // A table asked for the body (a table leaves it out otherwise: the backend need not send it).
  ['article', 'list', '--fields', 'id,body,title'],
  ['article', 'list', '--sort', 'published_at', '--per-page', '3', '--page', '2'],
  ['article', 'list', '--section', 'he-thong-chinh-tri', '--all'],
  ['article', 'list', '--since', '2024-02-01', '--until', '2024-03-31'],
  ['article', 'show', '2'],
  ['article', 'show', 'ket-nap-dang-vien-moi', '--format', 'json'],
  ['article', 'show', 'ngay-hoi-dai-doan-ket-o-ban-na-hy', '--format', 'json'],
  ['search', 'hoa'],
  ['search', 'Hòa', '--format', 'json'],
  ['search', 'dang vien', '--status', 'all'],
  ['search', 'mua -hong', '--format', 'ndjson'],
  ['search', 'ket*', '--section', 'he-thong-chinh-tri'],
  ['search', 'khong co tu nay'],
  ['search', 'hoa AND'],
  ['article', 'history', '2', '--format', 'json'],
  ['article', 'history', '2'],
  ['article', 'show', '2', '--revision', '2', '--format', 'json'],
  ['article', 'diff', '2', '1', '3'],
  ['article', 'diff', '2'],
  ['trash', 'list', '--format', 'json'],
  ['trash', 'list'],
  ['check'],
  ['reindex'],
  ['export', 'json', '--out', 'portal.json'],
  ['export', 'html', '--out', 'site'],
];

const MORE = [
  { title: 'Ngày hội đại đoàn kết ở bản Na Hy', section: 'kinh-te-xa-hoi', status: 'published', published_at: '2024-04-01T08:00:00+07:00', body: 'Bà con các dân tộc **vui** hội.' },
  { title: 'Tin ngắn về đảng viên trẻ', section: 'huyen-uy', status: 'published', published_at: '2024-04-02T08:00:00+07:00' },
  { title: 'Bản nháp', section: 'kinh-te-xa-hoi' },
];

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** A search's output without its order and scores: JSON items by id, other formats line by line. */
function asResultSet(out: string): string {
  if (out.startsWith('{')) {
    const doc = JSON.parse(out) as { items: Array<Record<string, unknown>> };
    doc.items = doc.items.map(({ score: _score, ...rest }) => rest).sort((a, b) => Number(a.id) - Number(b.id));
    return JSON.stringify(doc);
  }
  return out.split('\n').map((l) => l.replace(/"score":[\d.]+,?/, '')).sort().join('\n');
}

async function runAll(db: string): Promise<{ results: CliResult[]; dir: string }> {
  const dir = tempDir();
  writeFileSync(join(dir, 'more.ndjson'), MORE.map((r) => JSON.stringify(r)).join('\n') + '\n');
  copyFileSync(join(FEEDS, 'tinh.rss'), join(dir, 'tinh.rss'));
  copyFileSync(join(FEEDS, 'sonlam.wordpress.2026-12-06.xml'), join(dir, 'sonlam.xml'));
  const results: CliResult[] = [];
  for (const step of [...BUILD, ...READ]) {
    const r = await cli(['--db', db, ...step], { cwd: dir });
    // The portal's name differs by backend, and so do search scores, and with them the order of
    // matches the ranking rules do not separate: a search is compared as its set of results.
    // Everything else must not differ.
    const out = step[0] === 'search' ? asResultSet(r.out) : r.out;
    results.push({ code: r.code, out: out.replaceAll(db, '<portal>'), err: r.err.replaceAll(db, '<portal>').replace(/in \d+\.\d+ s/, 'in <t> s').replace(/index [\d.]+ KB for [\d.]+ KB of text( \(\d+% of the text\))?/, 'index <size>') });
  }
  return { results, dir };
}

describe('every command, the same on SQLite and PostgreSQL', () => {
  it('gives the same output bytes and exit codes, and the same exported files', async () => {
    const sqlite = await runAll(join(tempDir(), 'portal.db'));
    const postgres = await runAll(server.newLocation());
    const steps = [...BUILD, ...READ];
    for (const [i, step] of steps.entries()) {
      expect(postgres.results[i], step.join(' ')).toEqual(sqlite.results[i]);
    }
    // The failures are failures on both, and the only ones: an unknown section, slugs taken,
    // a removed article, a usage error in a query, a save that expected an old revision.
    expect(sqlite.results[BUILD.findIndex((s) => s.includes('khong-co'))]!.code).toBe(1);
    expect(sqlite.results[BUILD.map((s) => s[0] === 'import' && s.length === 2).lastIndexOf(true)]!.code).toBe(1);
    expect(sqlite.results[BUILD.length + READ.findIndex((s) => s.includes('hoa AND'))]!.code).toBe(2);
    expect(sqlite.results[BUILD.findIndex((s) => s.includes('Cũ'))]!.code).toBe(1);
    expect(sqlite.results.filter((r) => r.code !== 0)).toHaveLength(5);
    const json = (dir: string): unknown => {
      const text = readFileSync(join(dir, 'portal.json'), 'utf8');
      return text.replace(/"exported_at":\s*"[^"]*"/, '');
    };
    expect(json(postgres.dir)).toEqual(json(sqlite.dir));
    const siteOf = (dir: string): Record<string, string> => files(join(dir, 'site'));
    const site = siteOf(sqlite.dir);
    expect(Object.keys(site)).toEqual(expect.arrayContaining(['index.html', 'bai-viet/hoa-hong-no-ro.html', 'feed.xml']));
    expect(siteOf(postgres.dir)).toEqual(site);
  });
});

describe('search results that tie, the same order on SQLite and PostgreSQL', () => {
  // Texts alike rank alike on both backends (scores differ, ties do not): then the spelling
  // typed first, newest first, highest id first — the same bytes, page by page.
  const TIED: Step[] = [
    ['init', '--title', 'Cổng thông tin'],
    ['section', 'add', 'Tin tức'],
    ['section', 'add', 'Thông báo'],
    ...(
      [
        ['Lịch tiếp công dân', 'tin-tuc', '2024-01-01'],
        ['Lịch tiếp công dân', 'thong-bao', '2024-02-01'],
        ['Lich tiep cong dan', 'tin-tuc', '2024-02-01'],
        ['Lịch tiếp công dân', 'tin-tuc', '2024-02-01'],
        ['Lich tiep cong dan', 'thong-bao', '2023-05-01'],
        ['Lịch tiếp công dân', 'thong-bao', '2023-05-01'],
      ] as const
    ).map(([title, section, day]): Step => ['article', 'add', '--title', title, '--section', section, '--summary', `${title} tháng này`, '--status', 'published', '--published-at', `${day}T08:00:00+07:00`]),
  ];
  const SEARCHES: Step[] = [
    ['search', 'lich tiep'],
    ['search', 'lịch tiếp'],
    ['search', 'lịch tiếp', '--per-page', '2', '--page', '2'],
    ['search', 'lich tiep', '--format', 'json'],
    ['search', 'cong dan', '--format', 'ndjson', '--section', 'thong-bao'],
  ];
  const withoutScores = (out: string): string => out.replace(/"score":\s*[\d.e-]+,?/g, '');

  async function run(db: string): Promise<string[]> {
    const outs: string[] = [];
    for (const step of TIED) expect((await cli(['--db', db, ...step])).code, step.join(' ')).toBe(0);
    for (const step of SEARCHES) {
      const r = await cli(['--db', db, ...step]);
      expect(r.code, step.join(' ')).toBe(0);
      outs.push(withoutScores(r.out));
    }
    return outs;
  }

  it('gives the same bytes (scores aside), in the tie-break order', async () => {
    const sqlite = await run(join(tempDir(), 'portal.db'));
    const postgres = await run(server.newLocation());
    for (const [i, step] of SEARCHES.entries()) expect(postgres[i], step.join(' ')).toBe(sqlite[i]);
    const ids = (out: string): number[] => out.trim().split('\n').map((l) => Number(l.split('\t')[0]));
    // Unmarked: all alike, newest first, then the highest id. Marked: the spelling typed first.
    expect(ids(sqlite[0]!)).toEqual([4, 3, 2, 1, 6, 5]);
    expect(ids(sqlite[1]!)).toEqual([4, 2, 1, 6, 3, 5]);
    expect(ids(sqlite[2]!)).toEqual([1, 6]);
  });
});
