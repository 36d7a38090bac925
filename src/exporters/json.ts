// export json: the full export document (or its NDJSON form), exactly what importers/json.ts
// and importers/ndjson.ts read back. Written as a stream of small strings — one record at a
// time, straight from the database cursors — so memory does not grow with the portal.
//
// The document puts every record on one line, and the lists in the order an import needs
// them: site, sections (menu order: parents before children), links, media, then articles
// (by id), so a streamed import can resolve every reference from what it has already read.
import { formatIso } from '../core/dates.js';
import type { LinkRecord, SectionRecord, SiteSettings } from '../core/records.js';
import { articleRecord, MEDIA_SRC, parseImages, sectionRecord, type ArticleFilter, type MediaRow, type SectionRow } from '../store/rows.js';
import type { RevisionRow, TrashRow } from '../store/history.js';
import type { Store, StoreData } from '../store/store.js';

export const EXPORT_FORMAT = 'newsdesk';
export const EXPORT_VERSION = 1;

/** Where the export goes: process.stdout, a file stream, or a test buffer. */
export interface ExportSink {
  write(chunk: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface ExportJsonOptions {
  /** exported_at. */
  now: number;
  ndjson?: boolean;
  /** Only this section and its subsections (their ancestors are included, so the document imports). */
  sectionId?: number;
  status?: 'draft' | 'published';
  since?: number;
  until?: number;
  /** The trash and every revision too (a whole portal: no filter). */
  withHistory?: boolean;
}

export interface ExportCounts {
  sections: number;
  links: number;
  media: number;
  articles: number;
  trashed?: number;
  revisions?: number;
}

/** A revision as the export writes it: its bytes in base64 (the newest has none). */
export interface RevisionRecord {
  article: number;
  number: number;
  at: string;
  by: string;
  message: string;
  changed: string[];
  hash: string;
  delta: string | null;
}

function revisionRecord(r: RevisionRow, tz: string): RevisionRecord {
  return {
    article: r.article_id,
    number: r.number,
    at: formatIso(r.at, tz),
    by: r.by,
    message: r.message,
    changed: r.changed ? r.changed.split(',') : [],
    hash: r.hash,
    delta: r.delta ? r.delta.toString('base64') : null,
  };
}

/** An article in the trash: its row as stored (so that it comes back byte for byte), where it is filed. */
export interface TrashedRecord {
  id: number;
  section: string;
  deleted_at: string;
  deleted_by: string;
  origin?: { site: string; id: string };
  row: Record<string, unknown>;
}

function trashedRecord(e: TrashRow, slugOf: (id: number) => string, tz: string): TrashedRecord {
  return {
    id: e.id,
    section: slugOf(e.section_id),
    deleted_at: formatIso(e.deleted_at, tz),
    deleted_by: e.deleted_by,
    ...(e.origin ? { origin: JSON.parse(e.origin) as { site: string; id: string } } : {}),
    row: JSON.parse(e.row) as Record<string, unknown>,
  };
}

export interface MediaRecord {
  hash: string;
  mime: string;
  data: string;
}

/** Gathers small writes into ~64 KB chunks and waits when the sink asks for it. */
class Out {
  private buf = '';
  constructor(private readonly sink: ExportSink) {}

  async write(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length >= 65536) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buf) return;
    const chunk = this.buf;
    this.buf = '';
    const ok = this.sink.write(chunk);
    if (ok === false && this.sink.once) await new Promise<void>((done) => this.sink.once!('drain', done));
  }
}

export function siteRecord(site: SiteSettings): SiteSettings {
  return {
    title: site.title,
    language: site.language,
    timezone: site.timezone,
    base_url: site.base_url,
    per_page: site.per_page,
    // Only when set, so that the export of a site without it stays as it was.
    ...(site.embed_hosts ? { embed_hosts: site.embed_hosts } : {}),
  };
}

export function mediaRecord(row: MediaRow): MediaRecord {
  return { hash: row.hash, mime: row.mime, data: row.data.toString('base64') };
}

/** The sections to export, in menu order: all, or a subtree with the path down to it. */
async function exportedSections(store: StoreData, rootId: number | undefined): Promise<SectionRow[]> {
  const tree = await store.sections.tree();
  if (rootId === undefined) return tree;
  const keep = new Set(await store.sections.subtreeIds(rootId));
  const byId = new Map(tree.map((s) => [s.id, s]));
  for (let p = byId.get(rootId)?.parent_id ?? null; p !== null; p = byId.get(p)?.parent_id ?? null) keep.add(p);
  return tree.filter((s) => keep.has(s.id));
}

