// newsdesk backup | check: keeping the archive safe.
import type { Command } from 'commander';
import { DatabaseError, IOError } from '../../core/errors.js';
import type { Ctx } from '../context.js';
import { parseShowFormat } from '../output/formats.js';

export function registerMaintenance(program: Command, ctx: Ctx): void {
  program
    .command('backup')
    .description('copy the database, consistently, while it is in use (restore: copy the file back)')
    .argument('<file>', 'where to write the copy')
    .option('--force', 'overwrite FILE if it exists')
    .addHelpText('after', '\nExample:\n  $ newsdesk backup backups/newsdesk-2026-11-27.db')
    .action((file: string, opts: { force?: boolean }) => runBackup(file, opts, ctx));
  program
    .command('check')
    .description('verify the database: integrity, references, search index, media')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExample:\n  $ newsdesk check --format json')
    .action((opts: { format: string }) => runCheck(opts, ctx));
}

export async function runBackup(file: string, opts: { force?: boolean }, ctx: Ctx): Promise<void> {
  const { resolve, dirname, basename, join } = await import('node:path');
  const { existsSync, mkdirSync, renameSync, rmSync, statSync } = await import('node:fs');
  const dest = resolve(ctx.cwd, file);
  if (dest === ctx.dbPath()) throw new IOError('the backup cannot be the database itself');
  if (existsSync(dest)) {
    if (statSync(dest).isDirectory()) throw new IOError(`${file} is a folder`, 'give the path of the backup file, like backups/newsdesk.db');
    if (!opts.force) throw new IOError(`${file} exists`, 'add --force to overwrite it');
  }
  const store = await ctx.openStore('read');
  mkdirSync(dirname(dest), { recursive: true });
  // Write beside the destination, then rename: a failed backup never leaves half a file.
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.tmp`);
  const showProgress = ctx.io.isStderrTTY && !ctx.globals.quiet;
  try {
    await store.db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        if (showProgress) ctx.io.stderr.write(`\rBacking up… ${Math.round(((totalPages - remainingPages) / Math.max(1, totalPages)) * 100)}%`);
        return 1000;
      },
    });
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new IOError(`backup to ${file} failed: ${(err as Error).message}`, undefined, { cause: err });
  }
  if (showProgress) ctx.io.stderr.write('\r');
  ctx.info(`Backed up ${store.path} to ${dest} (${(statSync(dest).size / 1024).toFixed(0)} KB)`);
}

export async function runCheck(opts: { format: string }, ctx: Ctx): Promise<void> {
  const format = parseShowFormat(opts.format);
  const store = await ctx.openStore('read');
  const { checkStore } = await import('../../ops/check.js');
  const { verifiers } = await import('../../ops/verifiers.js');
  const report = checkStore(store, verifiers);
  if (format === 'json') ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok) {
    ctx.io.stdout.write(`ok: ${report.articles} articles, ${report.sections} sections, ${report.links} links, ${report.media} media; integrity, references, search index and media verified\n`);
  } else {
    for (const p of report.problems) ctx.io.stdout.write(`${p.check}: ${p.message}\n`);
  }
  if (!report.ok) throw new DatabaseError(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found in ${store.path}`, 'restore from a backup, or run newsdesk reindex if only the search index is wrong');
}
