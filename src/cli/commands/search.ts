// newsdesk search <query...>: full-text search with the filters, pages and formats of
// `article list`. Loading this file loads no SQLite and no zod: runSearch imports them.
import type { Command } from 'commander';
import type { SearchQuery } from '../../core/search-query.js';
import type { SearchHit } from '../../search/search.js';
import type { Span } from '../../search/snippet.js';
import type { Ctx } from '../context.js';
import type { FieldSpec, ListSpec } from '../output/list.js';
import type { Style } from '../style.js';
import type { ShownStatus } from '../../core/schedule.js';

export interface SearchFlags {
  query: string[];
  section?: string;
  status?: string;
  since?: string;
  until?: string;
  page?: string;
  perPage?: string;
  all?: boolean;
  format: string;
  fields?: string;
}

/** A result as the list writer sees it: the hit plus where the query matched its title. */
interface Row extends SearchHit {
  titleHighlights: Span[];
  /** The status a table shows: `scheduled` for a published article not out yet. */
  shownStatus: ShownStatus;
}

/** Highlighted text cut to `max` characters (the cut made before colouring, so no code is split). */
export function highlight(text: string, spans: Span[], style: Style, max = Infinity): string {
  let shown = text;
  if (shown.length > max) {
    let cut = Math.max(0, max - 1);
    const code = shown.charCodeAt(cut);
    if (code >= 0xdc00 && code <= 0xdfff) cut--;
    shown = `${shown.slice(0, cut)}…`;
  }
  const limit = shown.length === text.length ? text.length : shown.length - 1;
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    if (s >= limit) break;
    const end = Math.min(e, limit);
    out += shown.slice(at, s) + style.highlight(shown.slice(s, end));
    at = end;
  }
  return out + shown.slice(at);
}

function shortDate(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : iso;
}

const TITLE_WIDTH = 48;

/** A status as a person reads it (output/status.ts says it too; this module imports types only). */
const STATUS_WORDS = { draft: 'status.draft', scheduled: 'status.scheduled', published: 'status.published' } as const;

function field(name: string, get: (r: Row) => unknown, extra: Partial<FieldSpec<Row>> = {}): FieldSpec<Row> {
  return { name, get, ...extra };
}

export const searchListSpec: ListSpec<Row> = {
  fields: [
    field('id', (r) => r.id),
    field('slug', (r) => r.slug, { maxWidth: 40 }),
    field('title', (r) => r.title, { show: (r, ctx) => highlight(r.title, r.titleHighlights, ctx.style, TITLE_WIDTH) }),
    field('summary', (r) => r.summary, { maxWidth: 60 }),
    field('author', (r) => r.author, { maxWidth: 24 }),
    field('source', (r) => r.source, { maxWidth: 30 }),
    field('section', (r) => r.section),
    field('status', (r) => r.status, {
      tableValue: (r) => r.shownStatus,
      show: (r, ctx) => (r.shownStatus === 'draft' ? ctx.style.yellow : r.shownStatus === 'scheduled' ? ctx.style.cyan : ctx.style.green)(ctx.t(STATUS_WORDS[r.shownStatus])),
    }),
    field('published_at', (r) => r.published_at, { show: (r) => shortDate(r.published_at) }),
    field('created_at', (r) => r.created_at, { show: (r) => shortDate(r.created_at) }),
    field('updated_at', (r) => r.updated_at, { show: (r) => shortDate(r.updated_at) }),
    field('images', (r) => r.images, { show: (r) => String(r.images.length) }),
    field('tags', (r) => r.tags, { maxWidth: 30 }),
    field('score', (r) => r.score, { show: (r) => r.score.toFixed(3) }),
    field('snippet', (r) => r.snippet, { show: (r, ctx) => highlight(r.snippet, r.highlights, ctx.style, snippetWidth(ctx)) }),
    field('highlights', (r) => r.highlights),
  ],
  tableFields: ['id', 'published_at', 'section', 'title', 'snippet'],
  noun: { many: 'noun.articles', counted: 'noun.articlesCounted' },
  id: (r) => r.id,
};

/** Room left for the snippet in a terminal table of the default columns. */
function snippetWidth(ctx: Ctx): number {
  return Math.max(30, ctx.io.columns - TITLE_WIDTH - 50);
}

