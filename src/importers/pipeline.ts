// The import pipeline: bytes → records (a reader) → checked records → store writes.
//
// One unit of work across a streamed input: the store's import session, held across the
// reads. Each record is checked completely — schema, references, duplicates inside the input,
// conflicts with the database — before it is written, and written at once: no savepoint per
// record, no second pass over the input, no record held in memory after it is written.
// By default the first invalid record stops all writing and the transaction is rolled back
// at the end, after the rest of the input has been checked, so nothing is ever committed
// unless every record is valid; a crash or SIGKILL leaves only an uncommitted transaction,
// which the database discards. The store brings the search index up to date once, at commit.
// --continue-on-error commits the valid records and hands the
// rejected ones to onReject. What the checks need to remember of the input is kept as keys
// (slugs, ids, section kinds, media hashes), never as records.
import { originText, STATE_FIELDS, type Change } from '../store/history.js';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ConflictError, IOError, NotFoundError, UsageError, ValidationError, type FieldIssue } from '../core/errors.js';
import {
  articleInput,
  dateField,
  DEFAULT_SITE,
  originInput,
  linkInput,
  sectionInput,
  siteInput,
  type ArticleInput,
  type ImageInput,
  type ImageRecord,
  type SectionKind,
  type SiteSettings,
} from '../core/records.js';
import { slugify } from '../core/slug.js';
import { printable } from '../core/text.js';
import { isRemoteUrl, LIMITS, toFieldIssues } from '../core/validate.js';
import { newArticleRow } from '../ops/articles.js';
import { escapesFolder } from '../ops/images.js';
import { addLink, editLink } from '../ops/links.js';
import { addSection, editSection, moveSection, type MoveTarget } from '../ops/sections.js';
import { hashOf, MEDIA_SRC, mediaSrc, sniffImageType, type ArticleRow } from '../store/rows.js';
import type { ImportSession, Store } from '../store/store.js';
import { readCsv } from './csv.js';
import { formatFromPath, sniffFormat, SNIFF_BYTES } from './detect.js';
import { readJson } from './json.js';
import { readNdjson } from './ndjson.js';
import { fileSource, peek, streamSource, type ByteSource } from './source.js';
import type { MenuPlan, PlacementTarget } from './feeds/menu.js';
import { FeedTally, isFeedFormat, type FeedFormat, type FeedSettings } from './feeds/options.js';
import { InputError, type Format, type ImportType, type ReadItem, type Reader, type RecordKind } from './types.js';
import { t } from '../i18n/index.js';
import { english, sayIssue } from '../i18n/issues.js';

export type OnConflict = 'fail' | 'skip' | 'update';
export const ON_CONFLICT: readonly OnConflict[] = ['fail', 'skip', 'update'];

export interface LineIssue {
  line: number;
  field: string;
  message: string;
}

/** A rejected record as --rejects writes it: one JSON line each. */
export interface Reject {
  line: number;
  errors: FieldIssue[];
  record: unknown;
}

export interface ImportOptions {
  /** The clock: created_at/updated_at of new records, published_at of records published without one. */
  now: number;
  /** Who imports, and why: kept with each revision the import makes. */
  by?: string;
  message?: string;
  /** Else from the file's extension, else sniffed. */
  format?: Format;
  /** What records without a "type" are (default articles). */
  type?: ImportType;
  onConflict?: OnConflict;
  createSections?: boolean;
  dryRun?: boolean;
  continueOnError?: boolean;
  onReject?: (reject: Reject) => void;
  /** How many errors the report lists (the rest are counted). Default 100. */
  maxErrors?: number;
  onProgress?: (bytesRead: number, totalBytes: number | undefined, records: number) => void;
  /** The search index being brought up to date, after the last record and before the commit. */
  onIndexProgress?: (done: number, total: number) => void;
  /** How WXR, RSS and Atom map (--section, --section-map, --pages-section, --media-dir). */
  feed?: FeedSettings;
}

export interface ImportReport {
  read: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  dry_run: boolean;
  /** The first maxErrors errors. */
  errors: LineIssue[];
  /** Every error found, listed or not. */
  errorCount: number;
  format: Format | undefined;
  /** The changes are in the database (not a dry run, not rolled back). */
  committed: boolean;
  /** The input could not be read to its end (bad JSON structure, unclosed CSV quote, …). */
  fatal: boolean;
  /** WXR, RSS and Atom: what was left out or changed on the way (trashed posts, shortcodes …). */
  feed?: FeedTally;
}

const READERS: Record<Exclude<Format, FeedFormat>, Reader> = { json: readJson, ndjson: readNdjson, csv: readCsv };

const TYPE_NAMES: Record<string, RecordKind> = {
  site: 'site',
  section: 'section',
  sections: 'section',
  link: 'link',
  links: 'link',
  media: 'media',
  article: 'article',
  articles: 'article',
  trashed: 'trashed',
  revision: 'revision',
};

const DEFAULT_KIND: Record<ImportType, RecordKind> = { articles: 'article', sections: 'section', links: 'link' };

