// Page jobs as they travel to a page thread (parallel.ts, page-worker.ts). A teaser (an
// article's title, path, date, summary) appears on many pages: the home and section lists
// and the "other articles" of its neighbours, some 150,000 times for 10,000 articles. Cloning
// each of those objects for every page cost more than rendering them; instead each thread is
// sent a teaser once, and the pages name it by its number.
import type { Page, Teaser } from './plan.js';
import type { PageJob } from './parallel.js';

/** A page job whose teasers are numbers in the thread's table. */
export interface WireJob extends Omit<PageJob, 'page'> {
  page: { kind: Page['kind']; outputPath: string; source: string; data: unknown };
  /** Which field of `data` holds teaser numbers instead of teasers. */
  refs?: 'items' | 'others';
}

/** Teasers a thread holds at most: past this, its table starts again (memory stays flat). */
const HELD_AT_MOST = 50_000;

/** One message to a page thread: the teasers it has not seen yet, then the jobs. */
export interface WireBatch {
  /** The thread's table starts again, empty, before this batch's teasers. */
  reset: boolean;
  teasers: Teaser[];
  jobs: WireJob[];
}

/**
 * Same fields, same values: the thread may be given the one it already holds. Every field of
 * Teaser is compared (teasers-wire.test.ts holds this list to the teasers a plan makes).
 */
export function sameTeaser(a: Teaser, b: Teaser): boolean {
  return a.hash === b.hash && a.path === b.path && a.title === b.title && a.publishedAt === b.publishedAt && a.summary === b.summary && a.thumb === b.thumb && ('thumb' in a) === ('thumb' in b);
}

/** The teasers one thread holds, by number (in the order they were sent). */
export class TeaserTable {
  private readonly byPath = new Map<string, { n: number; teaser: Teaser }[]>();
  private size = 0;

  /** `heldAtMost` is lowered only by tests, so that they see the table start again. */
  constructor(private readonly heldAtMost = HELD_AT_MOST) {}

  /** Called before each batch: true when the table started again (the thread must too). */
  startBatch(): boolean {
    if (this.size < this.heldAtMost) return false;
    this.byPath.clear();
    this.size = 0;
    return true;
  }

  /** The number of `t` in the thread's table; a teaser not held yet is added to `fresh` (sent with the batch). */
  ref(t: Teaser, fresh: Teaser[]): number {
    let held = this.byPath.get(t.path);
    if (held === undefined) {
      held = [];
      this.byPath.set(t.path, held);
    }
    // Few variants per article (the short teaser of "other articles" and the full one of lists).
    for (const h of held) if (h.teaser === t || sameTeaser(h.teaser, t)) return h.n;
    const n = this.size++;
    held.push({ n, teaser: t });
    fresh.push(t);
    return n;
  }
}

/** Which field of a page's data lists teasers, if any. */
function teaserField(kind: Page['kind']): 'items' | 'others' | undefined {
  if (kind === 'home' || kind === 'section') return 'items';
  if (kind === 'article') return 'others';
  return undefined;
}

/** `job` for the wire: its teasers replaced by their numbers in `table` (new ones pushed to `fresh`). */
export function toWire(job: PageJob, table: TeaserTable, fresh: Teaser[]): WireJob {
  const field = teaserField(job.page.kind);
  const data = job.page.data as unknown as Record<string, unknown>;
  const list = field === undefined ? undefined : data[field];
  if (field === undefined || !Array.isArray(list)) return job as WireJob;
  const refs = (list as Teaser[]).map((t) => table.ref(t, fresh));
  return { ...job, page: { ...job.page, data: { ...data, [field]: refs } }, refs: field };
}

/** The job as the main thread made it, its teasers taken from `teasers` (the thread's table). */
export function fromWire(wire: WireJob, teasers: readonly Teaser[]): PageJob {
  const { refs, ...job } = wire;
  if (refs !== undefined) {
    const data = job.page.data as Record<string, unknown>;
    data[refs] = (data[refs] as number[]).map((n) => teasers[n]!);
  }
  return job as unknown as PageJob;
}
