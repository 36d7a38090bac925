// run(argv, io) → exit code: the only place errors become exit codes and messages.
import { CommanderError } from 'commander';
import { NewsdeskError, ValidationError } from './core/errors.js';
import { sayIssue } from './i18n/issues.js';
import { printable } from './core/text.js';
import type { Ctx, GlobalOptions } from './cli/context.js';
import { resolveDbPath } from './cli/context.js';
import type { IO } from './cli/io.js';
import { inquirerPrompter, type Prompter } from './cli/prompts.js';
import { noStyle, wantColor, type Style } from './cli/style.js';
import type { Store } from './store/store.js';
import { chooseLanguage, langFlag, t, useLanguage, type Lang } from './i18n/index.js';

export interface RunDeps {
  env?: Record<string, string | undefined>;
  cwd?: string;
  now?: () => number;
  prompter?: Prompter;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof NewsdeskError) {
    if (err.kind === 'usage') return EXIT.usage;
    if (err.kind === 'partial') return EXIT.partial;
    return EXIT.failure;
  }
  return EXIT.failure;
}

function createContext(io: IO, deps: RunDeps): Ctx {
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? process.cwd();
  const ctx: Ctx = {
    io,
    env,
    cwd,
    // Whole seconds: dates read back the same way they were written.
    now: deps.now ?? (() => Math.floor(Date.now() / 1000) * 1000),
    prompter: deps.prompter ?? inquirerPrompter(io),
    style: noStyle,
    t,
    globals: {},
    canPrompt: io.isStdinTTY && io.isStderrTTY,
    cleanup: [],
    dbPath: () => resolveDbPath(ctx.globals, env, cwd),
    async openStore(mode) {
      const { openStore } = await import('./store/open.js');
      const store: Store = await openStore(ctx.dbPath(), mode);
      ctx.cleanup.push(() => store.close());
      return store;
    },
    info(message) {
      if (!ctx.globals.quiet) io.stderr.write(`${message}\n`);
    },
    warn(message) {
      if (!ctx.globals.quiet) io.stderr.write(`${ctx.style.yellow(t('main.warning'))} ${sayIssue(message)}\n`);
    },
  };
  return ctx;
}

async function setStyle(ctx: Ctx): Promise<void> {
  const color = wantColor(ctx.globals.color, ctx.env, ctx.io.isStdoutTTY || ctx.io.isStderrTTY);
  if (!color) {
    ctx.style = noStyle;
    return;
  }
  const { Chalk } = await import('chalk');
  const { chalkStyle } = await import('./cli/style.js');
  ctx.style = chalkStyle(new Chalk({ level: 1 }));
}

export async function run(argv: string[], io: IO, deps: RunDeps = {}): Promise<number> {
  const ctx = createContext(io, deps);
  // The language first: help texts are written when the commands are made.
  const lang = chooseLanguage(langFlag(argv), ctx.env);
  // A --lang that is neither vi nor en is refused in the language the environment asks for.
  await useLanguage(typeof lang === 'string' ? lang : (chooseLanguage(undefined, ctx.env) as Lang));
  if (typeof lang !== 'string') {
    io.stderr.write(`newsdesk: ${t('main.badLang', { value: printable(lang.invalid) })}\n`);
    return EXIT.usage;
  }
  const debugEnv = ctx.env.NEWSDESK_DEBUG === '1' || ctx.env.NEWSDESK_DEBUG === 'true';
  const { buildProgram } = await import('./cli/program.js');
  const program = await buildProgram(ctx, argv);
  const commanderError = lang === 'en' ? (s: string) => s.replace(/^error: /, 'newsdesk: ') : (await import('./cli/commander-text.js')).commanderError;
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) => write(commanderError(s)),
  });
  // Every command, however deep, reports through the same handlers.
  const applyToAll = (cmd: typeof program): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput(program.configureOutput());
      applyToAll(sub as typeof program);
    }
  };
  applyToAll(program);
  program.hook('preAction', async (_root, action) => {
    ctx.globals = action.optsWithGlobals<GlobalOptions>();
    if (ctx.globals.now !== undefined) (await import('./cli/clock.js')).overrideClock(ctx, ctx.globals.now);
    await setStyle(ctx);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      // Commander has printed its message already; (outputError above).
      if (err.code === 'commander.executeSubCommandAsync') return EXIT.failure;
      io.stderr.write(`${t('main.hint')} ${t('main.seeHelp')}\n`);
      return EXIT.usage;
    }
    const debug = ctx.globals.debug === true || debugEnv;
    report(io, err, debug);
    return exitCodeFor(err);
  } finally {
    for (const close of ctx.cleanup.reverse()) {
      try {
        await close();
      } catch {
        // closing is best effort; the error that matters was reported above
      }
    }
  }
}

function report(io: IO, err: unknown, debug: boolean): void {
  if (err instanceof NewsdeskError) {
    // What the layers below the CLI say is English data (an import's rejects file keeps it);
    // here it is said in the language in use.
    const message = err instanceof ValidationError ? err.issues.map((i) => (i.field ? `${i.field}: ${sayIssue(i.message)}` : sayIssue(i.message))).join('; ') : sayIssue(err.message);
    io.stderr.write(`newsdesk: ${printable(message)}\n`);
    if (err.hint) io.stderr.write(`${t('main.hint')} ${printable(sayIssue(err.hint))}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`newsdesk: ${t('main.unexpected', { message: printable(message.split('\n')[0]!) })}\n`);
    if (!debug) io.stderr.write(`${t('main.hint')} ${t('main.runWithDebug')}\n`);
  }
  if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
}