/** A revision as export json --with-history writes it (exporters/json.ts RevisionRecord). */
function revisionInput(timeZone: string) {
  const id = z.number().int().positive();
  return z.strictObject({
    article: id,
    number: id,
    at: dateField(timeZone).refine((v) => v !== null, { message: english('issue.required') }).transform((v) => v!),
    by: z.string().max(200),
    message: z.string().max(LIMITS.summary),
    changed: z.array(z.enum(STATE_FIELDS)).max(STATE_FIELDS.length),
    hash: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
    delta: z.union([z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(LIMITS.bodyBytes * 2), z.null()]),
  });
}

/** An article of the trash as export json --with-history writes it (exporters/json.ts TrashedRecord). */
function trashedInput(timeZone: string) {
  const text = z.string();
  return z.strictObject({
    id: z.number().int().positive(),
    section: z.union([z.string(), z.number().int().positive()]),
    deleted_at: dateField(timeZone).refine((v) => v !== null, { message: english('issue.required') }).transform((v) => v!),
    deleted_by: z.string().max(200),
    origin: originInput.optional(),
    row: z.object({
      id: z.number().int().positive(),
      slug: text.min(1),
      title: text,
      summary: text,
      body: text,
      author: text,
      source: text,
      section_id: z.number().int().positive(),
      status: z.enum(['draft', 'published']),
      published_at: z.union([z.number().int(), z.null()]),
      created_at: z.number().int(),
      updated_at: z.number().int(),
      images: text,
      tags: text,
      revision: z.number().int().positive(),
    }),
  });
}

