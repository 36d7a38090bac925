// The site search's full build on a thread of its own (search-worker.ts): on a machine of two
// cores or more it runs beside the page threads and the main thread's reading of the store,
// instead of on the main thread after each article is read. The main thread posts the
// articles in batches (a bounded amount of text ahead, so memory does not grow with the
// portal) and writes the files the thread sends back: the same files, in the same order and
// byte for byte, as the same builder makes on the main thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IOError } from '../../core/errors.js';
import type { BuiltIndex, SearchDoc, SearchFile } from '../../search/site/build.js';
import { english } from '../../i18n/issues.js';

/** Environment variable: `0` builds the search on the main thread, `1` on its thread, whatever the portal's size. */
export const SEARCH_THREAD_ENV = 'NEWSDESK_SEARCH_THREAD';
/** Below this many articles the thread costs more to start (some 60 ms) than it saves. */
export const SEARCH_THREAD_FROM = 1000;
/** Characters of text in one message to the thread, about. */
const BATCH_CHARS = 1 << 20;
/** Characters of text posted and not yet added by the thread, at most (past one batch). */
const AHEAD_CHARS = 32 << 20;

const WORKER = new URL('./search-worker.js', import.meta.url);

export interface SearchThreadInit {
  perPage: number;
}
export type ToSearchThread = { docs: SearchDoc[] } | { docs?: undefined; end: true };
/** A file made by the thread: its content and the hash writeSearch names it by. */
export interface MadeFile {
  path: string;
  content: string;
  hash: string;
}
export type FromSearchThread = { took: number } | { files: MadeFile[] } | { built: BuiltIndex } | { failed: string };

/**
 * Whether to build the search of `articles` articles on its thread: with two cores or more,
 * for a large portal, and only when the thread's compiled module is there (not when running
 * from the TypeScript sources). The environment variable decides for measurements and tests.
 */
export function useSearchThread(articles: number, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!existsSync(fileURLToPath(WORKER))) return false;
  const set = env[SEARCH_THREAD_ENV]?.trim();
  if (set === '0') return false;
  if (set === '1') return true;
  return articles >= SEARCH_THREAD_FROM && availableParallelism() > 1;
}

function sizeOf(doc: SearchDoc): number {
  return doc.title.length + doc.summary.length + doc.body.length + doc.author.length + doc.source.length + doc.path.length + 64;
}

/**
 * Builds the search from `docs` (in id order) on its thread. Resolves once every article was
 * posted; the files then come as the thread makes them, and `built()` answers once they all
 * came. The thread is stopped when the files were all taken, or the taking stopped, or the
 * reading failed, or by `close()`.
 */
export async function buildOnThread(docs: AsyncIterable<SearchDoc>, perPage: number): Promise<{ files: AsyncIterable<SearchFile>; built: () => BuiltIndex; close: () => Promise<void> }> {
  const worker = new Worker(WORKER, { workerData: { perPage } satisfies SearchThreadInit });
  const queue: FromSearchThread[] = [];
  /** Sizes of the batches posted and not yet taken, oldest first. */
  const posted: number[] = [];
  let ahead = 0;
  let failure: Error | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const changed = (): Promise<void> => new Promise((r) => (wake = r));
  const wakeUp = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (message: FromSearchThread) => {
    if ('took' in message) ahead -= posted.shift() ?? 0;
    else if ('failed' in message) failure ??= new IOError(english('issue.threadFailed', { message: message.failed }));
    else queue.push(message);
    wakeUp();
  });
  worker.on('error', (err) => {
    failure ??= new IOError(english('issue.threadFailed', { message: err.message }));
    wakeUp();
  });
  worker.on('exit', (code) => {
    if (!stopped) failure ??= new IOError(english('issue.threadStopped', { code }));
    wakeUp();
  });
  const check = (): void => {
    if (failure) throw failure;
  };
  const stop = async (): Promise<void> => {
    stopped = true;
    await worker.terminate();
  };
  const post = async (batch: SearchDoc[], size: number): Promise<void> => {
    while (ahead > 0 && ahead + size > AHEAD_CHARS) {
      check();
      await changed();
    }
    check();
    worker.postMessage({ docs: batch } satisfies ToSearchThread);
    posted.push(size);
    ahead += size;
  };

  try {
    let batch: SearchDoc[] = [];
    let size = 0;
    for await (const doc of docs) {
      batch.push(doc);
      size += sizeOf(doc);
      if (size < BATCH_CHARS) continue;
      await post(batch, size);
      batch = [];
      size = 0;
    }
    if (batch.length > 0) await post(batch, size);
    check();
    worker.postMessage({ end: true } satisfies ToSearchThread);
  } catch (err) {
    await stop();
    throw err;
  }

  let built: BuiltIndex | undefined;
  async function* files(): AsyncGenerator<SearchFile> {
    try {
      for (;;) {
        while (queue.length === 0) {
          check();
          await changed();
        }
        const message = queue.shift()!;
        if ('built' in message) {
          built = message.built;
          return;
        }
        if ('files' in message) for (const f of message.files) yield { path: f.path, content: f.content, hash: f.hash };
      }
    } finally {
      await stop();
    }
  }
  return {
    files: files(),
    built: () => {
      if (!built) throw new Error('search index: the files were not all made');
      return built;
    },
    // For a caller that fails before it takes the files: a generator never started runs no finally.
    close: stop,
  };
}
