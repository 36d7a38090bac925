// newsdesk article list: pages of articles, filtered and sorted, in every list format.
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { ArticleRecord } from '../../../core/records.js';
import type { Ctx } from '../../context.js';
import type { ListSpec } from '../../output/list.js';
import { statusField } from '../../output/status.js';
import { parseFields, parseListFormat, parsePositiveInt } from '../../output/formats.js';
import type { ArticleFilter, ArticleSort, SortField } from '../../../store/rows.js';
import type { Store } from '../../../store/store.js';
import { t } from '../../../i18n/index.js';

export const articleListSpec: ListSpec<ArticleRecord> = {
  fields: [
    { name: 'id', get: (a) => a.id },
    { name: 'slug', get: (a) => a.slug, maxWidth: 40 },
    { name: 'title', get: (a) => a.title, maxWidth: 60 },
    { name: 'summary', get: (a) => a.summary, maxWidth: 60 },
    { name: 'body', get: (a) => a.body, maxWidth: 60 },
    { name: 'author', get: (a) => a.author, maxWidth: 24 },
    { name: 'source', get: (a) => a.source, maxWidth: 30 },
    { name: 'section', get: (a) => a.section },
    statusField<ArticleRecord>(),
    { name: 'published_at', get: (a) => a.published_at, show: (a) => shortDate(a.published_at) },
    { name: 'created_at', get: (a) => a.created_at, show: (a) => shortDate(a.created_at) },
    { name: 'updated_at', get: (a) => a.updated_at, show: (a) => shortDate(a.updated_at) },
    { name: 'images', get: (a) => a.images, show: (a) => String(a.images.length) },
    { name: 'tags', get: (a) => a.tags, maxWidth: 30 },
  ],
  tableFields: ['id', 'published_at', 'status', 'section', 'title'],
  noun: { many: 'noun.articles', counted: 'noun.articlesCounted' },
  id: (a) => a.id,
};

/** "2020-10-23T20:37:00+07:00" → "23/10/2020 20:37" (already in the site's zone). */
function shortDate(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : iso;
}

export interface ListFlags {
  page?: string;
  perPage?: string;
  section?: string;
  status?: string;
  author?: string;
  since?: string;
  until?: string;
  sort?: string;
  all?: boolean;
  format: string;
  fields?: string;
}

export function registerArticleList(article: Command, ctx: Ctx): void {
  article
    .command('list')
    .description(t('list.description'))
    .option('--page <n>', t('list.flag.page'), '1')
    .option('--per-page <n>', t('list.flag.perPage'))
    .option('--section <section>', t('list.flag.section'))
    .option('--status <status>', t('list.flag.status'), 'all')
    .option('--author <name>', t('list.flag.author'))
    .option('--since <date>', t('list.flag.since'))
    .option('--until <date>', t('list.flag.until'))
    .option('--sort <field>', t('list.flag.sort'))
    .option('--all', t('list.flag.all'))
    .option('--format <format>', t('flags.listFormat'), 'table')
    .option('--fields <fields>', `${t('list.flag.fields')} ${articleListSpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk article list --page 2
  $ newsdesk article list --section he-thong-chinh-tri --status published --since 01/01/2024
  $ newsdesk article list --status scheduled
  $ newsdesk article list --all --format ndjson --fields id,slug,title

${t('list.scheduledNote')}`,
    )
    .action((opts: ListFlags) => runArticleList(opts, ctx));
}

export function parseSort(value: string | undefined): ArticleSort {
  if (value === undefined) return { field: 'default', desc: true };
  const desc = value.startsWith('-');
  const field = value.replace(/^[-+]/, '');
  const allowed = ['published_at', 'updated_at', 'created_at', 'title', 'slug', 'author', 'id'];
  if (!allowed.includes(field)) throw new UsageError(t('list.badSort', { fields: allowed.join(', '), value }));
  return { field: field as SortField, desc };
}

