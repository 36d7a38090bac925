// The English messages: the built-in catalog, and the list of keys every catalog has.
// One entry per message; {name} is a placeholder; { one, other } are plural forms by {count}.
// A new message: a key here, the same key in vi.ts, and t('key', { … }) where it is said.
export const en = {
  // main.ts: how every error and warning is said
  'main.warning': 'warning:',
  'main.hint': 'hint:',
  'main.seeHelp': 'see newsdesk --help (or newsdesk <command> --help)',
  'main.unexpected': 'unexpected error: {message}',
  'main.runWithDebug': 'run again with --debug for the details, and report it if it persists',
  'main.badLang': '--lang must be vi or en (got "{value}")',

  // commander's own words
  'help.usage': 'Usage:',
  'help.options': 'Options:',
  'help.commands': 'Commands:',
  'help.arguments': 'Arguments:',
  'help.globalOptions': 'Global Options:',
  'help.usageOptions': '[options]',
  'help.usageCommand': '[command]',
  'help.default': 'default',
  'help.helpCommand': 'display help for command',
  'help.examples': 'Examples:',
  'help.example': 'Example:',
  'commander.unknownOption': "unknown option '{option}'",
  'commander.unknownCommand': "unknown command '{command}'",
  'commander.missingArgument': "missing required argument '{argument}'",
  'commander.optionArgumentMissing': "option '{option}' argument missing",
  'commander.tooManyArguments': 'too many arguments. Expected {expected} but got {got}.',
  'commander.invalidArgument': "option '{option}' argument '{value}' is invalid. {reason}",
  'commander.didYouMean': '(Did you mean {name}?)',
  'commander.didYouMeanOneOf': '(Did you mean one of {names}?)',

  // program.ts
  'program.description': 'Manage a news portal from the shell: sections, articles, search, import and export, in one SQLite file or one PostgreSQL schema.',
  'program.version': 'print the version',
  'program.db': 'the database file, or a postgres:// address (default: $NEWSDESK_DB, else data/newsdesk.db)',
  'program.noColor': 'no colours (also NO_COLOR; FORCE_COLOR forces them)',
  'program.quiet': 'no messages on stderr except errors',
  'program.debug': 'stack traces on errors (also NEWSDESK_DEBUG=1)',
  'program.yes': 'answer yes to confirmations',
  'program.now': 'run as if it were this date, in the site time zone (a preview of what is scheduled; tests)',
  'program.lang': 'language of messages and help: vi or en (default: $NEWSDESK_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG)',
  'program.help': 'show help',
  'program.exitCodes': 'Exit codes: 0 success, 1 failure, 2 usage, 3 partial import.',
  'export.description': 'export the portal as JSON or as a static HTML site',
} as const;

export type MessageKey = keyof typeof en;
