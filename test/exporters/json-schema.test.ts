// The published JSON Schema of the export document: exports (and their NDJSON lines) validate
// against it, and it catches what it should. A small validator for the keywords the schema
// uses keeps this test free of dependencies.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJson } from '../../src/exporters/json.js';
import { importText, png } from '../importers/helpers.js';
import { addSection } from '../../src/ops/sections.js';
import { addArticle } from '../../src/ops/articles.js';
import { addLink } from '../../src/ops/links.js';
import { FIXED_NOW, freshStore, tempDir } from '../helpers/db.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../src/exporters/json-export.schema.json'), 'utf8')) as Schema;
const defs = schema.$defs as Record<string, Schema>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Errors of `value` against `s` (empty: valid), for the keywords the export schema uses. */
function validate(s: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  if (typeof s.$ref === 'string') errors.push(...validate(defs[s.$ref.replace('#/$defs/', '')]!, value, path));
  if ('const' in s && value !== s.const) errors.push(`${path}: not ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) errors.push(`${path}: not one of ${s.enum.join(', ')}`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [...errors, `${path}: ${t}, not ${types.join('|')}`];
  }
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as Schema[]).filter((sub) => validate(sub, value, path).length === 0).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of oneOf`);
  }
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${path}: does not match ${s.pattern}`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${path}: below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${path}: above ${s.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${path}: more than ${s.maxItems} items`);
    if (s.items) value.forEach((v, i) => errors.push(...validate(s.items as Schema, v, `${path}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errors.push(`${path}.${r}: missing`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...validate(props[k], v, `${path}.${k}`));
      else if (s.additionalProperties === false) errors.push(`${path}.${k}: not allowed`);
    }
  }
  return errors;
}

async function portalExport(ndjson: boolean): Promise<string> {
  const store = await freshStore();
  const dir = tempDir();
  mkdirSync(join(dir, 'images'));
  writeFileSync(join(dir, 'images', 'a.png'), png());
  await store.transaction(async (tx) => {
    await tx.settings.set({ title: 'Cổng thông tin', base_url: 'https://x.vn/' });
    await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' });
    await addSection(tx, { slug: 'kinh-te', title: 'Kinh tế', parent: 'tin-tuc', description: 'dòng 1\ndòng 2' });
    await addSection(tx, { slug: 'lien-ket', title: 'Liên kết', kind: 'links' });
    await addLink(tx, { section: 'lien-ket', title: 'Góp ý', url: 'mailto:gopy@x.vn' });
    await addLink(tx, { section: 'lien-ket', title: 'Trang', url: '/gioi-thieu/' });
  });
  await addArticle(store, { title: 'Bài một', section: 'kinh-te', status: 'published', body: 'a\n\n\tb', tags: ['x'], images: [{ src: 'images/a.png', caption: 'c' }, { src: 'https://x.vn/a.jpg' }] }, { now: FIXED_NOW, imageBaseDir: dir });
  await addArticle(store, { title: 'Nháp', section: 'tin-tuc' }, { now: FIXED_NOW + 1 });
  let out = '';
  await exportJson(store, { write: (s: string) => ((out += s), true) }, { now: FIXED_NOW, ndjson });
  return out;
}

describe('the JSON Schema of the export', () => {
  it('is what exports are', async () => {
    const doc = JSON.parse(await portalExport(false)) as Record<string, unknown[]>;
    expect(validate(schema, doc)).toEqual([]);
    expect(doc.articles).toHaveLength(2);
  });

  it('each NDJSON line is a record of its type', async () => {
    const names: Record<string, string> = { site: 'site', section: 'section', link: 'link', media: 'media', article: 'article' };
    const lines = (await portalExport(true)).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual(['site', 'section', 'section', 'section', 'link', 'link', 'media', 'article', 'article']);
    for (const { type, ...record } of lines) expect(validate(defs[names[type as string]!]!, record)).toEqual([]);
  });

  it('catches what it should', () => {
    const article = (over: Record<string, unknown>): Record<string, unknown> => ({
      id: 1, slug: 'a', title: 'A', summary: '', body: '', author: '', source: '', section: 's', status: 'draft',
      published_at: null, created_at: '2024-05-01T08:00:00+07:00', updated_at: '2024-05-01T08:00:00+07:00', images: [], tags: [],
      ...over,
    });
    expect(validate(defs.article!, article({}))).toEqual([]);
    expect(validate(defs.article!, article({ slug: 'A b' }))).toHaveLength(1);
    expect(validate(defs.article!, article({ published_at: '23/10/2020' }))).toHaveLength(1);
    expect(validate(defs.article!, article({ status: 'live' }))).toHaveLength(1);
    expect(validate(defs.article!, article({ title: 'a\u0007' }))).toHaveLength(1);
    expect(validate(defs.article!, article({ images: [{ src: 'images/a.png', caption: '', alt: '' }] }))).toHaveLength(1);
    expect(validate(defs.article!, article({ extra: 1 }))).toEqual(['$.extra: not allowed']);
    expect(validate(defs.link!, { id: 1, section: 's', title: 'x', url: 'javascript:alert(1)', position: 1 })).toHaveLength(1);
    expect(validate(defs.article!, article({ origin: { site: 'https://x.vn', id: 'https://x.vn/?p=1' } }))).toEqual([]);
    expect(validate(defs.article!, article({ origin: { site: 'https://x.vn' } }))).toEqual(['$.origin.id: missing']);
    expect(validate(defs.article!, article({ origin: { site: 'https://x.vn', id: '' } }))).toHaveLength(1);
    expect(validate(defs.article!, article({ origin: { site: 'x', id: 'y', guid: 'z' } }))).toEqual(['$.origin.guid: not allowed']);
  });

  it('an article imported from a feed carries its origin, which validates and imports back', async () => {
    const store = await freshStore();
    await store.transaction(async (tx) => void (await addSection(tx, { slug: 'tin-tuc', title: 'Tin tức' })));
    const rss = `<rss version="2.0"><channel><link>https://x.vn</link><item><title>Một</title><guid>https://x.vn/?p=1</guid></item></channel></rss>`;
    expect(await importText(store, rss, { feed: { section: 'tin-tuc' } })).toMatchObject({ inserted: 1, rejected: 0 });
    let out = '';
    await exportJson(store, { write: (s: string) => ((out += s), true) }, { now: FIXED_NOW });
    const doc = JSON.parse(out) as { articles: Array<Record<string, unknown>> };
    expect(doc.articles[0]!.origin).toEqual({ site: 'https://x.vn', id: 'https://x.vn/?p=1' });
    expect(validate(schema, doc)).toEqual([]);
    const copy = await freshStore();
    expect(await importText(copy, out)).toMatchObject({ rejected: 0, inserted: 3 });
    let again = '';
    await exportJson(copy, { write: (s: string) => ((again += s), true) }, { now: FIXED_NOW });
    expect(again).toBe(out);
  });

  it('an export that validates also imports', async () => {
    const doc = await portalExport(false);
    const r = await importText(await freshStore(), doc);
    expect(r).toMatchObject({ rejected: 0, inserted: 1 + 3 + 2 + 1 + 2 });
  });
});
