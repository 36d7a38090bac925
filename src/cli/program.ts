// The command tree. Cheap to load: commands import their heavy modules inside their actions,
// so --help and --version never load SQLite. Only the command named on the command line is
// loaded (each noun is a module or a few); help, an unknown word or no command load them all,
// so that the full list and "did you mean" suggestions stay whole.
import { Command, Option } from 'commander';
import type { Ctx } from './context.js';
import { VERSION } from '../version.js';

export { VERSION };

type Register = (program: Command, ctx: Ctx) => void;

/** The top-level command words of each module, in the order --help lists them, and its loader. */
const COMMANDS: ReadonlyArray<readonly [readonly string[], () => Promise<Register>]> = [
  [['init'], async () => (await import('./commands/init.js')).registerInit],
  [['site'], async () => (await import('./commands/site.js')).registerSite],
  [['section'], async () => (await import('./commands/section.js')).registerSection],
  [['link'], async () => (await import('./commands/link.js')).registerLink],
  [['article'], async () => (await import('./commands/article/index.js')).registerArticle],
  [['backup', 'check'], async () => (await import('./commands/maintenance.js')).registerMaintenance],
  [['search'], async () => (await import('./commands/search.js')).registerSearch],
  [['reindex'], async () => (await import('./commands/reindex.js')).registerReindex],
  [['import'], async () => (await import('./commands/import.js')).registerImport],
  [['copy'], async () => (await import('./commands/copy.js')).registerCopy],
  [['trash'], async () => (await import('./commands/trash.js')).registerTrash],
  [['revisions'], async () => (await import('./commands/revisions.js')).registerRevisions],
  [
    ['export'],
    async () => {
      const [{ registerExportJson }, { registerExportHtml }] = await Promise.all([import('./commands/export-json.js'), import('./commands/export-html.js')]);
      return (program, ctx) => {
        const exportCmd = program.command('export').description('export the portal as JSON or as a static HTML site');
        registerExportJson(exportCmd, ctx);
        registerExportHtml(exportCmd, ctx);
      };
    },
  ],
];

/** The command word of argv (after the global options), or undefined. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db' || a === '--now' || a === '--by') {
      i++; // its value
      continue;
    }
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

export async function buildProgram(ctx: Ctx, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('newsdesk')
    .description('Manage a news portal from the shell: sections, articles, search, import and export, in one SQLite file or one PostgreSQL schema.')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(new Option('--db <path>', 'the database file, or a postgres:// address (default: $NEWSDESK_DB, else data/newsdesk.db)'))
    .option('--no-color', 'no colours (also NO_COLOR; FORCE_COLOR forces them)')
    .option('-q, --quiet', 'no messages on stderr except errors')
    .option('--debug', 'stack traces on errors (also NEWSDESK_DEBUG=1)')
    .option('-y, --yes', 'answer yes to confirmations')
    .addOption(new Option('--now <date>', 'run as if it were this date, in the site time zone (a preview of what is scheduled; tests)'))
    .addOption(new Option('--by <name>', 'who makes the changes, kept in each revision (default: $NEWSDESK_USER, else the login name)'))
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  $ newsdesk init --title "Cổng thông tin điện tử huyện Sơn Lâm"
  $ newsdesk article list --page 2
  $ newsdesk search "dang vien" --format json
  $ newsdesk import articles.ndjson --on-conflict update
  $ newsdesk export html --out out/site

Exit codes: 0 success, 1 failure, 2 usage, 3 partial import.`,
    );

  const word = commandWord(argv);
  const only = word === undefined ? undefined : COMMANDS.find(([words]) => words.includes(word));
  const chosen = only ? [only] : COMMANDS;
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program, ctx);
  return program;
}