const mediaInput = z.strictObject({
  hash: z.string({ error: english('issue.mustBeText') }).regex(/^[0-9a-f]{64}$/, { message: english('issue.hashForm') }),
  mime: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'], { error: 'must be image/png, image/jpeg, image/gif, image/webp or image/avif' }),
  data: z.string({ error: 'must be base64 text' }),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Outcome = 'inserted' | 'updated' | 'skipped';
interface Plan {
  outcome: Outcome;
  write?: () => Promise<void>;
}

interface SectionInfo {
  slug: string;
  kind: SectionKind;
  id: number | undefined;
  /** Where the input defines it (or the article it was created for). */
  line?: number;
  created?: boolean;
}

interface LocalImage {
  path: string;
  src: string;
  mime: string;
  hash: string;
}

/** Imports a file; relative image paths are read from (and confined to) the file's folder. */
export async function importFile(store: Store, path: string, options: ImportOptions & { name?: string }): Promise<ImportReport> {
  const full = resolve(path);
  const source = fileSource(full, dirname(full), options.name ?? path);
  return importSource(store, source, { ...options, ...(options.format === undefined ? withFormat(formatFromPath(full)) : {}) });
}

/** Imports a stream (stdin): images are read from, and confined to, `baseDir` (the current folder). */
export async function importStream(store: Store, stream: Readable | AsyncIterable<unknown>, options: ImportOptions & { baseDir?: string; name?: string }): Promise<ImportReport> {
  const source = streamSource(stream, options.name ?? 'standard input', resolve(options.baseDir ?? process.cwd()));
  return importSource(store, source, options);
}

function withFormat(format: Format | undefined): { format?: Format } {
  return format === undefined ? {} : { format };
}

export async function importSource(store: Store, source: ByteSource, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    read: 0,
    inserted: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    dry_run: Boolean(options.dryRun),
    errors: [],
    errorCount: 0,
    format: options.format,
    committed: false,
    fatal: false,
  };
  if (store.readonly && !options.dryRun) throw new UsageError(english('issue.readOnly'));
  const { head, chunks } = await peek(source.chunks, SNIFF_BYTES);
  if (head.length < SNIFF_BYTES && head.toString('utf8').replace(/^\uFEFF/, '').trim() === '') {
    report.fatal = true;
    report.errorCount = 1;
    report.errors.push({ line: 0, field: '', message: english('issue.inputEmpty', { name: source.name }) });
    return report;
  }
  const format = options.format ?? sniffFormat(head) ?? 'csv';
  report.format = format;
  let reader: Reader;
  let afterRead: ((importer: Importer) => Promise<void>) | undefined;
  if (isFeedFormat(format)) {
    const feeds = await import('./feeds/index.js');
    report.feed = new FeedTally();
    const existingSections = new Set((await store.sections.tree()).map((s) => s.slug));
    // A WordPress menu places the sections the import makes from its categories.
    let menu: MenuPlan | undefined;
    if (format === 'wxr' && options.createSections) {
      const plan = (menu = new feeds.MenuPlan());
      const tally = report.feed;
      afterRead = (importer) => feeds.placeMenuSections(plan, importer.placementTarget(tally));
    }
    reader = feeds.feedReader(format, { ...options.feed, createSections: Boolean(options.createSections), existingSections, tally: report.feed, menu });
  } else {
    const given = Object.entries(options.feed ?? {}).filter(([, v]) => v !== undefined);
    if (given.length) throw new UsageError(english('issue.feedFlags', { name: source.name, format: format.toUpperCase() }));
    reader = READERS[format];
  }
  const importer = new Importer(store, source, options, report);
  await importer.run(reader(chunks), afterRead);
  return report;
}

const SEEN_SLUG = 1;
const SEEN_ID = 2;
const SEEN_LINK = 3;
const SEEN_ORIGIN = 4;

function originKey(site: string, id: string): string {
  return `${site}\n${id}`;
}

class Importer {
  private readonly mode: OnConflict;
  private readonly maxErrors: number;
  private readonly defaultKind: RecordKind;
  private writing: boolean;
  private timezone: string;
  private articleSchemaCache: { tz: string; schema: ReturnType<typeof articleInput> } | undefined;

  // What the checks remember of the input: keys and small facts, never records. Article slugs
  // and ids, and link keys, are remembered by the session (ImportSession.firstSeen).
  private readonly sections = new Map<string, SectionInfo>();
  private readonly sectionIds = new Map<number, string>();
  private readonly mediaHashes = new Set<string>();
  private siteLine: number | undefined;
  private initialised = false;

  // The database's sections at the start (few: the menu).
  private readonly dbSections = new Map<string, SectionInfo>();
  private readonly dbSectionIds = new Map<number, SectionInfo>();
  private readonly localImages = new Map<string, LocalImage>();
  /** Articles whose history this input carries (export json --with-history). */
  private readonly historyImported = new Set<number>();
  /** The unit of work of the import, open while it runs. */
  private s!: ImportSession;

  constructor(
    private readonly store: Store,
    private readonly source: ByteSource,
    private readonly options: ImportOptions,
    private readonly report: ImportReport,
  ) {
    this.mode = options.onConflict ?? 'fail';
    this.maxErrors = options.maxErrors ?? 100;
    this.defaultKind = DEFAULT_KIND[options.type ?? 'articles'];
    this.writing = !options.dryRun;
    this.timezone = DEFAULT_SITE.timezone;
  }

  /** The change each article write records in its history. */
  private change(): Change {
    return { at: this.options.now, by: this.options.by ?? '', message: this.options.message ?? 'import' };
  }

  /** What the checks need of the database at the start, read inside the session. */
  private async readStart(): Promise<void> {
    const s = this.s;
    this.timezone = (await s.settings.get()).timezone;
    this.initialised = await s.settings.isInitialised();
    for (const row of await s.sections.tree()) {
      const info: SectionInfo = { slug: row.slug, kind: row.kind, id: row.id };
      this.dbSections.set(row.slug, info);
      this.dbSectionIds.set(row.id, info);
    }
  }

  async run(items: AsyncIterable<ReadItem>, afterRead?: (importer: Importer) => Promise<void>): Promise<void> {
    const { report, options } = this;
    this.s = await this.store.importSession({ dryRun: Boolean(options.dryRun) });
    let commit = false;
    try {
      await this.readStart();
      try {
        for await (const item of items) {
          report.read++;
          if ('errors' in item) this.reject(item.line, item.errors, item.raw ?? null);
          else await this.handle(item.line, item.record, item.kind);
          if (options.onProgress && report.read % 256 === 0) options.onProgress(this.source.bytesRead, this.source.totalBytes, report.read);
        }
        await afterRead?.(this);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        report.fatal = true;
        this.addErrors(err.line, [{ field: '', message: err.message }]);
      }
      options.onProgress?.(this.source.bytesRead, this.source.totalBytes, report.read);
      if (!options.dryRun && !report.fatal && (report.rejected === 0 || Boolean(options.continueOnError))) {
        // An imported history ends where the article now is: a state that differs from its
        // last revision (a hand-edited file) becomes one more revision, by this import.
        for (const id of this.historyImported) await this.s.history.adopt(id, this.change());
        await this.s.commit(options.onIndexProgress);
        commit = true;
      }
    } finally {
      await this.s.end();
    }
    report.committed = commit;
    if (!commit && !options.dryRun) {
      // Nothing was written: say so in the counts.
      report.inserted = report.updated = report.skipped = 0;
    }
  }

  /** For the WordPress menu (feeds/menu.ts): the sections this import made, and moving one. */
  placementTarget(tally: FeedTally): PlacementTarget {
    return {
      isNew: (slug) => this.sections.has(slug) && !this.dbSections.has(slug),
      move: this.writing
        ? async ({ slug, parent, after }) => {
            // After the section before it in the menu, when that one is where the menu puts
            // them both (a section the portal had may be elsewhere); else first, or last.
            const parentId = parent === null ? null : ((await this.s.sections.find(parent))?.id ?? null);
            const before = after === null ? undefined : await this.s.sections.find(after);
            const target: MoveTarget = before && before.parent_id === parentId ? { after: before.slug } : { parent, position: before ? Number.MAX_SAFE_INTEGER : 1 };
            try {
              await moveSection(this.s, slug, target);
              return true;
            } catch (err) {
              // Under one of its own subsections (the menu and the portal disagree): it stays.
              if (err instanceof ValidationError) return false;
              throw err;
            }
          }
        : undefined,
      count: (what, n) => tally.add(what, n),
    };
  }

  private addErrors(line: number, issues: FieldIssue[]): void {
    for (const i of issues) {
      this.report.errorCount++;
      if (this.report.errors.length < this.maxErrors) this.report.errors.push({ line, field: i.field, message: i.message });
    }
  }

  private reject(line: number, issues: FieldIssue[], record: unknown): void {
    this.report.rejected++;
    this.addErrors(line, issues);
    this.options.onReject?.({ line, errors: issues, record });
    if (!this.options.continueOnError) this.writing = false;
  }

  private async handle(line: number, raw: unknown, given: RecordKind | undefined): Promise<void> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.reject(line, [{ field: '', message: english('issue.jsonObject') }], raw);
      return;
    }
    let record = raw as Record<string, unknown>;
    let kind = given ?? this.defaultKind;
    if ('type' in record) {
      const t = typeof record.type === 'string' && Object.hasOwn(TYPE_NAMES, record.type) ? TYPE_NAMES[record.type] : undefined;
      if (!t) {
        this.reject(line, [{ field: 'type', message: english('issue.recordType') }], raw);
        return;
      }
      kind = t;
      const { type: _type, ...rest } = record;
      record = rest;
    }
    let result: FieldIssue[] | Plan;
    switch (kind) {
      case 'article':
        result = await this.planArticle(record, line);
        break;
      case 'section':
        result = await this.planSection(record, line);
        break;
      case 'link':
        result = await this.planLink(record, line);
        break;
      case 'media':
        result = await this.planMedia(record);
        break;
      case 'site':
        result = await this.planSite(record, line);
        break;
      case 'trashed':
        result = await this.planTrashed(record);
        break;
      case 'revision':
        result = await this.planRevision(record);
        break;
    }
    if (Array.isArray(result)) {
      this.reject(line, result, raw);
      return;
    }
    if (this.writing && result.write) {
      try {
        await result.write();
      } catch (err) {
        this.reject(line, this.writeIssues(err), raw);
        return;
      }
    }
    this.report[result.outcome]++;
  }

  /** A write that failed on this record's data becomes its rejection; anything else stops the import. */
  private writeIssues(err: unknown): FieldIssue[] {
    const e = err;
    if (e instanceof ValidationError) return e.issues;
    if (e instanceof ConflictError || e instanceof NotFoundError) return [{ field: '', message: e.message }];
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (err instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code)) return [{ field: 'images', message: english('issue.cannotReadAnImage', { code }) }];
    throw e;
  }

  // ---- site ---------------------------------------------------------------------------

  private async planSite(record: Record<string, unknown>, line: number): Promise<FieldIssue[] | Plan> {
    if (this.siteLine !== undefined) return [{ field: '', message: english('issue.secondSite', { line: this.siteLine }) }];
    this.siteLine = line;
    const parsed = siteInput.safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const values: Partial<SiteSettings> = {};
    for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) Object.assign(values, { [k]: v });
    const current = await this.s.settings.get();
    const changed = (Object.keys(values) as Array<keyof SiteSettings>).some((k) => values[k] !== current[k]);
    let outcome: Outcome;
    if (!this.initialised) outcome = 'inserted';
    else if (!changed) return { outcome: 'skipped' };
    // Settings are not keyed records: an existing site keeps its settings unless --on-conflict update.
    else if (this.mode === 'update') outcome = 'updated';
    else return { outcome: 'skipped' };
    if (values.timezone) this.timezone = values.timezone;
    const next = { ...(this.initialised ? {} : DEFAULT_SITE), ...values };
    return {
      outcome,
      write: () => this.s.transaction((tx) => tx.settings.set(next)),
    };
  }

  // ---- sections -----------------------------------------------------------------------

  /** A section by slug or id: defined earlier in the input, or in the database. */
  private findSection(ref: string | number): SectionInfo | undefined {
    if (typeof ref === 'number') {
      const slug = this.sectionIds.get(ref);
      if (slug !== undefined) return this.sections.get(slug);
      const info = this.dbSectionIds.get(ref);
      return info ? (this.sections.get(info.slug) ?? info) : undefined;
    }
    const found = this.sections.get(ref) ?? this.dbSections.get(ref);
    if (found || !/^\d+$/.test(ref)) return found;
    return this.findSection(Number(ref));
  }

  private async sectionId(info: SectionInfo): Promise<number> {
    if (info.id !== undefined) return info.id;
    const row = await this.s.sections.find(info.slug);
    if (!row || row.slug !== info.slug) throw new NotFoundError(english('issue.noSection', { ref: info.slug }));
    info.id = row.id;
    return row.id;
  }

  private async planSection(record: Record<string, unknown>, line: number): Promise<FieldIssue[] | Plan> {
    const parsed = sectionInput.safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const input = parsed.data;
    const slug = input.slug ?? derivedSlug(input.title, 'chuyen-muc');
    const keyField = input.slug === undefined ? 'title' : 'slug';
    const earlier = this.sections.get(slug);
    if (earlier) {
      return [
        {
          field: keyField,
          message: earlier.created
            ? `the section "${slug}" was already created for the article at line ${earlier.line} (put sections before the articles that use them)`
            : `the slug "${slug}" is already used by the section at line ${earlier.line}`,
        },
      ];
    }
    const issues: FieldIssue[] = [];
    let parent: SectionInfo | null = null;
    if (input.parent !== undefined && input.parent !== null) {
      if (input.parent === slug) issues.push({ field: 'parent', message: english('issue.ownParent') });
      else {
        parent = this.findSection(input.parent) ?? null;
        if (!parent) issues.push({ field: 'parent', message: english('issue.noParent', { ref: String(input.parent) }) });
      }
    }
    if (input.id !== undefined) {
      const at = this.sectionIds.get(input.id);
      if (at !== undefined) issues.push({ field: 'id', message: english('issue.idOfSectionInInput', { id: input.id, slug: at }) });
    }
    const existing = this.dbSections.get(slug);
    if (existing && this.mode === 'fail') {
      issues.push({ field: keyField, message: english('issue.sectionExists', { slug }) });
    } else if (!existing && input.id !== undefined) {
      const other = this.dbSectionIds.get(input.id);
      if (other) issues.push({ field: 'id', message: english('issue.idOfSection', { id: input.id, slug: other.slug }) });
    }
    if (issues.length) return issues;

    const kind = input.kind ?? existing?.kind ?? 'articles';
    const info: SectionInfo = { slug, kind, id: existing?.id, line };
    this.sections.set(slug, info);
    if (input.id !== undefined && !existing) this.sectionIds.set(input.id, slug);
    const parentSlug = parent ? parent.slug : input.parent === null ? null : undefined;

    if (existing) {
      if (this.mode === 'skip') {
        info.kind = existing.kind;
        return { outcome: 'skipped' };
      }
      const row = (await this.s.sections.find(existing.id!))!;
      const parentId = parent ? parent.id : null;
      const patch: Record<string, unknown> = {};
      if (input.title !== row.title) patch.title = input.title;
      if (input.kind !== undefined && input.kind !== row.kind) patch.kind = input.kind;
      if (input.description !== undefined && input.description !== row.description) patch.description = input.description;
      if (parentSlug !== undefined && (parentId === undefined || parentId !== row.parent_id)) patch.parent = parentSlug ?? '';
      if (input.position !== undefined && input.position !== row.position) patch.position = input.position;
      if (Object.keys(patch).length === 0) return { outcome: 'skipped' };
      return { outcome: 'updated', write: async () => void (await editSection(this.s, String(existing.id), patch)) };
    }
    const raw: Record<string, unknown> = { slug, title: input.title, kind };
    if (input.id !== undefined) raw.id = input.id;
    if (parentSlug) raw.parent = parentSlug;
    if (input.position !== undefined) raw.position = input.position;
    if (input.description !== undefined) raw.description = input.description;
    return {
      outcome: 'inserted',
      write: async () => {
        info.id = (await addSection(this.s, raw)).id;
      },
    };
  }

  /** The section a record goes in, which must hold `kind`; with --create-sections, one to create. */
  private targetSection(ref: string | number, kind: SectionKind, line: number): { info: SectionInfo; create: boolean } | FieldIssue {
    const found = this.findSection(ref);
    if (found) {
      if (found.kind !== kind) {
        return { field: 'section', message: kind === 'articles' ? english('issue.linksSectionNoArticles', { slug: found.slug }) : english('issue.importArticlesSectionNoLinks', { slug: found.slug }) };
      }
      return { info: found, create: false };
    }
    if (this.options.createSections && typeof ref === 'string' && !/^\d+$/.test(ref)) {
      return { info: { slug: ref, kind, id: undefined, line, created: true }, create: true };
    }
    return {
      field: 'section',
      message: this.options.createSections ? english('issue.noSection', { ref: String(ref) }) : english('issue.noSectionCreate', { ref: String(ref) }),
    };
  }

  private async createSection(info: SectionInfo): Promise<void> {
    info.id = (await addSection(this.s, { slug: info.slug, title: info.slug, kind: info.kind })).id;
  }

  private claimSection(target: { info: SectionInfo; create: boolean }): void {
    if (target.create) this.sections.set(target.info.slug, target.info);
  }

  // ---- links --------------------------------------------------------------------------

  private async planLink(record: Record<string, unknown>, line: number): Promise<FieldIssue[] | Plan> {
    const parsed = linkInput.safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const input = parsed.data;
    const target = this.targetSection(input.section, 'links', line);
    if (!('info' in target)) return [target];
    const key = `${target.info.slug}\n${input.url}`;
    const earlier = await this.s.firstSeen(SEEN_LINK, key, line);
    if (earlier !== undefined) return [{ field: 'url', message: english('issue.sameLink', { line: earlier }) }];
    const existing = target.info.id !== undefined ? (await this.s.links.inSection(target.info.id)).find((l) => l.url === input.url) : undefined;
    if (existing) {
      if (this.mode === 'fail') return [{ field: 'url', message: english('issue.linkExists', { slug: target.info.slug, url: input.url }) }];
      if (this.mode === 'skip') return { outcome: 'skipped' };
      const patch: Record<string, unknown> = {};
      if (input.title !== existing.title) patch.title = input.title;
      if (input.position !== undefined && input.position !== existing.position) patch.position = input.position;
      if (Object.keys(patch).length === 0) return { outcome: 'skipped' };
      return { outcome: 'updated', write: async () => void (await editLink(this.s, String(existing.id), patch)) };
    }
    if (input.id !== undefined) {
      const other = await this.s.links.find(input.id);
      if (other) return [{ field: 'id', message: english('issue.idOfLink', { id: input.id, url: other.url }) }];
    }
    this.claimSection(target);
    const raw: Record<string, unknown> = { section: target.info.slug, title: input.title, url: input.url };
    if (input.id !== undefined) raw.id = input.id;
    if (input.position !== undefined) raw.position = input.position;
    return {
      outcome: 'inserted',
      write: async () => {
        if (target.create && target.info.id === undefined) await this.createSection(target.info);
        await addLink(this.s, { ...raw, section: await this.sectionId(target.info) });
      },
    };
  }

  // ---- media --------------------------------------------------------------------------

  private async planMedia(record: Record<string, unknown>): Promise<FieldIssue[] | Plan> {
    const parsed = mediaInput.safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const { hash, mime, data } = parsed.data;
    if (this.mediaHashes.has(hash)) return { outcome: 'skipped' };
    if (data.length % 4 !== 0 || !BASE64.test(data)) return [{ field: 'data', message: english('issue.base64') }];
    if ((data.length / 4) * 3 > LIMITS.imageBytes + 3) return [{ field: 'data', message: english('issue.tooLarge', { mb: LIMITS.imageBytes / 1024 / 1024 }) }];
    const bytes = Buffer.from(data, 'base64');
    if (hashOf(bytes) !== hash) return [{ field: 'data', message: english('issue.hashMismatch') }];
    const sniffed = sniffImageType(bytes);
    if (!sniffed) return [{ field: 'data', message: english('issue.notImageData') }];
    if (sniffed !== mime) return [{ field: 'mime', message: english('issue.mimeMismatch', { mime, sniffed }) }];
    this.mediaHashes.add(hash);
    if (await this.s.media.has(hash)) return { outcome: 'skipped' };
    return { outcome: 'inserted', write: async () => void (await this.s.media.put(bytes, mime, this.options.now)) };
  }

  // ---- the trash and revisions (export json --with-history) ------------------------------

  /** An article of the trash, its row as stored: back in the trash as it was. */
  private async planTrashed(record: Record<string, unknown>): Promise<FieldIssue[] | Plan> {
    const parsed = trashedInput(this.timezone).safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const t = parsed.data;
    const row = t.row as unknown as ArticleRow;
    if (row.id !== t.id) return [{ field: 'row.id', message: english('issue.trashedIdMismatch', { id: t.id }) }];
    const target = this.targetSection(t.section, 'articles', 0);
    if (!('info' in target)) return [target];
    if (await this.s.trash.get(t.id)) return { outcome: 'skipped' };
    if (await this.s.articles.find(t.id)) return [{ field: 'id', message: english('issue.trashedIdTaken', { id: t.id }) }];
    if (await this.s.articles.slugTaken(row.slug)) return [{ field: 'row.slug', message: english('issue.trashedSlugTaken', { slug: row.slug }) }];
    return {
      outcome: 'inserted',
      write: async () => {
        await this.s.trash.insert({
          id: t.id,
          slug: row.slug,
          section_id: await this.sectionId(target.info),
          title: row.title,
          deleted_at: t.deleted_at,
          deleted_by: t.deleted_by,
          row: JSON.stringify(t.row),
          origin: t.origin ? originText(t.origin) : null,
        });
      },
    };
  }

  /** A revision of an article imported (or trashed) before it in this input: its history is the input's. */
  private async planRevision(record: Record<string, unknown>): Promise<FieldIssue[] | Plan> {
    const parsed = revisionInput(this.timezone).safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const r = parsed.data;
    const known = (await this.s.articles.find(r.article)) ?? (await this.s.trash.get(r.article));
    if (!known) return [{ field: 'article', message: english('issue.revisionOfUnknown', { id: r.article }) }];
    return {
      outcome: 'inserted',
      write: async () => {
        // The first revision of an article in this input replaces the history the import gave it.
        if (!this.historyImported.has(r.article)) {
          await this.s.history.drop(r.article);
          this.historyImported.add(r.article);
        }
        const delta = r.delta === null ? null : Buffer.from(r.delta, 'base64');
        await this.s.history.insertRaw([{ article_id: r.article, number: r.number, at: r.at, by: r.by, message: r.message, changed: r.changed.join(','), hash: r.hash, delta }]);
      },
    };
  }

  // ---- articles -----------------------------------------------------------------------

  private articleSchema(): ReturnType<typeof articleInput> {
    if (this.articleSchemaCache?.tz !== this.timezone) this.articleSchemaCache = { tz: this.timezone, schema: articleInput(this.timezone) };
    return this.articleSchemaCache.schema;
  }

  private async planArticle(record: Record<string, unknown>, line: number): Promise<FieldIssue[] | Plan> {
    const parsed = this.articleSchema().safeParse(record);
    if (!parsed.success) return toFieldIssues(parsed.error);
    const input: ArticleInput = parsed.data;
    const derived = input.slug === undefined;
    const keyField = derived ? 'title' : 'slug';
    let slug: string;
    let existing: ArticleRow | undefined;
    const origin = input.origin;
    if (origin) {
      // Keyed by where it came from: the article made from it before, whatever its slug.
      const key = originKey(origin.site, origin.id);
      const earlierOrigin = await this.s.firstSeen(SEEN_ORIGIN, key, line);
      if (earlierOrigin !== undefined) return [{ field: 'origin', message: english('issue.sameItem', { item: printable(origin.id).slice(0, 120), line: earlierOrigin }) }];
      // One lookup by origin per item: the article it became, if any, serves both checks below.
      const madeBefore = await this.s.origins.articleOf(origin);
      // An item whose article an editor moved to the trash stays out: a feed read every half
      // hour must not bring back what was removed.
      if (madeBefore === undefined && (await this.s.trash.byOrigin(origin)) !== undefined) return { outcome: 'skipped' };
      const found = await this.originalOf(madeBefore, input.slug, input.title, line);
      existing = found.existing;
      slug = found.slug;
    } else {
      slug = input.slug ?? derivedSlug(input.title, 'bai-viet');
      const earlier = await this.s.firstSeen(SEEN_SLUG, slug, line);
      if (earlier !== undefined) {
        return [{ field: keyField, message: english(derived ? 'issue.slugUsedDerived' : 'issue.slugUsed', { slug, line: earlier }) }];
      }
      existing = await this.s.articles.findBySlug(slug);
      // A slug stays reserved while its article is in the trash: bring that one back, or empty it.
      if (!existing && (await this.s.trash.slugTaken(slug))) {
        return [{ field: keyField, message: english('issue.slugInTrash', { slug }) }];
      }
    }

    const issues: FieldIssue[] = [];
    const target = this.targetSection(input.section, 'articles', line);
    if (!('info' in target)) issues.push(target);
    const images = input.images ? await this.checkImages(input.images, issues) : undefined;
    if (input.id !== undefined) {
      const at = await this.s.firstSeen(SEEN_ID, String(input.id), line);
      if (at !== undefined) issues.push({ field: 'id', message: english('issue.idOfRecord', { id: input.id, line: at }) });
      else {
        const other = existing ? undefined : await this.s.articles.find(input.id);
        if (other) issues.push({ field: 'id', message: english('issue.idOfArticle', { id: input.id, slug: other.slug }) });
      }
    }
    if (existing && this.mode === 'fail') {
      issues.push(
        origin
          ? { field: 'origin', message: english('issue.importedBefore', { slug: existing.slug, id: existing.id }) }
          : { field: keyField, message: english('issue.articleExists', { slug, id: existing.id }) },
      );
    }
    if (existing && this.mode === 'update' && input.revision !== undefined && input.revision !== existing.revision) {
      // A copy read at another revision (an old export): writing it would undo what changed since.
      issues.push({ field: 'revision', message: english('issue.staleRevision', { slug: existing.slug, actual: existing.revision, expected: input.revision }) });
    }
    if (issues.length || !('info' in target)) return issues;
    if (existing && this.mode === 'skip') return { outcome: 'skipped' };
    this.claimSection(target);

    const now = this.options.now;
    const local = images?.local ?? [];
    const putImages = async (): Promise<void> => {
      for (const img of local) {
        if (await this.s.media.has(img.hash)) continue;
        const data = readFileSync(img.path);
        if (hashOf(data) !== img.hash) throw new ValidationError([{ field: 'images', message: english('issue.imageChanged', { path: img.path }) }]);
        await this.s.media.put(data, img.mime, now);
      }
    };
    const sectionIdNow = async (): Promise<number> => {
      if (target.create && target.info.id === undefined) await this.createSection(target.info);
      return this.sectionId(target.info);
    };

    if (existing) {
      const next: ArticleRow = { ...existing };
      if (input.title !== undefined) next.title = input.title;
      if (input.summary !== undefined) next.summary = input.summary;
      if (input.body !== undefined) next.body = input.body;
      if (input.author !== undefined) next.author = input.author;
      if (input.source !== undefined) next.source = input.source;
      if (input.status !== undefined) next.status = input.status;
      if (input.published_at !== undefined) next.published_at = input.published_at;
      if (next.status === 'published' && next.published_at === null) next.published_at = now;
      if (input.created_at !== undefined && input.created_at !== null) next.created_at = input.created_at;
      if (images) next.images = JSON.stringify(images.records);
      if (input.tags) next.tags = JSON.stringify([...new Set(input.tags)]);
      const sectionKnown = target.info.id !== undefined;
      if (sectionKnown) next.section_id = target.info.id!;
      const givenUpdatedAt = input.updated_at ?? undefined;
      const originBefore = origin ? await this.s.origins.of(existing.id) : undefined;
      const sameOrigin = !origin || (originBefore !== undefined && originBefore.site === origin.site && originBefore.id === origin.id);
      const same =
        sameOrigin &&
        sectionKnown &&
        next.title === existing.title &&
        next.summary === existing.summary &&
        next.body === existing.body &&
        next.author === existing.author &&
        next.source === existing.source &&
        next.section_id === existing.section_id &&
        next.status === existing.status &&
        next.published_at === existing.published_at &&
        next.created_at === existing.created_at &&
        next.images === existing.images &&
        next.tags === existing.tags &&
        (givenUpdatedAt === undefined || givenUpdatedAt === existing.updated_at);
      // An update that changes nothing leaves the row, and its updated_at, alone.
      if (same) return { outcome: 'skipped' };
      next.updated_at = givenUpdatedAt ?? now;
      return {
        outcome: 'updated',
        write: async () => {
          await putImages();
          next.section_id = await sectionIdNow();
          next.revision = await this.s.articles.update(next, this.change());
          if (origin && !sameOrigin) await this.s.origins.set(next.id, origin);
        },
      };
    }

    // The section id is known only when the write runs (a section may be created before it).
    const row = newArticleRow(input, { slug, sectionId: 0, images: images?.records ?? [], now });
    return {
      outcome: 'inserted',
      write: async () => {
        await putImages();
        row.section_id = await sectionIdNow();
        const id = await this.s.articles.insert(row, this.change());
        if (origin) await this.s.origins.set(id, origin);
      },
    };
  }

  /**
   * The article an item with this origin became in an earlier import, and the slug it keeps;
   * else a slug of its own. An explicit slug held by an article of no origin is that article
   * (an export imported back, or a post imported before origins were kept); any other taken
   * slug gets -2, -3 … as `article add` does: two items of one title are two articles.
   */
  private async originalOf(
    madeBefore: number | undefined,
    explicit: string | undefined,
    title: string,
    line: number,
  ): Promise<{ existing: ArticleRow | undefined; slug: string }> {
    const byOrigin = madeBefore === undefined ? undefined : await this.s.articles.find(madeBefore);
    if (byOrigin) {
      await this.s.firstSeen(SEEN_SLUG, byOrigin.slug, line);
      return { existing: byOrigin, slug: byOrigin.slug };
    }
    if (explicit !== undefined) {
      const bySlug = await this.s.articles.findBySlug(explicit);
      if (bySlug && !(await this.s.origins.of(bySlug.id)) && (await this.s.firstSeen(SEEN_SLUG, explicit, line)) === undefined) {
        return { existing: bySlug, slug: explicit };
      }
    }
    const base = explicit ?? derivedSlug(title, 'bai-viet');
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (await this.s.articles.slugTaken(candidate)) continue;
      if ((await this.s.firstSeen(SEEN_SLUG, candidate, line)) === undefined) return { existing: undefined, slug: candidate };
    }
  }

  /**
   * Images as stored: URLs as given, media of the database or of the input as named, local
   * files (relative to the input's folder, and inside it) by the hash of their content.
   */
  private async checkImages(images: ImageInput[], issues: FieldIssue[]): Promise<{ records: ImageRecord[]; local: LocalImage[] }> {
    const records: ImageRecord[] = [];
    const local: LocalImage[] = [];
    for (const [i, img] of images.entries()) {
      const field = `images[${i}].src`;
      const src = img.src;
      const out = (s: string): void => void records.push({ src: s, caption: img.caption ?? '', alt: img.alt ?? '' });
      if (isRemoteUrl(src)) {
        try {
          new URL(src);
          out(src);
        } catch {
          issues.push({ field, message: english('issue.badUrl', { src: src.slice(0, 80) }) });
        }
        continue;
      }
      const media = MEDIA_SRC.exec(src);
      if (media) {
        if (this.mediaHashes.has(media[1]!) || (await this.s.media.has(media[1]!))) out(src);
        else issues.push({ field, message: english('issue.noMedia', { src }) });
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(src)) {
        issues.push({ field, message: english('issue.imageWhatImport', { src: src.slice(0, 80) }) });
        continue;
      }
      const found = this.localImage(src, field, issues);
      if (found) {
        local.push(found);
        out(found.src);
      }
    }
    return { records, local };
  }

  private localImage(src: string, field: string, issues: FieldIssue[]): LocalImage | undefined {
    const base = this.source.baseDir;
    const path = resolve(base, src);
    const cached = this.localImages.get(path);
    if (cached) return cached;
    const escape = escapesFolder(base, path);
    if (escape !== undefined) {
      issues.push({ field, message: escape === 'path' ? english('issue.outsideInput', { src, base }) : english('issue.linkOutsideInput', { src, base }) });
      return undefined;
    }
    let data: Buffer;
    try {
      const st = statSync(path);
      if (!st.isFile()) {
        issues.push({ field, message: english('issue.notAFile', { src }) });
        return undefined;
      }
      if (st.size > LIMITS.imageBytes) {
        issues.push({ field, message: english('issue.imageTooLarge', { src, mb: LIMITS.imageBytes / 1024 / 1024 }) });
        return undefined;
      }
      data = readFileSync(path);
    } catch (err) {
      issues.push({ field, message: english('issue.cannotReadImage', { src, code: (err as NodeJS.ErrnoException).code ?? 'error' }) });
      return undefined;
    }
    const mime = sniffImageType(data);
    if (!mime) {
      issues.push({ field, message: english('issue.notAnImage', { src }) });
      return undefined;
    }
    const hash = hashOf(data);
    const found: LocalImage = { path, src: mediaSrc(hash, mime), mime, hash };
    // Many articles share a few images (logos, banners); a bounded cache reads each once.
    if (this.localImages.size >= 5000) this.localImages.clear();
    this.localImages.set(path, found);
    return found;
  }
}

/** The key of a record without a slug: its title's, as `article add` derives it (without -2). */
export function derivedSlug(title: string, fallback: string): string {
  const base = slugify(title) || fallback;
  return /^\d+$/.test(base) ? `${fallback}-${base}` : base;
}

/** "line 12: title: is required" (the file-level errors have no line or field). */
export function formatIssue(i: LineIssue): string {
  const where = i.line > 0 ? `${t('import.line', { line: i.line })}: ` : '';
  return printable(`${where}${i.field ? `${i.field}: ` : ''}${sayIssue(i.message)}`);
}

/** Writes rejected records to a file, one JSON line each, as they come (memory stays flat). */
export function openRejectsFile(path: string): { onReject: (r: Reject) => void; close: () => void } {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new IOError(english('issue.cannotWriteRejects', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  return {
    onReject: (r) => {
      const line = `${JSON.stringify({ line: r.line, errors: r.errors, record: r.record })}\n`;
      const buf = Buffer.from(line, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    },
    close: () => closeSync(fd),
  };
}
