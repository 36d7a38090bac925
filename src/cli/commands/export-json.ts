// newsdesk export json: the full export document (or NDJSON), to a file or stdout.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { t } from '../../i18n/index.js';

export interface ExportJsonFlags {
  out?: string;
  ndjson?: boolean;
  section?: string;
  status: string;
  since?: string;
  until?: string;
  withHistory?: boolean;
}

export function registerExportJson(exportCmd: Command, ctx: Ctx, run = runExportJson): void {
  exportCmd
    .command('json')
    .description(t('exportJson.description'))
    .option('--out <file>', t('exportJson.out'))
    .option('--ndjson', t('exportJson.ndjson'))
    .option('--section <section>', t('exportJson.section'))
    .option('--status <status>', t('exportJson.status'), 'all')
    .option('--since <date>', t('exportJson.since'))
    .option('--until <date>', t('exportJson.until'))
    .option('--with-history', t('exportJson.withHistory'))
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk export json --out backup/portal.json
  $ newsdesk export json --ndjson --section tin-tuc --since 01/01/2024 > tin-tuc-2024.ndjson
  $ newsdesk export json | newsdesk --db copy.db import -
  $ newsdesk export json --with-history --out backup/portal-history.json`,
    )
    .action((opts: ExportJsonFlags) => run(opts, ctx));
}

export async function runExportJson(opts: ExportJsonFlags, ctx: Ctx): Promise<void> {
  const { UsageError, IOError } = await import('../../core/errors.js');
  if (opts.out !== undefined && opts.out.trim() === '') throw new UsageError(t('exportJson.outEmpty'));
  const filtered = opts.section !== undefined || (opts.status !== undefined && opts.status !== 'all') || opts.since !== undefined || opts.until !== undefined;
  if (opts.withHistory && filtered) throw new UsageError(t('exportJson.withHistoryFiltered'));
  const store = await ctx.openStore('read');
  const { parseFilter } = await import('./article/list.js');
  const { requireSection } = await import('../../ops/common.js');
  const filter = await parseFilter(
    store,
    {
      status: opts.status,
      ...(opts.since !== undefined ? { since: opts.since } : {}),
      ...(opts.until !== undefined ? { until: opts.until } : {}),
    },
    ['draft', 'published', 'all'],
    'all',
  );
  const sectionId = opts.section !== undefined ? (await requireSection(store, opts.section)).id : undefined;
  const { exportJson } = await import('../../exporters/json.js');
  const options = {
    now: ctx.now(),
    ndjson: Boolean(opts.ndjson),
    ...(sectionId !== undefined ? { sectionId } : {}),
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.since !== undefined ? { since: filter.since } : {}),
    ...(filter.until !== undefined ? { until: filter.until } : {}),
    ...(opts.withHistory ? { withHistory: true } : {}),
  };

  if (opts.out === undefined || opts.out === '-') {
    await exportJson(store, ctx.io.stdout, options);
    return;
  }
  // Written beside the target and renamed at the end: a failed export leaves no half file.
  const { createWriteStream, mkdirSync, renameSync, rmSync } = await import('node:fs');
  const { randomBytes } = await import('node:crypto');
  const { basename, dirname, join, resolve } = await import('node:path');
  const dest = resolve(ctx.cwd, opts.out);
  // An unpredictable name, created exclusively: a link planted in the folder is never followed.
  const tmp = join(dirname(dest), `.${basename(dest)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(dest), { recursive: true });
    const stream = createWriteStream(tmp, { flags: 'wx' });
    const failed = new Promise<never>((_, reject) => stream.once('error', reject));
    failed.catch(() => undefined);
    const counts = await Promise.race([exportJson(store, stream, options), failed]);
    await Promise.race([new Promise<void>((done) => stream.end(done)), failed]);
    renameSync(tmp, dest);
    ctx.info(t('exportJson.done', { sections: counts.sections, links: counts.links, media: counts.media, articles: counts.articles, out: opts.out }));
  } catch (err) {
    rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) throw new IOError(t('output.cannotWrite', { path: opts.out, code: e.code }));
    throw err;
  }
}
