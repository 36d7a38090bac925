// newsdesk backup | check: keeping the archive safe.
import type { Command } from 'commander';
import { DatabaseError, IOError, UsageError } from '../../core/errors.js';
import type { Ctx } from '../context.js';
import { parseShowFormat } from '../output/formats.js';
import { t } from '../../i18n/index.js';
import { sayIssue } from '../../i18n/issues.js';

export function registerMaintenance(program: Command, ctx: Ctx): void {
  program
    .command('backup')
    .description(t('backup.description'))
    .argument('<file>', t('backup.file'))
    .option('--force', t('backup.force'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk backup backups/newsdesk-2026-11-27.db`)
    .action((file: string, opts: { force?: boolean }) => runBackup(file, opts, ctx));
  program
    .command('check')
    .description(t('check.description'))
    .option('--format <format>', t('flags.textOrJson'), 'text')
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk check --format json`)
    .action((opts: { format: string }) => runCheck(opts, ctx));
}

export async function runBackup(file: string, opts: { force?: boolean }, ctx: Ctx): Promise<void> {
  const { resolve, dirname, basename, join } = await import('node:path');
  const { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } = await import('node:fs');
  const { randomBytes } = await import('node:crypto');
  const dest = resolve(ctx.cwd, file);
  if (dest === ctx.dbPath()) throw new IOError(t('backup.itself'));
  const existing = statOrUndefined(statSync, dest);
  if (existing) {
    if (existing.isDirectory()) throw new IOError(t('backup.isFolder', { file }), t('backup.isFolderHint'));
    if (!opts.force) throw new IOError(t('backup.exists', { file }), t('backup.existsHint'));
  }
  const store = await ctx.openStore('read');
  const backupToFile = store.capabilities.backupToFile;
  if (backupToFile === undefined) throw new UsageError(t('backup.notApplicable', { backend: store.backend }), t('backup.notApplicableHint'));
  // The same file by another name (a link, a symbolic link to it or to its folder). A portal
  // on a server is no file: its backup is private to the user making it.
  const onFile = store.backend === 'sqlite';
  const mode = onFile ? statSync(store.location).mode & 0o777 : 0o600;
  for (const suffix of onFile ? ['', '-wal', '-shm', '-journal'] : []) {
    const st = statOrUndefined(statSync, store.location + suffix);
    if (existing && st && existing.dev === st.dev && existing.ino === st.ino) {
      throw new IOError(suffix ? t('backup.isDatabaseFile', { file, suffix: suffix.slice(1) }) : t('backup.isDatabase', { file }), t('backup.isDatabaseHint'));
    }
  }
  const dir = dirname(dest);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new IOError(t('backup.cannotCreateFolder', { file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  // Write beside the destination, then rename: a failed backup never leaves half a file. The
  // temporary name is random and created here, exclusively (O_EXCL: never through a link
  // someone left in a shared folder), with the permissions of the database.
  const tmp = join(dir, `.${basename(dest)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    closeSync(openSync(tmp, 'wx', mode));
  } catch (err) {
    throw new IOError(t('backup.cannotWriteFolder', { file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  const showProgress = ctx.io.isStderrTTY && !ctx.globals.quiet;
  try {
    await backupToFile(tmp, showProgress ? (fraction) => ctx.io.stderr.write(`\r${t('backup.progress', { percent: Math.round(fraction * 100) })}`) : undefined);
    // The journal files of the file being replaced belong to its old content: left beside the
    // new file, SQLite would replay them into it.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dest + suffix, { force: true });
    renameSync(tmp, dest);
  } catch (err) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    throw new IOError(t('backup.failed', { file, reason: (err as Error).message }), undefined, { cause: err });
  }
  // Make the rename itself durable (best effort: not every system can open a folder).
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // the copy is complete and in place; only its directory entry may still be in the cache
  }
  if (showProgress) ctx.io.stderr.write('\r');
  ctx.info(t('backup.done', { from: store.location, to: dest, kb: (statSync(dest).size / 1024).toFixed(0) }));
}

function statOrUndefined(stat: typeof import('node:fs').statSync, path: string): import('node:fs').Stats | undefined {
  try {
    return stat(path);
  } catch {
    return undefined;
  }
}

export async function runCheck(opts: { format: string }, ctx: Ctx): Promise<void> {
  const format = parseShowFormat(opts.format);
  let store;
  try {
    store = await ctx.openStore('read');
  } catch (err) {
    // A file too damaged to open (or not ours) is still a report for a script reading JSON.
    if (format === 'json' && err instanceof DatabaseError) {
      const report = { ok: false, articles: null, sections: null, links: null, media: null, problems: [{ check: 'open', message: err.message }] };
      ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
    throw err;
  }
  const report = await store.check();
  if (format === 'json') ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok) {
    ctx.io.stdout.write(`${t('check.ok', { articles: report.articles, sections: report.sections, links: report.links, media: report.media })}\n`);
  } else {
    for (const p of report.problems) ctx.io.stdout.write(`${p.check}: ${sayIssue(p.message)}\n`);
  }
  if (!report.ok) throw new DatabaseError(t('check.problems', { count: report.problems.length, location: store.location }), t('check.problemsHint'));
}
