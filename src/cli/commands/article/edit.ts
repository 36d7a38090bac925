// newsdesk article edit: change the fields named; on a terminal with no flags, ask with the
// current values offered.
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import type { ArticleRow } from '../../../store/rows.js';
import type { Store } from '../../../store/store.js';
import { articleFieldFlags, articleRawFromFlags, statusChoices, type ArticleFlags, type ImageFlag } from './flags.js';
import { statusWord } from '../../output/status.js';
import { t } from '../../../i18n/index.js';

export function registerArticleEdit(article: Command, ctx: Ctx): void {
  const cmd = article.command('edit').description(t('article.edit')).argument('<article>', t('article.ref'));
  const images = articleFieldFlags(cmd);
  cmd
    .option('--editor', t('article.editorFlag'))
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk article edit 12 --title "Tiêu đề mới" --status published
  $ newsdesk article edit 12 --editor
  $ newsdesk article edit 12            # ${t('article.editExampleAsk')}`,
    )
    .action((ref: string, opts: ArticleFlags) => runArticleEdit(ref, opts, images, ctx));
}

async function askForChanges(ctx: Ctx, store: Store, current: ArticleRow): Promise<Record<string, unknown>> {
  const p = ctx.prompter;
  const { formatShort, parseDate } = await import('../../../core/dates.js');
  const tz = (await store.site()).timezone;
  const sections = (await store.sections.tree()).filter((s) => s.kind === 'articles');
  const currentSection = sections.find((s) => s.id === current.section_id)?.slug;
  const raw: Record<string, unknown> = {
    title: await p.input(t('prompt.title'), { default: current.title, required: true }),
    section: await p.select(t('prompt.section'), sections.map((s) => ({ name: `${s.title} (${s.slug})`, value: s.slug })), currentSection),
    summary: await p.input(t('prompt.summary'), { default: current.summary }),
  };
  if (await p.confirm(t('prompt.editBody'), false)) raw.body = await p.editor(t('prompt.body'), current.body);
  raw.author = await p.input(t('prompt.author'), { default: current.author });
  raw.source = await p.input(t('prompt.source'), { default: current.source });
  const shownDate = current.published_at === null ? '' : formatShort(current.published_at, tz);
  const date = await p.input(t('prompt.dateOrEmpty'), {
    default: shownDate,
    validate: (v) => (v.trim() === '' || parseDate(v, tz) ? true : t('dates.formatsHint')),
  });
  // The default shows minutes only: taking it keeps the stored date, seconds included.
  if (date.trim() !== shownDate) raw.published_at = date.trim() === '' ? null : date;
  raw.status = await p.select(t('prompt.status'), statusChoices(), current.status);
  return raw;
}

export async function runArticleEdit(ref: string, opts: ArticleFlags, images: ImageFlag[], ctx: Ctx): Promise<void> {
  const raw = await articleRawFromFlags(opts, images, ctx);
  const noFlags = Object.keys(raw).length === 0 && !opts.editor;
  if (noFlags && !ctx.canPrompt) {
    throw new UsageError(t('edit.nothingToChange'), t('article.editHint'));
  }
  if (opts.editor && !ctx.canPrompt) throw new UsageError(t('article.editorNeedsTerminal'), t('article.editorHint'));
  const { articlePatch } = await import('../../../core/records.js');
  const { checkFlags } = await import('../../flags.js');
  const store = await ctx.openStore('write');
  await checkFlags(articlePatch((await store.site()).timezone), raw);
  const { requireArticle } = await import('../../../ops/common.js');
  const current = await requireArticle(store, ref);
  let changes = raw;
  if (noFlags) changes = await askForChanges(ctx, store, current);
  if (opts.editor) changes.body = await ctx.prompter.editor(t('prompt.body'), typeof raw.body === 'string' ? raw.body : current.body);
  const { editArticle } = await import('../../../ops/articles.js');
  const row = await editArticle(store, String(current.id), changes, { now: ctx.now(), imageBaseDir: ctx.cwd });
  const { shownStatus } = await import('../../../core/schedule.js');
  ctx.info(t('article.updated', { id: row.id, slug: row.slug, status: statusWord(shownStatus(row.status, row.published_at, ctx.now())) }));
}
