// The site search's full build on a thread of its own (search-worker.ts): on a machine of two
// cores or more it runs beside the page threads and the main thread's reading of the store,
// instead of on the main thread after each article is read. The main thread posts the
// articles in batches (a bounded amount of text ahead, so memory does not grow with the
// portal); the thread sends each packed file back as the UTF-8 bytes of its source, which the
// main thread hashes, deflates (on the pool) and encodes before writing it: the same files, in
// the same order and byte for byte, as the same builder makes on the main thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IOError } from '../../core/errors.js';
import type { BuiltIndex, SearchDoc, SearchFile } from '../../search/site/build.js';
import { packedDataFile, type DataKind } from '../../search/site/format.js';
import { packUtf8, packUtf8Async } from '../../search/site/pack.js';
import { fastHash } from './hash.js';
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
export type ToSearchThread = { docs: SearchDoc[] } | { taken: number } | { end: true };
/** A file made by the thread: its content and the hash writeSearch names it by. */
export interface MadeFile {
  path: string;
  content: string;
  hash: string;
}
/**
 * A packed file the thread leaves to the main thread to hash, deflate and encode: what it is
 * made from (`source`, PACKING and its JSON) as UTF-8, the JSON from byte `json` on. Sent as
 * bytes (moved, not copied), so that the thread, the export's longest, only encodes them.
 */
export interface PackedSource {
  path: string;
  kind: DataKind;
  name: string;
  source: Uint8Array;
  json: number;
}
export type FromSearchThread = { took: number } | { files: Array<MadeFile | PackedSource> } | { built: BuiltIndex } | { failed: string };

/** A packed file from its source's UTF-8 bytes (PackedSource): the path, hash and content the thread's SearchFile has. */
export function packedFromSource(file: PackedSource): SearchFile {
  const json = file.source.subarray(file.json);
  return {
    path: file.path,
    // The writer names a packed file by the hash of its source (contentHash, SHA-1 of its UTF-8).
    hash: fastHash(file.source),
    content: () => packedDataFile(file.kind, file.name, packUtf8(json)),
    pack: async () => packedDataFile(file.kind, file.name, await packUtf8Async(json)),
  };
}

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
  return new SearchThread(perPage).build(docs);
}

/**
 * The search's thread, started before its articles are read (the export starts it with the
 * export, so that its start-up runs beside the reading of the index and the plan). Until
 * `build` it only waits; `close` stops it, built or not.
 */
export class SearchThread {
  private readonly worker: Worker;
  private readonly queue: FromSearchThread[] = [];
  /** Sizes of the batches posted and not yet taken, oldest first. */
  private readonly posted: number[] = [];
  private ahead = 0;
  private failure: Error | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(readonly perPage: number) {
    this.worker = new Worker(WORKER, { workerData: { perPage } satisfies SearchThreadInit });
    this.worker.on('message', (message: FromSearchThread) => {
      if ('took' in message) this.ahead -= this.posted.shift() ?? 0;
      else if ('failed' in message) this.failure ??= new IOError(english('issue.threadFailed', { message: message.failed }));
      else this.queue.push(message);
      this.wakeUp();
    });
    this.worker.on('error', (err) => {
      this.failure ??= new IOError(english('issue.threadFailed', { message: err.message }));
      this.wakeUp();
    });
    this.worker.on('exit', (code) => {
      if (!this.stopped) this.failure ??= new IOError(english('issue.threadStopped', { code }));
      this.wakeUp();
    });
  }

  /** Stops the thread (idempotent). */
  async close(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  /** Builds the search from `docs` (in id order), as buildOnThread. */
  async build(docs: AsyncIterable<SearchDoc>): Promise<{ files: AsyncIterable<SearchFile>; built: () => BuiltIndex; close: () => Promise<void> }> {
    try {
      let batch: SearchDoc[] = [];
      let size = 0;
      for await (const doc of docs) {
        batch.push(doc);
        size += sizeOf(doc);
        if (size < BATCH_CHARS) continue;
        await this.post(batch, size);
        batch = [];
        size = 0;
      }
      if (batch.length > 0) await this.post(batch, size);
      this.check();
      this.worker.postMessage({ end: true } satisfies ToSearchThread);
    } catch (err) {
      await this.close();
      throw err;
    }

    let built: BuiltIndex | undefined;
    const files = async function* (this: SearchThread): AsyncGenerator<SearchFile> {
      try {
        for (;;) {
          while (this.queue.length === 0) {
            this.check();
            await this.changed();
          }
          const message = this.queue.shift()!;
          if ('built' in message) {
            built = message.built;
            return;
          }
          if (!('files' in message)) continue;
          let bytes = 0;
          for (const f of message.files) {
            if ('source' in f) {
              bytes += f.source.length;
              yield packedFromSource(f);
            } else yield { path: f.path, content: f.content, hash: f.hash };
          }
          // Taken: the thread may make more (it holds back past a bound, so that memory does not grow with the site).
          this.worker.postMessage({ taken: bytes } satisfies ToSearchThread);
        }
      } finally {
        await this.close();
      }
    }.call(this);
    return {
      files,
      built: () => {
        if (!built) throw new Error('search index: the files were not all made');
        return built;
      },
      // For a caller that fails before it takes the files: a generator never started runs no finally.
      close: () => this.close(),
    };
  }

  private changed(): Promise<void> {
    return new Promise((r) => (this.wake = r));
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private async post(batch: SearchDoc[], size: number): Promise<void> {
    while (this.ahead > 0 && this.ahead + size > AHEAD_CHARS) {
      this.check();
      await this.changed();
    }
    this.check();
    this.worker.postMessage({ docs: batch } satisfies ToSearchThread);
    this.posted.push(size);
    this.ahead += size;
  }
}
