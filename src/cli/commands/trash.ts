// newsdesk trash list | restore | empty: what `article remove` took out, kept until restored
// or emptied.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { TrashEntry } from '../../store/history.js';
import { t } from '../../i18n/index.js';
import { confirmOrFail, writeOptions, type Ctx } from '../context.js';
import { parseFields, parseListFormat } from '../output/formats.js';
import type { ListSpec } from '../output/list.js';

export function registerTrash(program: Command, ctx: Ctx): void {
  const trash = program.command('trash').description(t('trash.description'));
  trash
    .command('list')
    .description(t('trash.list'))
    .option('--format <format>', t('flags.listFormat'), 'table')
    .option('--fields <list>', `${t('flags.fieldsToShow')} ${trashSpec.fields.map((f) => f.name).join(',')}`)
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk trash list\n  $ newsdesk trash list --format ids`)
    .action((opts: { format?: string; fields?: string }) => runTrashList(opts, ctx));
  trash
    .command('restore')
    .description(t('trash.restore'))
    .argument('<ids...>', t('trash.ids'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk trash restore 12 13`)
    .action((ids: string[]) => runTrashRestore(ids, ctx));
  trash
    .command('empty')
    .description(t('trash.empty'))
    .option('--older-than <age>', t('trash.olderThan'))
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk trash empty --older-than 30d --yes\n  $ newsdesk trash empty --yes`)
    .action((opts: { olderThan?: string }) => runTrashEmpty(opts, ctx));
}

interface TrashItem extends TrashEntry {
  section: string;
  deletedAtText: string;
}

const trashSpec: ListSpec<TrashItem> = {
  fields: [
    { name: 'id', get: (t) => t.id },
    { name: 'slug', get: (t) => t.slug, maxWidth: 40 },
    { name: 'title', get: (t) => t.title, maxWidth: 50 },
    { name: 'section', get: (t) => t.section },
    { name: 'deleted_at', get: (t) => t.deletedAtText, show: (t, ctx) => ctx.style.dim(t.deletedAtText.slice(0, 16).replace('T', ' ')) },
    { name: 'deleted_by', get: (t) => t.deleted_by, maxWidth: 24 },
  ],
  tableFields: ['id', 'title', 'section', 'deleted_at', 'deleted_by'],
  noun: { many: 'noun.trashed', counted: 'noun.trashedCounted' },
  id: (t) => t.id,
};

export async function runTrashList(opts: { format?: string; fields?: string }, ctx: Ctx): Promise<void> {
  const format = parseListFormat(opts.format);
  const fields = parseFields(opts.fields, trashSpec.fields.map((f) => f.name));
  const store = await ctx.openStore('read');
  const { formatIso } = await import('../../core/dates.js');
  const tz = (await store.site()).timezone;
  const slugs = await store.sectionSlugs();
  const items = (await store.trash.list()).map((t) => ({ ...t, section: slugs.get(t.section_id) ?? String(t.section_id), deletedAtText: formatIso(t.deleted_at, tz) }));
  const { writeList } = await import('../output/list.js');
  const { pageInfo } = await import('../../core/paginate.js');
  // One page holding them all.
  const page = pageInfo(1, Math.max(1, items.length), items.length);
  await writeList(ctx, trashSpec, { items, page, all: true }, format, fields);
}

export async function runTrashRestore(ids: string[], ctx: Ctx): Promise<void> {
  const write = await writeOptions(ctx);
  const store = await ctx.openStore('write');
  const { restoreFromTrash } = await import('../../ops/trash.js');
  const rows = await restoreFromTrash(store, ids, write);
  ctx.info(rows.length === 1 ? t('trash.restoredOne', { id: rows[0]!.id, slug: rows[0]!.slug }) : t('trash.restoredMany', { n: rows.length }));
}

/** An age like 30d, 12h, 90m, 2w, in ms. */
export function parseAge(flag: string, value: string): number {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(value);
  if (!m || Number(m[1]) < 1) throw new UsageError(t('age.invalid', { flag, value }));
  const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

export async function runTrashEmpty(opts: { olderThan?: string }, ctx: Ctx): Promise<void> {
  const before = opts.olderThan !== undefined ? ctx.now() - parseAge('--older-than', opts.olderThan) : undefined;
  const store = await ctx.openStore('write');
  const waiting = (await store.trash.list()).filter((e) => before === undefined || e.deleted_at < before).length;
  if (waiting === 0) {
    ctx.info(t('trash.nothing'));
    return;
  }
  if (!(await confirmOrFail(ctx, t('trash.confirmEmpty', { count: waiting, n: waiting })))) {
    ctx.info(t('remove.nothing'));
    return;
  }
  const { emptyTrash } = await import('../../ops/trash.js');
  const gone = await emptyTrash(store, before);
  ctx.info(t('trash.emptied', { count: gone.length, n: gone.length }));
}
