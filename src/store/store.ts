// The store: the one door to the database. Everything outside src/store/ speaks these terms —
// articles, sections, links, media, settings, the search index, counts, a unit of work — and
// nothing else: no SQL, no pragmas, no driver. Each backend is a folder beside this file
// (sqlite/ today) that implements the interfaces below.
//
// Asynchronous wherever a networked database would make a round trip; batches where a loop
// would otherwise pay one round trip per row (imports, reindex, export reads). A backend that
// is synchronous inside (SQLite) answers at once; it must not hold a transaction open across
// awaits other than its own work.
import type { SiteSettings } from '../core/records.js';
import type { SearchQuery } from '../core/search-query.js';
import type { Change, RevisionInfo, RevisionRow, TrashEntry, TrashRow } from './history.js';
import type {
  ArticleFilter,
  ArticleRow,
  ArticleSort,
  LinkRow,
  ListWindow,
  MediaRow,
  NewArticleRow,
  SectionContents,
  SectionRow,
} from './rows.js';

export type OpenMode = 'read' | 'write';

export interface SettingsApi {
  /** The settings merged over the defaults. */
  get(): Promise<SiteSettings>;
  /** True once `init` (or an import of a full export) has stored settings. */
  isInitialised(): Promise<boolean>;
  /** Sets each value given; null removes the setting (back to its default). */
  set(values: { [K in keyof SiteSettings]?: SiteSettings[K] | undefined }): Promise<void>;
}

export interface SectionsApi {
  /** Every section in menu order: depth first, siblings by position then id. */
  tree(): Promise<SectionRow[]>;
  /** A section by id (digits) or slug. */
  find(ref: string | number): Promise<SectionRow | undefined>;
  children(parentId: number | null): Promise<SectionRow[]>;
  /** The ids of a section and all its descendants. */
  subtreeIds(id: number): Promise<number[]>;
  /** True when `candidate` is `id` itself or lies below it. */
  isInSubtree(candidate: number, id: number): Promise<boolean>;
  contents(id: number): Promise<SectionContents>;
  /** Inserts at `position` among the parent's children (1-based; beyond the end appends). */
  insert(row: Omit<SectionRow, 'id' | 'position'>, position?: number): Promise<number>;
  /** Inserts with the id given (imports of a full export), appended among its siblings. */
  insertWithId(id: number, row: Omit<SectionRow, 'id' | 'position'>): Promise<number>;
  update(id: number, row: Pick<SectionRow, 'slug' | 'title' | 'kind' | 'description'>): Promise<void>;
  /** Puts a section under a parent at a position (1-based, clamped); siblings stay 1..n. */
  place(id: number, parentId: number | null, position: number): Promise<void>;
  delete(id: number): Promise<void>;
}

export interface LinksApi {
  find(id: number): Promise<LinkRow | undefined>;
  /** A section's links by position, then id. */
  inSection(sectionId: number): Promise<LinkRow[]>;
  /** Every link by section, position, id. */
  all(): Promise<LinkRow[]>;
  insert(sectionId: number, title: string, url: string, position?: number): Promise<number>;
  insertWithId(id: number, sectionId: number, title: string, url: string): Promise<number>;
  update(id: number, sectionId: number, title: string, url: string): Promise<void>;
  place(id: number, sectionId: number, position: number): Promise<void>;
  delete(id: number): Promise<void>;
  /** Moves every link of one section to the end of another. */
  moveAll(fromSection: number, toSection: number): Promise<void>;
}

