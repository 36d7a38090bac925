// The command tree. Cheap to load: commands import their heavy modules inside their actions,
// so --help and --version never load SQLite.
import { Command, Option } from 'commander';
import type { Ctx } from './context.js';
import { registerInit } from './commands/init.js';
import { registerSite } from './commands/site.js';
import { registerSection } from './commands/section.js';
import { registerLink } from './commands/link.js';
import { registerArticle } from './commands/article/index.js';
import { registerMaintenance } from './commands/maintenance.js';
import { registerSearch } from './commands/search.js';
import { registerReindex } from './commands/reindex.js';
import { registerExportHtml } from './commands/export-html.js';
import { registerImport } from './commands/import.js';
import { registerExportJson } from './commands/export-json.js';

import { VERSION } from '../version.js';

export { VERSION };

export function buildProgram(ctx: Ctx): Command {
  const program = new Command('newsdesk')
    .description('Manage a news portal from the shell: sections, articles, search, import and export, in one SQLite file.')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(new Option('--db <path>', 'the database file (default: $NEWSDESK_DB, else data/newsdesk.db)'))
    .option('--no-color', 'no colours (also NO_COLOR; FORCE_COLOR forces them)')
    .option('-q, --quiet', 'no messages on stderr except errors')
    .option('--debug', 'stack traces on errors (also NEWSDESK_DEBUG=1)')
    .option('-y, --yes', 'answer yes to confirmations')
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

  registerInit(program, ctx);
  registerSite(program, ctx);
  registerSection(program, ctx);
  registerLink(program, ctx);
  registerArticle(program, ctx);
  registerMaintenance(program, ctx);
  registerSearch(program, ctx);
  registerReindex(program, ctx);
  registerImport(program, ctx);

  const exportCmd = program.command('export').description('export the portal as JSON or as a static HTML site');
  void exportCmd;
  registerExportJson(exportCmd, ctx);
  registerExportHtml(exportCmd, ctx);
  return program;
}
