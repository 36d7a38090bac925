// Fuzzing with fast-check: thousands of random and near-valid inputs for every parser that takes
// what a user or a file gives. Each must return a value or throw a NewsdeskError (a clean,
// one-line error) — never anything else. Runs are bounded in number and in time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFields, parseListFormat, parsePositiveInt, parseShowFormat, LIST_FORMATS } from '../../src/cli/output/formats.js';
import { formatIso, parseDate } from '../../src/core/dates.js';
import { NewsdeskError } from '../../src/core/errors.js';
import { articleInput, linkInput, sectionInput, siteInput } from '../../src/core/records.js';
import { parseQuery, toFtsMatch, toMarkedMatch } from '../../src/core/search-query.js';
import { isValidSlug, slugify, SLUG_PATTERN, uniqueSlug } from '../../src/core/slug.js';
import { findControlChar } from '../../src/core/text.js';
import { importStream, type ImportOptions } from '../../src/importers/pipeline.js';
import { addArticle } from '../../src/ops/articles.js';
import { searchArticles } from '../../src/search/search.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { FIXED_NOW, png, seed } from './helpers.js';

/**
 * Per property: AT_LEAST cases always run, whatever the machine's load; then more, up to RUNS,
 * while TIME_MS lasts (NEWSDESK_STRESS=1: ten times both). A busy machine runs fewer extra
 * cases, never fewer than the floor.
 */
const SCALE = process.env.NEWSDESK_STRESS === '1' ? 10 : 1;
const RUNS = 5000 * SCALE;
const TIME_MS = 4000 * SCALE;
const AT_LEAST = 500;

export const tried: Record<string, number> = {};

/** Runs a property: a floor of cases without a time limit, then more within the time. */
function fuzz<T>(name: string, arb: fc.Arbitrary<T>, predicate: (v: T) => void, runs = RUNS, ms = TIME_MS): void {
  let n = 0;
  const property = fc.property(arb, (v) => {
    n++;
    predicate(v);
  });
  const floor = Math.min(runs, AT_LEAST);
  fc.assert(property, { numRuns: floor });
  if (runs > floor) fc.assert(property, { numRuns: runs - floor, interruptAfterTimeLimit: ms });
  tried[name] = n;
}

async function fuzzAsync<T>(name: string, arb: fc.Arbitrary<T>, predicate: (v: T) => Promise<void>, runs = RUNS, ms = TIME_MS): Promise<void> {
  let n = 0;
  const property = fc.asyncProperty(arb, async (v) => {
    n++;
    await predicate(v);
  });
  const floor = Math.min(runs, AT_LEAST);
  await fc.assert(property, { numRuns: floor });
  if (runs > floor) await fc.assert(property, { numRuns: runs - floor, interruptAfterTimeLimit: ms });
  tried[name] = n;
}

/** Calls fn; a NewsdeskError is a clean answer, anything else fails the property. */
function clean<T>(fn: () => T): T | NewsdeskError {
  try {
    return fn();
  } catch (err) {
    if (err instanceof NewsdeskError) {
      expect(err.message.length).toBeGreaterThan(0);
      return err;
    }
    throw err;
  }
}

async function cleanAsync<T>(fn: () => Promise<T>): Promise<T | NewsdeskError> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof NewsdeskError) return err;
    throw err;
  }
}

// ---- arbitraries ------------------------------------------------------------------------

const VIETNAMESE = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐĂÂÊÔƠƯ'];
const PUNCT = [...' -–—_.,:;!?\'"“”„()[]{}*^+/\\|&%$#@~`<>=\t\n'];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u200b', '\u202e', '\ufeff', '\ud800', '\udfff', '\uffff'];

/** Text mixing Vietnamese letters, digits, punctuation, now and then a control character or a lone surrogate. */
const vnText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...VIETNAMESE) }, { weight: 2, arbitrary: fc.constantFrom(...PUNCT) }, { weight: 2, arbitrary: fc.constantFrom(...'0123456789') }, { weight: 1, arbitrary: fc.constantFrom(...CONTROL) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) }), { maxLength })
    .map((cs) => cs.join(''));

/** Decomposed (NFD) forms too: macOS keyboards send them. */
const anyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(vnText(maxLength), vnText(maxLength).map((s) => s.normalize('NFD')), fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }));

const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }));

