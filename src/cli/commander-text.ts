// Commander's own words in the language in use: the titles of help ("Usage:", "Options:"),
// "(default: …)", its help command, and the errors it prints (unknown option, missing
// argument …). English is commander's text unchanged.
import { Help, type Command, type HelpConfiguration } from 'commander';
import { language, t } from '../i18n/index.js';

const TITLES: Readonly<Record<string, Parameters<typeof t>[0]>> = {
  'Usage:': 'help.usage',
  'Options:': 'help.options',
  'Commands:': 'help.commands',
  'Arguments:': 'help.arguments',
  'Global Options:': 'help.globalOptions',
};

/** Help in the language in use; given to the root command before its subcommands are made. */
export function helpConfiguration(): HelpConfiguration {
  if (language() === 'en') return {};
  const base = new Help();
  return {
    styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]) : title),
    commandUsage: (cmd: Command) => base.commandUsage(cmd).replace('[options]', t('help.usageOptions')).replace('[command]', t('help.usageCommand')),
    optionDescription: (option) => base.optionDescription(option).replace(/\(default: /, `(${t('help.default')}: `),
    argumentDescription: (argument) => base.argumentDescription(argument).replace(/\(default: /, `(${t('help.default')}: `),
    subcommandDescription: (cmd: Command) => (cmd.name() === 'help' && cmd.description() === 'display help for command' ? t('help.helpCommand') : base.subcommandDescription(cmd)),
    subcommandTerm: (cmd: Command) => base.subcommandTerm(cmd).replace('[options]', t('help.usageOptions')).replace('[command]', t('help.usageCommand')),
  };
}

/** Commander's patterns of errors, each with the message that says it in the language in use. */
const ERRORS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^unknown option '(.*)'$/, (m) => t('commander.unknownOption', { option: m[1]! })],
  [/^unknown command '(.*)'$/, (m) => t('commander.unknownCommand', { command: m[1]! })],
  [/^missing required argument '(.*)'$/, (m) => t('commander.missingArgument', { argument: m[1]! })],
  [/^required option '(.*)' not specified$/, (m) => t('commander.requiredOption', { option: m[1]! })],
  [/^option '(.*)' argument missing$/, (m) => t('commander.optionArgumentMissing', { option: m[1]! })],
  [/^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (m) => t('commander.tooManyArguments', { expected: m[2]!, got: m[3]! })],
  [/^option '(.*)' argument '(.*)' is invalid\. (.*)$/s, (m) => t('commander.invalidArgument', { option: m[1]!, value: m[2]!, reason: m[3]! })],
  [/^\(Did you mean one of (.*)\?\)$/, (m) => t('commander.didYouMeanOneOf', { names: m[1]! })],
  [/^\(Did you mean (.*)\?\)$/, (m) => t('commander.didYouMean', { name: m[1]! })],
];

/** One error of commander ("error: unknown option '--x'\n(Did you mean --y?)\n") as newsdesk prints it. */
export function commanderError(text: string): string {
  const body = text.replace(/^error: /, '');
  if (language() === 'en') return `newsdesk: ${body}`;
  const lines = body.replace(/\n$/, '').split('\n');
  const translated = lines.map((line) => {
    for (const [pattern, say] of ERRORS) {
      const m = pattern.exec(line);
      if (m) return say(m);
    }
    return line;
  });
  return `newsdesk: ${translated.join('\n')}${body.endsWith('\n') ? '\n' : ''}`;
}
