// A thread of the parallel export (parallel.ts): renders the pages it is sent with the same
// Renderer as the main thread, and writes each as SiteWriter.put would. The main thread keeps
// the manifest; this thread only reports, per page, whether it wrote and what it hashed.
import { parentPort, workerData } from 'node:worker_threads';
import { useIntlClock } from '../../core/dates.js';
import { IOError } from '../../core/errors.js';
import type { ImageInfo } from './images.js';
import type { LayoutData } from './plan.js';
import { Renderer } from './render/index.js';
import { writeDelegated } from './write.js';
import type { WorkerReply } from './parallel.js';
import { fromWire, type WireBatch } from './teasers-wire.js';
import type { Teaser } from './plan.js';

interface Init {
  layout: LayoutData;
  media: Array<[string, string]>;
  images: Array<[string, ImageInfo]>;
}

// This thread cannot point TZ at the site's zone as the main thread does.
useIntlClock();
const init = workerData as Init;
const renderer = new Renderer(init.layout, new Map(init.media), new Map(init.images));
const port = parentPort!;
/** Folders this thread made or found. */
const folders = new Set<string>();

/** The teasers sent so far, by their number in the batches. */
const teasers: Teaser[] = [];

port.on('message', (batch: WireBatch) => {
  if (batch.reset) teasers.length = 0;
  for (const t of batch.teasers) teasers.push(t);
  const outcomes: WorkerReply['outcomes'] = [];
  for (const wire of batch.jobs) {
    try {
      const job = fromWire(wire, teasers);
      const html = renderer.render(job.page, job.body === undefined ? {} : { body: job.body });
      outcomes.push(writeDelegated(job.target, html, folders));
    } catch (err) {
      const reply: WorkerReply = { outcomes, failed: { message: (err as Error).message, ...(err instanceof IOError && err.hint !== undefined ? { hint: err.hint } : {}) } };
      port.postMessage(reply);
      return;
    }
  }
  port.postMessage({ outcomes } satisfies WorkerReply);
});
