// newsdesk article show: one article as text or JSON.
import type { Command } from 'commander';
import type { ArticleRecord } from '../../../core/records.js';
import type { Ctx } from '../../context.js';
import { parsePositiveInt, parseShowFormat } from '../../output/formats.js';
import { shownStatusOf } from '../../../core/schedule.js';
import { language, t } from '../../../i18n/index.js';
import { statusWord } from '../../output/status.js';

export function registerArticleShow(article: Command, ctx: Ctx): void {
  article
    .command('show')
    .description(t('article.show'))
    .argument('<article>', t('article.ref'))
    .option('--format <format>', t('flags.textOrJson'), 'text')
    .option('--revision <n>', t('flags.revisionShow'))
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk article show 12\n  $ newsdesk article show son-lam-nang-cao-chat-luong --format json\n  $ newsdesk article show 12 --revision 3`)
    .action((ref: string, opts: { format: string; revision?: string }) => runArticleShow(ref, opts, ctx));
}

/**
 * A stored date as a person reads it: as stored (ISO 8601) in English, as before; in Vietnamese
 * "23/10/2020 20:37", the way dates are written there (already in the site's zone).
 */
function humanDate(iso: string): string {
  if (language() === 'en') return iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : iso;
}

export function articleText(a: ArticleRecord, ctx: Ctx): string {
  const s = ctx.style;
  const lines = [
    s.bold(a.title),
    s.dim(`#${a.id} · ${a.slug} · ${a.section} · ${statusWord(shownStatusOf(a, ctx.now()))}${a.published_at ? ` · ${humanDate(a.published_at)}` : ''}`),
  ];
  const byline = [a.author, a.source].filter(Boolean).join(' - ');
  if (byline) lines.push(s.dim(byline));
  if (a.tags.length) lines.push(s.dim(`${t('article.tags')} ${a.tags.join(', ')}`));
  if (a.origin) lines.push(s.dim(`${t('article.importedFrom')} ${a.origin.id}${a.origin.site && !a.origin.id.startsWith(a.origin.site) ? ` (${a.origin.site})` : ''}`));
  if (a.summary) lines.push('', a.summary);
  if (a.body) lines.push('', a.body);
  if (a.images.length) {
    lines.push('', s.bold(t('article.images')));
    for (const img of a.images) lines.push(`- ${img.src}${img.caption ? ` — ${img.caption}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runArticleShow(ref: string, opts: { format: string; revision?: string }, ctx: Ctx): Promise<void> {
  const format = parseShowFormat(opts.format);
  const revision = parsePositiveInt('--revision', opts.revision);
  const store = await ctx.openStore('read');
  const { toRecord } = await import('../../../ops/articles.js');
  let row;
  if (revision === undefined) {
    const { requireArticle } = await import('../../../ops/common.js');
    row = await requireArticle(store, ref);
  } else {
    const { articleOrTrashed, rowAtRevision } = await import('../../../ops/history.js');
    row = await rowAtRevision(store, (await articleOrTrashed(store, ref)).row, revision);
  }
  const record = await toRecord(store, row);
  ctx.io.stdout.write(format === 'json' ? `${JSON.stringify(record, null, 2)}\n` : articleText(record, ctx));
}
