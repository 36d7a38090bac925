// The article fields as flags, shared by add and edit, and their conversion to a record.
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import { readTextInput } from '../shared.js';
import { t } from '../../../i18n/index.js';

export interface ImageFlag {
  src: string;
  caption?: string;
  alt?: string;
}

export interface ArticleFlags {
  title?: string;
  section?: string;
  summary?: string;
  body?: string;
  bodyFile?: string;
  author?: string;
  source?: string;
  publishedAt?: string;
  status?: string;
  slug?: string;
  tag?: string[];
  editor?: boolean;
}

/** Declares the field flags on `cmd`; returns the images collected in command-line order. */
export function articleFieldFlags(cmd: Command): ImageFlag[] {
  const images: ImageFlag[] = [];
  const attach = (key: 'caption' | 'alt') => (value: string) => {
    const last = images[images.length - 1];
    if (!last) throw new InvalidArgumentError(t('article.imageFirst', { flag: `--${key}` }));
    last[key] = value;
    return value;
  };
  cmd
    .option('--title <title>', t('article.flag.title'))
    .option('--section <section>', t('article.flag.section'))
    .option('--summary <text>', t('article.flag.summary'))
    .option('--body <text>', t('article.flag.body'))
    .option('--body-file <path>', t('article.flag.bodyFile'))
    .option('--author <name>', t('article.flag.author'))
    .option('--source <text>', t('article.flag.source'))
    .option('--published-at <date>', t('article.flag.publishedAt'))
    .option('--status <status>', t('article.flag.status'))
    .option('--slug <slug>', t('article.flag.slug'))
    .option('--image <path|url>', t('article.flag.image'), (v: string) => {
      images.push({ src: v });
      return v;
    })
    .option('--caption <text>', t('article.flag.caption'), attach('caption'))
    .option('--alt <text>', t('article.flag.alt'), attach('alt'))
    .option('--tag <tag>', t('article.flag.tag'), (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  return images;
}

/** The choices of an article's status in a question: the stored word, said in the language in use. */
export function statusChoices(): Array<{ name: string; value: 'draft' | 'published' }> {
  return [
    { name: t('status.draft'), value: 'draft' },
    { name: t('status.published'), value: 'published' },
  ];
}

export function hasFieldFlags(opts: ArticleFlags, images: ImageFlag[]): boolean {
  const keys: Array<keyof ArticleFlags> = ['title', 'section', 'summary', 'body', 'bodyFile', 'author', 'source', 'publishedAt', 'status', 'slug', 'tag'];
  return images.length > 0 || keys.some((k) => opts[k] !== undefined);
}

/** The record fields named by flags (absent flags stay absent). */
export async function articleRawFromFlags(opts: ArticleFlags, images: ImageFlag[], ctx: Ctx): Promise<Record<string, unknown>> {
  if (opts.body !== undefined && opts.bodyFile !== undefined) throw new UsageError(t('article.bodyOrFile'));
  if (opts.status !== undefined && opts.status !== 'draft' && opts.status !== 'published') {
    throw new UsageError(t('article.badStatus', { value: opts.status }));
  }
  const raw: Record<string, unknown> = {};
  if (opts.title !== undefined) raw.title = opts.title;
  if (opts.section !== undefined) raw.section = opts.section;
  if (opts.summary !== undefined) raw.summary = opts.summary;
  if (opts.body !== undefined) raw.body = opts.body;
  if (opts.bodyFile !== undefined) {
    const { LIMITS } = await import('../../../core/validate.js');
    raw.body = await readTextInput(ctx, opts.bodyFile, LIMITS.bodyBytes, '--body-file');
  }
  if (opts.author !== undefined) raw.author = opts.author;
  if (opts.source !== undefined) raw.source = opts.source;
  if (opts.publishedAt !== undefined) raw.published_at = opts.publishedAt;
  if (opts.status !== undefined) raw.status = opts.status;
  if (opts.slug !== undefined) raw.slug = opts.slug;
  if (images.length) raw.images = images.map((i) => ({ ...i }));
  if (opts.tag !== undefined) raw.tags = opts.tag;
  return raw;
}
