// Page jobs sent to a page thread name each teaser by its number in the thread's table
// (teasers-wire.ts): the jobs the thread rebuilds must equal those the main thread made,
// through the structured clone the message takes, a table that starts again included.
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE } from '../../../src/core/records.js';
import type { PageJob } from '../../../src/exporters/html/parallel.js';
import { planSite, type Page, type Teaser } from '../../../src/exporters/html/plan.js';
import type { IndexedArticle, SiteIndex } from '../../../src/exporters/html/source.js';
import { fromWire, sameTeaser, TeaserTable, toWire, type WireBatch } from '../../../src/exporters/html/teasers-wire.js';

const PHOTO = 'a'.repeat(64);
const TEASER_FIELDS = ['hash', 'path', 'publishedAt', 'summary', 'thumb', 'title'];

function article(id: number, sectionId: number, over: Partial<IndexedArticle> = {}): IndexedArticle {
  const at = 1_600_000_000_000 + id * 60_000;
  return { id, slug: `bai-${id}`, title: `Bài ${id}`, summary: id % 3 === 0 ? '' : `Tóm tắt ${id}`, author: '', source: '', sectionId, publishedAt: at, updatedAt: at, images: [], bodyMedia: [], hash: `h${id}`, ...over };
}

function plannedPages(): Page[] {
  const sections = [1, 2].map((id) => ({ id, slug: `muc-${id}`, title: `Mục ${id}`, kind: 'articles' as const, parent_id: null, position: id, description: '' }));
  const articles = Array.from({ length: 40 }, (_, i) => article(i + 1, (i % 2) + 1, i % 5 === 0 ? { images: [{ src: `media/${PHOTO}.jpg`, alt: 'a', caption: '' }] } : {}));
  const index: SiteIndex = { site: DEFAULT_SITE, sections, links: [], articles: articles.sort((a, b) => b.publishedAt - a.publishedAt || b.id - a.id), media: new Map([[PHOTO, 'jpg']]) };
  return planSite(index, { perPage: 4, baseUrl: null }).pages;
}

function jobOf(page: Page, i: number): PageJob {
  return { page: { kind: page.kind, outputPath: page.outputPath, source: page.source, data: page.data } as Page, target: { abs: `/out/${page.outputPath}`, outDir: '/out', dir: '.' }, ...(page.kind === 'article' ? { body: `Thân bài ${i}` } : {}) };
}

/** What a thread makes of batches of `jobs`, `per` at a time, through structured clones. */
function throughThread(jobs: PageJob[], per: number, table: TeaserTable): { received: PageJob[]; teasersSent: number } {
  const held: Teaser[] = [];
  const received: PageJob[] = [];
  let teasersSent = 0;
  for (let at = 0; at < jobs.length; at += per) {
    const reset = table.startBatch();
    const fresh: Teaser[] = [];
    const wire = jobs.slice(at, at + per).map((j) => toWire(j, table, fresh));
    const batch = deserialize(serialize({ reset, teasers: fresh, jobs: wire } satisfies WireBatch)) as WireBatch;
    if (batch.reset) held.length = 0;
    held.push(...batch.teasers);
    teasersSent += batch.teasers.length;
    for (const w of batch.jobs) received.push(fromWire(w, held));
  }
  return { received, teasersSent };
}

describe('page jobs on the wire', () => {
  it('compares every field a planned teaser has', () => {
    const fields = new Set<string>();
    for (const page of plannedPages()) {
      const list = page.kind === 'article' ? page.data.others : page.kind === 'home' || page.kind === 'section' ? page.data.items : [];
      for (const t of list) for (const k of Object.keys(t)) fields.add(k);
    }
    expect([...fields].sort()).toEqual(TEASER_FIELDS);
  });

  it('gives the thread the same jobs, each distinct teaser sent once', () => {
    const jobs = plannedPages().map(jobOf);
    const expected = deserialize(serialize(jobs)) as PageJob[];
    const { received, teasersSent } = throughThread(jobs, 16, new TeaserTable());
    expect(received).toEqual(expected);
    const refs = jobs.reduce((n, j) => n + ((j.page.data as { items?: Teaser[]; others?: Teaser[] }).items ?? (j.page.data as { others?: Teaser[] }).others ?? []).length, 0);
    expect(teasersSent).toBeLessThan(refs);
    // Short ("other articles") and full (lists) teasers of 40 articles: at most two each.
    expect(teasersSent).toBeLessThanOrEqual(80);
  });

  it('leaves the plan’s page data as it was', () => {
    const jobs = plannedPages().map(jobOf);
    const before = deserialize(serialize(jobs));
    throughThread(jobs, 7, new TeaserTable());
    expect(jobs).toEqual(before);
  });

  it('starts the table again on both sides once it is full', () => {
    const jobs = plannedPages().map(jobOf);
    const table = new TeaserTable();
    // Fill the table past its limit with teasers the pages never show.
    const filler: Teaser[] = [];
    for (let i = 0; i < 50_000; i++) table.ref({ hash: `x${i}`, title: '', path: `x/${i}.html`, publishedAt: 0, summary: '' }, filler);
    const { received } = throughThread(jobs, 16, table);
    expect(received).toEqual(deserialize(serialize(jobs)));
  });

  it('tells teasers apart by every field', () => {
    const t: Teaser = { hash: 'h', title: 'T', path: 'p.html', publishedAt: 1, summary: 's' };
    expect(sameTeaser(t, { ...t })).toBe(true);
    for (const change of [{ hash: 'g' }, { title: 'U' }, { path: 'q.html' }, { publishedAt: 2 }, { summary: '' }, { thumb: 'a.jpg' }]) expect(sameTeaser(t, { ...t, ...change })).toBe(false);
    expect(sameTeaser({ ...t, thumb: 'a.jpg' }, { ...t, thumb: 'b.jpg' })).toBe(false);
  });
});
