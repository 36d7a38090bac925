// The exported site's search, on the files of build.ts: the query language of the CLI
// (core/search-query), its folding (core/fold), its matching rules and ranking (every term
// must match, phrases in order, -exclusions, prefix*, OR; the spelling typed first, then
// FTS5's bm25 with the CLI's column weights) and its snippets (search/snippet). Pure and
// asynchronous: the files come through `load`, from script tags in a browser or from disk in
// the tests; the same code runs in both.
import { parseQuery, type SearchQuery, type Term } from '../../core/search-query.js';
import { highlightSpans, makeSnippet, type Span } from '../snippet.js';
import { bigWordDocs, decodeNumbers, docFileOf, ENTRY_APART, FORMAT_VERSION, headsFileOf, shardOf, vocabFileOf, vocabKeyOf, type DataKind, type DocRecord, type SearchMeta, type ShardData, type ShardFile, type TermEntry } from './format.js';
import type { Head, HeadsData } from './heads.js';
import { headSource, rankTop, type Ranked, type WordSource } from './topk.js';
import { unpackData } from './unpack.js';

/** Loads one data file and returns its data (the third argument of its call: packed text but for meta.js). */
export type Loader = (kind: DataKind, name: string) => Promise<unknown>;

export interface SiteHit {
  id: number;
  path: string;
  title: string;
  titleHighlights: Span[];
  date: string;
  section: string;
  snippet: string;
  highlights: Span[];
  /** 1 when the article holds the words as typed (the CLI's "exact"). */
  exact: number;
  /**
   * bm25 as FTS5 computes it (negative, lower is better); on a page settled from the heads
   * (topk.ts), an article not wholly read gets the bm25 of its least possible score (its rank is exact).
   */
  bm25: number;
}

export interface SitePage {
  query: SearchQuery;
  total: number;
  page: number;
  pages: number;
  perPage: number;
  items: SiteHit[];
}

/** A token's articles: ids ascending, token counts, weighted frequencies. */
interface Postings {
  token: string;
  ids: number[];
  totals: number[];
  weighted: number[];
  spellings: Record<string, string> | undefined;
  /** Spelling → ids that hold it, decoded on demand. */
  spelled: Map<string, Set<number>>;
  /** Per article (postings order): positions per column, decoded on demand. */
  positions?: Array<number[][]>;
}


/** Articles at most in the runs of ties a page settles by date (see settleTies). */
const MAX_TIE_WINDOW = 200;
const K1 = 1.2;
const B = 0.75;
const WEIGHTS = [10, 4, 1, 1, 1];

export class SiteSearchEngine {
  private readonly load: Loader;
  private meta: SearchMeta | undefined;
  private readonly shards = new Map<number, Record<string, TermEntry | typeof ENTRY_APART>>();
  /** Files of the postings kept apart (postings.ts), by postings file. */
  private readonly apart = new Map<number, Promise<void>>();
  private readonly positionFiles = new Map<number, Record<string, string>>();
  /** Heads files (heads.ts) by number (format.ts headsFileOf). */
  private readonly heads = new Map<number, HeadsData>();
  private readonly vocab = new Map<number, string[]>();
  /** Result data by article id, from result files and from postings files (their frequent words' best articles). */
  private readonly records = new Map<number, DocRecord>();
  private readonly docFiles = new Map<number, Promise<void>>();
  private readonly postings = new Map<string, Postings | null>();
  private readonly totals = new Map<number, number>();

  constructor(load: Loader) {
    this.load = load;
  }

  async start(): Promise<SearchMeta> {
    if (!this.meta) {
      const meta = (await this.load('m', 'meta')) as SearchMeta;
      if (!meta || meta.v !== FORMAT_VERSION) throw new Error('the search data is of another version: export the site again');
      this.meta = meta;
    }
    return this.meta;
  }

