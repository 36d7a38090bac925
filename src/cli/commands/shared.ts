// Small pieces shared by the commands: confirmations, reading text from a file or stdin.
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { IOError, UsageError } from '../../core/errors.js';
import type { Ctx } from '../context.js';

/** Reads all of a stream, refusing more than `limit` bytes. */
export async function readStream(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > limit) throw new IOError(`${what} is larger than ${limit / 1024 / 1024} MB`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** UTF-8 that is really UTF-8: invalid bytes are an error, not replacement characters. */
export function decodeUtf8(data: Buffer, what: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new IOError(`${what} is not valid UTF-8 text`);
  }
}

/** The text of PATH, or of stdin for "-", at most `limit` bytes. */
export async function readTextInput(ctx: Ctx, path: string, limit: number, flag: string): Promise<string> {
  if (path === '-') {
    if (ctx.io.isStdinTTY && !ctx.canPrompt) throw new UsageError(`${flag} - reads standard input, but nothing is piped in`);
    return decodeUtf8(await readStream(ctx.io.stdin, limit, 'standard input'), 'standard input');
  }
  const { resolve } = await import('node:path');
  const full = resolve(ctx.cwd, path);
  let size: number;
  try {
    const st = await stat(full);
    if (!st.isFile()) throw new IOError(`${path} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof IOError) throw err;
    throw new IOError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (size > limit) throw new IOError(`${path} is larger than ${limit / 1024 / 1024} MB`);
  return decodeUtf8(await readFile(full), path);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
