// The parallel export: when many pages are to be rendered, worker threads render and write
// them (page-worker.ts) while the main thread reads the store, feeds them and builds the site's
// search. Each page is rendered by the same Renderer from the same data, and written as
// SiteWriter.put would write it, so the files and the manifest are the same byte for byte as
// a single-threaded export's. A small job (a one-edit re-export) starts no thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IOError } from '../../core/errors.js';
import type { ImageInfo } from './images.js';
import type { LayoutData, Page, Teaser } from './plan.js';
import { TeaserTable, toWire, type WireBatch } from './teasers-wire.js';
import type { Delegated, DelegatedOutcome } from './write.js';
import { english } from '../../i18n/issues.js';

/** Below this many pages to render, threads cost more to start (some 60 ms each) than they save. */
export const PARALLEL_FROM = 1000;
/** Threads at most: past a few, the folder's lock on file creation is the limit. */
const MAX_THREADS = 4;
/** Pages sent to a thread in one message. */
const BATCH = 16;
/** Pages sent and not yet done, per thread: bounds the bodies held in memory. */
const IN_FLIGHT = 256;

/** Environment variable that sets the number of threads (0: none), whatever the job's size. */
export const THREADS_ENV = 'NEWSDESK_EXPORT_THREADS';
/** How many teasers a thread holds before its table starts again; lowered by tests only. */
const TEASERS_HELD_ENV = 'NEWSDESK_EXPORT_TEASERS_HELD';

/** A page as a thread receives it: plain data, with its body when it is an article. */
export interface PageJob {
  page: Page;
  body?: string;
  target: Delegated;
}

export interface WorkerReply {
  outcomes: DelegatedOutcome[];
  failed?: { message: string; hint?: string };
}

export interface WorkerInit {
  layout: LayoutData;
  media: Map<string, string>;
  images: ReadonlyMap<string, ImageInfo>;
}

const WORKER = new URL('./page-worker.js', import.meta.url);

/**
 * How many threads to render `pages` pages with: none for a small job or a single CPU; else
 * one fewer than the CPUs (the main thread has the store and the search to do). The
 * environment variable overrides, for measurements and tests. None when the worker's compiled
 * module is not there (running from the TypeScript sources).
 */
export function threadsFor(pages: number, env: NodeJS.ProcessEnv = process.env): number {
  if (!existsSync(fileURLToPath(WORKER))) return 0;
  const set = env[THREADS_ENV];
  if (set !== undefined && set.trim() !== '') {
    const n = Number(set);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, 64);
  }
  if (pages < PARALLEL_FROM) return 0;
  return Math.max(0, Math.min(MAX_THREADS, availableParallelism() - 1));
}

interface Pending {
  jobs: PageJob[];
  done: Array<(outcome: DelegatedOutcome) => void>;
}

interface Thread {
  worker: Worker;
  /** The teasers this thread was sent. */
  teasers: TeaserTable;
  /** Batches sent and not answered, oldest first. */
  sent: Pending[];
  inFlight: number;
}

export class PageThreads {
  private readonly threads: Thread[] = [];
  private batch: Pending = { jobs: [], done: [] };
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];

  constructor(count: number, init: WorkerInit) {
    const workerData = { layout: init.layout, media: [...init.media], images: [...init.images] };
    const held = Number(process.env[TEASERS_HELD_ENV]);
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER, { workerData });
      const thread: Thread = { worker, teasers: new TeaserTable(Number.isInteger(held) && held > 0 ? held : undefined), sent: [], inFlight: 0 };
      worker.on('message', (reply: WorkerReply) => this.answer(thread, reply));
      worker.on('error', (err) => this.fail(new IOError(english('issue.threadFailed', { message: err.message }))));
      worker.on('exit', (code) => {
        if (thread.inFlight > 0) this.fail(new IOError(english('issue.threadStopped', { code })));
      });
      this.threads.push(thread);
    }
  }

  /** Queues a page; `done` is called with its outcome, on the main thread. */
  submit(job: PageJob, done: (outcome: DelegatedOutcome) => void): void {
    this.batch.jobs.push(job);
    this.batch.done.push(done);
    if (this.batch.jobs.length >= BATCH) this.flush();
  }

  /** Resolves once the threads have room for more pages: memory stays bounded. */
  async room(): Promise<void> {
    this.check();
    while (this.threads.every((t) => t.inFlight >= IN_FLIGHT)) {
      await new Promise<void>((r) => this.waiters.push(r));
      this.check();
    }
  }

  /** Sends what is queued, waits for every page, and stops the threads. */
  async finish(): Promise<void> {
    this.flush();
    try {
      while (this.threads.some((t) => t.inFlight > 0)) {
        this.check();
        await new Promise<void>((r) => this.waiters.push(r));
      }
      this.check();
    } finally {
      await this.stop();
    }
  }

  /** Stops the threads at once (after a failure elsewhere). */
  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private flush(): void {
    if (this.batch.jobs.length === 0) return;
    // The least busy thread.
    let thread = this.threads[0]!;
    for (const t of this.threads) if (t.inFlight < thread.inFlight) thread = t;
    const pending = this.batch;
    this.batch = { jobs: [], done: [] };
    thread.sent.push(pending);
    thread.inFlight += pending.jobs.length;
    const reset = thread.teasers.startBatch();
    const fresh: Teaser[] = [];
    const jobs = pending.jobs.map((job) => toWire(job, thread.teasers, fresh));
    thread.worker.postMessage({ reset, teasers: fresh, jobs } satisfies WireBatch);
  }

  private answer(thread: Thread, reply: WorkerReply): void {
    const pending = thread.sent.shift()!;
    thread.inFlight -= pending.jobs.length;
    reply.outcomes.forEach((outcome, i) => pending.done[i]!(outcome));
    if (reply.failed) this.fail(new IOError(reply.failed.message, reply.failed.hint));
    this.wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
