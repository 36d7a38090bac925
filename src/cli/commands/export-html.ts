// newsdesk export html --out DIR [--base-url URL] [--per-page N] [--force] [--clean]
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { ExportHtmlResult } from '../../exporters/html/export.js';
import type { Ctx } from '../context.js';

export interface ExportHtmlFlags {
  out?: string;
  baseUrl?: string;
  perPage?: string;
  force?: boolean;
  clean?: boolean;
}

export function registerExportHtml(exportCmd: Command, ctx: Ctx, run = runExportHtml): void {
  exportCmd
    .command('html')
    .description('export the portal as a static site: pages, photo library, feed (incremental: only changed files are written)')
    .option('--out <dir>', 'the folder of the site (created when missing)')
    .option('--base-url <url>', 'the public address of the site, for canonical links and sitemap.xml (default: the site setting base_url)')
    .option('--per-page <n>', 'articles per list page (default: the site setting per_page)')
    .option('--force', 'write into a non-empty folder that holds no earlier export (its other files are kept)')
    .option('--clean', 'rewrite every file, as if exporting for the first time')
    .addHelpText(
      'after',
      `
Examples:
  $ newsdesk export html --out out/site
  $ newsdesk export html --out /var/www/portal --base-url https://sonlam.gov.vn/ --per-page 20

Open out/site/index.html in a browser, or copy the folder to any web server. Re-exporting into
the same folder writes only what changed and removes pages that no longer exist; files that
newsdesk did not write are never deleted.

A published article dated later than now is scheduled: the site leaves it out until an export
runs at or after its time (the summary says when the next is due). A cron entry releases them:
  */5 * * * *  cd /srv/portal && newsdesk -q export html --out /var/www/portal`,
    )
    .action(async (flags: ExportHtmlFlags) => {
      await run(flags, ctx);
    });
}

export interface ExportHtmlSettings {
  outDir: string;
  baseUrl?: string;
  perPage?: number;
  force: boolean;
  clean: boolean;
}

/** Checks the flags; a bad value is a usage error naming the flag. */
export async function parseExportHtmlFlags(flags: ExportHtmlFlags, cwd: string): Promise<ExportHtmlSettings> {
  if (flags.out === undefined || flags.out.trim() === '') throw new UsageError('export html needs --out <dir>', 'for example: newsdesk export html --out out/site');
  const { resolve } = await import('node:path');
  const settings: ExportHtmlSettings = { outDir: resolve(cwd, flags.out), force: flags.force === true, clean: flags.clean === true };
  if (flags.perPage !== undefined) {
    const { perPageField } = await import('../../core/records.js');
    const r = perPageField.safeParse(flags.perPage.trim() === '' ? Number.NaN : flags.perPage);
    if (!r.success) throw new UsageError(`--per-page: "${flags.perPage}" ${r.error.issues[0]?.message ?? 'is not valid'}`, 'give a whole number from 1 to 1000');
    settings.perPage = r.data;
  }
  if (flags.baseUrl !== undefined) {
    const { normaliseBaseUrl } = await import('../../exporters/html/export.js');
    try {
      const url = normaliseBaseUrl(flags.baseUrl);
      if (url === null) throw new Error('empty');
      settings.baseUrl = url;
    } catch {
      throw new UsageError(`--base-url: "${flags.baseUrl}" is not an http or https URL`, 'for example: --base-url https://sonlam.gov.vn/');
    }
  }
  return settings;
}

export async function runExportHtml(flags: ExportHtmlFlags, ctx: Ctx): Promise<ExportHtmlResult> {
  const settings = await parseExportHtmlFlags(flags, ctx.cwd);
  const store = await ctx.openStore('read');
  const { exportHtml } = await import('../../exporters/html/export.js');

  // A progress bar only on a terminal, and never with --quiet.
  const showBar = ctx.io.isStderrTTY && !ctx.globals.quiet;
  let bar: import('cli-progress').SingleBar | undefined;
  // Making images can take minutes (a first export of a portal of phone photos): a bar of its own.
  let imageBar: import('cli-progress').SingleBar | undefined;
  if (showBar) {
    const { SingleBar, Presets } = await import('cli-progress');
    const stream = { write: (s: string) => ctx.io.stderr.write(s), isTTY: true, columns: ctx.io.columns } as unknown as NodeJS.WritableStream;
    const options = { stream, hideCursor: true, clearOnComplete: true, noTTYOutput: false };
    bar = new SingleBar({ ...options, format: 'Exporting {bar} {percentage}% | {value}/{total} files' }, Presets.shades_classic);
    imageBar = new SingleBar({ ...options, format: 'Images    {bar} {percentage}% | {value}/{total} images' }, Presets.shades_classic);
  }
  let result: ExportHtmlResult;
  try {
    result = await exportHtml(store, {
      outDir: settings.outDir,
      ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
      ...(settings.perPage !== undefined ? { perPage: settings.perPage } : {}),
      force: settings.force,
      clean: settings.clean,
      now: ctx.now(),
      ...(bar && imageBar
        ? {
            onImageProgress: (done: number, total: number) => {
              if (done === 0) imageBar.start(total, 0);
              else imageBar.update(done);
              if (done === total) imageBar.stop();
            },
            onProgress: (done: number, total: number) => {
              if (done === 0) bar.start(total, 0);
              else bar.update(done);
            },
          }
        : {}),
    });
  } finally {
    imageBar?.stop();
    bar?.stop();
  }
  for (const w of result.warnings) ctx.warn(w);
  const { relative, join } = await import('node:path');
  const index = join(result.outDir, 'index.html');
  const shown = relative(ctx.cwd, index);
  const seconds = (result.ms / 1000).toFixed(result.ms < 10_000 ? 2 : 1);
  ctx.info(
    `Exported ${result.pages} pages (${result.files} files) to ${shown.startsWith('..') ? index : shown}: ` +
      `${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed in ${seconds} s`,
  );
  const { describeScheduled } = await import('../../core/schedule.js');
  const scheduled = describeScheduled(result.scheduled, (await store.site()).timezone);
  if (scheduled !== undefined) ctx.info(scheduled);
  return result;
}
