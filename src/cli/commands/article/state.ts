// newsdesk article publish | unpublish | remove
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import { confirmOrFail, writeOptions } from '../../context.js';
import { t } from '../../../i18n/index.js';

interface RevisionFlags {
  ifRevision?: string;
  message?: string;
}

export function registerArticleState(article: Command, ctx: Ctx): void {
  article
    .command('publish')
    .description(t('article.publish'))
    .argument('<article>', t('article.ref'))
    .option('--at <date>', t('article.at'))
    .option('--if-revision <n>', t('flags.ifRevision'))
    .option('-m, --message <text>', t('flags.message'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk article publish 12 --at "23/10/2020 08:37 PM"`)
    .action((ref: string, opts: { at?: string } & RevisionFlags) => runArticlePublish(ref, opts, ctx));
  article
    .command('unpublish')
    .description(t('article.unpublish'))
    .argument('<article>', t('article.ref'))
    .option('--if-revision <n>', t('flags.ifRevision'))
    .option('-m, --message <text>', t('flags.message'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk article unpublish 12`)
    .action((ref: string, opts: RevisionFlags) => runArticleUnpublish(ref, ctx, opts));
  article
    .command('remove')
    .description(t('article.removeTrash'))
    .argument('<articles...>', t('article.refsPurge'))
    .option('--purge', t('flags.purge'))
    .option('--if-revision <n>', t('flags.ifRevision'))
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk article remove 12 13 --yes\n  $ newsdesk trash restore 12\n  $ newsdesk article remove 12 --purge --yes`)
    .action((refs: string[], opts: { purge?: boolean; ifRevision?: string }) => runArticleRemove(refs, ctx, opts));
}

export async function runArticlePublish(ref: string, opts: { at?: string } & RevisionFlags, ctx: Ctx): Promise<void> {
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  let at: number | undefined;
  if (opts.at !== undefined) {
    const { parseDate } = await import('../../../core/dates.js');
    const d = parseDate(opts.at, (await store.site()).timezone);
    if (!d) throw new UsageError(t('dates.notADate', { flag: '--at', value: opts.at }), t('dates.formatsHint'));
    at = d.ms;
  }
  const { publishArticle } = await import('../../../ops/articles.js');
  const row = await publishArticle(store, ref, at, write);
  const { formatDue, shownStatus } = await import('../../../core/schedule.js');
  if (shownStatus(row.status, row.published_at, ctx.now()) === 'scheduled') {
    // Not out yet: the site shows it from the first export at or after its time.
    ctx.info(t('article.scheduled', { id: row.id, slug: row.slug, due: formatDue(row.published_at!, (await store.site()).timezone) }));
  } else ctx.info(t('article.published', { id: row.id, slug: row.slug }));
}

export async function runArticleUnpublish(ref: string, ctx: Ctx, opts: RevisionFlags = {}): Promise<void> {
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  const { unpublishArticle } = await import('../../../ops/articles.js');
  const row = await unpublishArticle(store, ref, write);
  ctx.info(t('article.unpublished', { id: row.id, slug: row.slug }));
}

export async function runArticleRemove(refs: string[], ctx: Ctx, opts: { purge?: boolean; ifRevision?: string } = {}): Promise<void> {
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  if (opts.purge) {
    const { purgeArticles } = await import('../../../ops/trash.js');
    const question = refs.length === 1 ? t('article.confirmPurgeOne', { ref: refs[0]! }) : t('article.confirmPurgeMany', { n: refs.length });
    if (!(await confirmOrFail(ctx, question))) {
      ctx.info(t('remove.nothing'));
      return;
    }
    const gone = await purgeArticles(store, refs, write);
    ctx.info(gone.length === 1 ? t('article.purgedOne', { id: gone[0]!.id }) : t('article.purgedMany', { n: gone.length }));
    return;
  }
  const { uniqueArticles, removeArticles } = await import('../../../ops/articles.js');
  const rows = await uniqueArticles(store, refs);
  const question = rows.length === 1 ? t('article.confirmRemoveOne', { id: rows[0]!.id, title: rows[0]!.title }) : t('article.confirmRemoveMany', { n: rows.length });
  if (!(await confirmOrFail(ctx, question))) {
    ctx.info(t('remove.nothing'));
    return;
  }
  const removed = await removeArticles(store, refs, write);
  const ids = removed.map((r) => r.id).join(' ');
  ctx.info(removed.length === 1 ? t('article.trashedOne', { id: removed[0]!.id, ids }) : t('article.trashedMany', { n: removed.length, ids }));
}
