// The records of the spec (their JSON form) and the schemas that check what comes in.
import { z } from 'zod';
import { parseEmbedHosts } from './embed-hosts.js';
import { isValidTimeZone, parseDate } from './dates.js';
import { isValidSlug } from './slug.js';
import { checkLinkUrl, LIMITS, text } from './validate.js';
import { english } from '../i18n/issues.js';

export type SectionKind = 'articles' | 'links';
export type ArticleStatus = 'draft' | 'published';
export type Language = 'vi' | 'en';

export interface ImageRecord {
  src: string;
  caption: string;
  alt: string;
}

export interface ArticleRecord {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
  section: string;
  status: ArticleStatus;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  images: ImageRecord[];
  tags: string[];
  /** The number of the current revision (an edit that expects it fails when it moved on). */
  revision: number;
  /** Where an imported article came from (absent for articles made here). */
  origin?: { site: string; id: string };
}

export interface SectionRecord {
  id: number;
  slug: string;
  title: string;
  kind: SectionKind;
  parent: string | null;
  position: number;
  description: string;
}

export interface LinkRecord {
  id: number;
  section: string;
  title: string;
  url: string;
  position: number;
}

export interface SiteSettings {
  title: string;
  language: Language;
  timezone: string;
  base_url: string | null;
  per_page: number;
  /** Hosts whose video players articles may embed, space-separated; absent when none. */
  embed_hosts?: string | null;
  /** How many revisions each article keeps (its current one included); absent: all of them. */
  keep_revisions?: number | null;
}

export { DEFAULT_SITE } from './defaults.js';

export const slugField = z
  .string({ error: english('issue.mustBeText') })
  .refine(isValidSlug, { message: english('issue.slugForm') });

/** A date in one of the accepted formats, as epoch ms; null stays null. */
export function dateField(timeZone: string) {
  return z.union([z.string(), z.null()], { error: english('issue.mustBeDate') }).transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const d = parseDate(v, timeZone);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: english('issue.notADate', { value: v.slice(0, 60) }) });
      return z.NEVER;
    }
    return d.ms;
  });
}

export const imageInput = z.strictObject({
  src: text({ required: true, max: LIMITS.url, singleLine: true }),
  caption: text({ max: LIMITS.caption }).optional(),
  alt: text({ max: LIMITS.caption, singleLine: true }).optional(),
});
export type ImageInput = z.infer<typeof imageInput>;

const tagList = z
  .array(text({ required: true, max: LIMITS.tag, singleLine: true }), { error: english('issue.listOfText') })
  .max(LIMITS.tags, { message: english('issue.tooManyTags', { max: LIMITS.tags }) });

/** Where an imported article came from: the key that makes a re-import idempotent. */
export const originInput = z.strictObject({
  site: text({ max: LIMITS.url, singleLine: true }),
  id: text({ required: true, max: LIMITS.url, singleLine: true }),
});

/**
 * An article as it comes in (flags, prompts, import). Fields absent stay absent so that an
 * edit changes only what it names. `id`, `created_at` and `updated_at` are accepted (an
 * export carries them) and used only by imports that keep ids.
 */
export function articleInput(timeZone: string) {
  return z.strictObject({
    id: z.number().int().positive().optional(),
    slug: slugField.optional(),
    title: text({ required: true, max: LIMITS.title, singleLine: true }),
    summary: text({ max: LIMITS.summary }).optional(),
    body: text({ maxBytes: LIMITS.bodyBytes }).optional(),
    author: text({ max: LIMITS.author, singleLine: true }).optional(),
    source: text({ max: LIMITS.source, singleLine: true }).optional(),
    section: z.union([slugField, z.number().int().positive()], { error: english('issue.sectionRef') }),
    status: z.enum(['draft', 'published'], { error: english('issue.draftOrPublished') }).optional(),
    published_at: dateField(timeZone).optional(),
    created_at: dateField(timeZone).optional(),
    updated_at: dateField(timeZone).optional(),
    images: z.array(imageInput, { error: english('issue.listOfImages') }).max(100).optional(),
    tags: tagList.optional(),
    origin: originInput.optional(),
    /** The revision the record was read at (an export carries it): an update expects it current. */
    revision: z.number().int().positive().optional(),
  });
}
export type ArticleInput = z.output<ReturnType<typeof articleInput>>;