/**
 * The filters shared by list, search and export: section subtree, status, dates. `scheduled`
 * (where `statuses` offers it) is the published articles dated later than `now`.
 */
export async function parseFilter(
  store: Store,
  opts: { section?: string; status?: string; author?: string; since?: string; until?: string },
  statuses: readonly string[],
  defaultStatus: string,
  now?: number,
): Promise<ArticleFilter> {
  const filter: ArticleFilter = {};
  const status = opts.status ?? defaultStatus;
  if (!statuses.includes(status)) throw new UsageError(t('list.badStatus', { statuses: statuses.join(', '), value: status }));
  if (status === 'scheduled') filter.scheduledAt = now ?? Date.now();
  else if (status !== 'all') filter.status = status as 'draft' | 'published';
  if (opts.section !== undefined) {
    const { requireSection } = await import('../../../ops/common.js');
    filter.sectionIds = await store.sections.subtreeIds((await requireSection(store, opts.section)).id);
  }
  if (opts.author !== undefined) filter.author = opts.author.normalize('NFC').trim();
  const { parseDate, endOfDay } = await import('../../../core/dates.js');
  const tz = (await store.site()).timezone;
  if (opts.since !== undefined) {
    const d = parseDate(opts.since, tz);
    if (!d) throw new UsageError(t('dates.notADate', { flag: '--since', value: opts.since }), t('dates.formatsHint'));
    filter.since = d.ms;
  }
  if (opts.until !== undefined) {
    const d = parseDate(opts.until, tz);
    if (!d) throw new UsageError(t('dates.notADate', { flag: '--until', value: opts.until }), t('dates.formatsHint'));
    filter.until = d.dateOnly ? endOfDay(d.ms, tz) : d.ms;
  }
  return filter;
}

export async function runArticleList(opts: ListFlags, ctx: Ctx): Promise<void> {
  const format = parseListFormat(opts.format);
  const fields = parseFields(opts.fields, articleListSpec.fields.map((f) => f.name));
  const page = parsePositiveInt('--page', opts.page) ?? 1;
  const perPageFlag = parsePositiveInt('--per-page', opts.perPage, 1000);
  const sort = parseSort(opts.sort);
  const store = await ctx.openStore('read');
  const filter = await parseFilter(store, opts, ['draft', 'published', 'scheduled', 'all'], 'all', ctx.now());
  const perPage = perPageFlag ?? (await store.site()).per_page;
  const { pageInfo } = await import('../../../core/paginate.js');
  // store/rows, not ops/articles: listing must not load zod (the validation of writes).
  const { articleRecord } = await import('../../../store/rows.js');
  const { writeList } = await import('../../output/list.js');
  // The page and its count from one snapshot: a writer in between cannot make them disagree.
  const { slugs, total, rows } = await store.snapshot(async (r) => {
    // Asked together: a networked backend sends them at once (the page and its count as one).
    if (format !== 'count' && !opts.all) {
      // A table shows no body unless asked for by --fields: the backend need not send it.
      const body = (fields ?? (format === 'table' ? articleListSpec.tableFields : ['body'])).includes('body');
      const [slugs, { total, rows }] = await Promise.all([r.sectionSlugs(), r.articles.page(filter, sort, { limit: perPage, offset: (page - 1) * perPage }, { body })]);
      return { slugs, total, rows };
    }
    const [slugs, total] = await Promise.all([r.sectionSlugs(), r.articles.count(filter)]);
    return { slugs, total, rows: format === 'count' ? [] : await r.articles.list(filter, sort) };
  });
  const info = pageInfo(page, perPage, total);
  if (format === 'count') {
    await writeList(ctx, articleListSpec, { items: [], page: info, all: Boolean(opts.all) }, format);
    return;
  }
  const tz = (await store.site()).timezone;
  const items = rows.map((r) => articleRecord(r, slugs.get(r.section_id) ?? String(r.section_id), tz));
  await writeList(ctx, articleListSpec, { items, page: info, all: Boolean(opts.all) }, format, fields);
}
