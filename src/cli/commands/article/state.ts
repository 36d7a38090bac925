// newsdesk article publish | unpublish | remove
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import { confirmOrFail, writeOptions } from '../../context.js';

interface RevisionFlags {
  ifRevision?: string;
  message?: string;
}

export function registerArticleState(article: Command, ctx: Ctx): void {
  article
    .command('publish')
    .description('publish an article (its date: --at, else the one it has, else now)')
    .argument('<article>', 'id or slug')
    .option('--at <date>', 'publication date')
    .option('--if-revision <n>', 'only if the article is still at this revision (else exit 1, nothing changed)')
    .option('-m, --message <text>', 'why: kept with the revision')
    .addHelpText('after', '\nExample:\n  $ newsdesk article publish 12 --at "23/10/2020 08:37 PM"')
    .action((ref: string, opts: { at?: string } & RevisionFlags) => runArticlePublish(ref, opts, ctx));
  article
    .command('unpublish')
    .description('make an article a draft again (it keeps its date)')
    .argument('<article>', 'id or slug')
    .option('--if-revision <n>', 'only if the article is still at this revision (else exit 1, nothing changed)')
    .option('-m, --message <text>', 'why: kept with the revision')
    .addHelpText('after', '\nExample:\n  $ newsdesk article unpublish 12')
    .action((ref: string, opts: RevisionFlags) => runArticleUnpublish(ref, ctx, opts));
  article
    .command('remove')
    .description('move articles to the trash (asks first; --yes without a terminal); --purge removes for good')
    .argument('<articles...>', 'ids or slugs (with --purge, also ids in the trash)')
    .option('--purge', 'remove for good, history and all: it cannot be undone')
    .option('--if-revision <n>', 'only if the article is still at this revision (else exit 1, nothing changed)')
    .addHelpText('after', '\nExamples:\n  $ newsdesk article remove 12 13 --yes\n  $ newsdesk trash restore 12            # brings one back\n  $ newsdesk article remove 12 --purge --yes')
    .action((refs: string[], opts: { purge?: boolean; ifRevision?: string }) => runArticleRemove(refs, ctx, opts));
}

export async function runArticlePublish(ref: string, opts: { at?: string } & RevisionFlags, ctx: Ctx): Promise<void> {
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  let at: number | undefined;
  if (opts.at !== undefined) {
    const { parseDate, DATE_FORMATS_HINT } = await import('../../../core/dates.js');
    const d = parseDate(opts.at, (await store.site()).timezone);
    if (!d) throw new UsageError(`--at: "${opts.at}" is not a date`, DATE_FORMATS_HINT);
    at = d.ms;
  }
  const { publishArticle } = await import('../../../ops/articles.js');
  const row = await publishArticle(store, ref, at, write);
  const { formatDue, shownStatus } = await import('../../../core/schedule.js');
  if (shownStatus(row.status, row.published_at, ctx.now()) === 'scheduled') {
    // Not out yet: the site shows it from the first export at or after its time.
    ctx.info(`Scheduled article ${row.id}: ${row.slug} (out at ${formatDue(row.published_at!, (await store.site()).timezone)})`);
  } else ctx.info(`Published article ${row.id}: ${row.slug}`);
}

export async function runArticleUnpublish(ref: string, ctx: Ctx, opts: RevisionFlags = {}): Promise<void> {
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  const { unpublishArticle } = await import('../../../ops/articles.js');
  const row = await unpublishArticle(store, ref, write);
  ctx.info(`Article ${row.id} is a draft again: ${row.slug}`);
}

export async function runArticleRemove(refs: string[], ctx: Ctx, opts: { purge?: boolean; ifRevision?: string } = {}): Promise<void> {
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  if (opts.purge) {
    const { purgeArticles } = await import('../../../ops/trash.js');
    if (!(await confirmOrFail(ctx, `Remove ${refs.length === 1 ? `article ${refs[0]}` : `${refs.length} articles`} for good, with their history? This cannot be undone`))) {
      ctx.info('Nothing removed.');
      return;
    }
    const gone = await purgeArticles(store, refs, write);
    ctx.info(`Removed for good ${gone.length === 1 ? `article ${gone[0]!.id}` : `${gone.length} articles`}`);
    return;
  }
  const { uniqueArticles, removeArticles } = await import('../../../ops/articles.js');
  const rows = await uniqueArticles(store, refs);
  const what = rows.length === 1 ? `article ${rows[0]!.id} "${rows[0]!.title}"` : `${rows.length} articles`;
  if (!(await confirmOrFail(ctx, `Remove ${what}?`))) {
    ctx.info('Nothing removed.');
    return;
  }
  const removed = await removeArticles(store, refs, write);
  ctx.info(`Removed ${removed.length === 1 ? `article ${removed[0]!.id}` : `${removed.length} articles`} to the trash (newsdesk trash restore ${removed.map((r) => r.id).join(' ')} brings ${removed.length === 1 ? 'it' : 'them'} back)`);
}
