// newsdesk article history | diff | restore: an article's revisions, what changed between two,
// and an old state made current again.
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { RevisionInfo } from '../../../store/history.js';
import type { ArticleRow } from '../../../store/rows.js';
import type { StoreData } from '../../../store/store.js';
import { t } from '../../../i18n/index.js';
import { writeOptions, type Ctx } from '../../context.js';
import { parseFields, parseListFormat, parsePositiveInt } from '../../output/formats.js';
import type { ListSpec } from '../../output/list.js';

export function registerArticleHistory(article: Command, ctx: Ctx): void {
  article
    .command('history')
    .description(t('history.description'))
    .argument('<article>', t('article.ref'))
    .option('--format <format>', t('flags.listFormat'), 'table')
    .option('--fields <list>', `${t('flags.fieldsToShow')} ${historySpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk article history 12\n  $ newsdesk article history 12 --format json`)
    .action((ref: string, opts: { format?: string; fields?: string }) => runArticleHistory(ref, opts, ctx));
  article
    .command('diff')
    .description(t('diff.description'))
    .argument('<article>', t('article.ref'))
    .argument('[from]', t('diff.from'))
    .argument('[to]', t('diff.to'))
    .addHelpText(
      'after',
      `\n${t('help.examples')}\n  $ newsdesk article diff 12            # ${t('diff.exampleLast')}\n  $ newsdesk article diff 12 3 5\n  $ newsdesk article diff 12 3 | less  # ${t('diff.examplePiped')}`,
    )
    .action((ref: string, from: string | undefined, to: string | undefined) => runArticleDiff(ref, from, to, ctx));
  article
    .command('restore')
    .description(t('restore.description'))
    .argument('<article>', t('article.ref'))
    .requiredOption('--revision <n>', t('restore.revision'))
    .option('--if-revision <n>', t('flags.ifRevision'))
    .option('-m, --message <text>', t('restore.message'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk article restore 12 --revision 3`)
    .action((ref: string, opts: { revision: string; ifRevision?: string; message?: string }) => runArticleRestore(ref, opts, ctx));
}

interface RevisionItem extends RevisionInfo {
  atText: string;
}

const historySpec: ListSpec<RevisionItem> = {
  fields: [
    { name: 'revision', get: (r) => r.number },
    { name: 'at', get: (r) => r.atText, show: (r, ctx) => ctx.style.dim(r.atText.slice(0, 16).replace('T', ' ')) },
    { name: 'by', get: (r) => r.by, maxWidth: 24 },
    { name: 'changed', get: (r) => (r.number === 1 && r.changed === '' ? ['created'] : r.changed.split(',').filter(Boolean)) },
    { name: 'message', get: (r) => r.message, maxWidth: 60 },
  ],
  tableFields: ['revision', 'at', 'by', 'changed', 'message'],
  noun: { many: 'noun.revisions', counted: 'noun.revisionsCounted' },
  id: (r) => r.number,
};

export async function runArticleHistory(ref: string, opts: { format?: string; fields?: string }, ctx: Ctx): Promise<void> {
  const format = parseListFormat(opts.format);
  const fields = parseFields(opts.fields, historySpec.fields.map((f) => f.name));
  const store = await ctx.openStore('read');
  const { historyOf } = await import('../../../ops/history.js');
  const { formatIso } = await import('../../../core/dates.js');
  const tz = (await store.site()).timezone;
  const { revisions } = await historyOf(store, ref);
  const items = revisions.map((r) => ({ ...r, atText: formatIso(r.at, tz) }));
  const { writeList } = await import('../../output/list.js');
  const { pageInfo } = await import('../../../core/paginate.js');
  // One page holding them all.
  const page = pageInfo(1, Math.max(1, items.length), items.length);
  await writeList(ctx, historySpec, { items, page, all: true }, format, fields);
}

/** The state of an article at a revision (the current one when n is undefined). */
async function stateAt(store: StoreData, current: ArticleRow, n: number | undefined): Promise<ArticleRow> {
  const { rowAtRevision } = await import('../../../ops/history.js');
  return n === undefined ? current : rowAtRevision(store, current, n);
}

export async function runArticleDiff(ref: string, fromArg: string | undefined, toArg: string | undefined, ctx: Ctx): Promise<void> {
  const fromN = parsePositiveInt('[from]', fromArg);
  const toN = parsePositiveInt('[to]', toArg);
  const store = await ctx.openStore('read');
  const { articleOrTrashed } = await import('../../../ops/history.js');
  const { row: current } = await articleOrTrashed(store, ref);
  const to = toN ?? current.revision;
  const from = fromN ?? to - 1;
  if (from < 1) throw new UsageError(t('diff.nothing', { id: current.id, revision: current.revision }), `newsdesk article history ${current.id}`);
  const [a, b] = [await stateAt(store, current, from), await stateAt(store, current, to)];
  const slugs = await store.sectionSlugs();
  const { diffArticles } = await import('../../output/diff.js');
  ctx.io.stdout.write(diffArticles(a, b, { sectionSlug: (id) => slugs.get(id) ?? String(id), terminal: ctx.io.isStdoutTTY, style: ctx.style, timeZone: (await store.site()).timezone }));
}

export async function runArticleRestore(ref: string, opts: { revision: string; ifRevision?: string; message?: string }, ctx: Ctx): Promise<void> {
  const n = parsePositiveInt('--revision', opts.revision)!;
  const write = await writeOptions(ctx, opts);
  const store = await ctx.openStore('write');
  const { restoreRevision } = await import('../../../ops/history.js');
  const row = await restoreRevision(store, ref, n, write);
  ctx.info(t('restore.done', { id: row.id, n, revision: row.revision }));
}