export interface ArticlesApi {
  /** An article by id (digits) or slug. */
  find(ref: string | number): Promise<ArticleRow | undefined>;
  /** By slug only (a slug of digits is not taken for an id). */
  findBySlug(slug: string): Promise<ArticleRow | undefined>;
  /** The articles of these ids that exist, in the order of `ids` (a page of search hits: one read). */
  findMany(ids: readonly number[]): Promise<ArticleRow[]>;
  slugTaken(slug: string): Promise<boolean>;
  count(filter: ArticleFilter): Promise<number>;
  /** The ids of the published articles dated later than `now`: the scheduled ones. */
  scheduledIds(now: number): Promise<number[]>;
  /**
   * One page in a total order: the sort field, then id in the same direction; the default
   * order is newest first (published_at, or updated_at for drafts); drafts without a date last.
   */
  list(filter: ArticleFilter, sort: ArticleSort, window?: ListWindow): Promise<ArticleRow[]>;
  /**
   * One page of `list` (rows `offset`… of the order) and the count of the whole filter, read
   * together, as `count` then `list` with the count would (a page past the end: no rows, the
   * count still); on a networked backend, in one statement. `body: false`: the caller shows
   * no body (a table), so the rows' bodies may be left empty ('') rather than sent.
   */
  page(filter: ArticleFilter, sort: ArticleSort, window: { limit: number; offset: number }, options?: { body?: boolean }): Promise<{ total: number; rows: ArticleRow[] }>;
  /** The filtered rows in id order, a batch at a time (whole-portal work). */
  batches(filter: ArticleFilter, size?: number): AsyncIterable<ArticleRow[]>;
  /** Inserts a new article as its revision 1 (ids of the trash are never given out again). */
  insert(row: NewArticleRow, change: Change): Promise<number>;
  /**
   * Saves a change to an article read at `row.revision`: the state before becomes a revision
   * (pruned to the site's keep_revisions), and the article moves to the next number, which is
   * returned. When the article moved on since it was read, nothing is written: a
   * RevisionConflictError.
   */
  update(row: ArticleRow, change: Change): Promise<number>;
  /** Deletes the row (its origin goes with it); its history stays until `history.drop`. */
  delete(id: number): Promise<void>;
  /** Moves every article of one section to another, each change a revision; returns how many moved. */
  moveSection(from: number, to: number, change: Change): Promise<number>;
  /**
   * Puts a row back whole, id and revision kept (the trash, copies); its history is apart. With
   * `change`, a row that differs from its last revision (filed elsewhere meanwhile) is recorded
   * as a new revision, hung on `previous` (the state of that last revision) so the chain stays
   * whole; the number it ends at is returned.
   */
  putBack(row: ArticleRow, change?: Change, previous?: ArticleRow): Promise<number>;
}

/** Where an imported article came from: the key that makes a re-import idempotent. */
export interface Origin {
  /** The source site: a WXR's blog URL, a feed's link or id. */
  site: string;
  /** The item's identity there: its GUID, Atom id, or link. */
  id: string;
}

export interface OriginsApi {
  /** The id of the article imported from this origin, if any. */
  articleOf(origin: Origin): Promise<number | undefined>;
  of(articleId: number): Promise<Origin | undefined>;
  /** Records (or replaces) where an article came from; goes with the article when it is removed. */
  set(articleId: number, origin: Origin): Promise<void>;
}

export interface HistoryApi {
  /** An article's revisions, newest first, without their bytes. */
  list(articleId: number): Promise<RevisionInfo[]>;
  /** The revisions numbered `from` and above, newest first, with their bytes (to walk back). */
  chain(articleId: number, from: number): Promise<RevisionRow[]>;
  /** Forgets an article's history (a removal that cannot be undone). */
  drop(articleId: number): Promise<void>;
  /**
   * Deletes old revisions, never an article's current one: beyond the newest `keep` of each
   * article, and (with `before`) those made before that time. Returns how many went.
   */
  prune(options: { keep?: number; before?: number }): Promise<number>;
  /** Every revision by article and number, a batch at a time (copies, exports). */
  batches(size?: number): AsyncIterable<RevisionRow[]>;
  /** Writes revisions as they are (copies, imports of a history). */
  insertRaw(rows: RevisionRow[]): Promise<void>;
  /**
   * When an article's newest revision is not the state its row holds (changed outside newsdesk,
   * or a history imported beside a row that changed on the way), records that state as one more
   * revision; true if it did.
   */
  adopt(articleId: number, change: Change): Promise<boolean>;
}