  /** Parses `input` (throws UsageError as the CLI does) and returns one page of results. */
  async search(input: string, page = 1): Promise<SitePage> {
    const meta = await this.start();
    const query = parseQuery(input);
    const perPage = meta.perPage;
    const pageOf = (total: number): number => Math.min(Math.max(1, Math.floor(page) || 1), Math.max(1, Math.ceil(total / perPage)));
    // Plain words: from the big words' heads when they settle the page; else every posting.
    const fromHeads = await this.rankFromHeads(query, (total) => pageOf(total) * perPage);
    const ranked = fromHeads?.ranked ?? (await this.rank(query));
    const total = fromHeads?.total ?? ranked.length;
    const pages = Math.max(1, Math.ceil(total / perPage));
    const p = pageOf(total);
    await this.settleTies(ranked, (p - 1) * perPage, p * perPage, MAX_TIE_WINDOW);
    const slice = ranked.slice((p - 1) * perPage, p * perPage);
    await this.loadRecords(slice);
    const items: SiteHit[] = [];
    for (const r of slice) {
      const d = this.records.get(r.id);
      if (!d) continue;
      const [id, path, title, date, section, summary, body, author, source] = d;
      // The snippet prefers the summary, then the body; the title only when nothing else matched (search/search.ts).
      const snip = makeSnippet([{ text: summary }, { text: body }, { text: title }, { text: source }, { text: author }], query);
      items.push({ id, path, title, titleHighlights: highlightSpans(title, query), date, section, snippet: snip.text, highlights: snip.highlights, exact: r.exact, bm25: r.bm25 });
    }
    return { query, total, page: p, pages, perPage, items };
  }

  /** Every match in rank order (the oracle tests compare it with `newsdesk search --all`). */
  async searchAll(input: string): Promise<Ranked[]> {
    await this.start();
    const ranked = await this.rank(parseQuery(input));
    await this.settleTies(ranked, 0, ranked.length, Infinity);
    return ranked;
  }

  /**
   * Articles tied on spelling and bm25 come newest first, then by id, as in the CLI. The
   * ranking orders ties by id alone (dates are in the result files): the runs of ties that
   * touch the results [from, to) are put in date order here, when they hold at most `limit`
   * articles (beyond that, which is rare, they stay in id order rather than load many files).
   */
  private async settleTies(ranked: Ranked[], from: number, to: number, limit: number): Promise<void> {
    const end = Math.min(to, ranked.length);
    if (from >= end) return;
    const same = (a: Ranked, b: Ranked): boolean => a.exact === b.exact && a.bm25 === b.bm25;
    let i = from;
    while (i > 0 && same(ranked[i - 1]!, ranked[from]!)) i--;
    let j = end;
    while (j < ranked.length && same(ranked[j]!, ranked[end - 1]!)) j++;
    if (j - i > limit) return;
    let tied = false;
    for (let k = i + 1; k < j && !tied; k++) tied = same(ranked[k - 1]!, ranked[k]!);
    if (!tied) return;
    const window = ranked.slice(i, j);
    await this.loadRecords(window);
    const at = (r: Ranked): number => this.records.get(r.id)?.[9] ?? 0;
    window.sort((x, y) => y.exact - x.exact || x.bm25 - y.bm25 || at(y) - at(x) || y.id - x.id);
    for (let k = 0; k < window.length; k++) ranked[i + k] = window[k]!;
  }

  /**
   * A query of plain words (no phrase, prefix, OR or exclusion), ranked as far as `want`
   * from the heads of its big words (heads.ts, topk.ts) and the postings of the others;
   * undefined when it is not such a query or the heads cannot settle the page.
   */
  private async rankFromHeads(q: SearchQuery, want: (total: number) => number): Promise<{ ranked: Ranked[]; total: number } | undefined> {
    const meta = this.meta!;
    if (q.exclude.length > 0 || q.groups.some((g) => g.length !== 1 || g[0]!.tokens.length !== 1 || g[0]!.prefix)) return undefined;
    // No word of a site this small is in enough articles for a head: no heads file to read.
    if (meta.n < bigWordDocs(meta.shards)) return undefined;
    const terms = q.groups.map((g) => g[0]!);
    await Promise.all([...new Set(terms.map((t) => headsFileOf(t.tokens[0]!, meta.shards)))].map((f) => this.headsFile(f)));
    const plain = terms.filter((t) => !this.headOf(t.tokens[0]!));
    await this.loadPostings(plain.map((t) => t.tokens[0]!));
    const words: WordSource[] = [];
    for (const t of terms) {
      const tok = t.tokens[0]!;
      const typed = t.marked[0]!;
      const head = this.headOf(tok);
      if (head) {
        const source = headSource(head, typed);
        for (const r of source.records) this.records.set(r[0], r);
        words.push(source);
        continue;
      }
      const p = this.postingsOf(tok);
      if (!p) return { ranked: [], total: 0 };
      const spelled = new Set(this.spelled(tok, typed, false));
      const known = new Map<number, { length: number; weighted: number }>();
      for (let i = 0; i < p.ids.length; i++) known.set(p.ids[i]!, { length: p.totals[i]!, weighted: p.weighted[i]! });
      words.push({ docs: p.ids.length, contains: (id) => known.has(id), span: p.ids[p.ids.length - 1]! + 1, known, rest: [], typedOf: (id) => spelled.has(id) });
    }
    return rankTop(words, q.marked, meta.n, meta.n > 0 ? meta.tokens / meta.n : 1, want);
  }

