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
import { t } from '../../i18n/index.js';
import { labeller } from '../output/labels.js';

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
    { name: 'kind', get: (s) => s.kind, show: (s) => kindWord(s.kind) },
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
  const section = program.command('section').description(t('section.description'));
  section
    .command('add')
    .description(t('section.add'))
    .argument('<title>', t('section.titleArg'))
    .option('--slug <slug>', t('section.slug'))
    .option('--kind <kind>', t('section.kind'), 'articles')
    .option('--parent <section>', t('section.parent'))
    .option('--position <n>', t('section.position'))
    .option('--description <text>', t('section.descriptionFlag'))
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk section add "Hệ thống chính trị"\n  $ newsdesk section add "Huyện ủy" --parent he-thong-chinh-tri\n  $ newsdesk section add "Liên kết Website" --kind links`)
    .action((title: string, opts: SectionFlags) => runSectionAdd(title, opts, ctx));
  section
    .command('list')
    .description(t('section.list'))
    .option('--format <format>', t('flags.listFormat'), 'table')
    .option('--fields <fields>', `${t('flags.fieldsToShow')} ${sectionListSpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk section list --format json`)
    .action((opts: { format: string; fields?: string }) => runSectionList(opts, ctx));
  section
    .command('show')
    .description(t('section.show'))
    .argument('<section>', t('article.ref'))
    .option('--format <format>', t('flags.textOrJson'), 'text')
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk section show he-thong-chinh-tri`)
    .action((ref: string, opts: { format: string }) => runSectionShow(ref, opts, ctx));
  section
    .command('edit')
    .description(t('section.edit'))
    .argument('<section>', t('article.ref'))
    .option('--title <title>', t('section.newTitle'))
    .option('--slug <slug>', t('section.newSlug'))
    .option('--kind <kind>', t('section.newKind'))
    .option('--parent <section>', t('section.newParent'))
    .option('--position <n>', t('section.newPosition'))
    .option('--description <text>', t('section.newDescription'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk section edit huyen-uy --title "Huyện ủy Sơn Lâm"`)
    .action((ref: string, opts: SectionFlags) => runSectionEdit(ref, opts, ctx));
  section
    .command('move')
    .description(t('section.move'))
    .argument('<section>', t('article.ref'))
    .option('--before <section>', t('section.before'))
    .option('--after <section>', t('section.after'))
    .option('--parent <section>', t('section.moveParent'))
    .option('--position <n>', t('section.movePosition'))
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk section move tin-tuc --before gioi-thieu-chung\n  $ newsdesk section move huyen-uy --parent he-thong-chinh-tri --position 1`)
    .action((ref: string, opts: { before?: string; after?: string; parent?: string; position?: string }) => runSectionMove(ref, opts, ctx));
  section
    .command('remove')
    .description(t('section.remove'))
    .argument('<section>', t('article.ref'))
    .option('--move-articles-to <section>', t('section.moveArticlesTo'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk section remove tin-cu --move-articles-to tin-tuc --yes`)
    .action((ref: string, opts: { moveArticlesTo?: string }) => runSectionRemove(ref, opts, ctx));
}

/** A section's kind as a person reads it (the stored word in English). */
function kindWord(kind: string): string {
  return kind === 'links' ? t('kind.links') : kind === 'articles' ? t('kind.articles') : kind;
}

function sectionRaw(title: string | undefined, opts: SectionFlags): Record<string, unknown> {
  const position = parsePositiveInt('--position', opts.position);
  if (opts.kind !== undefined && opts.kind !== 'articles' && opts.kind !== 'links') throw new UsageError(t('section.badKind', { value: opts.kind }));
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
  const label = labeller(['label.id', 'label.slug', 'label.kind', 'label.parent', 'label.position', 'label.contents', 'label.description']);
  const lines = [
    ctx.style.bold(rec.title),
    `${label('label.id')}${rec.id}`,
    `${label('label.slug')}${rec.slug}`,
    `${label('label.kind')}${kindWord(rec.kind)}`,
    `${label('label.parent')}${rec.parent ?? t('section.topLevelShown')}`,
    `${label('label.position')}${rec.position}`,
    `${label('label.contents')}${t('section.contents', { articles: c.articles, links: c.links, children: c.children })}`,
  ];
  if (rec.description) lines.push(`${label('label.description')}${rec.description}`);
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
  ctx.info(t('section.added', { slug: row.slug, id: row.id }));
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
  if (Object.keys(raw).length === 0) throw new UsageError(t('edit.nothingToChange'), t('edit.giveOneOf', { flags: '--title, --slug, --kind, --parent, --position, --description' }));
  const { sectionInput } = await import('../../core/records.js');
  const { checkFlags } = await import('../flags.js');
  await checkFlags(sectionInput.partial(), raw);
  const { editSection } = await import('../../ops/sections.js');
  const store = await ctx.openStore('write');
  const row = await editSection(store, ref, raw);
  ctx.info(t('section.updated', { slug: row.slug }));
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
  const parent = row.parent_id === null ? t('section.topLevel') : (await store.sections.find(row.parent_id))?.slug;
  ctx.info(t('section.moved', { slug: row.slug, position: row.position, parent: String(parent) }));
}

export async function runSectionRemove(ref: string, opts: { moveArticlesTo?: string }, ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const { requireSection } = await import('../../ops/common.js');
  const section = await requireSection(store, ref);
  if (!(await confirmOrFail(ctx, t('section.confirmRemove', { title: section.title, slug: section.slug })))) {
    ctx.info(t('remove.nothing'));
    return;
  }
  const { removeSection } = await import('../../ops/sections.js');
  const r = await removeSection(store, ref, opts.moveArticlesTo, ctx.now(), await (await import('../context.js')).writerOf(ctx));
  const moved = r.movedArticles + r.movedLinks + r.movedChildren;
  ctx.info(
    moved
      ? t('section.removedMoved', { slug: r.section.slug, articles: r.movedArticles, links: r.movedLinks, children: r.movedChildren, to: String(opts.moveArticlesTo) })
      : t('section.removed', { slug: r.section.slug }),
  );
}
