// newsdesk export html --out DIR [--base-url URL] [--per-page N] [--force] [--clean]
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { ExportHtmlResult } from '../../exporters/html/export.js';
import type { Ctx } from '../context.js';
import { t } from '../../i18n/index.js';
import { english, sayIssue } from '../../i18n/issues.js';

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
    .description(t('exportHtml.description'))
    .option('--out <dir>', t('exportHtml.out'))
    .option('--base-url <url>', t('exportHtml.baseUrl'))
    .option('--per-page <n>', t('exportHtml.perPage'))
    .option('--force', t('exportHtml.force'))
    .option('--clean', t('exportHtml.clean'))
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk export html --out out/site
  $ newsdesk export html --out /var/www/portal --base-url https://sonlam.gov.vn/ --per-page 20

${t('exportHtml.notes')}
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
  if (flags.out === undefined || flags.out.trim() === '') throw new UsageError(t('exportHtml.needsOut'), t('exportHtml.needsOutHint'));
  const { resolve } = await import('node:path');
  const settings: ExportHtmlSettings = { outDir: resolve(cwd, flags.out), force: flags.force === true, clean: flags.clean === true };
  if (flags.perPage !== undefined) {
    const { perPageField } = await import('../../core/records.js');
    const r = perPageField.safeParse(flags.perPage.trim() === '' ? Number.NaN : flags.perPage);
    if (!r.success) throw new UsageError(`--per-page: "${flags.perPage}" ${sayIssue(r.error.issues[0]?.message ?? english('issue.notValid'))}`, t('exportHtml.perPageHint'));
    settings.perPage = r.data;
  }
  if (flags.baseUrl !== undefined) {
    const { normaliseBaseUrl } = await import('../../exporters/html/export.js');
    try {
      const url = normaliseBaseUrl(flags.baseUrl);
      if (url === null) throw new Error('empty');
      settings.baseUrl = url;
    } catch {
      throw new UsageError(t('exportHtml.badBaseUrl', { value: flags.baseUrl }), t('exportHtml.baseUrlHint'));
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
    bar = new SingleBar({ ...options, format: t('exportHtml.progressFiles') }, Presets.shades_classic);
    imageBar = new SingleBar({ ...options, format: t('exportHtml.progressImages') }, Presets.shades_classic);
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
    t('exportHtml.done', {
      pages: result.pages,
      files: result.files,
      index: shown.startsWith('..') ? index : shown,
      written: result.written,
      unchanged: result.unchanged,
      removed: result.removed,
      seconds,
    }),
  );
  const { describeScheduled } = await import('../../core/schedule.js');
  const scheduled = describeScheduled(result.scheduled, (await store.site()).timezone);
  if (scheduled !== undefined) ctx.info(scheduled);
  return result;
}
