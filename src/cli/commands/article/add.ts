// newsdesk article add: from flags, or by questions on a terminal.
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import type { Store } from '../../../store/store.js';
import { articleFieldFlags, articleRawFromFlags, hasFieldFlags, statusChoices, type ArticleFlags, type ImageFlag } from './flags.js';
import { statusWord } from '../../output/status.js';
import { t } from '../../../i18n/index.js';

export function registerArticleAdd(article: Command, ctx: Ctx): void {
  const cmd = article.command('add').description(t('article.add'));
  const images = articleFieldFlags(cmd);
  cmd
    .addHelpText(
      'after',
      `
${t('help.examples')}
  $ newsdesk article add --title "Sơn Lâm: Nâng cao chất lượng phát triển đảng viên" \\
      --section he-thong-chinh-tri --published-at "23/10/2020 08:37 PM" --body-file body.md --status published
  $ newsdesk article add --title "Lễ hội đền Chín Gian" --section van-hoa \\
      --image photo.jpg --caption "Nghi lễ tại đền" --tag "lễ hội"
  $ newsdesk article add            # ${t('article.addExampleAsk')}`,
    )
    .action((opts: ArticleFlags) => runArticleAdd(opts, images, ctx));
}

/** Asks for the fields a new article needs; `raw` holds what flags gave. */
async function askForArticle(ctx: Ctx, store: Store, raw: Record<string, unknown>, everything: boolean): Promise<void> {
  const p = ctx.prompter;
  if (raw.title === undefined) raw.title = await p.input(t('prompt.title'), { required: true });
  if (raw.section === undefined) {
    const sections = (await store.sections.tree()).filter((s) => s.kind === 'articles');
    if (sections.length === 0) throw new UsageError(t('article.noSection'), t('article.noSectionHint'));
    const depth = new Map<number, number>();
    const choices = sections.map((s) => {
      const d = s.parent_id === null ? 0 : (depth.get(s.parent_id) ?? 0) + 1;
      depth.set(s.id, d);
      return { name: `${'  '.repeat(d)}${s.title} (${s.slug})`, value: s.slug };
    });
    raw.section = await p.select(t('prompt.section'), choices);
  }
  if (!everything) return;
  if (raw.summary === undefined) raw.summary = await p.input(t('prompt.summary'));
  if (raw.body === undefined) raw.body = await p.editor(t('prompt.bodyEditorOpens'), '');
  if (raw.author === undefined) raw.author = await p.input(t('prompt.author'));
  if (raw.source === undefined) raw.source = await p.input(t('prompt.source'));
  if (raw.published_at === undefined) {
    const { formatShort, parseDate } = await import('../../../core/dates.js');
    const tz = (await store.site()).timezone;
    raw.published_at = await p.input(t('prompt.date'), {
      default: formatShort(ctx.now(), tz),
      validate: (v) => (parseDate(v, tz) ? true : t('dates.formatsHint')),
    });
  }
  if (raw.status === undefined) {
    raw.status = await p.select(t('prompt.status'), statusChoices());
  }
}

export async function runArticleAdd(opts: ArticleFlags, images: ImageFlag[], ctx: Ctx): Promise<void> {
  const raw = await articleRawFromFlags(opts, images, ctx);
  const missing = [raw.title === undefined ? '--title' : undefined, raw.section === undefined ? '--section' : undefined].filter(Boolean);
  if (missing.length && !ctx.canPrompt) {
    throw new UsageError(t('article.missing', { flags: missing.join(t('article.and')) }), t('article.missingHint'));
  }
  if (opts.editor && !ctx.canPrompt) throw new UsageError(t('article.editorNeedsTerminal'));
  const { articleInput, DEFAULT_SITE } = await import('../../../core/records.js');
  const { checkFlags } = await import('../../flags.js');
  // Flag values are checked before the database is opened (or created) and before any
  // question, so a typo is reported at once; dates again below in the site's own zone.
  const check = async (timeZone: string): Promise<void> => {
    const schema = articleInput(timeZone);
    await checkFlags(missing.length ? schema.partial() : schema, raw);
  };
  await check(DEFAULT_SITE.timezone);
  const store = await ctx.openStore('write');
  await check((await store.site()).timezone);
  if (missing.length || opts.editor) {
    await askForArticle(ctx, store, raw, !hasFieldFlags(opts, images));
    if (opts.editor) raw.body = await ctx.prompter.editor(t('prompt.body'), typeof raw.body === 'string' ? raw.body : '');
  }
  const { addArticle } = await import('../../../ops/articles.js');
  const { writeOptions } = await import('../../context.js');
  const row = await addArticle(store, raw, { ...(await writeOptions(ctx)), imageBaseDir: ctx.cwd });
  ctx.io.stdout.write(`${row.id}\n`);
  const { shownStatus } = await import('../../../core/schedule.js');
  ctx.info(t('article.added', { id: row.id, slug: row.slug, status: statusWord(shownStatus(row.status, row.published_at, ctx.now())) }));
}
