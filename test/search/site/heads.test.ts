// The heads of the big words (heads.ts, topk.ts): a query on plain words gets the same page,
// the same order and the same count from them as from every posting, and its first load does
// not grow with the site as the postings of its words do. Built in memory from the benchmark's
// corpus generator (real Vietnamese word frequencies), read as the browser reads the files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKING, SiteSearchBuilder, type BuiltIndex, type SearchDoc } from '../../../src/search/site/build.js';
import { SiteSearchEngine, type Loader } from '../../../src/search/site/engine.js';
import { bestCount, bigWordDocs, dataPath, decodeNumbers, ENTRY_APART, headPostings, headScale, headsFileCount, headsFileOf, LOAD_FUNCTION, shardOf, type DataKind, type ShardData, type ShardFile } from '../../../src/search/site/format.js';
import type { Head, HeadsData } from '../../../src/search/site/heads.js';
import { updateIndex } from '../../../src/search/site/incremental.js';
import { decodeState, encodeState } from '../../../src/search/site/state.js';
import { decodeSet, encodeSet } from '../../../src/search/site/sets.js';
import { unpackData } from '../../../src/search/site/unpack.js';
import { lcg } from '../corpus.js';
import { mixedCorpus, stripMarks } from './queries.js';
// @ts-expect-error: the benchmark's corpus generator is plain JavaScript
import { writeCorpus } from '../../../bench/corpus.js';

const PER_PAGE = 10;

