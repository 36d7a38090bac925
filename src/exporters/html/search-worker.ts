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

/** Packed files being deflated on the thread pool at once, at most. */
const DEFLATING = 8;

/**
 * A file and its hash: a packed file named by what it is made from (as writeSearch names it).
 * A packed file is deflated on the thread pool while this thread makes the next files (this
 * thread is the export's longest, and the others are idle by the time its files are made);
 * its hash is of the same bytes as the writer's (`source`, as UTF-8).
 */
function make(file: SearchFile): MadeFile | Promise<MadeFile> {
  if (file.pack && file.source !== undefined) {
    const hash = contentHash(file.source);
    const made = file.pack().then((content) => ({ path: file.path, content, hash }));
    // Awaited in turn (sendFiles); one failing while an older one is awaited is not a rejection
    // left unhandled meanwhile (it would end the thread before it reports the failure).
    made.catch(() => undefined);
    return made;
  }
  if (file.make) return { path: file.path, ...file.make(fastHashOfParts) };
  const content = typeof file.content === 'string' ? file.content : file.content();
  return { path: file.path, content, hash: contentHash(file.source ?? content) };
}

/** Every file, in order, sent in messages of about FILES_MESSAGE bytes; then the index. */
async function sendFiles(): Promise<void> {
  let files: MadeFile[] = [];
  let size = 0;
  const making: Array<MadeFile | Promise<MadeFile>> = [];
  const takeOldest = async (): Promise<void> => {
    const made = await making.shift()!;
    files.push(made);
    size += made.content.length;
    if (size < FILES_MESSAGE) return;
    send({ files });
    files = [];
    size = 0;
  };
  for (const file of builder.files(init.perPage)) {
    making.push(make(file));
    if (making.length >= DEFLATING) await takeOldest();
  }
  while (making.length > 0) await takeOldest();
  send({ files });
  send({ built: builder.built() });
}

port.on('message', (message: ToSearchThread) => {
  try {
    if (message.docs) {
      for (const doc of message.docs) builder.add(doc);
      send({ took: message.docs.length });
    } else sendFiles().catch((err: Error) => send({ failed: err.message }));
  } catch (err) {
    send({ failed: (err as Error).message });
  }
});
