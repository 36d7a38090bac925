// The thread of the site search's full build (search-thread.ts): the same SiteSearchBuilder
// as the main thread's, fed the articles in batches; it makes every file (deflated here) and
// hashes it, and hands back the files and the index it leaves. The main thread writes them.
import { parentPort, workerData } from 'node:worker_threads';
import { SiteSearchBuilder } from '../../search/site/build.js';
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

port.on('message', (message: ToSearchThread) => {
  try {
    if (message.docs) {
      for (const doc of message.docs) builder.add(doc);
      send({ took: message.docs.length });
      return;
    }
    let files: MadeFile[] = [];
    let size = 0;
    for (const file of builder.files(init.perPage)) {
      // A packed file is named by what it is made from (as writeSearch names it), hashed
      // from the same UTF-8 bytes it is deflated from.
      let made: MadeFile;
      if (file.make) made = { path: file.path, ...file.make(fastHashOfParts) };
      else {
        const content = typeof file.content === 'string' ? file.content : file.content();
        made = { path: file.path, content, hash: contentHash(file.source ?? content) };
      }
      const content = made.content;
      files.push(made);
      size += content.length;
      if (size >= FILES_MESSAGE) {
        send({ files });
        files = [];
        size = 0;
      }
    }
    send({ files });
    send({ built: builder.built() });
  } catch (err) {
    send({ failed: (err as Error).message });
  }
});