/** The published articles of the benchmark's corpus of `size` articles, as the export gives them to the builder. */
function corpusDocs(size: number): SearchDoc[] {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-heads-'));
  try {
    const out = join(dir, 'corpus.ndjson');
    writeCorpus({ size, seed: 5, out });
    const docs: SearchDoc[] = [];
    let id = 0;
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (line === '') continue;
      const r = JSON.parse(line) as Record<string, string>;
      if (r.type === 'section') continue;
      id++;
      if (r.status !== 'published') continue;
      docs.push({ id, title: r.title!, summary: r.summary!, body: r.body!, author: r.author!, source: r.source!, path: `bai-viet/${id}.html`, date: r.published_at!.slice(0, 10), section: r.section!, publishedAt: Date.parse(r.published_at!) });
    }
    return docs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file of a build, by path, as written. */
function build(docs: SearchDoc[]): Map<string, string> {
  const b = new SiteSearchBuilder();
  for (const d of docs) b.add(d);
  const files = new Map<string, string>();
  for (const f of b.files(PER_PAGE)) files.set(f.path, typeof f.content === 'string' ? f.content : f.content());
  return files;
}

function loader(files: Map<string, string>, seen: string[] = []): Loader {
  return async (kind, name) => {
    const path = dataPath(kind, name);
    seen.push(path);
    let data: unknown;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(LOAD_FUNCTION, files.get(path) ?? '')((_k: string, _n: string, d: unknown) => {
      data = d;
    });
    return data;
  };
}

async function headsIn(files: Map<string, string>): Promise<HeadsData> {
  const out: HeadsData = {};
  for (const [path, text] of files) {
    if (!path.includes('/h/')) continue;
    let data: unknown;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(LOAD_FUNCTION, text)((_k: string, _n: string, d: unknown) => {
      data = d;
    });
    Object.assign(out, (await unpackData(data as string)) as HeadsData);
  }
  return out;
}

const gz = (files: Map<string, string>, paths: string[]): number => paths.reduce((s, p) => s + gzipSync(files.get(p) ?? '').length, 0);

/**
 * `size` short articles of compound words (two syllables, some in several compounds, in their
 * usual spelling mostly), drawn with Zipf-like weights: on a site of over 32,768 articles (1,024
 * postings files) with little text, so that the heads grow with the layout (format.ts headScale).
 */
function compoundDocs(size: number, seed: number): SearchDoc[] {
  const compounds = ['hội đồng', 'đồng chí', 'đại hội', 'hội viên', 'đảng viên', 'phát triển', 'triển khai', 'tổ chức', 'chức năng', 'nhân dân', 'dân tộc', 'kinh tế', 'xã hội', 'hội nghị', 'nghị quyết', 'Đặng Văn', 'văn hóa', 'hòa bình', 'hoà giải', 'khen thưởng', 'kháng chiến', 'chiến sĩ', 'học sinh', 'sinh hoạt'];
  const rnd = lcg(seed);
  const pick = (): string => compounds[Math.floor(compounds.length * rnd() ** 2.2)]!;
  const docs: SearchDoc[] = [];
  for (let i = 0; i < size; i++) {
    const id = 2 * i + 1;
    const title = Array.from({ length: 1 + Math.floor(rnd() * 3) }, pick).join(' ');
    // Rare words of many lengths: few ties in rank, which the engine settles by date only in short runs.
    const filler = Array.from({ length: Math.floor(rnd() * 40) }, () => `t${Math.floor(rnd() * 5000)}`).join(' ');
    const body = `${Array.from({ length: 2 + Math.floor(rnd() * 9) }, pick).join(', ')} ${filler}`;
    docs.push({ id, title, summary: '', body, author: '', source: '', path: `bai-viet/${id}.html`, date: '2024-01-01', section: 'x', publishedAt: 1_700_000_000_000 + i * 1000 });
  }
  return docs;
}

describe('a set of articles', () => {
  it('reads back as written, as a bitmap when dense and as id deltas when sparse', () => {
    const rnd = lcg(4);
    for (const share of [0.001, 0.05, 0.2, 0.5, 0.95, 1]) {
      const ids: number[] = [];
      for (let id = 1; id < 20_000; id++) if (rnd() < share) ids.push(id);
      const text = encodeSet(ids);
      expect(text[0]).toBe(share >= 0.2 ? 'b' : 'd');
      const bits = decodeSet(text);
      const back: number[] = [];
      bits.forEach((b, id) => b && back.push(id));
      expect(back).toEqual(ids);
    }
    expect([...decodeSet(encodeSet([]))].filter((b) => b)).toEqual([]);
    expect(() => decodeSet('x12')).toThrow(/bad search data/);
  });
});

describe('the first pages of a query on plain words, from the heads of its big words', () => {
  let docs: SearchDoc[];
  let files: Map<string, string>;
  let heads: HeadsData;
  beforeAll(async () => {
    docs = corpusDocs(6000);
    files = build(docs);
    heads = await headsIn(files);
  }, 120_000);

  it('exist for the words in a large share of the articles only', () => {
    const big = Object.keys(heads);
    expect(big).toEqual(expect.arrayContaining(['phat', 'trien']));
    const shards = (JSON.parse(/\{.*\}/.exec(files.get(dataPath('m', 'meta'))!)![0]) as { shards: number }).shards;
    for (const [, h] of Object.entries(heads)) expect(h[0]).toBeGreaterThanOrEqual(bigWordDocs(shards));
    expect(big.length).toBeLessThan(docs.length / 20);
  });

  it('are the pages, the order, the spelling typed first and the count that ranking every posting gives', async () => {
    const rnd = lcg(9);
    const big = Object.keys(heads).sort();
    const others = ['ha', 'noi', 'kinh', 'te', 'giao', 'duc', 'nong', 'nghiep', 'bao', 'lu', 'tphcm', 'khong'];
    const queries = ['phát triển', 'phat trien', 'Phát Triển', 'phát trien', 'phạt triển', 'đảng viên', 'dang vien', 'kinh tế', 'hà nội', 'bão lũ', 'của và', 'không có từ này phát'];
    for (let i = 0; i < 40; i++) {
      const words = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
        const list = rnd() < 0.7 ? big : others;
        return list[Math.floor(rnd() * list.length)]!;
      });
      queries.push(words.join(' '));
    }
    // Marked: big words as an article spells them (so the usual spellings most often, a rare
    // one now and then), some in capitals, others in any of the spellings the head lists.
    for (let i = 0; i < 30; i++) {
      const text = docs[Math.floor(rnd() * docs.length)]!.body.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => heads[stripMarks(w).toLowerCase()]);
      const words = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
        const word = text[Math.floor(rnd() * text.length)] ?? 'phát';
        if (rnd() < 0.2) {
          const spellings = heads[stripMarks(word).toLowerCase()]?.[2] ?? [];
          return spellings[Math.floor(rnd() * spellings.length)] ?? word;
        }
        return rnd() < 0.2 ? word.toUpperCase() : word;
      });
      queries.push(words.join(' '));
    }
    let fromHeads = 0;
    let ofBigWords = 0;
    for (const q of queries) {
      const all = await new SiteSearchEngine(loader(files)).searchAll(q);
      const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
      for (const page of new Set([1, 2, 3, pages])) {
        const seen: string[] = [];
        const got = await new SiteSearchEngine(loader(files, seen)).search(q, page);
        const want = all.slice((got.page - 1) * PER_PAGE, got.page * PER_PAGE);
        expect(got.total, `${q} (page ${page})`).toBe(all.length);
        expect(got.page, `${q} (page ${page})`).toBe(Math.min(page, pages));
        expect(got.items.map((h) => [h.id, h.exact]), `${q} (page ${page})`).toEqual(want.map((h) => [h.id, h.exact]));
        // bm25 as ranking every posting computes it, or (an article not wholly read) at most that.
        got.items.forEach((h, i) => expect(h.bm25, `${q} (page ${page})`).toBeGreaterThanOrEqual(want[i]!.bm25));
        const tokens = q.split(' ').map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase());
        if (page === 1 && tokens.every((t) => heads[t])) {
          ofBigWords++;
          if (!seen.some((p) => p.includes('/t/'))) fromHeads++;
        }
      }
    }
    // The heads answered a good share of the first pages of big words alone (the others: a
    // spelling typed that few articles hold, whose best then lie outside the heads, or three
    // words whose heads share too few articles).
    expect(ofBigWords).toBeGreaterThan(10);
    expect(fromHeads).toBeGreaterThan(ofBigWords / 3);
  }, 180_000);

  it('settle a marked query whose best articles in the spelling typed are missing from a word\'s head', async () => {
    // 4,300 of 9,000 articles hold "dang", 4,100 "vien". Where "dang" weighs most (its head)
    // it is spelt "Đặng"; elsewhere mostly "đảng". The best articles in "đảng viên" are those
    // where "viên" weighs most: in the head of "vien" and not in that of "dang", which cannot
    // say how they spell it but for its classes.
    const docs: SearchDoc[] = [];
    for (let id = 1; id <= 9000; id++) {
      const title = id <= 400 ? `Đặng Đặng Đặng tin ${id}` : id >= 1000 && id < 1400 ? `Viên viên viên tin ${id}` : `Bài ${id}`;
      // Lengths all different among the articles of the page, so that their scores are too.
      const body = `${id > 4300 ? '' : id <= 400 ? 'Đặng' : id % 7 === 0 ? 'dạng' : 'đảng'} và ${id <= 300 || id > 4400 ? '' : id % 5 === 0 ? 'viện' : 'viên'} số ${id <= 4400 ? 'chữ '.repeat(id % 600) : id}`;
      docs.push({ id, title, summary: '', body, author: '', source: '', path: `bai-viet/${id}.html`, date: '2024-01-01', section: 'x', publishedAt: 1_700_000_000_000 + id });
    }
    const files = build(docs);
    const heads = await headsIn(files);
    expect(Object.keys(heads)).toEqual(expect.arrayContaining(['dang', 'vien']));
    const shards = (JSON.parse(/\{.*\}/.exec(files.get(dataPath('m', 'meta'))!)![0]) as { shards: number }).shards;
    for (const q of ['đảng viên', 'Đảng Viên', 'đặng viên', 'dạng viện', 'dang vien']) {
      const all = await new SiteSearchEngine(loader(files)).searchAll(q);
      const seen: string[] = [];
      const got = await new SiteSearchEngine(loader(files, seen)).search(q, 1);
      expect(got.total, q).toBe(all.length);
      expect(got.items.map((h) => [h.id, h.exact]), q).toEqual(all.slice(0, PER_PAGE).map((h) => [h.id, h.exact]));
      expect(seen, q).not.toContain(dataPath('t', shardOf('dang', shards)));
      expect(seen, q).not.toContain(dataPath('t', shardOf('vien', shards)));
    }
    // The page of "đảng viên" is the articles where "viên" weighs most, in the spelling typed.
    const page = await new SiteSearchEngine(loader(files)).search('đảng viên', 1);
    for (const h of page.items) expect([h.id >= 1000 && h.id < 1400, h.exact]).toEqual([true, 1]);
  }, 120_000);

  it('does not load the postings of big words for a first page of "phát triển"', async () => {
    const seen: string[] = [];
    const engine = new SiteSearchEngine(loader(files, seen));
    await engine.start();
    const start = seen.length;
    const page = await engine.search('phát triển', 1);
    expect(page.items.length).toBe(PER_PAGE);
    const shards = (JSON.parse(/\{.*\}/.exec(files.get(dataPath('m', 'meta'))!)![0]) as { shards: number }).shards;
    expect(seen.slice(start)).not.toContain(dataPath('t', shardOf('phat', shards)));
    expect(seen.slice(start)).not.toContain(dataPath('t', shardOf('trien', shards)));
  });
});

