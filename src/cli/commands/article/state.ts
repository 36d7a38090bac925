// newsdesk article publish | unpublish | remove
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import { confirmOrFail } from '../../context.js';
import { t } from '../../../i18n/index.js';

export function registerArticleState(article: Command, ctx: Ctx): void {
  article
    .command('publish')
    .description(t('article.publish'))
    .argument('<article>', t('article.ref'))
    .option('--at <date>', t('article.at'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk article publish 12 --at "23/10/2020 08:37 PM"`)
    .action((ref: string, opts: { at?: string }) => runArticlePublish(ref, opts, ctx));
  article
    .command('unpublish')
    .description(t('article.unpublish'))
    .argument('<article>', t('article.ref'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk article unpublish 12`)
    .action((ref: string) => runArticleUnpublish(ref, ctx));
  article
    .command('remove')
    .description(t('article.remove'))
    .argument('<articles...>', t('article.refs'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk article remove 12 13 --yes`)
    .action((refs: string[]) => runArticleRemove(refs, ctx));
}

export async function runArticlePublish(ref: string, opts: { at?: string }, ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  let at: number | undefined;
  if (opts.at !== undefined) {
    const { parseDate } = await import('../../../core/dates.js');
    const d = parseDate(opts.at, (await store.site()).timezone);
    if (!d) throw new UsageError(t('dates.notADate', { flag: '--at', value: opts.at }), t('dates.formatsHint'));
    at = d.ms;
  }
  const { publishArticle } = await import('../../../ops/articles.js');
  const row = await publishArticle(store, ref, at, { now: ctx.now() });
  const { formatDue, shownStatus } = await import('../../../core/schedule.js');
  if (shownStatus(row.status, row.published_at, ctx.now()) === 'scheduled') {
    // Not out yet: the site shows it from the first export at or after its time.
    ctx.info(t('article.scheduled', { id: row.id, slug: row.slug, due: formatDue(row.published_at!, (await store.site()).timezone) }));
  } else ctx.info(t('article.published', { id: row.id, slug: row.slug }));
}

export async function runArticleUnpublish(ref: string, ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const { unpublishArticle } = await import('../../../ops/articles.js');
  const row = await unpublishArticle(store, ref, { now: ctx.now() });
  ctx.info(t('article.unpublished', { id: row.id, slug: row.slug }));
}

export async function runArticleRemove(refs: string[], ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const { requireArticle } = await import('../../../ops/common.js');
  const rows = [];
  for (const r of refs) rows.push(await requireArticle(store, r));
  const question = rows.length === 1 ? t('article.confirmRemoveOne', { id: rows[0]!.id, title: rows[0]!.title }) : t('article.confirmRemoveMany', { n: rows.length });
  if (!(await confirmOrFail(ctx, question))) {
    ctx.info(t('remove.nothing'));
    return;
  }
  const { removeArticles } = await import('../../../ops/articles.js');
  const removed = await removeArticles(store, refs);
  ctx.info(removed.length === 1 ? t('article.removedOne', { id: removed[0]!.id }) : t('article.removedMany', { n: removed.length }));
}