export interface TrashApi {
  /** The trashed articles, the latest removal first. */
  list(): Promise<TrashEntry[]>;
  get(id: number): Promise<TrashRow | undefined>;
  insert(row: TrashRow): Promise<void>;
  /** Takes an entry out of the trash (restored or removed for good). */
  drop(id: number): Promise<void>;
  /** True when an article in the trash holds the slug (it stays reserved until purged). */
  slugTaken(slug: string): Promise<boolean>;
  /** The trashed article imported from this origin, if any. */
  byOrigin(origin: Origin): Promise<number | undefined>;
  /** How many trashed articles belong to a section. */
  countInSection(sectionId: number): Promise<number>;
  /** Files the trashed articles of one section under another (section remove --move-articles-to). */
  moveSection(from: number, to: number): Promise<number>;
  /** Every entry by id, a batch at a time (copies, exports). */
  batches(size?: number): AsyncIterable<TrashRow[]>;
}

export interface MediaApi {
  /** Stores the bytes once per content; returns the src articles use to name them. */
  put(data: Buffer, mime: string, now: number): Promise<string>;
  get(hash: string): Promise<MediaRow | undefined>;
  /** The stored type, without reading the bytes; undefined when the hash is not stored. */
  mimeOf(hash: string): Promise<string | undefined>;
  has(hash: string): Promise<boolean>;
  /** Every stored file by hash, a batch at a time. */
  batches(size?: number): AsyncIterable<MediaRow[]>;
}

/** Filters shared with `article list`: section subtree, status, published_at range. */
export interface SearchFilter {
  sectionIds?: number[];
  status?: 'published' | 'draft';
  since?: number;
  until?: number;
  /** Articles left out by id (the scheduled ones: few, and none most of the time). */
  excludeIds?: number[];
}

export interface SearchRequest {
  query: SearchQuery;
  filter: SearchFilter;
  limit?: number;
  offset?: number;
  /**
   * false: the caller shows no total (a list piped to another program), so page() may leave
   * the matches uncounted and answer `total` undefined. Counting is a pass over every match.
   */
  total?: boolean;
}

export interface SearchMatch {
  id: number;
  /** The backend's relevance (lower is better); only the order it gives is compared. */
  bm25: number;
  /** 1 when the article holds the words in the spelling typed. */
  exact: number;
}

export interface IndexSize {
  articles: number;
  /** Bytes of the index (0 when the backend cannot tell). */
  indexBytes: number;
  /** UTF-8 bytes of the indexed text. */
  textBytes: number;
}

export interface SearchApi {
  /**
   * One page of matches in rank order: the spelling typed first (when the query has marks),
   * then relevance (title over summary over body), then newest first, then id.
   */
  query(req: SearchRequest): Promise<SearchMatch[]>;
  count(query: SearchQuery, filter: SearchFilter): Promise<number>;
  /**
   * How many match and one page of them (query's order), from one state of the index; no
   * matches on a page past the last. A networked backend answers in one round trip.
   */
  page(req: SearchRequest): Promise<{ total?: number; matches: SearchMatch[] }>;
  /** The ids of the articles holding every positive term as typed (tests and tools). */
  spellingMatches(query: SearchQuery): Promise<number[]>;
  size(): Promise<IndexSize>;
}

/** Everything that reads and writes; inside a unit of work, the same through its handle. */
export interface StoreData {
  readonly settings: SettingsApi;
  readonly sections: SectionsApi;
  readonly links: LinksApi;
  readonly articles: ArticlesApi;
  readonly media: MediaApi;
  readonly origins: OriginsApi;
  readonly search: SearchApi;
  readonly history: HistoryApi;
  readonly trash: TrashApi;
  /** Site settings, read once until the next write. */
  site(): Promise<SiteSettings>;
  /** The slug of each section id. */
  sectionSlugs(): Promise<Map<number, string>>;
  /**
   * A unit of work: all of it is written, or none. Writers take turns (the wait is bounded);
   * inside another unit of work, a part of it that fails alone (a savepoint).
   */
  transaction<T>(fn: (tx: StoreData) => Promise<T>): Promise<T>;
}

/** What the HTML export reads of every published article, with or without its body. */
interface PublishedFields {
  id: number;
  slug: string;
  sectionId: number;
  publishedAt: number;
  updatedAt: number;
  images: string;
}

/** A published article as the HTML export reads it (see rows.ts: the shown fields). */
export interface PublishedEntry extends PublishedFields {
  /** Every field a page shows, in the layout of rows.ts `shownFields`. */
  shown: Buffer;
  /** Bytes of the body, which ends `shown`. */
  bodyBytes: number;
  /** Changes with every write to the article, by newsdesk or not (see PublishedHead). */
  version: string;
}