/** Everything from one snapshot of the store, whatever is written meanwhile. */
export async function exportJson(store: Store, sink: ExportSink, options: ExportJsonOptions): Promise<ExportCounts> {
  return store.snapshot((reader) => writeExport(reader, sink, options));
}

async function writeExport(store: StoreData, sink: ExportSink, options: ExportJsonOptions): Promise<ExportCounts> {
  const out = new Out(sink);
  const site = await store.settings.get();
  const tz = site.timezone;
  const counts: ExportCounts = { sections: 0, links: 0, media: 0, articles: 0 };

  const filter: ArticleFilter = {};
  if (options.sectionId !== undefined) filter.sectionIds = await store.sections.subtreeIds(options.sectionId);
  if (options.status !== undefined) filter.status = options.status;
  if (options.since !== undefined) filter.since = options.since;
  if (options.until !== undefined) filter.until = options.until;
  const filtered = Object.keys(filter).length > 0;

  const sections = await exportedSections(store, options.sectionId);
  const slugs = await store.sectionSlugs();
  const slugOf = (id: number): string => slugs.get(id) ?? String(id);

  // A filtered export carries only the media its articles use: gather their hashes first.
  let mediaHashes: string[] | undefined;
  if (filtered) {
    const hashes = new Set<string>();
    for await (const batch of store.articles.batches(filter)) {
      for (const row of batch) {
        for (const img of parseImages(row.images)) {
          const m = MEDIA_SRC.exec(img.src);
          if (m) hashes.add(m[1]!);
        }
      }
    }
    mediaHashes = [...hashes].sort();
  }

  // Every list is written the same way; only the framing differs between the two forms.
  let first = true;
  const ndjson = Boolean(options.ndjson);
  const item = async (type: string, record: object): Promise<void> => {
    if (ndjson) await out.write(`${JSON.stringify({ type, ...record })}\n`);
    else {
      await out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(record)}`);
      first = false;
    }
  };
  const open = async (key: string): Promise<void> => {
    first = true;
    if (!ndjson) await out.write(`,\n  ${JSON.stringify(key)}: [`);
  };
  const close = async (): Promise<void> => {
    if (!ndjson) await out.write(first ? ']' : '\n  ]');
  };

  if (ndjson) await out.write(`${JSON.stringify({ type: 'site', ...siteRecord(site) })}\n`);
  else {
    await out.write(
      `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "version": ${EXPORT_VERSION},\n  "exported_at": ${JSON.stringify(formatIso(options.now, tz))},\n  "site": ${JSON.stringify(siteRecord(site))}`,
    );
  }

  await open('sections');
  for (const s of sections) {
    const record: SectionRecord = sectionRecord(s, (id) => slugs.get(id));
    await item('section', record);
    counts.sections++;
  }
  await close();

  await open('links');
  for (const s of sections) {
    if (s.kind !== 'links') continue;
    for (const l of await store.links.inSection(s.id)) {
      const record: LinkRecord = { id: l.id, section: s.slug, title: l.title, url: l.url, position: l.position };
      await item('link', record);
      counts.links++;
    }
  }
  await close();

  await open('media');
  if (mediaHashes) {
    for (const hash of mediaHashes) {
      const row = await store.media.get(hash);
      if (!row) continue;
      await item('media', mediaRecord(row));
      counts.media++;
    }
  } else {
    for await (const batch of store.media.batches()) {
      for (const row of batch) {
        await item('media', mediaRecord(row));
        counts.media++;
      }
    }
  }
  await close();

  await open('articles');
  for await (const batch of store.articles.batches(filter)) {
    for (const row of batch) {
      const record = articleRecord(row, slugOf(row.section_id), tz);
      const origin = await store.origins.of(row.id);
      if (origin) record.origin = origin;
      await item('article', record);
      counts.articles++;
    }
  }
  await close();

  if (options.withHistory) {
    // The trash before the revisions: an import files each revision under an article it knows.
    await open('trash');
    for await (const batch of store.trash.batches()) {
      for (const e of batch) {
        await item('trashed', trashedRecord(e, slugOf, tz));
        counts.trashed = (counts.trashed ?? 0) + 1;
      }
    }
    await close();
    await open('revisions');
    for await (const batch of store.history.batches()) {
      for (const r of batch) {
        await item('revision', revisionRecord(r, tz));
        counts.revisions = (counts.revisions ?? 0) + 1;
      }
    }
    await close();
  }

  if (!ndjson) await out.write('\n}\n');
  await out.flush();
  return counts;
}