describe('the first query of two frequent words, at two sizes of the site (budget, scaled)', () => {
  it('loads about the same bytes at 8,000 articles as at 2,000, in at most 4 files besides start-up', async () => {
    const first = async (size: number): Promise<{ bytes: number; files: number; postings: number }> => {
      const files = build(corpusDocs(size));
      const seen: string[] = [];
      const engine = new SiteSearchEngine(loader(files, seen));
      await engine.start();
      const start = seen.length;
      await engine.search('phát triển', 1);
      const loaded = seen.slice(start);
      // The two words' postings (what the query loaded before the heads, with their shards' other words).
      const shards = (JSON.parse(/\{.*\}/.exec(files.get(dataPath('m', 'meta'))!)![0]) as { shards: number }).shards;
      let postings = 0;
      for (const t of ['phat', 'trien']) {
        let data: unknown;
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        new Function(LOAD_FUNCTION, files.get(dataPath('t', shardOf(t, shards)))!)((_k: string, _n: string, d: unknown) => {
          data = d;
        });
        const [entries] = (await unpackData(data as string)) as [Record<string, [string, Record<string, string>?]>];
        postings += JSON.stringify(entries[t]).length;
      }
      return { bytes: gz(files, loaded), files: loaded.length, postings };
    };
    const small = await first(2000);
    const large = await first(8000);

    // At 2,000 articles no word is big enough for a head: the words' postings are small.
    expect(large.files).toBeLessThanOrEqual(4);
    // Four times the articles: the words' postings grow about fourfold; the query's load does not.
    expect(large.postings).toBeGreaterThan(3 * small.postings);
    expect(large.bytes).toBeLessThanOrEqual(1.5 * small.bytes);
    expect(large.bytes).toBeLessThanOrEqual(150 * 1024);
  }, 240_000);
});

