// The only way to the terminal: streams plus what we know about them. Tests use testIO().
import type { Readable } from 'node:stream';
import { isatty } from 'node:tty';

export interface Sink {
  write(chunk: string): unknown;
}

export interface IO {
  stdin: Readable;
  stdout: Sink;
  stderr: Sink;
  isStdinTTY: boolean;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  /** Terminal width for tables and progress bars. */
  columns: number;
}

export function processIO(): IO {
  return {
    // Made on first use: a command that reads no input does not set up a stream (and a socket,
    // when stdin is a pipe) for it. Node makes process.stdin a TTY stream exactly when fd 0 is one.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    isStdinTTY: isatty(0),
    isStdoutTTY: Boolean(process.stdout.isTTY),
    isStderrTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns || process.stderr.columns || 100,
  };
}

export interface TestIO extends IO {
  out(): string;
  err(): string;
}

/** Buffers instead of streams; `tty` sets every TTY check at once. */
export async function testIO(opts: { tty?: boolean; stdin?: string | Buffer } = {}): Promise<TestIO> {
  const { Readable } = await import('node:stream');
  let out = '';
  let err = '';
  const tty = opts.tty ?? false;
  return {
    stdin: Readable.from(opts.stdin === undefined ? [] : [typeof opts.stdin === 'string' ? Buffer.from(opts.stdin) : opts.stdin]),
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    isStdinTTY: tty,
    isStdoutTTY: tty,
    isStderrTTY: tty,
    columns: 100,
    out: () => out,
    err: () => err,
  };
}
