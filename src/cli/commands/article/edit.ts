// newsdesk article edit: change the fields named; on a terminal with no flags, ask with the
// current values offered.
import type { Command } from 'commander';
import { RevisionConflictError, UsageError } from '../../../core/errors.js';
import { writeOptions, type Ctx } from '../../context.js';
import type { ArticleRow } from '../../../store/rows.js';
import type { Store } from '../../../store/store.js';
import { articleFieldFlags, articleRawFromFlags, type ArticleFlags, type ImageFlag } from './flags.js';

export function registerArticleEdit(article: Command, ctx: Ctx): void {
  const cmd = article.command('edit').description('change an article (--image and --tag replace the lists)').argument('<article>', 'id or slug');
  const images = articleFieldFlags(cmd);
  cmd
    .option('--editor', 'edit the body in $EDITOR')
    .option('--if-revision <n>', 'only if the article is still at this revision (else exit 1, nothing changed)')
    .option('-m, --message <text>', 'why: kept with the revision')
    .addHelpText(
      'after',
      `
Examples:
  $ newsdesk article edit 12 --title "Tiêu đề mới" --status published
  $ newsdesk article edit 12 --editor
  $ newsdesk article edit 12            # on a terminal: asks, offering the current values
  $ newsdesk article edit 12 --if-revision 4 --body-file body.md -m "sửa lỗi chính tả"`,
    )
    .action((ref: string, opts: EditFlags) => runArticleEdit(ref, opts, images, ctx));
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

type EditFlags = ArticleFlags & { ifRevision?: string; message?: string };

export async function runArticleEdit(ref: string, opts: EditFlags, images: ImageFlag[], ctx: Ctx): Promise<void> {
  const { ifRevision, message, ...fieldFlags } = opts;
  const write = await writeOptions(ctx, { ifRevision, message });
  const raw = await articleRawFromFlags(fieldFlags, images, ctx);
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
  const { expectRevision, editArticle } = await import('../../../ops/articles.js');
  expectRevision(current, write);
  const interactive = noFlags || Boolean(opts.editor);
  let changes = raw;
  if (noFlags) changes = await askForChanges(ctx, store, current);
  if (opts.editor) changes.body = await ctx.prompter.editor('Body (Markdown)', typeof raw.body === 'string' ? raw.body : current.body);
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
  ctx.info(`Updated article ${row.id}: ${row.slug} (${shownStatus(row.status, row.published_at, ctx.now())})`);
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
    `your changes are kept in ${file}; see what changed with \`newsdesk article diff ${err.articleId} ${err.expected} ${err.actual}\`, then edit again`,
  );
}
