// The thread of the site search's full build (search-thread.ts): the same SiteSearchBuilder
// as the main thread's, fed the articles in batches; it makes every file and hashes it, and
// hands back the files and the index it leaves. The main thread writes them.
import { parentPort, workerData } from 'node:worker_threads';
import { SiteSearchBuilder, type SearchFile } from '../../search/site/build.js';
import { fastHashOfParts } from './hash.js';
import { contentHash } from './write.js';
import type { FromSearchThread, MadeFile, SearchThreadInit, ToSearchThread } from './search-thread.js';

/** Bytes of file content sent in one message, about. */
const FILES_MESSAGE = 1 << 20;

const init = workerData as SearchThreadInit;
const port = parentPort!;
const builder = new SiteSearchBuilder();

function send(message: FromSearchThread): void {
  port.postMessage(message);
}

/**
 * A file and its hash: a packed file named by what it is made from (as writeSearch names it),
 * hashed from the bytes it is deflated from. Deflated here, not on the thread pool: this thread
 * has nothing else to do meanwhile, and the pool's hand-offs cost CPU the page threads need.
 */
function make(file: SearchFile): MadeFile {
  if (file.make) return { path: file.path, ...file.make(fastHashOfParts) };
  const content = typeof file.content === 'string' ? file.content : file.content();
  return { path: file.path, content, hash: contentHash(file.source ?? content) };
}

/** Every file, in order, sent in messages of about FILES_MESSAGE bytes; then the index. */
function sendFiles(): void {
  let files: MadeFile[] = [];
  let size = 0;
  for (const file of builder.files(init.perPage)) {
    const made = make(file);
    files.push(made);
    size += made.content.length;
    if (size < FILES_MESSAGE) continue;
    send({ files });
    files = [];
    size = 0;
  }
  send({ files });
  send({ built: builder.built() });
}

port.on('message', (message: ToSearchThread) => {
  try {
    if (message.docs) {
      for (const doc of message.docs) builder.add(doc);
      send({ took: message.docs.length });
    } else sendFiles();
  } catch (err) {
    send({ failed: (err as Error).message });
  }
});
