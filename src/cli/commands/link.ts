// newsdesk link add | list | edit | remove: entries of `links` sections.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../../core/errors.js';
import type { LinkRecord } from '../../core/records.js';
import type { ListSpec } from '../output/list.js';
import { parseFields, parseListFormat, parsePositiveInt } from '../output/formats.js';
import { t } from '../../i18n/index.js';

export const linkListSpec: ListSpec<LinkRecord> = {
  fields: [
    { name: 'id', get: (l) => l.id },
    { name: 'section', get: (l) => l.section },
    { name: 'title', get: (l) => l.title, maxWidth: 50 },
    { name: 'url', get: (l) => l.url, maxWidth: 60 },
    { name: 'position', get: (l) => l.position },
  ],
  tableFields: ['id', 'section', 'position', 'title', 'url'],
  noun: { many: 'noun.links', counted: 'noun.linksCounted' },
  id: (l) => l.id,
};

interface LinkFlags {
  title?: string;
  url?: string;
  section?: string;
  position?: string;
}

export function registerLink(program: Command, ctx: Ctx): void {
  const link = program.command('link').description(t('link.description'));
  link
    .command('add')
    .description(t('link.add'))
    .argument('<section>', t('link.sectionArg'))
    .argument('<title>', t('link.titleArg'))
    .argument('<url>', t('link.urlArg'))
    .option('--position <n>', t('link.position'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk link add lien-ket-website "Cổng thông tin điện tử Chính phủ" https://chinhphu.vn`)
    .action((section: string, title: string, url: string, opts: { position?: string }) => runLinkAdd(section, title, url, opts, ctx));
  link
    .command('list')
    .description(t('link.list'))
    .argument('[section]', t('link.onlySection'))
    .option('--format <format>', t('flags.listFormat'), 'table')
    .option('--fields <fields>', `${t('flags.fieldsToShow')} ${linkListSpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk link list lien-ket-website --format csv`)
    .action((section: string | undefined, opts: { format: string; fields?: string }) => runLinkList(section, opts, ctx));
  link
    .command('edit')
    .description(t('link.edit'))
    .argument('<id>', t('link.idArgList'))
    .option('--title <title>', t('link.newTitle'))
    .option('--url <url>', t('link.newUrl'))
    .option('--section <section>', t('link.newSection'))
    .option('--position <n>', t('link.newPosition'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk link edit 3 --url https://nghean.gov.vn`)
    .action((id: string, opts: LinkFlags) => runLinkEdit(id, opts, ctx));
  link
    .command('remove')
    .description(t('link.remove'))
    .argument('<id>', t('link.idArg'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk link remove 3`)
    .action((id: string) => runLinkRemove(id, ctx));
}

export async function runLinkAdd(section: string, title: string, url: string, opts: { position?: string }, ctx: Ctx): Promise<void> {
  const position = parsePositiveInt('--position', opts.position);
  const raw = { section, title, url, ...(position !== undefined ? { position } : {}) };
  const { linkInput } = await import('../../core/records.js');
  const { checkFlags } = await import('../flags.js');
  await checkFlags(linkInput, raw);
  const { addLink } = await import('../../ops/links.js');
  const store = await ctx.openStore('write');
  const row = await addLink(store, raw);
  ctx.io.stdout.write(`${row.id}\n`);
  ctx.info(t('link.added', { id: row.id, section }));
}

export async function runLinkList(section: string | undefined, opts: { format: string; fields?: string }, ctx: Ctx): Promise<void> {
  const format = parseListFormat(opts.format);
  const fields = parseFields(opts.fields, linkListSpec.fields.map((f) => f.name));
  const store = await ctx.openStore('read');
  const { requireSection } = await import('../../ops/common.js');
  const { linkRecord } = await import('../../ops/links.js');
  const slugs = (await store.sectionSlugs());
  const order = new Map((await store.sections.tree()).map((s, i) => [s.id, i]));
  const rows = section !== undefined ? await store.links.inSection((await requireSection(store, section)).id) : (await store.links.all()).sort((a, b) => (order.get(a.section_id) ?? 0) - (order.get(b.section_id) ?? 0) || a.position - b.position || a.id - b.id);
  const items = rows.map((r) => linkRecord(r, slugs));
  const { writeList } = await import('../output/list.js');
  const { pageInfo } = await import('../../core/paginate.js');
  await writeList(ctx, linkListSpec, { items, page: pageInfo(1, Math.max(1, items.length), items.length), all: true }, format, fields);
}

export async function runLinkEdit(id: string, opts: LinkFlags, ctx: Ctx): Promise<void> {
  const position = parsePositiveInt('--position', opts.position);
  const raw = {
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.url !== undefined ? { url: opts.url } : {}),
    ...(opts.section !== undefined ? { section: opts.section } : {}),
    ...(position !== undefined ? { position } : {}),
  };
  if (Object.keys(raw).length === 0) throw new UsageError(t('edit.nothingToChange'), t('edit.giveOneOf', { flags: '--title, --url, --section, --position' }));
  const { linkInput } = await import('../../core/records.js');
  const { checkFlags } = await import('../flags.js');
  await checkFlags(linkInput.partial(), raw);
  const { editLink } = await import('../../ops/links.js');
  const store = await ctx.openStore('write');
  const row = await editLink(store, id, raw);
  ctx.info(t('link.updated', { id: row.id }));
}

export async function runLinkRemove(id: string, ctx: Ctx): Promise<void> {
  const { removeLink } = await import('../../ops/links.js');
  const store = await ctx.openStore('write');
  const row = await removeLink(store, id);
  ctx.info(t('link.removed', { id: row.id, title: row.title }));
}
