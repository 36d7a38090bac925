// newsdesk trash list | restore | empty: what `article remove` took out, kept until restored
// or emptied.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { TrashEntry } from '../../store/history.js';
import { confirmOrFail, writeOptions, type Ctx } from '../context.js';
import { parseFields, parseListFormat } from '../output/formats.js';
import type { ListSpec } from '../output/list.js';

export function registerTrash(program: Command, ctx: Ctx): void {
  const trash = program.command('trash').description('articles removed: list them, bring them back, or remove them for good');
  trash
    .command('list')
    .description('list the articles in the trash, the latest removed first')
    .option('--format <format>', 'table, json, ndjson, csv, ids or count', 'table')
    .option('--fields <list>', 'fields to show, comma-separated (id, slug, title, section, deleted_at, deleted_by)')
    .addHelpText('after', '\nExamples:\n  $ newsdesk trash list\n  $ newsdesk trash list --format ids')
    .action((opts: { format?: string; fields?: string }) => runTrashList(opts, ctx));
  trash
    .command('restore')
    .description('bring articles back from the trash, whole (all of them or none)')
    .argument('<ids...>', 'ids, as trash list shows them')
    .addHelpText('after', '\nExample:\n  $ newsdesk trash restore 12 13')
    .action((ids: string[]) => runTrashRestore(ids, ctx));
  trash
    .command('empty')
    .description('remove for good what the trash holds, history and all (asks first; --yes without a terminal)')
    .option('--older-than <age>', 'only what was removed longer ago than this (like 30d, 12h)')
    .addHelpText('after', '\nExamples:\n  $ newsdesk trash empty --older-than 30d --yes\n  $ newsdesk trash empty --yes')
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
  noun: { one: 'article in the trash', many: 'articles in the trash' },
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
  const page = { page: 1, perPage: Math.max(1, items.length), total: items.length, pages: 1, offset: 0 };
  await writeList(ctx, trashSpec, { items, page, all: true }, format, fields);
}

export async function runTrashRestore(ids: string[], ctx: Ctx): Promise<void> {
  const write = await writeOptions(ctx);
  const store = await ctx.openStore('write');
  const { restoreFromTrash } = await import('../../ops/trash.js');
  const rows = await restoreFromTrash(store, ids, write);
  ctx.info(`Restored ${rows.length === 1 ? `article ${rows[0]!.id}: ${rows[0]!.slug}` : `${rows.length} articles`}`);
}

/** An age like 30d, 12h, 90m, 2w, in ms. */
export function parseAge(flag: string, value: string): number {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(value);
  if (!m || Number(m[1]) < 1) throw new UsageError(`${flag} must be an age like 30d, 12h or 2w (got "${value}")`);
  const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

export async function runTrashEmpty(opts: { olderThan?: string }, ctx: Ctx): Promise<void> {
  const before = opts.olderThan !== undefined ? ctx.now() - parseAge('--older-than', opts.olderThan) : undefined;
  const store = await ctx.openStore('write');
  const waiting = (await store.trash.list()).filter((e) => before === undefined || e.deleted_at < before).length;
  if (waiting === 0) {
    ctx.info('The trash holds nothing to remove.');
    return;
  }
  if (!(await confirmOrFail(ctx, `Remove ${waiting === 1 ? '1 article' : `${waiting} articles`} for good, with their history? This cannot be undone`))) {
    ctx.info('Nothing removed.');
    return;
  }
  const { emptyTrash } = await import('../../ops/trash.js');
  const gone = await emptyTrash(store, before);
  ctx.info(`Removed for good ${gone.length === 1 ? '1 article' : `${gone.length} articles`}`);
}