describe('the heads on a site of 1,024 postings files and more (over 32,768 articles)', () => {
  it('hold more postings and the result data of more best articles, and give the pages, order and count of ranking every posting', async () => {
    const docs = compoundDocs(33_000, 4);
    const files = build(docs);
    const heads = await headsIn(files);
    const shards = (JSON.parse(/\{.*\}/.exec(files.get(dataPath('m', 'meta'))!)![0]) as { shards: number }).shards;
    expect(shards).toBe(1024);
    expect(headScale(shards)).toBe(2);
    const big = Object.keys(heads).sort();
    expect(big.length).toBeGreaterThan(4);
    for (const token of big) {
      const h = heads[token]!;
      // id delta, token count, weighted frequency per posting.
      expect(decodeNumbers(h[3]).length / 3, token).toBe(headPostings(shards));
      // The layout asks for the result data of more than a page of best articles here.
      expect(bestCount(h[0], shards, PER_PAGE), token).toBeGreaterThan(PER_PAGE);
    }
    // Beyond a page of its best articles' result data, for the most part.
    expect(big.filter((t) => heads[t]![5].length > PER_PAGE).length).toBeGreaterThan(big.length / 2);
    // Their whole postings apart (postings.ts): marked in their postings file, held by the file apart.
    const dataOf = async (path: string): Promise<unknown> => unpackData((await loader(files)(path.includes('/b/') ? 'b' : 't', /(\d+)\.js$/.exec(path)![1]!)) as string);
    // Four heads files a postings file: a word's head alone in its file, mostly.
    expect([...files.keys()].filter((p) => p.includes('/h/')).length).toBe(headsFileCount(shards));
    expect(headsFileCount(shards)).toBe(4 * shards);
    const headsFileSizes = new Map<number, number>();
    for (const token of big) headsFileSizes.set(headsFileOf(token, shards), (headsFileSizes.get(headsFileOf(token, shards)) ?? 0) + 1);
    expect(headsFileSizes.size).toBeGreaterThan(big.length / 2);
    // Each head read from the file the engine will ask for, and from no other.
    const heldBy = new Map<string, number[]>();
    for (const path of files.keys()) {
      if (!path.includes('/h/')) continue;
      const n = Number(/(\d+)\.js$/.exec(path)![1]);
      const data = (await unpackData((await loader(files)('h', String(n))) as string)) as HeadsData;
      for (const token of Object.keys(data ?? {})) heldBy.set(token, [...(heldBy.get(token) ?? []), n]);
    }
    expect([...heldBy.keys()].sort()).toEqual(big);
    for (const token of big) expect(heldBy.get(token), token).toEqual([headsFileOf(token, shards)]);
    // A file apart of another export (a stale cache, a partial upload) is an error, never a
    // word taken for absent.
    const stale: Loader = (kind, name) => loader(files)(kind, kind === 'b' ? String((Number(name) + 1) % shards) : name);
    await expect(new SiteSearchEngine(stale).searchAll(big[0]!)).rejects.toThrow(/two exports/);
    for (const token of big) {
      const s = shardOf(token, shards);
      expect(headsFileOf(token, shards) % shards, token).toBe(s);
      expect(((await dataOf(dataPath('t', s))) as ShardFile)[0][token], token).toBe(ENTRY_APART);
      expect(typeof ((await dataOf(dataPath('b', s))) as ShardData)[0][token]?.[0], token).toBe('string');
    }
    const rnd = lcg(31);
    const spelt = ['hội', 'đồng', 'đảng', 'viên', 'Đặng', 'văn', 'hòa', 'hoà', 'chức', 'dân', 'Hội Đồng', 'dang vien', 'hoi dong'];
    const queries: string[] = ['hội đồng', 'hoi dong', 'Hội Đồng', 'đảng viên', 'đặng viên', 'kháng chiến', 'chiến sĩ', 'văn hóa', 'văn hoá'];
    for (let i = 0; i < 8; i++) {
      const pair = [0, 1].map(() => (rnd() < 0.25 ? spelt[Math.floor(rnd() * spelt.length)]! : big[Math.floor(rnd() * big.length)]!));
      queries.push(pair.join(' '));
    }
    // A big word beside a rare one whose postings file holds a big word too: the rare word's
    // postings file is read without that big word's postings (no file apart).
    const sharing = Array.from({ length: 5000 }, (_, i) => `t${i}`).filter((w) => big.some((b) => shardOf(b, shards) === shardOf(w, shards)));
    expect(sharing.length).toBeGreaterThan(0);
    for (const w of sharing.slice(0, 3)) {
      const seen: string[] = [];
      await new SiteSearchEngine(loader(files, seen)).search(`${big[0]} ${w}`, 1);
      expect(seen.filter((p) => p.includes('/b/')), w).toEqual([]);
      queries.push(`${big[0]} ${w}`);
    }
    // Phrases and prefixes read the files apart.
    queries.push('"hội đồng"', 'hội đồ*', 'hội OR đồng');
    let fromHeads = 0;
    let laterFromHeads = 0;
    for (const q of queries) {
      const all = await new SiteSearchEngine(loader(files)).searchAll(q);
      const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
      for (const page of new Set([1, 2, pages])) {
        const seen: string[] = [];
        const got = await new SiteSearchEngine(loader(files, seen)).search(q, page);
        const want = all.slice((got.page - 1) * PER_PAGE, got.page * PER_PAGE);
        expect(got.total, `${q} (page ${page})`).toBe(all.length);
        expect(got.items.map((h) => [h.id, h.exact]), `${q} (page ${page})`).toEqual(want.map((h) => [h.id, h.exact]));
        got.items.forEach((h, i) => expect(h.bm25, `${q} (page ${page})`).toBeGreaterThanOrEqual(want[i]!.bm25));
        if (!seen.some((p) => p.includes('/t/'))) {
          if (page === 1) fromHeads++;
          else laterFromHeads++;
        }
      }
    }
    // Two big words' first page from their heads for a good share (the others: pages that lie
    // deeper in both heads than they reach, read from every posting as before).
    expect(fromHeads).toBeGreaterThan(queries.length / 4);
    // And some second pages too: the deeper heads reach past the first page.
    expect(laterFromHeads).toBeGreaterThan(0);
  }, 300_000);
});

