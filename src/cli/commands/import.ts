// newsdesk import <file|->: records in bulk, checked first, all or nothing by default.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError, PartialError, UsageError, ValidationError } from '../../core/errors.js';
import type { FeedSettings } from '../../importers/feeds/options.js';
import type { ImportOptions, ImportReport } from '../../importers/pipeline.js';
import type { Ctx } from '../context.js';

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
    .description('import articles, sections or links (or a full export) from JSON, NDJSON, CSV, a WordPress export (WXR), RSS or Atom; checked first, all or nothing')
    .argument('<file>', 'a .json, .ndjson/.jsonl, .csv or .xml/.rss/.atom file, or - for standard input')
    .option('--from <format>', 'json, ndjson, csv, wxr, rss or atom (default: from the extension, else sniffed)')
    .option('--type <type>', 'what records without a "type" are: articles, sections or links', 'articles')
    .option('--on-conflict <mode>', 'when a slug exists already: fail, skip or update', 'fail')
    .option('--create-sections', 'create the sections that records name and that do not exist')
    .option('--dry-run', 'check everything and report; write nothing')
    .option('--continue-on-error', 'write the valid records, reject the others (exit 3)')
    .option('--rejects <file>', 'with --continue-on-error: write the rejected records and their errors here (NDJSON)')
    .option('--progress', 'show a progress bar (default: when stderr is a terminal)')
    .option('--no-progress', 'no progress bar')
    .option('--format <format>', 'the report: table (on stderr) or json (on stdout)', 'table')
    .option('--section <section>', 'WXR, RSS, Atom: put every article in this section')
    .option('--section-map <old=new,...>', 'WXR, RSS, Atom: the section for each category (by its slug)')
    .option('--pages-section <section>', 'WXR: import WordPress pages as articles of this section (else they are left out)')
    .option('--media-dir <dir>', "WXR, RSS, Atom: a copy of wp-content/uploads; images found there are stored, the others stay URLs")
    .addHelpText(
      'after',
      `
Examples:
  $ newsdesk import articles.ndjson --on-conflict update --format json
  $ newsdesk import bai-viet.csv --create-sections --dry-run
  $ newsdesk import export.json                   # a full export: settings, sections, links, media, articles
  $ newsdesk export json | newsdesk --db copy.db import -
  $ newsdesk import feed.ndjson --continue-on-error --rejects rejected.ndjson
  $ newsdesk import wordpress.xml --create-sections --pages-section gioi-thieu --media-dir uploads/
  $ newsdesk import tin-moi.rss --section tin-tuc --on-conflict update   # again and again: by GUID

WXR, RSS and Atom: each article remembers its origin (the item's GUID or Atom id and the
site), so importing the same file or a newer feed again finds it, whatever its title became.
CSV: a header row naming the fields; tags separated by ";"; images as a JSON list in an
"images" column, or "image", "caption" and "alt" columns; an empty cell is an absent field.
Exit codes: 0 imported, 1 invalid input (nothing written), 3 some records rejected.`,
    )
    .action((file: string, opts: ImportFlags) => run(file, opts, ctx));
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]} (got "${value}")`);
}

export async function runImport(file: string, opts: ImportFlags, ctx: Ctx): Promise<void> {
  const { FORMATS, IMPORT_TYPES } = await import('../../importers/types.js');
  const { ON_CONFLICT } = await import('../../importers/pipeline.js');
  const from = opts.from === undefined ? undefined : oneOf('--from', opts.from, FORMATS);
  const type = oneOf('--type', opts.type, IMPORT_TYPES);
  const onConflict = oneOf('--on-conflict', opts.onConflict, ON_CONFLICT);
  const format = oneOf('--format', opts.format, ['table', 'json'] as const);
  if (opts.rejects !== undefined && !opts.continueOnError) throw new UsageError('--rejects goes with --continue-on-error', 'add --continue-on-error, or leave out --rejects');
  if (opts.rejects !== undefined && opts.rejects.trim() === '') throw new UsageError('--rejects needs a file name');
  const stdin = file === '-';
  if (stdin && ctx.io.isStdinTTY) throw new UsageError('import - reads standard input, but nothing is piped in', 'pipe a file in (newsdesk import - < articles.ndjson) or give its path');

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
  const name = stdin ? 'standard input' : file;

  if (format === 'json') {
    const { read, inserted, updated, skipped, rejected, dry_run, errors } = report;
    const notes = report.feed ? { notes: report.feed.toJSON() } : {};
    ctx.io.stdout.write(`${JSON.stringify({ read, inserted, updated, skipped, rejected, dry_run, errors, ...notes })}\n`);
  } else {
    for (const e of report.errors) ctx.io.stderr.write(`${pipeline.formatIssue(e)}\n`);
    const more = report.errorCount - report.errors.length;
    if (more > 0) ctx.io.stderr.write(`… and ${more} more error${more === 1 ? '' : 's'}${rejects ? ` (all of them are in ${opts.rejects})` : ''}\n`);
    if (!ctx.globals.quiet) ctx.io.stderr.write(reportTable(report, ctx));
    if (!ctx.globals.quiet && report.feed) for (const line of report.feed.lines()) ctx.io.stderr.write(`${line}\n`);
  }

  const records = (n: number): string => `${n} record${n === 1 ? '' : 's'}`;
  if (report.fatal) {
    const first = report.errors[0];
    throw new ValidationError(
      [{ field: '', message: `cannot import ${name}: ${first ? pipeline.formatIssue(first) : 'unreadable input'}; nothing was written` }],
      first && first.line > 0 ? 'fix the input at that line and import again' : undefined,
    );
  }
  if (report.dry_run) {
    if (report.rejected > 0) throw new ValidationError([{ field: '', message: `dry run: ${records(report.rejected)} of ${report.read} would be rejected` }]);
    ctx.info(`Dry run: ${name} is valid; nothing was written.`);
    return;
  }
  if (report.rejected > 0 && !report.committed) {
    throw new ValidationError(
      [{ field: '', message: `${records(report.rejected)} of ${report.read} in ${name} ${report.rejected === 1 ? 'is' : 'are'} invalid; nothing was written` }],
      'fix them and import again, or add --continue-on-error to import the valid records',
    );
  }
  if (report.rejected > 0) {
    throw new PartialError(
      `imported ${report.inserted + report.updated} and skipped ${report.skipped} of ${records(report.read)}; ${report.rejected} rejected${rejects ? ` (see ${opts.rejects})` : ''}`,
      rejects ? `fix the records in ${opts.rejects} and import that file` : 'add --rejects FILE to keep the rejected records',
    );
  }
}

/** The WXR/RSS/Atom flags, checked; undefined when none is given. */
function feedSettings(opts: ImportFlags, cwd: string): FeedSettings | undefined {
  const settings: FeedSettings = {};
  const name = (flag: string, v: string): string => {
    if (v.trim() === '') throw new UsageError(`${flag} needs a section slug`);
    return v.trim();
  };
  if (opts.section !== undefined) settings.section = name('--section', opts.section);
  if (opts.pagesSection !== undefined) settings.pagesSection = name('--pages-section', opts.pagesSection);
  if (opts.sectionMap !== undefined) {
    const map = new Map<string, string>();
    for (const pair of opts.sectionMap.split(',')) {
      const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(pair);
      if (!m) throw new UsageError(`--section-map takes old=new pairs separated by commas (got "${pair.trim()}")`, 'like --section-map thoi-su=tin-tuc,van-hoa=van-hoa-xa-hoi');
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
      throw new NotFoundError(`no folder ${opts.mediaDir}`, 'give --media-dir the copy of wp-content/uploads');
    }
    if (!isDir) throw new UsageError(`--media-dir must be a folder (${opts.mediaDir} is a file)`);
    settings.mediaDir = dir;
  }
  return Object.keys(settings).length ? settings : undefined;
}

function reportTable(r: ImportReport, ctx: Ctx): string {
  const head = ['read', 'inserted', 'updated', 'skipped', 'rejected'] as const;
  const cells = head.map((h) => String(r[h]));
  const widths = head.map((h, i) => Math.max(h.length, cells[i]!.length));
  const row = (values: readonly string[]): string => values.map((v, i) => v.padStart(widths[i]!)).join('  ').trimEnd();
  const title = r.dry_run ? 'Dry run (nothing written):\n' : r.committed ? '' : 'Nothing was written:\n';
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
              ? 'Importing [{bar}] {percentage}% | {records} records | {rate}/s | ETA {eta_formatted}'
              : 'Importing… {records} records | {rate}/s',
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
          { stream, format: 'Indexing [{bar}] {percentage}% | {value}/{total} articles | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, fps: 5 },
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
