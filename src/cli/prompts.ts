// Questions asked on a terminal. The interface is what commands see; the inquirer
// implementation is loaded only when a prompt is really shown. Output goes to stderr.
import type { IO } from './io.js';

export interface Choice<T extends string = string> {
  name: string;
  value: T;
}

export interface Prompter {
  input(message: string, opts?: { default?: string; required?: boolean; validate?: (v: string) => string | true }): Promise<string>;
  select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /** Opens $EDITOR on `initial` and returns what was saved. */
  editor(message: string, initial: string): Promise<string>;
}

export function inquirerPrompter(io: IO): Prompter {
  const context = { input: io.stdin, output: io.stderr as unknown as NodeJS.WritableStream, clearPromptOnDone: false };
  return {
    async input(message, opts = {}) {
      const { input } = await import('@inquirer/prompts');
      return input(
        {
          message,
          ...(opts.default !== undefined ? { default: opts.default } : {}),
          required: opts.required ?? false,
          ...(opts.validate ? { validate: opts.validate } : {}),
        },
        context,
      );
    },
    async select(message, choices, defaultValue) {
      const { select } = await import('@inquirer/prompts');
      return select({ message, choices, ...(defaultValue !== undefined ? { default: defaultValue } : {}), pageSize: 15 }, context);
    },
    async confirm(message, defaultValue = false) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: defaultValue }, context);
    },
    async editor(message, initial) {
      const { editor } = await import('@inquirer/prompts');
      // The draft may be unpublished news: readable by its owner only.
      return editor({ message, default: initial, file: { postfix: '.md', mode: 0o600 }, waitForUserInput: false }, context);
    },
  };
}