describe('an update of the index (incremental.ts) and the heads', () => {
  /** Articles in mixed spellings, most of them holding "phát triển" in one spelling or another. */
  function docsOf(n: number, seed: number): SearchDoc[] {
    return mixedCorpus(n, seed).map((a, i) => ({
      id: 3 * i + 1,
      title: a.title,
      summary: a.summary ?? '',
      body: `${a.body ?? ''} ${['Phát triển', 'phat trien', 'phát triển kinh tế'][i % 3]!}.`,
      author: a.author ?? '',
      source: '',
      path: `bai-viet/${3 * i + 1}/index.html`,
      date: `0${1 + (i % 9)}/01/2024`,
      section: a.section ?? '',
      publishedAt: Date.parse(a.published_at ?? '2024-01-01T00:00:00Z') + i,
    }));
  }

  /** A full build: each file's source (what its hash is taken of), and the state it leaves. */
  function fullBuild(docs: SearchDoc[]): Build {
    const b = new SiteSearchBuilder();
    for (const d of [...docs].sort((x, y) => x.id - y.id)) b.add(d);
    const files = new Map<string, string>();
    for (const f of b.files(5)) files.set(f.path, f.source ?? (typeof f.content === 'string' ? f.content : f.content()));
    return { files, built: b.built() };
  }

  const reader = (files: Map<string, string>) => async (kind: DataKind, name: number) => {
    const source = files.get(dataPath(kind, name));
    return source === undefined ? undefined : (JSON.parse(source.slice(PACKING.length + 1)) as unknown);
  };

  it('writes what a full build writes for the heads of the big words (heads.ts), their best articles edited too', async () => {
    const rnd = lcg(23);
    // Enough articles for a head (4,096 holding a word).
    let docs = docsOf(4200, 6);
    let last = fullBuild(docs);
    const headsOf = (files: Map<string, string>): Array<[string, Head]> =>
      [...files].filter(([p]) => p.includes('/h/')).flatMap(([, source]) => Object.entries(JSON.parse(source.slice(PACKING.length + 1)) as HeadsData));
    // The corpus has big words, whose best articles are the ones edited below.
    const big = headsOf(last.files);
    expect(big.length).toBeGreaterThan(0);
    const extra = docsOf(40, 77);
    let updated = 0;
    for (let round = 0; round < 10; round++) {
      const byId = new Map(docs.map((d) => [d.id, d]));
      const heads = headsOf(last.files);
      const [, head] = heads[round % heads.length]!;
      const best = head[5].map((r) => r[0]);
      const id = best[round % best.length]!;
      const other = extra[round % extra.length]!;
      const d = byId.get(id)!;
      if (round % 5 === 0) byId.set(id, { ...d, title: other.title });
      else if (round % 5 === 1) byId.set(id, { ...d, body: other.body });
      else if (round % 5 === 2) byId.delete(id);
      else if (round % 5 === 3) byId.set(id, { ...d, title: `${d.title} ${d.title}`, body: `${d.body} ${other.summary}` });
      // One word of the title for another: the article's length stays, its record changes.
      else byId.set(id, { ...d, title: d.title.replace(/^\S+/, 'Quxyzzy') });
      const random = [...byId.keys()][Math.floor(rnd() * byId.size)]!;
      byId.set(random, { ...byId.get(random)!, summary: other.summary });
      const now = [...byId.values()].sort((x, y) => x.id - y.id);
      const step = await updateAndCompare(last, docs, now, `round ${round}`);
      if (step.updated) updated++;
      last = step.next;
      docs = now;
    }
    expect(updated).toBeGreaterThan(5);
  }, 120_000);

  it('writes what a full build writes on a site of 1,024 postings files, where the heads and best articles grow with the layout', async () => {
    let docs = compoundDocs(33_000, 8);
    let last = fullBuild(docs);
    const heads = [...last.files].filter(([p]) => p.includes('/h/')).flatMap(([, source]) => Object.entries(JSON.parse(source.slice(PACKING.length + 1)) as HeadsData));
    expect(heads.length).toBeGreaterThan(0);
    // More than a page (5 here) of a big word's best articles' result data.
    expect(heads.some(([, h]) => h[5].length > 5)).toBe(true);
    const extra = compoundDocs(40, 99);
    let updated = 0;
    for (let round = 0; round < 4; round++) {
      const byId = new Map(docs.map((d) => [d.id, d]));
      const [, head] = heads[round % heads.length]!;
      // The last of the head's records: one a page of them would not hold.
      const id = head[5][head[5].length - 1 - round]![0];
      const d = byId.get(id)!;
      const other = extra[round]!;
      if (round === 0) byId.set(id, { ...d, title: other.title });
      else if (round === 1) byId.set(id, { ...d, body: other.body });
      else if (round === 2) {
        // One article gone and one come in the same round: the count of articles, and so the
        // number of big words, stays what it was (a change of it is a full build, not an update).
        byId.delete(id);
        const fresh = Math.max(...byId.keys()) + 2;
        byId.set(fresh, { ...other, id: fresh, path: `bai-viet/${fresh}.html` });
      }
      else byId.set(id, { ...d, title: d.title.replace(/^\S+/, 'Quxyzzy') });
      const now = [...byId.values()].sort((x, y) => x.id - y.id);
      const step = await updateAndCompare(last, docs, now, `round ${round}`);
      if (step.updated) updated++;
      last = step.next;
      docs = now;
    }
    // Every round an update (round 2 too, its count of articles kept).
    expect(updated).toBe(4);
  }, 300_000);

  type Build = { files: Map<string, string>; built: BuiltIndex };

  /**
   * The update of `last` (a build of `docs`) to the articles `now` (changed ones are new
   * objects), its files checked against a full build of `now`: the build to go on from, and
   * whether it was an update (else the full build).
   */
  async function updateAndCompare(last: Build, docs: SearchDoc[], now: SearchDoc[], label: string): Promise<{ next: Build; updated: boolean }> {
    const before = new Map(docs.map((d) => [d.id, d]));
    const after = new Map(now.map((d) => [d.id, d]));
    const added = now.filter((d) => before.get(d.id) !== d);
    const removed = docs.filter((d) => after.get(d.id) !== d).map((d) => d.id);
    // The state as the export saves and reads it.
    const state = decodeState(Buffer.concat(encodeState({ key: 'k', files: {}, keys: last.built.ids.map(String), index: last.built })!))!;
    const update = await updateIndex(state.index, { added, removed }, reader(last.files));
    const full = fullBuild(now);
    if (!update) return { next: full, updated: false };
    const files = new Map(last.files);
    for (const p of update.dropped) files.delete(p);
    for (const f of update.files) files.set(f.path, f.source ?? (typeof f.content === 'string' ? f.content : f.content()));
    expect([...files.keys()].sort(), label).toEqual([...full.files.keys()].sort());
    for (const [path, source] of full.files) expect(files.get(path), `${path} in ${label}`).toBe(source);
    return { next: { files, built: update.built }, updated: true };
  }
});

