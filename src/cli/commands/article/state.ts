// newsdesk article publish | unpublish | remove
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import { confirmOrFail } from '../../context.js';

export function registerArticleState(article: Command, ctx: Ctx): void {
  article
    .command('publish')
    .description('publish an article (its date: --at, else the one it has, else now)')
    .argument('<article>', 'id or slug')
    .option('--at <date>', 'publication date')
    .addHelpText('after', '\nExample:\n  $ newsdesk article publish 12 --at "23/10/2020 08:37 PM"')
    .action((ref: string, opts: { at?: string }) => runArticlePublish(ref, opts, ctx));
  article
    .command('unpublish')
    .description('make an article a draft again (it keeps its date)')
    .argument('<article>', 'id or slug')
    .addHelpText('after', '\nExample:\n  $ newsdesk article unpublish 12')
    .action((ref: string) => runArticleUnpublish(ref, ctx));
  article
    .command('remove')
    .description('remove articles (asks first; --yes without a terminal)')
    .argument('<articles...>', 'ids or slugs')
    .addHelpText('after', '\nExample:\n  $ newsdesk article remove 12 13 --yes')
    .action((refs: string[]) => runArticleRemove(refs, ctx));
}

export async function runArticlePublish(ref: string, opts: { at?: string }, ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  let at: number | undefined;
  if (opts.at !== undefined) {
    const { parseDate, DATE_FORMATS_HINT } = await import('../../../core/dates.js');
    const d = parseDate(opts.at, (await store.site()).timezone);
    if (!d) throw new UsageError(`--at: "${opts.at}" is not a date`, DATE_FORMATS_HINT);
    at = d.ms;
  }
  const { publishArticle } = await import('../../../ops/articles.js');
  const row = await publishArticle(store, ref, at, { now: ctx.now() });
  const { formatDue, shownStatus } = await import('../../../core/schedule.js');
  if (shownStatus(row.status, row.published_at, ctx.now()) === 'scheduled') {
    // Not out yet: the site shows it from the first export at or after its time.
    ctx.info(`Scheduled article ${row.id}: ${row.slug} (out at ${formatDue(row.published_at!, (await store.site()).timezone)})`);
  } else ctx.info(`Published article ${row.id}: ${row.slug}`);
}

export async function runArticleUnpublish(ref: string, ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const { unpublishArticle } = await import('../../../ops/articles.js');
  const row = await unpublishArticle(store, ref, { now: ctx.now() });
  ctx.info(`Article ${row.id} is a draft again: ${row.slug}`);
}

export async function runArticleRemove(refs: string[], ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const { requireArticle } = await import('../../../ops/common.js');
  const rows = [];
  for (const r of refs) rows.push(await requireArticle(store, r));
  const what = rows.length === 1 ? `article ${rows[0]!.id} "${rows[0]!.title}"` : `${rows.length} articles`;
  if (!(await confirmOrFail(ctx, `Remove ${what}?`))) {
    ctx.info('Nothing removed.');
    return;
  }
  const { removeArticles } = await import('../../../ops/articles.js');
  const removed = await removeArticles(store, refs);
  ctx.info(`Removed ${removed.length === 1 ? `article ${removed[0]!.id}` : `${removed.length} articles`}`);
}
