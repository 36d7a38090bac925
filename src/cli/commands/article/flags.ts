// The article fields as flags, shared by add and edit, and their conversion to a record.
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Ctx } from '../../context.js';
import { readTextInput } from '../shared.js';

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
    if (!last) throw new InvalidArgumentError(`--${key} describes the --image before it; give --image first`);
    last[key] = value;
    return value;
  };
  cmd
    .option('--title <title>', 'title')
    .option('--section <section>', 'section (id or slug)')
    .option('--summary <text>', 'summary shown in lists and as the lead')
    .option('--body <text>', 'body, in Markdown')
    .option('--body-file <path>', 'read the body from a file, or - for standard input')
    .option('--author <name>', 'author')
    .option('--source <text>', 'source (office or newspaper)')
    .option('--published-at <date>', 'date: 2020-10-23T20:37:00+07:00, 23/10/2020, "23/10/2020 20:37" or "23/10/2020 08:37 PM"')
    .option('--status <status>', 'draft or published')
    .option('--slug <slug>', 'address name: a-z, 0-9 and hyphens (default: from the title)')
    .option('--image <path|url>', 'an image: a local file (stored in the database) or an http(s) URL; repeatable', (v: string) => {
      images.push({ src: v });
      return v;
    })
    .option('--caption <text>', 'caption of the --image before it', attach('caption'))
    .option('--alt <text>', 'alternative text of the --image before it', attach('alt'))
    .option('--tag <tag>', 'a tag; repeatable', (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  return images;
}

export function hasFieldFlags(opts: ArticleFlags, images: ImageFlag[]): boolean {
  const keys: Array<keyof ArticleFlags> = ['title', 'section', 'summary', 'body', 'bodyFile', 'author', 'source', 'publishedAt', 'status', 'slug', 'tag'];
  return images.length > 0 || keys.some((k) => opts[k] !== undefined);
}

/** The record fields named by flags (absent flags stay absent). */
export async function articleRawFromFlags(opts: ArticleFlags, images: ImageFlag[], ctx: Ctx): Promise<Record<string, unknown>> {
  if (opts.body !== undefined && opts.bodyFile !== undefined) throw new UsageError('give --body or --body-file, not both');
  if (opts.status !== undefined && opts.status !== 'draft' && opts.status !== 'published') {
    throw new UsageError(`--status must be draft or published (got "${opts.status}")`);
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
