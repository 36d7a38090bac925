// newsdesk import <file|->: records in bulk, checked first, all or nothing by default.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError, PartialError, UsageError, ValidationError } from '../../core/errors.js';
import type { FeedSettings } from '../../importers/feeds/options.js';
import type { ImportOptions, ImportReport } from '../../importers/pipeline.js';
import type { Ctx } from '../context.js';
import { t } from '../../i18n/index.js';

export interface ImportFlags {
  from?: string;
  type: string;
  onConflict: string;
  createSections?: boolean;
  dryRun?: boolean;
  continueOnError?: boolean;
  rejects?: string;
  progress?: boolean;
  format: string;
  section?: string;
  sectionMap?: string;
  pagesSection?: string;
  mediaDir?: string;
}

export function registerImport(program: Command, ctx: Ctx, run = runImport): void {
  program
    .command('import')
    .description(t('import.description'))
    .argument('<file>', t('import.file'))
    .option('--from <format>', t('import.from'))
    .option('--type <type>', t('import.type'), 'articles')
    .option('--on-conflict <mode>', t('import.onConflict'), 'fail')
    .option('--create-sections', t('import.createSections'))
    .option('--dry-run', t('import.dryRun'))
    .option('--continue-on-error', t('import.continueOnError'))
    .option('--rejects <file>', t('import.rejects'))
    .option('--progress', t('import.progress'))
    .option('--no-progress', t('import.noProgress'))
    .option('--format <format>', t('import.format'), 'table')
    .option('--section <section>', t('import.section'))
    .option('--section-map <old=new,...>', t('import.sectionMap'))
    .option('--pages-section <section>', t('import.pagesSection'))
    .option('--media-dir <dir>', t('import.mediaDir'))
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk import articles.ndjson --on-conflict update --format json
  $ newsdesk import bai-viet.csv --create-sections --dry-run
  $ newsdesk import export.json                   # ${t('import.exampleFull')}
  $ newsdesk export json | newsdesk --db copy.db import -
  $ newsdesk import feed.ndjson --continue-on-error --rejects rejected.ndjson
  $ newsdesk import wordpress.xml --create-sections --pages-section gioi-thieu --media-dir uploads/
  $ newsdesk import tin-moi.rss --section tin-tuc --on-conflict update   # ${t('import.exampleAgain')}

${t('import.notes')}`,
    )
    .action((file: string, opts: ImportFlags) => run(file, opts, ctx));
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(t('import.oneOf', { flag, values: allowed.slice(0, -1).join(', '), last: allowed[allowed.length - 1]!, value }));
}

export async function runImport(file: string, opts: ImportFlags, ctx: Ctx): Promise<void> {
  const { FORMATS, IMPORT_TYPES } = await import('../../importers/types.js');
  const { ON_CONFLICT } = await import('../../importers/pipeline.js');
  const from = opts.from === undefined ? undefined : oneOf('--from', opts.from, FORMATS);
  const type = oneOf('--type', opts.type, IMPORT_TYPES);
  const onConflict = oneOf('--on-conflict', opts.onConflict, ON_CONFLICT);
  const format = oneOf('--format', opts.format, ['table', 'json'] as const);
  if (opts.rejects !== undefined && !opts.continueOnError) throw new UsageError(t('import.rejectsAlone'), t('import.rejectsAloneHint'));
  if (opts.rejects !== undefined && opts.rejects.trim() === '') throw new UsageError(t('import.rejectsEmpty'));
  const stdin = file === '-';
  if (stdin && ctx.io.isStdinTTY) throw new UsageError(t('input.nothingPiped', { flag: 'import' }), t('import.pipeHint'));

  const feed = feedSettings(opts, ctx.cwd);
  const pipeline = await import('../../importers/pipeline.js');
  // A dry run never creates or changes the database.
  const store = await ctx.openStore(opts.dryRun ? 'read' : 'write');
  const rejects = opts.rejects !== undefined ? pipeline.openRejectsFile(resolve(ctx.cwd, opts.rejects)) : undefined;
  if (rejects) ctx.cleanup.push(rejects.close);

  const bar = ctx.io.isStderrTTY && opts.progress !== false && !ctx.globals.quiet ? await progressBar(ctx) : undefined;
  const options: ImportOptions = {
    now: ctx.now(),
    by: await (await import('../context.js')).writerOf(ctx),
    type,
    onConflict,
    ...(from !== undefined ? { format: from } : {}),
    ...(opts.createSections ? { createSections: true } : {}),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.continueOnError ? { continueOnError: true } : {}),
    ...(rejects ? { onReject: rejects.onReject } : {}),
    ...(bar ? { onProgress: bar.update, onIndexProgress: bar.indexing } : {}),
    ...(feed ? { feed } : {}),
  };
  let report: ImportReport;
  try {
    report = stdin
      ? await pipeline.importStream(store, ctx.io.stdin, { ...options, baseDir: ctx.cwd })
      : await pipeline.importFile(store, resolve(ctx.cwd, file), { ...options, name: file });
  } finally {
    bar?.stop();
  }
  const name = stdin ? t('input.stdin') : file;

  if (format === 'json') {
    const { read, inserted, updated, skipped, rejected, dry_run, errors } = report;
    const notes = report.feed ? { notes: report.feed.toJSON() } : {};
    ctx.io.stdout.write(`${JSON.stringify({ read, inserted, updated, skipped, rejected, dry_run, errors, ...notes })}\n`);
  } else {
    for (const e of report.errors) ctx.io.stderr.write(`${pipeline.formatIssue(e)}\n`);
    const more = report.errorCount - report.errors.length;
    if (more > 0) ctx.io.stderr.write(`${rejects ? t('import.moreErrorsIn', { count: more, file: String(opts.rejects) }) : t('import.moreErrors', { count: more })}\n`);
    if (!ctx.globals.quiet) ctx.io.stderr.write(reportTable(report, ctx));
    if (!ctx.globals.quiet && report.feed) for (const line of report.feed.lines()) ctx.io.stderr.write(`${line}\n`);
  }

  const records = (n: number): string => t('import.records', { count: n });
  if (report.fatal) {
    const first = report.errors[0];
    throw new ValidationError(
      [{ field: '', message: t('import.cannotImport', { name, issue: first ? pipeline.formatIssue(first) : t('import.unreadable') }) }],
      first && first.line > 0 ? t('import.fixLine') : undefined,
    );
  }
  if (report.dry_run) {
    if (report.rejected > 0) throw new ValidationError([{ field: '', message: t('import.dryRunRejected', { records: records(report.rejected), read: report.read }) }]);
    ctx.info(t('import.dryRunValid', { name }));
    return;
  }
  if (report.rejected > 0 && !report.committed) {
    throw new ValidationError(
      [{ field: '', message: t('import.invalid', { count: report.rejected, records: records(report.rejected), read: report.read, name }) }],
      t('import.invalidHint'),
    );
  }
  if (report.rejected > 0) {
    throw new PartialError(
      rejects
        ? t('import.partialSee', { written: report.inserted + report.updated, skipped: report.skipped, records: records(report.read), rejected: report.rejected, file: String(opts.rejects) })
        : t('import.partial', { written: report.inserted + report.updated, skipped: report.skipped, records: records(report.read), rejected: report.rejected }),
      rejects ? t('import.partialSeeHint', { file: String(opts.rejects) }) : t('import.partialHint'),
    );
  }
}

/** The WXR/RSS/Atom flags, checked; undefined when none is given. */
function feedSettings(opts: ImportFlags, cwd: string): FeedSettings | undefined {
  const settings: FeedSettings = {};
  const name = (flag: string, v: string): string => {
    if (v.trim() === '') throw new UsageError(t('import.needsSlug', { flag }));
    return v.trim();
  };
  if (opts.section !== undefined) settings.section = name('--section', opts.section);
  if (opts.pagesSection !== undefined) settings.pagesSection = name('--pages-section', opts.pagesSection);
  if (opts.sectionMap !== undefined) {
    const map = new Map<string, string>();
    for (const pair of opts.sectionMap.split(',')) {
      const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(pair);
      if (!m) throw new UsageError(t('import.badSectionMap', { value: pair.trim() }), t('import.sectionMapHint'));
      map.set(m[1]!, m[2]!);
    }
    settings.sectionMap = map;
  }
  if (opts.mediaDir !== undefined) {
    const dir = resolve(cwd, opts.mediaDir);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new NotFoundError(t('import.noFolder', { dir: opts.mediaDir }), t('import.mediaDirHint'));
    }
    if (!isDir) throw new UsageError(t('import.mediaDirFile', { dir: opts.mediaDir }));
    settings.mediaDir = dir;
  }
  return Object.keys(settings).length ? settings : undefined;
}

function reportTable(r: ImportReport, ctx: Ctx): string {
  const fields = ['read', 'inserted', 'updated', 'skipped', 'rejected'] as const;
  const head = [t('import.col.read'), t('import.col.inserted'), t('import.col.updated'), t('import.col.skipped'), t('import.col.rejected')];
  const cells = fields.map((h) => String(r[h]));
  const widths = head.map((h, i) => Math.max(h.length, cells[i]!.length));
  const row = (values: readonly string[]): string => values.map((v, i) => v.padStart(widths[i]!)).join('  ').trimEnd();
  const title = r.dry_run ? `${t('import.dryRunTitle')}\n` : r.committed ? '' : `${t('import.nothingWritten')}\n`;
  return `${title}${ctx.style.bold(row(head))}\n${row(cells)}\n`;
}

/** A progress bar on stderr (a terminal): bytes for the bar and the ETA, records per second. */
async function progressBar(ctx: Ctx): Promise<{
  update: (bytes: number, total: number | undefined, records: number) => void;
  indexing: (done: number, total: number) => void;
  stop: () => void;
}> {
  const { default: cliProgress } = await import('cli-progress');
  const stream = { isTTY: true, columns: ctx.io.columns, write: (s: string) => ctx.io.stderr.write(s) } as unknown as NodeJS.WriteStream;
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  let indexBar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  const started = Date.now();
  return {
    update(bytes, total, records) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const payload = { records: records.toLocaleString('en-US'), rate: Math.round(records / seconds).toLocaleString('en-US') };
      if (!bar) {
        const known = total !== undefined && total > 0;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: known
              ? t('import.progressKnown')
              : t('import.progressUnknown'),
            hideCursor: true,
            clearOnComplete: true,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(known ? total : 1, 0, payload);
      }
      bar.update(total !== undefined && total > 0 ? bytes : 0, payload);
    },
    // After the last record: the search index is brought up to date before the commit.
    indexing(done, total) {
      if (!indexBar) {
        bar?.stop();
        indexBar = new cliProgress.SingleBar(
          { stream, format: t('import.progressIndex'), hideCursor: true, clearOnComplete: true, fps: 5 },
          cliProgress.Presets.shades_classic,
        );
        indexBar.start(total, 0);
      }
      indexBar.update(done);
    },
    stop() {
      bar?.stop();
      indexBar?.stop();
    },
  };
}
