// The bytes of an input: a file or a stream, counted as they are read (for progress), with
// a peek at the start (for sniffing) that does not lose what it read.
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { IOError, NotFoundError } from '../core/errors.js';
import { english } from '../i18n/issues.js';

export interface ByteSource {
  /** Where the input comes from, for messages: a path or "stdin". */
  name: string;
  /** The folder relative image paths are read from (and confined to). */
  baseDir: string;
  totalBytes: number | undefined;
  bytesRead: number;
  chunks: AsyncIterable<Buffer>;
}

const CHUNK = 1 << 20;

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new IOError(english('issue.notBytes'));
}

class CountingSource implements ByteSource {
  bytesRead = 0;
  readonly chunks: AsyncIterable<Buffer>;
  constructor(
    readonly name: string,
    readonly baseDir: string,
    readonly totalBytes: number | undefined,
    stream: AsyncIterable<unknown>,
  ) {
    const self = this;
    this.chunks = {
      async *[Symbol.asyncIterator]() {
        for await (const c of stream) {
          const b = toBuffer(c);
          self.bytesRead += b.length;
          yield b;
        }
      },
    };
  }
}

/** A file, read in 1 MB chunks. Fails early (before any transaction) when it cannot be read. */
export function fileSource(path: string, baseDir: string, name = path): ByteSource {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new IOError(english('issue.inputIsFolder', { name }));
    size = st.size;
  } catch (err) {
    if (err instanceof IOError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(english('issue.noFile', { name }), english('issue.noFileHint'));
    throw new IOError(english('issue.cannotRead', { name, reason: code ?? (err as Error).message }));
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  const wrapped = (async function* () {
    try {
      for await (const c of stream) yield c as Buffer;
    } catch (err) {
      throw new IOError(english('issue.cannotRead', { name, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
    } finally {
      stream.destroy();
    }
  })();
  return new CountingSource(name, baseDir, size, wrapped);
}

/** A stream (stdin): size unknown. */
export function streamSource(stream: Readable | AsyncIterable<unknown>, name: string, baseDir: string): ByteSource {
  return new CountingSource(name, baseDir, undefined, stream);
}

/**
 * Reads at least `n` bytes (or all there is) from the start of `chunks`; returns them and an
 * iterable that yields everything, the peeked bytes included.
 */
export async function peek(chunks: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; chunks: AsyncIterable<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    taken.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(taken, size).subarray(0, n);
  const rest: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      try {
        yield* taken;
        taken.length = 0;
        if (done) return;
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        await it.return?.();
      }
    },
  };
  return { head, chunks: rest };
}

/**
 * Byte offsets → line numbers for a stream read once, front to back: keeps only the chunks
 * not yet passed, so memory stays flat.
 */
export class LineIndex {
  private readonly pending: Buffer[] = [];
  private pendingStart = 0; // offset of pending[0]
  private offset = 0; // the cursor …
  private line = 1; // … and the line it lies on

  add(chunk: Buffer): void {
    this.pending.push(chunk);
  }

  /** The line of the byte at `target` (targets must not go backwards). */
  lineAt(target: number): number {
    while (this.offset < target && this.pending.length > 0) {
      const buf = this.pending[0]!;
      const from = this.offset - this.pendingStart;
      const to = Math.min(buf.length, target - this.pendingStart);
      let at = buf.indexOf(10, from);
      while (at !== -1 && at < to) {
        this.line++;
        at = buf.indexOf(10, at + 1);
      }
      this.offset = this.pendingStart + to;
      if (to >= buf.length) {
        this.pending.shift();
        this.pendingStart += buf.length;
      }
    }
    return this.line;
  }
}
