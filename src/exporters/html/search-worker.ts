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
/** Packed files being deflated on the thread pool at once, at most, while the next are made. */
const PACKING_AHEAD = 4;

const init = workerData as SearchThreadInit;
const port = parentPort!;
const builder = new SiteSearchBuilder();

function send(message: FromSearchThread): void {
  port.postMessage(message);
}

/** A file and its hash: a packed file named by what it is made from (as writeSearch names it), hashed from the bytes it is deflated from. */
async function make(file: SearchFile): Promise<MadeFile> {
  if (file.makeAsync) return { path: file.path, ...(await file.makeAsync(fastHashOfParts)) };
  const content = typeof file.content === 'string' ? file.content : file.content();
  return { path: file.path, content, hash: contentHash(file.source ?? content) };
}

/** Every file, in order, sent in messages of about FILES_MESSAGE bytes; then the index. */
async function sendFiles(): Promise<void> {
  let files: MadeFile[] = [];
  let size = 0;
  const take = (made: MadeFile): void => {
    files.push(made);
    size += made.content.length;
    if (size < FILES_MESSAGE) return;
    send({ files });
    files = [];
    size = 0;
  };
  const making: Array<Promise<MadeFile>> = [];
  for (const file of builder.files(init.perPage)) {
    const made = make(file);
    // Its failure is met when its turn comes; not a rejection left unhandled meanwhile.
    made.catch(() => undefined);
    making.push(made);
    if (making.length >= PACKING_AHEAD) take(await making.shift()!);
  }
  while (making.length > 0) take(await making.shift()!);
  send({ files });
  send({ built: builder.built() });
}

port.on('message', (message: ToSearchThread) => {
  if (message.docs) {
    try {
      for (const doc of message.docs) builder.add(doc);
      send({ took: message.docs.length });
    } catch (err) {
      send({ failed: (err as Error).message });
    }
    return;
  }
  sendFiles().catch((err: unknown) => send({ failed: (err as Error).message }));
});