describe('a big word none of whose spellings is filed under it', () => {
  it('has no head, so a marked query beside it ranks as every posting does (Greek final sigma)', async () => {
    // "ΟΔΟΣ" is read as the word οδοσ but spelled οδος, filed under another word: no article
    // holds a spelling of οδοσ as typed. 'hà' in ten of the thirty articles where οδοσ weighs most.
    const docs: SearchDoc[] = [];
    for (let id = 1; id <= 4200; id++) {
      const top = id <= 30;
      const body = `${top ? (id <= 10 ? 'hà ' : 'ha ha ha ') : ''}ΟΔΟΣ chữ số ${id % 97}`;
      docs.push({ id, title: top ? `ΟΔΟΣ ΟΔΟΣ tin ${id}` : `Bài ${id}`, summary: '', body, author: '', source: '', path: `bai-viet/${id}.html`, date: '2024-01-01', section: 'x', publishedAt: 1_700_000_000_000 + id });
    }
    const files = build(docs);
    for (const q of ['οδοσ hà', 'οδοσ ha', 'hà οδοσ']) {
      const all = await new SiteSearchEngine(loader(files)).searchAll(q);
      for (const page of [1, 2, 3]) {
        const got = await new SiteSearchEngine(loader(files)).search(q, page);
        expect(got.total, `${q} (page ${page})`).toBe(all.length);
        expect(got.items.map((h) => [h.id, h.exact]), `${q} (page ${page})`).toEqual(all.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((h) => [h.id, h.exact]));
      }
    }
  }, 120_000);
});