/** Mostly the right kind of value, sometimes text of another kind, sometimes another type. */
const near = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: anyText() }, { weight: 1, arbitrary: wrongType });

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** Dates: valid and invalid components, in every accepted shape and a few others. */
const dateText: fc.Arbitrary<string> = fc
  .record({
    y: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: -10, max: 99999 })),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    frac: fc.option(fc.integer({ min: 0, max: 999999999 }), { nil: undefined }),
    off: fc.constantFrom('', 'Z', 'z', '+07:00', '-05:30', '+0700', '+07', '+14:00', '+15:00', '-12:00', '+07:60', ' +07:00'),
    ampm: fc.constantFrom('', ' AM', ' PM', 'am', ' pm', ' XM'),
    shape: fc.integer({ min: 0, max: 6 }),
    junk: fc.constantFrom('', ' ', 'x', '\t', 'T', '/', '\u0000'),
  })
  .map(({ y, mo, d, h, mi, s, frac, off, ampm, shape, junk }) => {
    const f = frac === undefined ? '' : `.${frac}`;
    switch (shape) {
      case 0:
        return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
      case 1:
        return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${f}${off}`;
      case 2:
        return `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}${off}${junk}`;
      case 3:
        return `${d}/${mo}/${y}`;
      case 4:
        return `${pad(d)}/${pad(mo)}/${y} ${pad(h)}:${pad(mi)}`;
      case 5:
        return `${pad(d)}/${pad(mo)}/${y} ${h}:${pad(mi)}${ampm}`;
      default:
        return `${junk}${pad(d)}/${pad(mo)}/${pad(y, 4)}${junk}`;
    }
  });

const TIME_ZONES = ['Asia/Ho_Chi_Minh', 'UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo'];

const slugish = fc.oneof(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/).filter((s) => s.length <= 200), anyText(30));
const SECTIONS = ['tin-tuc', 'kinh-te', 'khong-co', 'Tin-Tuc', '1', '2', '999'];

/** Article records near the valid ones: each field present or not, right or wrong. */
const articleRecord = fc.record(
  {
    id: near(fc.integer({ min: -5, max: 1_000_000 })),
    slug: near(slugish),
    title: near(fc.oneof(vnText(80), fc.constant('Quế Phong: Nâng cao chất lượng phát triển đảng viên'), fc.constant('Đ'.repeat(501)))),
    summary: near(vnText(200)),
    body: near(fc.oneof(vnText(500), fc.constant('# Tiêu đề\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))'))),
    author: near(vnText(30)),
    source: near(vnText(30)),
    section: near(fc.oneof(fc.constantFrom(...SECTIONS), fc.integer({ min: 0, max: 3 }))),
    status: near(fc.constantFrom('draft', 'published', 'Published', 'xuat-ban')),
    published_at: near(fc.oneof(dateText, fc.constant(null))),
    created_at: near(dateText),
    updated_at: near(dateText),
    images: near(
      fc.array(
        fc.record(
          {
            src: near(fc.constantFrom('https://example.vn/anh.jpg', 'anh.png', './anh.png', '../anh.png', '/etc/passwd', 'file:///etc/passwd', 'javascript:alert(1)', 'data:image/png;base64,AAAA', `media/${'a'.repeat(64)}.png`, 'http://[::1', 'C:\\anh.png')),
            caption: near(vnText(40)),
            alt: near(vnText(40)),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    ),
    tags: near(fc.array(near(vnText(20)), { maxLength: 60 })),
    type: fc.constantFrom('article', 'articles', 'section', 'link', 'media', 'site', 'bogus'),
    bogus: wrongType,
  },
  { requiredKeys: [] },
);

// ---- a database for the properties that need one ----------------------------------------

let dir: string;
let store: SqliteStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdesk-fuzz-'));
  await seed(join(dir, 'news.db'), { articles: 30 });
  writeFileSync(join(dir, 'anh.png'), png());
  store = await SqliteStore.open(join(dir, 'news.db'), 'write');
  // What is fuzzed here is validation, not durability (the crash tests see to that): no fsync.
  store.handle.db.pragma('synchronous = OFF');
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
  console.info(`fuzz cases run: ${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')}; total ${Object.values(tried).reduce((a, b) => a + b, 0)}`);
});

// ---- properties --------------------------------------------------------------------------

describe('fuzzing (fast-check)', () => {
  it('the date parser: a date or undefined, never an exception; what it accepts reads back the same', () => {
    fuzz('dates', fc.tuple(fc.oneof({ weight: 4, arbitrary: dateText }, { weight: 1, arbitrary: anyText(30) }), fc.constantFrom(...TIME_ZONES)), ([s, tz]) => {
      const d = parseDate(s, tz);
      if (d === undefined) return;
      expect(Number.isFinite(d.ms)).toBe(true);
      expect(parseDate(formatIso(d.ms, tz), tz)?.ms).toBe(d.ms);
      expect(parseDate(formatIso(d.ms, 'UTC'), tz)?.ms).toBe(d.ms);
    });
  });

  it('slug derivation: a valid slug or nothing, stable, and unique against any set of taken slugs', () => {
    fuzz('slugs', fc.tuple(anyText(120), fc.array(fc.nat({ max: 12 }), { maxLength: 12 })), ([title, taken]) => {
      const s = slugify(title);
      if (s !== '') {
        expect(s).toMatch(SLUG_PATTERN);
        expect(isValidSlug(s)).toBe(true);
      }
      expect(s.length).toBeLessThanOrEqual(100);
      expect(slugify(s)).toBe(s);
      expect(slugify(title.normalize('NFD'))).toBe(s);
      const base = s || 'bai-viet';
      const takenSet = new Set(taken.map((n) => (n < 2 ? base : `${base}-${n}`)));
      const u = uniqueSlug(base, (x) => takenSet.has(x));
      expect(takenSet.has(u)).toBe(false);
      expect(isValidSlug(u) || u.length > 200).toBe(true);
    });
  });

  it('--format, --fields, --page parsers: a valid value or a UsageError', () => {
    const allowed = ['id', 'slug', 'title', 'section', 'status', 'published_at'];
    const flagText = fc.oneof(fc.constantFrom(...LIST_FORMATS, 'text', 'JSON', ' csv ', 'tsv', '', ',', 'id,,slug', 'id, title ,id', 'ID', '1', '0', '-1', '1e3', '٣', '10 '), anyText(20));
    fuzz('formats', fc.tuple(flagText, flagText, flagText), ([a, b, c]) => {
      const f = clean(() => parseListFormat(a));
      if (!(f instanceof NewsdeskError)) expect(LIST_FORMATS).toContain(f);
      else expect(f.kind).toBe('usage');
      const sf = clean(() => parseShowFormat(b));
      if (sf instanceof NewsdeskError) expect(sf.kind).toBe('usage');
      const fields = clean(() => parseFields(c, allowed));
      if (fields instanceof NewsdeskError) expect(fields.kind).toBe('usage');
      else for (const x of fields ?? []) expect(allowed).toContain(x);
      const n = clean(() => parsePositiveInt('--page', a));
      if (n instanceof NewsdeskError) expect(n.kind).toBe('usage');
      else expect(n !== undefined && Number.isSafeInteger(n) && n >= 1).toBe(true);
    });
  });

  it('the record schemas on near-valid records: a clean record or field errors, never an exception', () => {
    const article = articleInput('Asia/Ho_Chi_Minh');
    fuzz('records', fc.tuple(articleRecord, fc.constantFrom('article', 'section', 'link', 'site')), ([raw, kind]) => {
      const { type: _t, ...rec } = raw as Record<string, unknown>;
      const schema = kind === 'article' ? article : kind === 'section' ? sectionInput : kind === 'link' ? linkInput : siteInput;
      const r = schema.safeParse(kind === 'link' ? { ...rec, url: rec.body } : rec);
      if (!r.success) return;
      // What passes is clean: NFC, no control characters, within the limits.
      for (const [k, v] of Object.entries(r.data as Record<string, unknown>)) {
        if (typeof v !== 'string') continue;
        expect(v, k).toBe(v.normalize('NFC'));
        expect(findControlChar(v), k).toBeUndefined();
      }
      if (kind === 'article') expect([...(r.data as { title: string }).title].length).toBeLessThanOrEqual(500);
    });
  });

  it('adding near-valid articles through the operations: stored, or a clean error (nothing half-written)', async () => {
    await fuzzAsync(
      'article adds',
      articleRecord,
      async (raw) => {
        const { type: _t, ...rec } = raw as Record<string, unknown>;
        const before = store.handle.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
        const r = await cleanAsync(() => addArticle(store, rec, { now: FIXED_NOW, imageBaseDir: dir, imageConfineTo: dir }));
        if (r instanceof NewsdeskError) expect(r.message.length).toBeGreaterThan(0);
        const after = store.handle.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
        expect(after).toBe(before + (r instanceof NewsdeskError ? 0 : 1));
      },
      RUNS,
      1.5 * TIME_MS,
    );
    expect(store.handle.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });

  it('the search query parser: a query or a UsageError; every query it accepts runs in SQLite', async () => {
    const queryText = fc.oneof(
      anyText(60),
      fc.array(fc.constantFrom('kinh', 'tế', 'đảng', 'viên', 'OR', 'AND', 'NOT', 'NEAR', 'NEAR(a b)', '-', '-kinh', '"', '"đảng viên"', '*', 'kinh*', '-"a b"', 'title:', '(', ')', '^', '+', "l'amour", '3.5', 'kinh-te', '“', '”', '\u0000', '{', '}', ':'), { maxLength: 12 }).map((w) => w.join(' ')),
      fc.array(fc.constantFrom('kinh', 'OR', '"', '*', '-', '(', ')', ':', "'", '.'), { maxLength: 12 }).map((w) => w.join('')),
    );
    await fuzzAsync('search queries', queryText, async (s) => {
      const q = clean(() => parseQuery(s));
      if (q instanceof NewsdeskError) {
        expect(q.kind).toBe('usage');
        return;
      }
      // The MATCH strings are SQLite's to parse: they must never be an SQL error.
      const run = (match: string): number => store.handle.db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck().get(match) as number;
      expect(() => run(toFtsMatch(q))).not.toThrow();
      expect(() => store.handle.db.prepare('SELECT count(*) FROM search_spelling WHERE search_spelling MATCH ?').pluck().get(toMarkedMatch(q))).not.toThrow();
      const res = await cleanAsync(() => searchArticles(store, q, { perPage: 5, status: 'all' }));
      if (res instanceof NewsdeskError) expect(res.message.length).toBeGreaterThan(0);
      expect(res).not.toBeInstanceOf(NewsdeskError);
    });
  });

  const importOptions = fc.record({
    format: fc.constantFrom(undefined, 'json', 'ndjson', 'csv'),
    type: fc.constantFrom(undefined, 'articles', 'sections', 'links'),
    onConflict: fc.constantFrom(undefined, 'fail', 'skip', 'update'),
    createSections: fc.boolean(),
    continueOnError: fc.boolean(),
    dryRun: fc.boolean(),
  });

  async function importBytes(bytes: Uint8Array, o: Record<string, unknown>): Promise<void> {
    const options = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<ImportOptions>;
    const before = store.handle.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    const r = await cleanAsync(() => importStream(store, Readable.from([Buffer.from(bytes)]), { now: FIXED_NOW, baseDir: dir, onReject: () => undefined, ...options }));
    expect(store.handle.db.inTransaction).toBe(false);
    if (r instanceof NewsdeskError) return;
    const after = store.handle.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    if (!r.committed) expect(after).toBe(before);
    if (!r.fatal) expect(r.inserted + r.updated + r.skipped + r.rejected).toBeLessThanOrEqual(r.read);
    expect(r.errors.length).toBeLessThanOrEqual(r.errorCount);
  }

  it('the importers on random bytes: a report or a clean error, and nothing left open', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
      fc.array(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\n', '\r\n', 'title', 'section', '"title"', '"tin-tuc"', '\\', '\\u', 'null', '1e999', '\ufeff', ' ', '\u0000', ';', '""'), { maxLength: 60 }).map((p) => new TextEncoder().encode(p.join(''))),
    );
    await fuzzAsync('import bytes', fc.tuple(bytes, importOptions), ([b, o]) => importBytes(b, o), RUNS, 1.5 * TIME_MS);
  }, 60_000 * SCALE);

  it('the importers on near-valid records (JSON, NDJSON, CSV, with bytes flipped): a report or a clean error', async () => {
    const csvCell = (v: unknown): string => {
      const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const document = fc.tuple(fc.array(articleRecord, { minLength: 1, maxLength: 6 }), fc.constantFrom('json', 'ndjson', 'csv', 'export'), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 3 })).map(([records, shape, flips]) => {
      let text: string;
      if (shape === 'json') text = JSON.stringify(records);
      else if (shape === 'ndjson') text = records.map((r) => JSON.stringify(r)).join('\n');
      else if (shape === 'export') text = JSON.stringify({ format: 'newsdesk', version: 1, site: { title: 'X' }, sections: [], links: [], articles: records });
      else {
        const keys = [...new Set(records.flatMap((r) => Object.keys(r as object)))].filter((k) => k !== 'type');
        text = [keys.join(','), ...records.map((r) => keys.map((k) => csvCell((r as Record<string, unknown>)[k] ?? '')).join(','))].join('\n');
      }
      const bytes = Buffer.from(text, 'utf8');
      for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
      return bytes;
    });
    await fuzzAsync('import records', fc.tuple(document, importOptions), ([b, o]) => importBytes(b, o), RUNS, 1.5 * TIME_MS);
    expect(store.handle.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  }, 60_000 * SCALE);
});

