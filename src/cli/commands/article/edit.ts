// newsdesk article edit: change the fields named; on a terminal with no flags, ask with the
// current values offered.
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { RevisionConflictError } from '../../../core/revision-conflict.js';
import { writeOptions, type Ctx } from '../../context.js';
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
    .option('--if-revision <n>', t('flags.ifRevision'))
    .option('-m, --message <text>', t('flags.message'))
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk article edit 12 --title "Tiêu đề mới" --status published
  $ newsdesk article edit 12 --editor
  $ newsdesk article edit 12            # ${t('article.editExampleAsk')}
  $ newsdesk article edit 12 --if-revision 4 --body-file body.md -m "sửa lỗi chính tả"`,
    )
    .action((ref: string, opts: EditFlags) => runArticleEdit(ref, opts, images, ctx));
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

type EditFlags = ArticleFlags & { ifRevision?: string; message?: string };

export async function runArticleEdit(ref: string, opts: EditFlags, images: ImageFlag[], ctx: Ctx): Promise<void> {
  const { ifRevision, message, ...fieldFlags } = opts;
  const write = await writeOptions(ctx, { ifRevision, message });
  const raw = await articleRawFromFlags(fieldFlags, images, ctx);
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
  const { expectRevision, editArticle } = await import('../../../ops/articles.js');
  expectRevision(current, write);
  const interactive = noFlags || Boolean(opts.editor);
  let changes = raw;
  if (noFlags) changes = await askForChanges(ctx, store, current);
  if (opts.editor) changes.body = await ctx.prompter.editor(t('prompt.body'), typeof raw.body === 'string' ? raw.body : current.body);
  // Asking took a while: whoever saved meanwhile is not overwritten (the revision read is expected).
  const expected = interactive ? { ...write, ifRevision: write.ifRevision ?? current.revision } : write;
  let row;
  try {
    row = await editArticle(store, String(current.id), changes, { ...expected, imageBaseDir: ctx.cwd });
  } catch (err) {
    if (interactive && err instanceof RevisionConflictError) throw await keptEdit(ctx, current, changes, err);
    throw err;
  }
  const { shownStatus } = await import('../../../core/schedule.js');
  ctx.info(t('article.updated', { id: row.id, slug: row.slug, status: statusWord(shownStatus(row.status, row.published_at, ctx.now())) }));
}

/**
 * Someone saved the article while it was being edited here: what was typed is kept in a file
 * (nothing lost), and the error names it.
 */
async function keptEdit(ctx: Ctx, current: ArticleRow, changes: Record<string, unknown>, err: RevisionConflictError): Promise<RevisionConflictError> {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-edit-'));
  const file = join(dir, `article-${current.id}-revision-${current.revision}.${typeof changes.body === 'string' && Object.keys(changes).length === 1 ? 'md' : 'json'}`);
  writeFileSync(file, file.endsWith('.md') ? String(changes.body) : `${JSON.stringify(changes, null, 2)}\n`, { mode: 0o600 });
  return new RevisionConflictError(
    err.articleId,
    err.expected,
    err.actual,
    t('article.keptEditHint', { file, id: err.articleId, expected: err.expected, actual: err.actual }),
  );
}
