// What every command gets: streams, environment, clock, prompter, global flags, and the
// store opened lazily (so --help and --version never load SQLite).
import { resolve } from 'node:path';
import type { Store } from '../store/store.js';
import { UsageError } from '../core/errors.js';
import { urlScheme } from '../store/open.js';
import type { IO } from './io.js';
import type { Prompter } from './prompts.js';
import type { Style } from './style.js';
import { t } from '../i18n/index.js';
import type { Translate } from '../i18n/index.js';

export interface GlobalOptions {
  db?: string;
  color?: boolean;
  quiet?: boolean;
  debug?: boolean;
  yes?: boolean;
  /** --now: the date the command acts at (cli/clock.ts). */
  now?: string;
  /** --by: who makes the changes (kept in each revision). */
  by?: string;
}

export interface Ctx {
  io: IO;
  env: Record<string, string | undefined>;
  cwd: string;
  now(): number;
  prompter: Prompter;
  style: Style;
  globals: GlobalOptions;
  /** stdin and stderr are terminals: questions may be asked. */
  canPrompt: boolean;
  dbPath(): string;
  openStore(mode: 'read' | 'write'): Promise<Store>;
  /**
   * The messages of the language in use (i18n's t), for the commands whose modules keep their
   * top free of value imports (search, reindex: loaded fast, checked by their tests).
   */
  t: Translate;
  /** A message for a person (stderr), silenced by --quiet. */
  info(message: string): void;
  warn(message: string): void;
  /** Everything opened by this command, closed when it ends. */
  cleanup: Array<() => void | Promise<void>>;
}

export function resolveDbPath(globals: GlobalOptions, env: Record<string, string | undefined>, cwd: string): string {
  const given = globals.db ?? env.NEWSDESK_DB;
  if (given !== undefined && given.trim() === '') throw new UsageError(t('context.dbEmpty'));
  // An address of a database server is the backend's to read, not a path to resolve.
  if (given !== undefined && urlScheme(given) !== undefined) return given;
  return resolve(cwd, given ?? 'data/newsdesk.db');
}

/** A yes/no question: asked on a terminal, a usage error without one unless --yes. */
export async function confirmOrFail(ctx: Ctx, question: string, flagHint = '--yes'): Promise<boolean> {
  if (ctx.globals.yes) return true;
  if (!ctx.canPrompt) throw new UsageError(t('context.confirmationNeeded', { question: question.replace(/\?$/, '') }), t('context.confirmHint', { flag: flagHint }));
  return ctx.prompter.confirm(question, false);
}

/** Who makes this command's changes: --by, else NEWSDESK_USER, else the login name. */
export async function writerOf(ctx: Ctx): Promise<string> {
  const given = ctx.globals.by ?? ctx.env.NEWSDESK_USER;
  if (given !== undefined && given.trim() !== '') return given.normalize('NFC').trim();
  try {
    const { userInfo } = await import('node:os');
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The write options of a command: its clock and writer, with what the flags add. */
export async function writeOptions(ctx: Ctx, flags: { message?: string | undefined; ifRevision?: string | undefined } = {}): Promise<{ now: number; by: string; message?: string; ifRevision?: number }> {
  const out: { now: number; by: string; message?: string; ifRevision?: number } = { now: ctx.now(), by: await writerOf(ctx) };
  if (flags.message !== undefined) out.message = flags.message.normalize('NFC');
  if (flags.ifRevision !== undefined) {
    const { parsePositiveInt } = await import('./output/formats.js');
    out.ifRevision = parsePositiveInt('--if-revision', flags.ifRevision)!;
  }
  return out;
}