export function registerSearch(program: Command, ctx: Ctx, run = runSearch): void {
  program
    .command('search')
    .description(ctx.t('search.description'))
    .argument('<query...>', ctx.t('search.query'))
    .option('--section <section>', ctx.t('list.flag.section'))
    .option('--status <status>', ctx.t('search.status'), 'published')
    .option('--since <date>', ctx.t('list.flag.since'))
    .option('--until <date>', ctx.t('list.flag.until'))
    .option('--page <n>', ctx.t('list.flag.page'), '1')
    .option('--per-page <n>', ctx.t('search.perPage'))
    .option('--all', ctx.t('search.all'))
    .option('--format <format>', ctx.t('flags.listFormat'), 'table')
    .option('--fields <fields>', `${ctx.t('list.flag.fields')} ${searchListSpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText(
      'after',
      `
${ctx.t('search.notes')}

${ctx.t('help.examples')}
  $ newsdesk search dang vien
  $ newsdesk search "đảng viên" --section xay-dung-dang --since 01/01/2024
  $ newsdesk search '"nông thôn mới" OR "nong thon moi"' --format json
  $ newsdesk search -- -bong kinh te          ${ctx.t('search.exampleDash')}
  $ newsdesk search 'kinh*' --all --format ids`,
    )
    .action((query: string[], opts: Omit<SearchFlags, 'query'>) => run({ ...opts, query }, ctx));
}

export async function runSearch(opts: SearchFlags, ctx: Ctx): Promise<void> {
  const { parseFields, parseListFormat, parsePositiveInt } = await import('../output/formats.js');
  const format = parseListFormat(opts.format);
  const fields = parseFields(opts.fields, searchListSpec.fields.map((f) => f.name));
  const page = parsePositiveInt('--page', opts.page) ?? 1;
  const perPageFlag = parsePositiveInt('--per-page', opts.perPage, 1000);
  // The query is checked before the database is opened: a typo costs no I/O.
  const { parseQuery } = await import('../../core/search-query.js');
  const query: SearchQuery = parseQuery(opts.query.join(' '));

  const store = await ctx.openStore('read');
  const { parseFilter } = await import('./article/list.js');
  const filter = await parseFilter(store, opts, ['published', 'all'], 'published');
  const perPage = perPageFlag ?? (await store.site()).per_page;
  const { searchArticles, searchCount } = await import('../../search/search.js');
  const { pageInfo } = await import('../../core/paginate.js');
  const { showsTotal, writeList } = await import('../output/list.js');
  const options = {
    status: filter.status === 'published' ? ('published' as const) : ('all' as const),
    now: ctx.now(),
    ...(filter.sectionIds ? { sectionIds: filter.sectionIds } : {}),
    ...(filter.since !== undefined ? { since: filter.since } : {}),
    ...(filter.until !== undefined ? { until: filter.until } : {}),
  };
  if (format === 'count') {
    const total = await searchCount(store, query, options);
    await writeList(ctx, searchListSpec, { items: [], page: pageInfo(1, perPage, total), all: Boolean(opts.all) }, format);
    return;
  }
  // A terminal table has room for a short snippet only; every other format gets the full one.
  const terminal = format === 'table' && ctx.io.isStdoutTTY;
  const result = await searchArticles(store, query, {
    ...options,
    page,
    perPage,
    ...(opts.all ? { all: true } : {}),
    ...(terminal ? { snippetWidth: snippetWidth(ctx) } : {}),
    // Rows piped to another program show no total: counting every match would be wasted.
    ...(showsTotal(format, ctx.io.isStdoutTTY) ? {} : { total: false }),
  });
  const { highlightSpans } = await import('../../search/snippet.js');
  const { shownStatusOf } = await import('../../core/schedule.js');
  const now = ctx.now();
  const items: Row[] = result.items.map((h) => ({ ...h, titleHighlights: terminal ? highlightSpans(h.title, query) : [], shownStatus: shownStatusOf(h, now) }));
  // Without a total (not shown), the page's own rows stand for it.
  const total = result.total ?? (page - 1) * perPage + items.length;
  await writeList(ctx, searchListSpec, { items, page: pageInfo(page, perPage, total), all: Boolean(opts.all) }, format, fields);
}
