// The thread of the site search's full build (search-thread.ts): the same SiteSearchBuilder
// as the main thread's, fed the articles in batches; it makes every file and hands back the
// files and the index it leaves. The main thread writes them. A packed file is handed back as
// its source's UTF-8 bytes: the main thread, idle by then, hashes, deflates and encodes it
// (packedFromSource), the same bytes as the builder's own making.
import { parentPort, workerData } from 'node:worker_threads';
import { PACKING, SiteSearchBuilder, type SearchFile } from '../../search/site/build.js';
import { DATA_DIR, type DataKind } from '../../search/site/format.js';
import { contentHash } from './write.js';
import type { FromSearchThread, MadeFile, PackedSource, SearchThreadInit, ToSearchThread } from './search-thread.js';

/** Environment variable: lowers the two bounds below (bytes), for tests only. */
const BOUND_ENV = 'NEWSDESK_SEARCH_THREAD_BYTES';
const bound = Number(process.env[BOUND_ENV]);
const lowered = Number.isInteger(bound) && bound > 0 ? bound : undefined;
/** Bytes of file content sent in one message, about. */
const FILES_MESSAGE = lowered ?? 1 << 20;
/** Bytes sent and not yet taken by the main thread, at most (past one message): the sources are the JSON before its deflate. */
const AHEAD_BYTES = lowered ?? 16 << 20;

const init = workerData as SearchThreadInit;
const port = parentPort!;
const builder = new SiteSearchBuilder();
const UTF8 = new TextEncoder();
/** The start of a packed file's source, before its JSON (ASCII: as many bytes as characters). */
const SOURCE_HEAD = `${PACKING}\n`;
/** A packed file's path: its kind and name (format.ts dataPath). */
const PACKED_PATH = new RegExp(`^${DATA_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([a-z])/([0-9]+)\\.js$`);

function send(message: FromSearchThread, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

/** A file as sent: a packed one as the UTF-8 bytes of its source, any other made here. */
function made(file: SearchFile): MadeFile | PackedSource {
  const parts = file.pack && file.source?.startsWith(SOURCE_HEAD) ? PACKED_PATH.exec(file.path) : null;
  if (parts) return { path: file.path, kind: parts[1] as DataKind, name: parts[2]!, source: UTF8.encode(file.source!), json: SOURCE_HEAD.length };
  const content = typeof file.content === 'string' ? file.content : file.content();
  return { path: file.path, content, hash: contentHash(file.source ?? content) };
}

let ahead = 0;
let taken: (() => void) | undefined;

/** Every file, in order, sent in messages of about FILES_MESSAGE bytes; then the index. */
async function sendFiles(): Promise<void> {
  let files: Array<MadeFile | PackedSource> = [];
  let transfer: ArrayBuffer[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    send({ files }, transfer);
    files = [];
    transfer = [];
    size = 0;
    while (ahead > AHEAD_BYTES) await new Promise<void>((r) => (taken = r));
  };
  for (const file of builder.files(init.perPage)) {
    const out = made(file);
    files.push(out);
    if ('source' in out) {
      // Moved when the bytes are the whole of their buffer (TextEncoder's are), else copied.
      if (out.source.byteOffset === 0 && out.source.buffer.byteLength === out.source.length) transfer.push(out.source.buffer as ArrayBuffer);
      size += out.source.length;
      ahead += out.source.length;
    } else size += out.content.length;
    if (size >= FILES_MESSAGE) await flush();
  }
  send({ files }, transfer);
  send({ built: builder.built() });
}

port.on('message', (message: ToSearchThread) => {
  try {
    if ('docs' in message) {
      for (const doc of message.docs) builder.add(doc);
      send({ took: message.docs.length });
    } else if ('taken' in message) {
      ahead -= message.taken;
      const wake = taken;
      taken = undefined;
      wake?.();
    } else sendFiles().catch((err: Error) => send({ failed: err.message }));
  } catch (err) {
    send({ failed: (err as Error).message });
  }
});
