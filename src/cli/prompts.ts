// Questions asked on a terminal. The interface is what commands see; the inquirer
// implementation is loaded only when a prompt is really shown. Output goes to stderr.
import type { IO } from './io.js';
import { language, t } from '../i18n/index.js';

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

/** The keys help line of a list ("↑↓ navigate • ⏎ select") in the language in use. */
function selectTheme(): { theme?: { style: { keysHelpTip: (keys: [string, string][]) => string } } } {
  if (language() === 'en') return {};
  const said: Readonly<Record<string, string>> = { navigate: t('prompt.keyNavigate'), select: t('prompt.keySelect') };
  return { theme: { style: { keysHelpTip: (keys) => keys.map(([key, action]) => `${key} ${said[action] ?? action}`).join(' • ') } } };
}

export function inquirerPrompter(io: IO): Prompter {
  const context = {
    // Read when a prompt is shown: a command that asks nothing sets up no stdin stream.
    get input() {
      return io.stdin;
    },
    output: io.stderr as unknown as NodeJS.WritableStream,
    clearPromptOnDone: false,
  };
  return {
    async input(message, opts = {}) {
      const { input } = await import('@inquirer/prompts');
      // inquirer says "You must provide a value" in English: in another language the check is ours.
      const ours = language() !== 'en' && opts.required === true;
      const validate = ours ? (v: string) => (v === '' ? t('prompt.required') : (opts.validate?.(v) ?? true)) : opts.validate;
      return input(
        {
          message,
          ...(opts.default !== undefined ? { default: opts.default } : {}),
          required: ours ? false : (opts.required ?? false),
          ...(validate ? { validate } : {}),
        },
        context,
      );
    },
    async select(message, choices, defaultValue) {
      const { select } = await import('@inquirer/prompts');
      return select({ message, choices, ...(defaultValue !== undefined ? { default: defaultValue } : {}), pageSize: 15, ...selectTheme() }, context);
    },
    async confirm(message, defaultValue = false) {
      const { confirm, select } = await import('@inquirer/prompts');
      if (language() === 'en') return confirm({ message, default: defaultValue }, context);
      // y/N means nothing in Vietnamese, and inquirer's confirm takes only y and n: the answer
      // is chosen between Có and Không.
      const choices = [
        { name: t('prompt.yes'), value: 'yes' },
        { name: t('prompt.no'), value: 'no' },
      ];
      return (await select({ message, choices, default: defaultValue ? 'yes' : 'no', ...selectTheme() }, context)) === 'yes';
    },
    async editor(message, initial) {
      const { editor } = await import('@inquirer/prompts');
      // The draft may be unpublished news: readable by its owner only.
      return editor({ message, default: initial, file: { postfix: '.md', mode: 0o600 }, waitForUserInput: false }, context);
    },
  };
}
