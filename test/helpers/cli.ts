// Running the program in-process, as a user would, with buffers for streams, a fixed clock and
// (when asked) a scripted prompter standing in for the terminal.
import { join } from 'node:path';
import { testIO } from '../../src/cli/io.js';
import type { Choice, Prompter } from '../../src/cli/prompts.js';
import { run } from '../../src/main.js';
import { FIXED_NOW, tempDir } from './db.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface CliOptions {
  tty?: boolean;
  stdin?: string;
  prompter?: Prompter;
  env?: Record<string, string | undefined>;
  cwd?: string;
  now?: number;
}

/** Runs `newsdesk <argv>`; colour is off unless env says otherwise. */
export async function cli(argv: string[], opts: CliOptions = {}): Promise<CliResult> {
  const io = await testIO({ tty: opts.tty ?? false, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
  const now = opts.now ?? FIXED_NOW;
  const code = await run(argv, io, {
    env: opts.env ?? { NO_COLOR: '1' },
    cwd: opts.cwd ?? process.cwd(),
    now: () => now,
    ...(opts.prompter ? { prompter: opts.prompter } : {}),
  });
  return { code, out: io.out(), err: io.err() };
}

/** A temporary folder with a database path in it (not created). */
export function tempDb(): { dir: string; db: string; nd: (argv: string[], opts?: CliOptions) => Promise<CliResult> } {
  const dir = tempDir();
  const db = join(dir, 'news.db');
  return { dir, db, nd: (argv, opts = {}) => cli(['--db', db, ...argv], { cwd: dir, ...opts }) };
}

/** Runs a command and fails loudly (with its stderr) unless it exits 0. */
export async function ok(p: Promise<CliResult>): Promise<CliResult> {
  const r = await p;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.out}\nstderr: ${r.err}`);
  return r;
}

export const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

export interface PromptCall {
  kind: 'input' | 'select' | 'confirm' | 'editor';
  message: string;
  default?: unknown;
  choices?: Choice[];
  required?: boolean;
  validate?: (v: string) => string | true;
}

/** One expected question: its kind, a pattern of its message, and the answer (absent: accept the default). */
export interface PromptStep {
  kind: PromptCall['kind'];
  message: RegExp;
  answer?: string | boolean;
}

/**
 * A Prompter that expects exactly the questions of `steps`, in order, and answers them.
 * Every question asked is recorded in `calls`; an unexpected one throws.
 */
export function scriptedPrompter(steps: PromptStep[]): { prompter: Prompter; calls: PromptCall[]; remaining(): number } {
  const calls: PromptCall[] = [];
  let next = 0;
  const take = (call: PromptCall): PromptStep => {
    calls.push(call);
    const step = steps[next++];
    if (!step) throw new Error(`unexpected question: ${call.kind} "${call.message}"`);
    if (step.kind !== call.kind || !step.message.test(call.message)) {
      throw new Error(`expected ${step.kind} ${step.message}, got ${call.kind} "${call.message}"`);
    }
    return step;
  };
  const prompter: Prompter = {
    async input(message, opts = {}) {
      const step = take({ kind: 'input', message, default: opts.default, required: opts.required ?? false, ...(opts.validate ? { validate: opts.validate } : {}) });
      const answer = step.answer === undefined ? (opts.default ?? '') : String(step.answer);
      if (opts.validate) {
        const v = opts.validate(answer);
        if (v !== true) throw new Error(`answer refused by validate: ${v}`);
      }
      return answer;
    },
    async select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T> {
      const step = take({ kind: 'select', message, default: defaultValue, choices });
      const answer = step.answer === undefined ? (defaultValue ?? choices[0]!.value) : String(step.answer);
      if (!choices.some((c) => c.value === answer)) throw new Error(`"${answer}" is not one of the choices of "${message}"`);
      return answer as T;
    },
    async confirm(message, defaultValue = false) {
      const step = take({ kind: 'confirm', message, default: defaultValue });
      return step.answer === undefined ? defaultValue : Boolean(step.answer);
    },
    async editor(message, initial) {
      const step = take({ kind: 'editor', message, default: initial });
      return step.answer === undefined ? initial : String(step.answer);
    },
  };
  return { prompter, calls, remaining: () => steps.length - next };
}
