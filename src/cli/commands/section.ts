// newsdesk section add | list | show | edit | move | remove
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { confirmOrFail } from '../context.js';
import { UsageError } from '../../core/errors.js';
import type { SectionRecord } from '../../core/records.js';
import type { Store } from '../../store/store.js';
import type { SectionRow } from '../../store/rows.js';
import type { ListSpec } from '../output/list.js';
import { parseFields, parseListFormat, parseShowFormat, parsePositiveInt } from '../output/formats.js';

interface SectionFlags {
  slug?: string;
  title?: string;
  kind?: string;
  parent?: string;
  position?: string;
  description?: string;
}

type Listed = SectionRecord & { depth: number };

export const sectionListSpec: ListSpec<Listed> = {
  fields: [
    { name: 'id', get: (s) => s.id },
    { name: 'slug', get: (s) => s.slug },
    { name: 'title', get: (s) => s.title, show: (s) => `${'  '.repeat(s.depth)}${s.title}`, maxWidth: 60 },
    { name: 'kind', get: (s) => s.kind },
    { name: 'parent', get: (s) => s.parent },
    { name: 'position', get: (s) => s.position },
    { name: 'description', get: (s) => s.description, maxWidth: 40 },
    { name: 'depth', get: (s) => s.depth },
  ],
  tableFields: ['id', 'slug', 'title', 'kind', 'position'],
  dataFields: ['id', 'slug', 'title', 'kind', 'parent', 'position', 'description'],
  noun: { many: 'noun.sections', counted: 'noun.sectionsCounted' },
  id: (s) => s.id,
};

export function registerSection(program: Command, ctx: Ctx): void {
  const section = program.command('section').description('the menu: a tree of sections (articles or links)');
  section
    .command('add')
    .description('add a section')
    .argument('<title>', 'the title shown in the menu')
    .option('--slug <slug>', 'address name (default: derived from the title)')
    .option('--kind <kind>', 'articles or links', 'articles')
    .option('--parent <section>', 'parent section (id or slug)')
    .option('--position <n>', 'place among its siblings, from 1 (default: last)')
    .option('--description <text>', 'a short description')
    .addHelpText('after', '\nExamples:\n  $ newsdesk section add "Hệ thống chính trị"\n  $ newsdesk section add "Huyện ủy" --parent he-thong-chinh-tri\n  $ newsdesk section add "Liên kết Website" --kind links')
    .action((title: string, opts: SectionFlags) => runSectionAdd(title, opts, ctx));
  section
    .command('list')
    .description('list sections in menu order (depth first, siblings by position)')
    .option('--format <format>', 'table, json, ndjson, csv, ids or count', 'table')
    .option('--fields <fields>', `fields to show: ${sectionListSpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText('after', '\nExample:\n  $ newsdesk section list --format json')
    .action((opts: { format: string; fields?: string }) => runSectionList(opts, ctx));
  section
    .command('show')
    .description('show one section')
    .argument('<section>', 'id or slug')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExample:\n  $ newsdesk section show he-thong-chinh-tri')
    .action((ref: string, opts: { format: string }) => runSectionShow(ref, opts, ctx));
  section
    .command('edit')
    .description('change a section')
    .argument('<section>', 'id or slug')
    .option('--title <title>', 'new title')
    .option('--slug <slug>', 'new slug')
    .option('--kind <kind>', 'articles or links (only while empty)')
    .option('--parent <section>', 'new parent (id or slug; "" for the top level)')
    .option('--position <n>', 'new place among its siblings')
    .option('--description <text>', 'new description')
    .addHelpText('after', '\nExample:\n  $ newsdesk section edit huyen-uy --title "Huyện ủy Sơn Lâm"')
    .action((ref: string, opts: SectionFlags) => runSectionEdit(ref, opts, ctx));
  section
    .command('move')
    .description('reorder or re-parent a section')
    .argument('<section>', 'id or slug')
    .option('--before <section>', 'place it just before this section')
    .option('--after <section>', 'place it just after this section')
    .option('--parent <section>', 'make it a subsection of this one ("" for the top level)')
    .option('--position <n>', 'place among its siblings, from 1')
    .addHelpText('after', '\nExamples:\n  $ newsdesk section move tin-tuc --before gioi-thieu-chung\n  $ newsdesk section move huyen-uy --parent he-thong-chinh-tri --position 1')
    .action((ref: string, opts: { before?: string; after?: string; parent?: string; position?: string }) => runSectionMove(ref, opts, ctx));
  section
    .command('remove')
    .description('remove a section (refused while it holds anything, unless --move-articles-to)')
    .argument('<section>', 'id or slug')
    .option('--move-articles-to <section>', 'first move its articles (or links) and subsections there')
    .addHelpText('after', '\nExample:\n  $ newsdesk section remove tin-cu --move-articles-to tin-tuc --yes')
    .action((ref: string, opts: { moveArticlesTo?: string }) => runSectionRemove(ref, opts, ctx));
}

function sectionRaw(title: string | undefined, opts: SectionFlags): Record<string, unknown> {
  const position = parsePositiveInt('--position', opts.position);
  if (opts.kind !== undefined && opts.kind !== 'articles' && opts.kind !== 'links') throw new UsageError(`--kind must be articles or links (got "${opts.kind}")`);
  return {
    ...(title !== undefined ? { title } : {}),
    ...(opts.slug !== undefined ? { slug: opts.slug } : {}),
    ...(opts.kind !== undefined ? { kind: opts.kind } : {}),
    ...(opts.parent !== undefined ? { parent: opts.parent === '' ? null : opts.parent } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
  };
}

async function listed(store: Store): Promise<Listed[]> {
  const { sectionRecord } = await import('../../store/rows.js');
  const rows = await store.sections.tree();
  const slugs = new Map(rows.map((r) => [r.id, r.slug]));
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = r.parent_id === null ? 0 : (depth.get(r.parent_id) ?? 0) + 1;
    depth.set(r.id, d);
    return { ...sectionRecord(r, (id) => slugs.get(id)), depth: d };
  });
}

async function printSection(ctx: Ctx, store: Store, row: SectionRow, format: 'text' | 'json'): Promise<void> {
  const { sectionRecord } = await import('../../ops/sections.js');
  const rec = await sectionRecord(store, row);
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(rec, null, 2)}\n`);
    return;
  }
  const c = await store.sections.contents(row.id);
  const lines = [
    ctx.style.bold(rec.title),
    `id:          ${rec.id}`,
    `slug:        ${rec.slug}`,
    `kind:        ${rec.kind}`,
    `parent:      ${rec.parent ?? '(top level)'}`,
    `position:    ${rec.position}`,
    `contents:    ${c.articles} articles, ${c.links} links, ${c.children} subsections`,
  ];
  if (rec.description) lines.push(`description: ${rec.description}`);
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
}

