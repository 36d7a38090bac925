// The search index updated for a few changed articles (incremental.ts, splice.ts) must be
// byte for byte what a full build of the same articles makes: checked here on a corpus in
// mixed spellings, through rounds of random edits, removals and additions, each update
// building on the state the last one left.
import { describe, expect, it } from 'vitest';
import { PACKING, SiteSearchBuilder, type BuiltIndex, type SearchDoc } from '../../../src/search/site/build.js';
import { dataPath, type DataKind } from '../../../src/search/site/format.js';
import { updateIndex } from '../../../src/search/site/incremental.js';
import { decodeTerm, encodeTerm, spliceTerm, type DocEntry } from '../../../src/search/site/splice.js';
import { decodeState, encodeState } from '../../../src/search/site/state.js';
import { lcg } from '../corpus.js';
import { mixedCorpus } from './queries.js';

const PER_PAGE = 5;

function docsOf(n: number, seed: number): SearchDoc[] {
  return mixedCorpus(n, seed).map((a, i) => ({
    id: 3 * i + 1,
    title: a.title,
    summary: a.summary ?? '',
    body: a.body ?? '',
    author: a.author ?? '',
    source: i % 7 === 0 ? 'Báo Nhân Dân' : '',
    path: `bai-viet/${3 * i + 1}/index.html`,
    date: `0${1 + (i % 9)}/01/2024`,
    section: a.section ?? '',
    publishedAt: Date.parse(a.published_at ?? '2024-01-01T00:00:00Z') + i,
  }));
}

/** A full build: each file's source (what its hash is taken of), and the state it leaves. */
function fullBuild(docs: SearchDoc[]): { files: Map<string, string>; built: BuiltIndex } {
  const b = new SiteSearchBuilder();
  for (const d of [...docs].sort((x, y) => x.id - y.id)) b.add(d);
  const files = new Map<string, string>();
  for (const f of b.files(PER_PAGE)) files.set(f.path, f.source ?? (typeof f.content === 'string' ? f.content : f.content()));
  return { files, built: b.built() };
}

const reader = (files: Map<string, string>) => async (kind: DataKind, name: number) => {
  const source = files.get(dataPath(kind, name));
  return source === undefined ? undefined : (JSON.parse(source.slice(PACKING.length + 1)) as unknown);
};

describe('an update of the site search index', () => {
  it('writes what a full build writes, through rounds of edits, removals and additions', async () => {
    const rnd = lcg(11);
    let docs = docsOf(260, 3);
    let last = fullBuild(docs);
    const extra = docsOf(60, 99);
    let nextId = 10_000;
    let updated = 0;
    for (let round = 0; round < 24; round++) {
      const byId = new Map(docs.map((d) => [d.id, d]));
      const removed: number[] = [];
      const added: SearchDoc[] = [];
      const changes = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < changes; k++) {
        const ids = [...byId.keys()];
        const id = ids[Math.floor(rnd() * ids.length)]!;
        const d = byId.get(id)!;
        const other = extra[Math.floor(rnd() * extra.length)]!;
        const what = Math.floor(rnd() * 6);
        if (what === 0) byId.set(id, { ...d, title: other.title });
        else if (what === 1) byId.set(id, { ...d, body: other.body });
        else if (what === 2) byId.set(id, { ...d, summary: other.summary, author: other.author });
        else if (what === 3) byId.set(id, { ...d, section: 'Thời sự', date: '31/12/2024' });
        else if (what === 4) byId.delete(id);
        else {
          const fresh = { ...other, id: nextId, path: `bai-viet/${nextId}/index.html` };
          nextId += 1 + Math.floor(rnd() * 5);
          byId.set(fresh.id, fresh);
        }
      }
      const now = [...byId.values()].sort((x, y) => x.id - y.id);
      const before = new Map(docs.map((d) => [d.id, d]));
      for (const d of now) if (before.get(d.id) !== d) added.push(d);
      for (const d of docs) if (byId.get(d.id) !== d) removed.push(d.id);
      // The state as the export saves and reads it.
      const state = decodeState(Buffer.concat(encodeState({ key: 'k', files: {}, keys: last.built.ids.map(String), index: last.built })!))!;
      const update = await updateIndex(state.index, { added, removed }, reader(last.files));
      const full = fullBuild(now);
      if (update) {
        updated++;
        const files = new Map(last.files);
        for (const p of update.dropped) files.delete(p);
        for (const f of update.files) files.set(f.path, f.source ?? (typeof f.content === 'string' ? f.content : f.content()));
        expect([...files.keys()].sort(), `round ${round}`).toEqual([...full.files.keys()].sort());
        for (const [path, source] of full.files) expect(files.get(path), `${path} in round ${round}`).toBe(source);
        last = { files, built: update.built };
      } else last = full;
      docs = now;
    }
    // Most rounds are updates (a few may need the full build: see incremental.ts).
    expect(updated).toBeGreaterThan(16);
  });

  it('writes what a full build writes when edits keep an article\'s length (a word swapped or respelt, a date moved)', async () => {
    let docs = docsOf(1000, 4);
    let last = fullBuild(docs);
    const swaps = ['Hà Nội', 'nông nghiệp', 'đường sắt', 'Sài Gòn'];
    for (let round = 0; round < 6; round++) {
      const byId = new Map(docs.map((d) => [d.id, d]));
      const edited: SearchDoc[] = [];
      for (const d of docs.filter((_, i) => i % 401 === round)) {
        // One word of the title for another: the article's token count stays, its body too.
        const words = d.title.split(' ');
        words[round % words.length] = swaps[round % swaps.length]!.split(' ')[0]!;
        // Or only the spelling of a word (its folded form, the token, stays): the word lists change.
        const respelt = { ...d, body: d.body.replace(/[àáạảãâầấậẩẫăằắặẳẵ]/g, 'a') };
        const next = round % 3 === 2 ? { ...d, section: 'Thế giới', date: '01/02/2025' } : round % 3 === 1 ? respelt : { ...d, title: words.join(' ') };
        byId.set(d.id, next);
        edited.push(next);
      }
      const now = [...byId.values()].sort((x, y) => x.id - y.id);
      const state = decodeState(Buffer.concat(encodeState({ key: 'k', files: {}, keys: last.built.ids.map(String), index: last.built })!))!;
      const files = new Map(last.files);
      const update = await updateIndex(state.index, { added: edited, removed: edited.map((d) => d.id) }, reader(last.files));
      expect(update, `round ${round}`).toBeDefined();
      for (const p of update!.dropped) files.delete(p);
      for (const f of update!.files) files.set(f.path, f.source ?? (typeof f.content === 'string' ? f.content : f.content()));
      const full = fullBuild(now);
      expect([...files.keys()].sort(), `round ${round}`).toEqual([...full.files.keys()].sort());
      for (const [path, source] of full.files) expect(files.get(path), `${path} in round ${round}`).toBe(source);
      last = { files, built: update!.built };
      docs = now;
    }
  });

  it('says when it cannot tell: the number of postings files changes with the site', async () => {
    const docs = docsOf(64, 5);
    const { files, built } = fullBuild(docs);
    const more = docsOf(1, 8).map((d) => ({ ...d, id: 100_000 }));
    expect(await updateIndex(built, { added: more, removed: [] }, reader(files))).toBeUndefined();
  });

  it('gives up rather than guess when a file it needs is missing', async () => {
    const docs = docsOf(100, 5);
    const { files, built } = fullBuild(docs);
    const edited = { ...docs[10]!, title: 'Tiêu đề hoàn toàn mới' };
    const empty = new Map<string, string>();
    expect(await updateIndex(built, { added: [edited], removed: [edited.id] }, reader(empty))).toBeUndefined();
  });
});

