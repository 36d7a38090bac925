// Small pieces shared by the commands: confirmations, reading text from a file or stdin.
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { IOError, UsageError } from '../../core/errors.js';
import type { Ctx } from '../context.js';
import { t } from '../../i18n/index.js';

/** Reads all of a stream, refusing more than `limit` bytes. */
export async function readStream(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > limit) throw new IOError(t('input.tooLarge', { what, mb: limit / 1024 / 1024 }));
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
    throw new IOError(t('input.notUtf8', { what }));
  }
}

/** The text of PATH, or of stdin for "-", at most `limit` bytes. */
export async function readTextInput(ctx: Ctx, path: string, limit: number, flag: string): Promise<string> {
  if (path === '-') {
    if (ctx.io.isStdinTTY && !ctx.canPrompt) throw new UsageError(t('input.nothingPiped', { flag }));
    return decodeUtf8(await readStream(ctx.io.stdin, limit, t('input.stdin')), t('input.stdin'));
  }
  const { resolve } = await import('node:path');
  const full = resolve(ctx.cwd, path);
  let size: number;
  try {
    const st = await stat(full);
    if (!st.isFile()) throw new IOError(t('input.notAFile', { path }));
    size = st.size;
  } catch (err) {
    if (err instanceof IOError) throw err;
    throw new IOError(t('input.cannotRead', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  if (size > limit) throw new IOError(t('input.tooLarge', { what: path, mb: limit / 1024 / 1024 }));
  return decodeUtf8(await readFile(full), path);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