export async function runSectionAdd(title: string, opts: SectionFlags, ctx: Ctx): Promise<void> {
  const { sectionInput } = await import('../../core/records.js');
  const { checkFlags } = await import('../flags.js');
  const raw = sectionRaw(title, opts);
  await checkFlags(sectionInput, raw);
  const { addSection } = await import('../../ops/sections.js');
  const store = await ctx.openStore('write');
  const row = await addSection(store, raw);
  ctx.io.stdout.write(`${row.id}\n`);
  ctx.info(`Added section ${row.slug} (id ${row.id})`);
}

export async function runSectionList(opts: { format: string; fields?: string }, ctx: Ctx): Promise<void> {
  const format = parseListFormat(opts.format);
  const fields = parseFields(opts.fields, sectionListSpec.fields.map((f) => f.name));
  const store = await ctx.openStore('read');
  const items = await listed(store);
  const { writeList } = await import('../output/list.js');
  const { pageInfo } = await import('../../core/paginate.js');
  await writeList(ctx, sectionListSpec, { items, page: pageInfo(1, Math.max(1, items.length), items.length), all: true }, format, fields);
}

export async function runSectionShow(ref: string, opts: { format: string }, ctx: Ctx): Promise<void> {
  const format = parseShowFormat(opts.format);
  const store = await ctx.openStore('read');
  const { requireSection } = await import('../../ops/common.js');
  await printSection(ctx, store, await requireSection(store, ref), format);
}

export async function runSectionEdit(ref: string, opts: SectionFlags, ctx: Ctx): Promise<void> {
  const raw = sectionRaw(opts.title, opts);
  if (Object.keys(raw).length === 0) throw new UsageError('nothing to change', 'give at least one of --title, --slug, --kind, --parent, --position, --description');
  const { sectionInput } = await import('../../core/records.js');
  const { checkFlags } = await import('../flags.js');
  await checkFlags(sectionInput.partial(), raw);
  const { editSection } = await import('../../ops/sections.js');
  const store = await ctx.openStore('write');
  const row = await editSection(store, ref, raw);
  ctx.info(`Updated section ${row.slug}`);
}

export async function runSectionMove(ref: string, opts: { before?: string; after?: string; parent?: string; position?: string }, ctx: Ctx): Promise<void> {
  const position = parsePositiveInt('--position', opts.position);
  const { moveSection } = await import('../../ops/sections.js');
  const store = await ctx.openStore('write');
  const row = await moveSection(store, ref, {
    ...(opts.before !== undefined ? { before: opts.before } : {}),
    ...(opts.after !== undefined ? { after: opts.after } : {}),
    ...(opts.parent !== undefined ? { parent: opts.parent === '' ? null : opts.parent } : {}),
    ...(position !== undefined ? { position } : {}),
  });
  const parent = row.parent_id === null ? 'the top level' : (await store.sections.find(row.parent_id))?.slug;
  ctx.info(`Moved ${row.slug} to position ${row.position} under ${parent}`);
}

export async function runSectionRemove(ref: string, opts: { moveArticlesTo?: string }, ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const { requireSection } = await import('../../ops/common.js');
  const section = await requireSection(store, ref);
  if (!(await confirmOrFail(ctx, `Remove section "${section.title}" (${section.slug})?`))) {
    ctx.info('Nothing removed.');
    return;
  }
  const { removeSection } = await import('../../ops/sections.js');
  const r = await removeSection(store, ref, opts.moveArticlesTo, ctx.now());
  const moved = r.movedArticles + r.movedLinks + r.movedChildren;
  ctx.info(`Removed section ${r.section.slug}${moved ? ` (moved ${r.movedArticles} articles, ${r.movedLinks} links, ${r.movedChildren} subsections to ${opts.moveArticlesTo})` : ''}`);
}