describe('splicing a token', () => {
  it('matches decoding every article and encoding them again, positions given or left alone', () => {
    const rnd = lcg(5);
    const docs = docsOf(200, 21);
    const a = new SiteSearchBuilder();
    for (const d of docs) a.add(d);
    const before = a.contents();
    // New versions of some articles, and articles before, between and after the others.
    const changed = docsOf(40, 77).map((d, i) => ({ ...d, id: i === 39 ? 10_000 : i % 2 === 0 ? docs[i * 5]!.id : 15 * i - 13 }));
    const b = new SiteSearchBuilder();
    for (const d of [...changed].sort((x, y) => x.id - y.id)) b.add(d);
    const after = b.contents();
    let checked = 0;
    for (const [token, now] of after.terms) {
      const old = before.terms.get(token);
      const gone = new Set(changed.filter(() => rnd() < 0.9).map((d) => d.id));
      for (const d of docs) if (rnd() < 0.05) gone.add(d.id);
      const addedDocs: DocEntry[] = decodeTerm(token, now.entry, now.positions).filter((d) => gone.has(d.id) || !docs.some((x) => x.id === d.id));
      const kept = old ? decodeTerm(token, old.entry, old.positions).filter((d) => !gone.has(d.id)) : [];
      const all = [...kept, ...addedDocs].sort((x, y) => x.id - y.id);
      const spliced = spliceTerm(token, old?.entry, old?.positions ?? '', gone, addedDocs);
      expect(spliced.docs).toBe(all.length);
      if (all.length === 0) continue;
      const expected = encodeTerm(token, all);
      expect(spliced.entry, token).toEqual(expected.entry);
      expect(spliced.positions, token).toBe(expected.positions);
      expect(spliceTerm(token, old?.entry, null, gone, addedDocs).entry).toEqual(expected.entry);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the saved state', () => {
  it('reads back what was saved, and anything malformed as none', () => {
    const { built } = fullBuild(docsOf(50, 2));
    const bytes = Buffer.concat(encodeState({ key: 'abc', files: { 'x/t/0.js': 'h' }, keys: built.ids.map((id) => `k${id}`), index: built })!);
    const back = decodeState(bytes)!;
    expect(back.key).toBe('abc');
    expect(back.index.ids).toEqual(built.ids);
    expect([...back.index.terms]).toEqual([...built.terms]);
    expect(back.index.texts).toEqual(built.texts);
    expect(decodeState(bytes.subarray(0, bytes.length - 3))).toBeUndefined();
    expect(decodeState(Buffer.from('not a state'))).toBeUndefined();
    const doctored = Buffer.from(bytes);
    doctored[doctored.length - 1] = 0x7f; // a term id out of range
    expect(decodeState(doctored)).toBeUndefined();
  });
});