  private headOf(tok: string): Head | undefined {
    return this.heads.get(headsFileOf(tok, this.meta!.shards))?.[tok];
  }

  private async headsFile(s: number): Promise<void> {
    if (!this.heads.has(s)) this.heads.set(s, ((await this.data('h', s)) as HeadsData | undefined) ?? {});
  }

  private async rank(q: SearchQuery): Promise<Ranked[]> {
    const meta = this.meta!;
    const positive = q.groups.flat();
    const phrases = [...positive, ...q.exclude];
    await this.loadFilesFor(phrases);
    const found = phrases.map((t) => this.termMatches(t));
    const matchOf = new Map<Term, Map<number, number>>();
    phrases.forEach((t, i) => matchOf.set(t, found[i]!));

    // Every group must match (a group: one of its terms), no exclusion may.
    let result: Set<number> | undefined;
    for (const g of q.groups) {
      const union = new Set<number>();
      for (const t of g) for (const id of matchOf.get(t)!.keys()) union.add(id);
      result = result === undefined ? union : new Set([...result].filter((id) => union.has(id)));
    }
    const ids = result ?? new Set<number>();
    for (const t of q.exclude) for (const id of matchOf.get(t)!.keys()) ids.delete(id);

    // FTS5's bm25 (fts5_aux.c): per phrase, idf × f(k1+1) / (f + k1(1 − b + b·D/avgdl)).
    const n = meta.n;
    const avgdl = n > 0 ? meta.tokens / n : 1;
    const idf = found.map((m) => {
      const v = Math.log((n - m.size + 0.5) / (m.size + 0.5));
      return v <= 0 ? 1e-6 : v;
    });
    const exactIds = q.marked ? this.spelledAsTyped(q) : undefined;
    const out: Ranked[] = [];
    for (const id of ids) {
      const d = this.totals.get(id) ?? 0;
      let score = 0;
      for (let i = 0; i < phrases.length; i++) {
        const f = found[i]!.get(id) ?? 0;
        if (f > 0) score += idf[i]! * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * d) / avgdl)));
      }
      out.push({ id, exact: exactIds?.has(id) ? 1 : 0, bm25: -score });
    }
    // The CLI's order: the spelling typed, bm25, then newest first (settleTies; ids here).
    out.sort((x, y) => y.exact - x.exact || x.bm25 - y.bm25 || y.id - x.id);
    return out;
  }

  /** Loads the files the terms need: word lists for prefixes, postings, positions for phrases. */
  private async loadFilesFor(terms: Term[]): Promise<void> {
    const meta = this.meta!;
    const prefixes = new Set<string>();
    for (const t of terms) if (t.prefix) prefixes.add(t.tokens[t.tokens.length - 1]!);
    const files = new Set<number>();
    for (const p of prefixes) for (const f of this.vocabFilesFor(p)) files.add(f);
    await Promise.all([...files].map((f) => this.vocabFile(f)));

    const tokens = new Set<string>();
    const positional = new Set<string>();
    for (const t of terms) {
      const expanded = this.expand(t);
      for (const list of expanded) for (const tok of list) {
        tokens.add(tok);
        if (t.tokens.length > 1) positional.add(tok);
      }
    }
    const posShards = new Set([...positional].map((tok) => shardOf(tok, meta.shards)));
    await Promise.all([this.loadPostings(tokens), ...[...posShards].map((s) => this.positionFile(s))]);
  }

  /** The postings files of these tokens, and the files apart of those of them whose postings are there (postings.ts). */
  private async loadPostings(tokens: Iterable<string>): Promise<void> {
    const shards = this.meta!.shards;
    const list = [...tokens];
    await Promise.all([...new Set(list.map((tok) => shardOf(tok, shards)))].map((s) => this.shard(s)));
    await Promise.all(list.map((tok) => shardOf(tok, shards)).filter((s, i) => this.shards.get(s)![list[i]!] === ENTRY_APART).map((s) => this.apartFile(s)));
  }

  /** The tokens each position of a term stands for: itself, or every known word with the prefix. */
  private expand(t: Term): string[][] {
    return t.tokens.map((tok, k) => {
      if (!(t.prefix && k === t.tokens.length - 1)) return [tok];
      const out: string[] = [];
      for (const f of this.vocabFilesFor(tok)) for (const w of this.vocab.get(f) ?? []) if (w.startsWith(tok)) out.push(w);
      return out;
    });
  }

  /** The word lists that may hold words starting with `prefix`: one, or all for a prefix shorter than their key. */
  private vocabFilesFor(prefix: string): number[] {
    const meta = this.meta!;
    if (Array.from(prefix).length >= meta.vocabKey) return [vocabFileOf(vocabKeyOf(prefix, meta.vocabKey), meta.vocabFiles)];
    return Array.from({ length: meta.vocabFiles }, (_, i) => i);
  }

  /** The articles a term (an FTS5 phrase) matches, with its weighted frequency in each. */
  private termMatches(t: Term): Map<number, number> {
    const expanded = this.expand(t);
    const out = new Map<number, number>();
    if (expanded.length === 1) {
      for (const tok of expanded[0]!) {
        const p = this.postingsOf(tok);
        if (!p) continue;
        for (let i = 0; i < p.ids.length; i++) out.set(p.ids[i]!, (out.get(p.ids[i]!) ?? 0) + p.weighted[i]!);
      }
      return out;
    }
    // A phrase: its words one after the other in the same column.
    const lists = expanded.map((alts) => alts.map((tok) => this.postingsOf(tok)).filter((p): p is Postings => p !== null));
    if (lists.some((l) => l.length === 0)) return out;
    const perDoc = lists.map((alts) => {
      const m = new Map<number, number[][][]>();
      for (const p of alts) {
        const pos = this.positionsOf(p);
        for (let i = 0; i < p.ids.length; i++) {
          let l = m.get(p.ids[i]!);
          if (!l) m.set(p.ids[i]!, (l = []));
          l.push(pos[i]!);
        }
      }
      return m;
    });
    const [first, ...rest] = perDoc;
    for (const [id, firstCols] of first!) {
      if (!rest.every((m) => m.has(id))) continue;
      let freq = 0;
      for (let c = 0; c < 5; c++) {
        const restSets = rest.map((m) => {
          const set = new Set<number>();
          for (const cols of m.get(id)!) for (const p of cols[c]!) set.add(p);
          return set;
        });
        for (const cols of firstCols) {
          for (const p of cols[c]!) if (restSets.every((s, j) => s.has(p + j + 1))) freq += WEIGHTS[c]!;
        }
      }
      if (freq > 0) out.set(id, freq);
    }
    return out;
  }

  /** The articles that hold, for each group, every word of one of its terms as typed. */
  private spelledAsTyped(q: SearchQuery): Set<number> {
    let result: Set<number> | undefined;
    for (const g of q.groups) {
      const union = new Set<number>();
      for (const t of g) {
        let all: Set<number> | undefined;
        t.marked.forEach((m, k) => {
          const prefix = t.prefix && k === t.marked.length - 1;
          const tokens = prefix ? this.expand(t)[k]! : [t.tokens[k]!];
          const set = new Set<number>();
          for (const tok of tokens) for (const id of this.spelled(tok, m, prefix)) set.add(id);
          all = all === undefined ? set : new Set([...all].filter((id) => set.has(id)));
        });
        for (const id of all ?? []) union.add(id);
      }
      result = result === undefined ? union : new Set([...result].filter((id) => union.has(id)));
    }
    return result ?? new Set();
  }

  /** The articles where `tok` is written `m` (or, for a prefix, a spelling starting with it). */
  private spelled(tok: string, m: string, prefix: boolean): Iterable<number> {
    const p = this.postingsOf(tok);
    if (!p) return [];
    if (!p.spellings) return (prefix ? tok.startsWith(m) : tok === m) ? p.ids : [];
    const out = new Set<number>();
    for (const s of Object.keys(p.spellings)) {
      if (prefix ? !s.startsWith(m) : s !== m) continue;
      let ids = p.spelled.get(s);
      if (!ids) {
        const list = p.spellings[s]!;
        if (list === '') ids = new Set(p.ids);
        else {
          ids = new Set();
          let at = 0;
          for (const delta of decodeNumbers(list)) {
            at += delta;
            ids.add(p.ids[at]!);
          }
        }
        p.spelled.set(s, ids);
      }
      for (const id of ids) out.add(id);
    }
    return out;
  }

  private postingsOf(tok: string): Postings | null {
    let p = this.postings.get(tok);
    if (p !== undefined) return p;
    // Never ENTRY_APART here: loadPostings loaded the file apart first. Still the mark means
    // the two files are of two exports (a stale cache, a partial upload): say so, never
    // answer as if the word were absent.
    const entry = this.shards.get(shardOf(tok, this.meta!.shards))?.[tok];
    if (entry === ENTRY_APART) throw new Error('the search data files are of two exports: export the site again');
    if (!entry) {
      this.postings.set(tok, null);
      return null;
    }
    const nums = decodeNumbers(entry[0]);
    const ids: number[] = [];
    const totals: number[] = [];
    const weighted: number[] = [];
    let id = 0;
    for (let i = 0; i + 2 < nums.length; i += 3) {
      id += nums[i]!;
      ids.push(id);
      totals.push(nums[i + 1]!);
      weighted.push(nums[i + 2]!);
      this.totals.set(id, nums[i + 1]!);
    }
    p = { token: tok, ids, totals, weighted, spellings: entry[1], spelled: new Map() };
    this.postings.set(tok, p);
    return p;
  }

  private positionsOf(p: Postings): Array<number[][]> {
    if (p.positions) return p.positions;
    const tok = p.token;
    const raw = this.positionFiles.get(shardOf(tok, this.meta!.shards))?.[tok] ?? '';
    const nums = decodeNumbers(raw);
    const out: Array<number[][]> = [];
    let i = 0;
    for (let d = 0; d < p.ids.length; d++) {
      const mask = nums[i++] ?? 0;
      const cols: number[][] = [[], [], [], [], []];
      for (let c = 0; c < 5; c++) {
        if (!(mask & (1 << c))) continue;
        const count = nums[i++]!;
        let at = 0;
        for (let k = 0; k < count; k++) {
          at += nums[i++]!;
          cols[c]!.push(at);
        }
      }
      out.push(cols);
    }
    p.positions = out;
    return out;
  }

  /** A data file's data, unpacked. */
  private async data(kind: DataKind, name: number): Promise<unknown> {
    const raw = await this.load(kind, String(name));
    return typeof raw === 'string' ? unpackData(raw) : raw;
  }

  private async shard(s: number): Promise<void> {
    if (this.shards.has(s)) return;
    const [entries, records] = ((await this.data('t', s)) as ShardFile | undefined) ?? [{}, []];
    if (this.shards.has(s)) return;
    this.shards.set(s, entries);
    for (const r of records) this.records.set(r[0], r);
  }

  /** The whole postings of a postings file's words with a head, into its entries (postings.ts). */
  private apartFile(s: number): Promise<void> {
    let loading = this.apart.get(s);
    if (!loading) {
      loading = this.data('b', s).then((data) => {
        const [entries, records] = (data as ShardData | undefined) ?? [{}, []];
        Object.assign(this.shards.get(s)!, entries);
        for (const r of records) this.records.set(r[0], r);
      });
      this.apart.set(s, loading);
    }
    return loading;
  }

  private async positionFile(s: number): Promise<void> {
    if (!this.positionFiles.has(s)) this.positionFiles.set(s, ((await this.data('p', s)) as Record<string, string>) ?? {});
  }

  private async vocabFile(f: number): Promise<void> {
    if (!this.vocab.has(f)) this.vocab.set(f, ((await this.data('v', f)) as string[]) ?? []);
  }

  /** The result data of these articles: the result files of those not known yet. */
  private async loadRecords(results: Ranked[]): Promise<void> {
    const files = new Set<number>();
    for (const r of results) if (!this.records.has(r.id)) files.add(docFileOf(r.id));
    await Promise.all([...files].map((f) => this.docFile(f)));
  }

  private docFile(f: number): Promise<void> {
    let loading = this.docFiles.get(f);
    if (!loading) {
      loading = this.data('d', f).then((data) => {
        for (const r of (data as DocRecord[] | undefined) ?? []) this.records.set(r[0], r);
      });
      this.docFiles.set(f, loading);
    }
    return loading;
  }
}