/** The fields an edit may change: every field optional. */
export function articlePatch(timeZone: string) {
  return articleInput(timeZone).partial().omit({ id: true, created_at: true, updated_at: true, origin: true, revision: true });
}
export type ArticlePatch = z.output<ReturnType<typeof articlePatch>>;

export const sectionInput = z.strictObject({
  id: z.number().int().positive().optional(),
  slug: slugField.optional(),
  title: text({ required: true, max: LIMITS.title, singleLine: true }),
  kind: z.enum(['articles', 'links'], { error: english('issue.articlesOrLinks') }).optional(),
  parent: z.union([slugField, z.number().int().positive(), z.null()]).optional(),
  position: z.number().int().min(1, { message: english('issue.oneOrMore') }).optional(),
  description: text({ max: LIMITS.description }).optional(),
});
export type SectionInput = z.output<typeof sectionInput>;

export const linkUrl = z.string({ error: english('issue.mustBeText') }).transform((v, ctx) => {
  const problem = checkLinkUrl(v);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return v.trim();
});

export const linkInput = z.strictObject({
  id: z.number().int().positive().optional(),
  section: z.union([slugField, z.number().int().positive()], { error: english('issue.sectionRef') }),
  title: text({ required: true, max: LIMITS.title, singleLine: true }),
  url: linkUrl,
  position: z.number().int().min(1, { message: english('issue.oneOrMore') }).optional(),
});
export type LinkInput = z.output<typeof linkInput>;

export const siteKeys = ['title', 'language', 'timezone', 'base_url', 'per_page', 'embed_hosts', 'keep_revisions'] as const;
export type SiteKey = (typeof siteKeys)[number];

export const perPageField = z.coerce
  .number({ error: english('issue.wholeNumber') })
  .int({ message: english('issue.wholeNumber') })
  .min(1, { message: english('issue.atLeast', { min: 1 }) })
  .max(1000, { message: english('issue.atMost', { max: 1000 }) });

export const siteInput = z.strictObject({
  title: text({ required: true, max: LIMITS.title, singleLine: true }).optional(),
  language: z.enum(['vi', 'en'], { error: english('issue.viOrEn') }).optional(),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: english('issue.timeZone') })
    .optional(),
  base_url: z
    .union([z.string(), z.null()])
    .transform((v, ctx) => {
      if (v === null || v.trim() === '') return null;
      const s = v.trim();
      if (!/^https?:\/\/[^\s/]+/i.test(s)) {
        ctx.addIssue({ code: 'custom', message: english('issue.baseUrl') });
        return z.NEVER;
      }
      // What the export puts in every canonical link and the sitemap: no credentials, no query.
      if (/^https?:\/\/[^/?#]*@/i.test(s) || /[?#]/.test(s)) {
        ctx.addIssue({ code: 'custom', message: english('issue.baseUrlParts') });
        return z.NEVER;
      }
      return s.endsWith('/') ? s : `${s}/`;
    })
    .optional(),
  per_page: perPageField.optional(),
  embed_hosts: z
    .union([z.string(), z.null()])
    .transform((v, ctx) => {
      if (v === null) return null;
      const hosts = parseEmbedHosts(v);
      if (!Array.isArray(hosts)) {
        ctx.addIssue({ code: 'custom', message: hosts.error });
        return z.NEVER;
      }
      return hosts.length ? hosts.join(' ') : null;
    })
    .optional(),
  keep_revisions: z
    .union([z.coerce.number({ error: english('issue.wholeNumber') }).int({ message: english('issue.wholeNumber') }).min(1, { message: english('issue.atLeast', { min: 1 }) }), z.null()])
    .optional(),
});
export type SiteInput = z.output<typeof siteInput>;
