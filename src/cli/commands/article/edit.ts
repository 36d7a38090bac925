// newsdesk article edit: change the fields named; on a terminal with no flags, ask with the
// current values offered.
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import type { ArticleRow } from '../../../store/rows.js';
import type { Store } from '../../../store/store.js';
import { articleFieldFlags, articleRawFromFlags, type ArticleFlags, type ImageFlag } from './flags.js';

export function registerArticleEdit(article: Command, ctx: Ctx): void {
  const cmd = article.command('edit').description('change an article (--image and --tag replace the lists)').argument('<article>', 'id or slug');
  const images = articleFieldFlags(cmd);
  cmd
    .option('--editor', 'edit the body in $EDITOR')
    .addHelpText(
      'after',
      `
Examples:
  $ newsdesk article edit 12 --title "Tiêu đề mới" --status published
  $ newsdesk article edit 12 --editor
  $ newsdesk article edit 12            # on a terminal: asks, offering the current values`,
    )
    .action((ref: string, opts: ArticleFlags) => runArticleEdit(ref, opts, images, ctx));
}

async function askForChanges(ctx: Ctx, store: Store, current: ArticleRow): Promise<Record<string, unknown>> {
  const p = ctx.prompter;
  const { formatShort, parseDate, DATE_FORMATS_HINT } = await import('../../../core/dates.js');
  const tz = (await store.site()).timezone;
  const sections = (await store.sections.tree()).filter((s) => s.kind === 'articles');
  const currentSection = sections.find((s) => s.id === current.section_id)?.slug;
  const raw: Record<string, unknown> = {
    title: await p.input('Title', { default: current.title, required: true }),
    section: await p.select('Section', sections.map((s) => ({ name: `${s.title} (${s.slug})`, value: s.slug })), currentSection),
    summary: await p.input('Summary', { default: current.summary }),
  };
  if (await p.confirm('Edit the body in your editor?', false)) raw.body = await p.editor('Body (Markdown)', current.body);
  raw.author = await p.input('Author', { default: current.author });
  raw.source = await p.input('Source', { default: current.source });
  const shownDate = current.published_at === null ? '' : formatShort(current.published_at, tz);
  const date = await p.input('Date (dd/mm/yyyy HH:mm, empty for none)', {
    default: shownDate,
    validate: (v) => (v.trim() === '' || parseDate(v, tz) ? true : DATE_FORMATS_HINT),
  });
  // The default shows minutes only: taking it keeps the stored date, seconds included.
  if (date.trim() !== shownDate) raw.published_at = date.trim() === '' ? null : date;
  raw.status = await p.select('Status', [
    { name: 'draft', value: 'draft' },
    { name: 'published', value: 'published' },
  ], current.status);
  return raw;
}

export async function runArticleEdit(ref: string, opts: ArticleFlags, images: ImageFlag[], ctx: Ctx): Promise<void> {
  const raw = await articleRawFromFlags(opts, images, ctx);
  const noFlags = Object.keys(raw).length === 0 && !opts.editor;
  if (noFlags && !ctx.canPrompt) {
    throw new UsageError('nothing to change', 'give the fields to change as flags (--title, --body-file, --status …), or run it on a terminal');
  }
  if (opts.editor && !ctx.canPrompt) throw new UsageError('--editor needs a terminal', 'use --body-file PATH or --body-file - instead');
  const { articlePatch } = await import('../../../core/records.js');
  const { checkFlags } = await import('../../flags.js');
  const store = await ctx.openStore('write');
  await checkFlags(articlePatch((await store.site()).timezone), raw);
  const { requireArticle } = await import('../../../ops/common.js');
  const current = await requireArticle(store, ref);
  let changes = raw;
  if (noFlags) changes = await askForChanges(ctx, store, current);
  if (opts.editor) changes.body = await ctx.prompter.editor('Body (Markdown)', typeof raw.body === 'string' ? raw.body : current.body);
  const { editArticle } = await import('../../../ops/articles.js');
  const row = await editArticle(store, String(current.id), changes, { now: ctx.now(), imageBaseDir: ctx.cwd });
  const { shownStatus } = await import('../../../core/schedule.js');
  ctx.info(`Updated article ${row.id}: ${row.slug} (${shownStatus(row.status, row.published_at, ctx.now())})`);
}