/**
 * A published article without its body: what a re-export reads of every article, to tell by
 * `version` which ones changed since its last pass (and read only those in full).
 */
export interface PublishedHead extends PublishedFields {
  /**
   * Changes with every write to the article: its revision (newsdesk's changes), a count kept
   * by the schema's triggers of the writes that left the revision as it was (another program
   * writing the database, or a row removed and put back), updated_at and created_at.
   */
  version: string;
  /** Title, summary, author and source, UTF-8, one after the other. */
  texts: Buffer;
  /** Their lengths in bytes, in that order. */
  textLengths: [number, number, number, number];
}

/** Reads of whole-portal work, all from one snapshot. */
export interface SnapshotReader extends StoreData {
  /** Published articles, newest first (list date, then id, both descending), in batches. */
  published(): AsyncIterable<PublishedEntry[]>;
  /** The body of a published article ('' when there is none). */
  publishedBody(id: number): Promise<string>;
  /** The bodies of some published articles (a feed's entries: one read), by id; '' for none. */
  publishedBodiesOf(ids: readonly number[]): Promise<Map<number, string>>;
  /** Every published article's body, in id order, in batches. */
  publishedBodies(): AsyncIterable<Array<{ id: number; body: string }>>;
  /** Published articles without bodies, in the order of `published`, in batches. */
  publishedHeads(): AsyncIterable<PublishedHead[]>;
  /** The entries of some published articles, in no particular order (an id not published has none). */
  publishedOf(ids: readonly number[]): Promise<PublishedEntry[]>;
}

export interface Problem {
  check: string;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  /** null when the table could not be read to the end (a damaged database). */
  articles: number | null;
  sections: number | null;
  links: number | null;
  media: number | null;
  problems: Problem[];
}

export interface ReindexResult {
  articles: number;
  size: IndexSize;
}

/**
 * A streamed import: one unit of work held across the reading of the input. Writes go through
 * its data handle; derived data (the search index, counts) is brought up to date at commit.
 */
export interface ImportSession extends StoreData {
  /**
   * Remembers that the input used `key` (of a kind: slugs, ids, links) at `line`: undefined
   * the first time, else the line it was first seen at. Kept outside memory (a million keys).
   */
  firstSeen(kind: number, key: string, line: number): Promise<number | undefined>;
  /** Makes everything written durable (after indexing it); the session is over. */
  commit(onIndexProgress?: (done: number, total: number) => void): Promise<void>;
  /** Discards everything written; the session is over. Safe to call after commit. */
  end(): Promise<void>;
}

/** What only some backends can do; absent where the backend cannot. */
export interface BackendCapabilities {
  /**
   * An online, consistent copy of the whole portal into a new SQLite file at `dest` (written
   * there whole, or not at all by this call).
   */
  backupToFile?(dest: string, onProgress?: (fraction: number) => void): Promise<void>;
}

export interface ImportSessionOptions {
  dryRun: boolean;
  wholePortal?: boolean;
}

export interface Store extends StoreData {
  /** Which backend holds the portal: 'sqlite'. */
  readonly backend: string;
  /** Where: a file path (never a password). */
  readonly location: string;
  readonly readonly: boolean;
  readonly capabilities: BackendCapabilities;
  /** Runs fn against one consistent snapshot (exports, backups, paging). */
  snapshot<T>(fn: (reader: SnapshotReader) => Promise<T>): Promise<T>;
  /**
   * A streamed import; a dry run only reads (one snapshot) and writes nothing. `wholePortal`:
   * the session fills an empty portal made for it (`copy --to`), so a backend may build its
   * indexes after the rows, making readers of that portal wait for the commit.
   */
  importSession(options: ImportSessionOptions): Promise<ImportSession>;
  /** Verifies the whole store: integrity, references, counts, search index, media. */
  check(): Promise<CheckReport>;
  /** Rebuilds the search index and the article counts from the articles. */
  reindex(onProgress?: (done: number) => void): Promise<ReindexResult>;
  close(): Promise<void>;
}
