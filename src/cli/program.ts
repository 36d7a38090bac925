// The command tree. Cheap to load: commands import their heavy modules inside their actions,
// so --help and --version never load SQLite. Only the command named on the command line is
// loaded (each noun is a module or a few); help, an unknown word or no command load them all,
// so that the full list and "did you mean" suggestions stay whole.
import { Command, Option } from 'commander';
import type { Ctx } from './context.js';
import { VERSION } from '../version.js';
import { language, t } from '../i18n/index.js';

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
        const exportCmd = program.command('export').description(t('export.description'));
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
    if (a === '--db' || a === '--now' || a === '--lang' || a === '--by') {
      i++; // its value
      continue;
    }
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

export async function buildProgram(ctx: Ctx, argv: readonly string[] = []): Promise<Command> {
  // Commander's own words, in another language than its English (loaded only then).
  const help = language() === 'en' ? {} : (await import('./commander-text.js')).helpConfiguration();
  const program = new Command('newsdesk')
    // Before any subcommand is made: they inherit it.
    .configureHelp(help)
    .description(t('program.description'))
    .version(VERSION, '-V, --version', t('program.version'))
    .addOption(new Option('--db <path>', t('program.db')))
    .option('--no-color', t('program.noColor'))
    .option('-q, --quiet', t('program.quiet'))
    .option('--debug', t('program.debug'))
    .option('-y, --yes', t('program.yes'))
    .addOption(new Option('--now <date>', t('program.now')))
    .addOption(new Option('--lang <lang>', t('program.lang')))
    .addOption(new Option('--by <name>', t('program.by')))
    .helpOption('-h, --help', t('program.help'))
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk init --title "Cổng thông tin điện tử huyện Sơn Lâm"
  $ newsdesk article list --page 2
  $ newsdesk search "dang vien" --format json
  $ newsdesk import articles.ndjson --on-conflict update
  $ newsdesk export html --out out/site
  $ newsdesk --lang vi article list

${t('program.exitCodes')}`,
    );

  const word = commandWord(argv);
  const only = word === undefined ? undefined : COMMANDS.find(([words]) => words.includes(word));
  const chosen = only ? [only] : COMMANDS;
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program, ctx);
  return program;
}
