// The data methods of the SQLite backend, shared by the store, its units of work and its
// import sessions: the asynchronous face of the synchronous repositories of one connection.
import type { SearchQuery } from '../../core/search-query.js';
import type { ArticleFilter, MediaRow } from '../rows.js';
import type { Change, RevisionRow, TrashRow } from '../history.js';
import type { ArticleRow } from '../rows.js';
import type { ArticlesApi, HistoryApi, LinksApi, MediaApi, OriginsApi, SearchApi, SearchFilter, SearchRequest, SectionsApi, SettingsApi, StoreData, TrashApi } from '../store.js';
import { translateSqliteError } from './errors.js';
import type { SqliteHandle } from './handle.js';
import type { IndexQuery } from './fts.js';
import { Turns } from '../turns.js';

const BATCH = 500;
/** Media rows carry their bytes (up to the image limit each): a few at a time. */
const MEDIA_BATCH = 8;

/** The asynchronous form of a synchronous object's methods, with SQLite errors made domain errors. */
function facade<T extends object, K extends keyof T & string>(target: T, keys: readonly K[], path: string): Record<K, (...args: never[]) => Promise<unknown>> {
  const out = {} as Record<K, (...args: never[]) => Promise<unknown>>;
  for (const key of keys) {
    const fn = target[key] as unknown as (...args: unknown[]) => unknown;
    out[key] = async (...args: unknown[]) => {
      try {
        return fn.apply(target, args);
      } catch (err) {
        throw translateSqliteError(err, path);
      }
    };
  }
  return out;
}

/** Batches from a synchronous generator, as an async iterable (errors translated). */
export async function* batchesOf<T>(make: () => Iterable<T[]>, path: string): AsyncGenerator<T[]> {
  let it: Iterator<T[]>;
  try {
    it = make()[Symbol.iterator]();
  } catch (err) {
    throw translateSqliteError(err, path);
  }
  for (;;) {
    let step: IteratorResult<T[]>;
    try {
      step = it.next();
    } catch (err) {
      throw translateSqliteError(err, path);
    }
    if (step.done) return;
    yield step.value;
  }
}

/** The data methods, shared by the store and every unit of work on its connection. */
export interface DataApis {
  settings: SettingsApi;
  sections: SectionsApi;
  links: LinksApi;
  articles: ArticlesApi;
  media: MediaApi;
  origins: OriginsApi;
  search: SearchApi;
  history: HistoryApi;
  trash: TrashApi;
}

export function dataApis(h: SqliteHandle): DataApis {
  const path = h.path;
  const settings = facade(h.settings, ['get', 'isInitialised', 'set'], path) as unknown as SettingsApi;
  const writeSettings = settings.set;
  // A write of the settings forgets the cached copy (site()).
  settings.set = async (values) => {
    await writeSettings(values);
    h.forgetSite();
  };
  const sections = facade(
    h.sections,
    ['tree', 'find', 'children', 'subtreeIds', 'isInSubtree', 'contents', 'insert', 'insertWithId', 'update', 'place', 'delete'],
    path,
  ) as unknown as SectionsApi;
  const links = facade(h.links, ['find', 'inSection', 'all', 'insert', 'insertWithId', 'update', 'place', 'delete', 'moveAll'], path) as unknown as LinksApi;
  const keep = (): number | undefined => h.site().keep_revisions ?? undefined;
  const articles = {
    ...(facade(h.articles, ['find', 'findMany', 'findBySlug', 'slugTaken', 'count', 'scheduledIds', 'list', 'page', 'insert', 'delete', 'putBack'], path) as unknown as Omit<ArticlesApi, 'batches' | 'update' | 'moveSection'>),
    // The site's keep_revisions goes with each change: the repository prunes as it writes.
    update: (row: ArticleRow, change: Change) => run(() => h.articles.update(row, change, keep())),
    moveSection: (from: number, to: number, change: Change) => run(() => h.articles.moveSection(from, to, change, keep())),
    batches(filter: ArticleFilter, size = BATCH) {
      return batchesOf(function* () {
        let after = 0;
        for (;;) {
          const batch = h.articles.batchAfter(filter, after, size);
          if (batch.length) yield batch;
          if (batch.length < size) return;
          after = batch[batch.length - 1]!.id;
        }
      }, path);
    },
  } satisfies ArticlesApi;
  const media = {
    ...(facade(h.media, ['put', 'get', 'mimeOf', 'has'], path) as unknown as Omit<MediaApi, 'batches'>),
    batches(size = MEDIA_BATCH) {
      return batchesOf(function* (): Generator<MediaRow[]> {
        let after = '';
        for (;;) {
          const batch = h.media.batchAfter(after, size);
          if (batch.length) yield batch;
          if (batch.length < size) return;
          after = batch[batch.length - 1]!.hash;
        }
      }, path);
    },
  } satisfies MediaApi;
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(translateSqliteError(err, path));
    }
  };
  // The translation of a query into FTS5's language is loaded by the first search, not by
  // every command that opens the store.
  const fts = () => import('../../core/search-query.js');
  const indexQuery = (req: SearchRequest, { toFtsMatch, toMarkedMatch }: Awaited<ReturnType<typeof fts>>): IndexQuery => ({
    match: toFtsMatch(req.query),
    ...(req.query.marked ? { spelling: toMarkedMatch(req.query), typed: req.query.groups } : {}),
    filter: req.filter,
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
    ...(req.offset !== undefined ? { offset: req.offset } : {}),
  });
  const search: SearchApi = {
    query: async (req: SearchRequest) => {
      const q = indexQuery(req, await fts());
      return run(() => h.index.query(q));
    },
    count: async (query: SearchQuery, filter: SearchFilter) => {
      const { toFtsMatch } = await fts();
      return run(() => h.index.count(toFtsMatch(query), filter));
    },
    page: async (req: SearchRequest) => {
      // In process, in one synchronous call: the count and the page see one state of the index.
      const q = indexQuery(req, await fts());
      return run(() => {
        const { total, hits } = h.index.page(q, req.total !== false);
        return { ...(total !== undefined ? { total } : {}), matches: hits };
      });
    },
    spellingMatches: async (query: SearchQuery) => {
      const { toMarkedMatch } = await fts();
      return run(() => h.index.spellingMatches(toMarkedMatch(query)));
    },
    size: () => run(() => h.index.size()),
  };
  const origins = facade(h.origins, ['articleOf', 'of', 'set'], path) as unknown as OriginsApi;
  const history: HistoryApi = {
    ...(facade(h.history, ['list', 'chain', 'drop', 'prune'], path) as unknown as Pick<HistoryApi, 'list' | 'chain' | 'drop' | 'prune'>),
    insertRaw: (rows: RevisionRow[]) => run(() => h.history.insertRaw(rows)),
    adopt: (articleId: number, change: Change) =>
      run(() => {
        const row = h.articles.find(articleId);
        return row ? h.history.adopt(row, change) : false;
      }),
    batches(size = BATCH) {
      return batchesOf(function* (): Generator<RevisionRow[]> {
        let after = { id: 0, number: 0 };
        for (;;) {
          const batch = h.history.batchAfter(after.id, after.number, size);
          if (batch.length) yield batch;
          if (batch.length < size) return;
          const last = batch[batch.length - 1]!;
          after = { id: last.article_id, number: last.number };
        }
      }, path);
    },
  };
  const trash: TrashApi = {
    ...(facade(h.trash, ['list', 'get', 'insert', 'drop', 'slugTaken', 'byOrigin', 'countInSection', 'moveSection'], path) as unknown as Omit<TrashApi, 'batches'>),
    batches(size = BATCH) {
      return batchesOf(function* (): Generator<TrashRow[]> {
        let after = 0;
        for (;;) {
          const batch = h.trash.batchAfter(after, size);
          if (batch.length) yield batch;
          if (batch.length < size) return;
          after = batch[batch.length - 1]!.id;
        }
      }, path);
    },
  };
  return { settings, sections, links, articles, media, origins, search, history, trash };
}

/** A view of the connection: the store itself, or a unit of work open on it. */
export class SqliteData implements StoreData {
  readonly settings: SettingsApi;
  readonly sections: SectionsApi;
  readonly links: LinksApi;
  readonly articles: ArticlesApi;
  readonly media: MediaApi;
  readonly origins: OriginsApi;
  readonly search: SearchApi;
  readonly history: HistoryApi;
  readonly trash: TrashApi;

  constructor(
    protected readonly h: SqliteHandle,
    protected readonly units: UnitQueue,
    apis: DataApis,
    /** True for the handle of an open unit of work: transaction() is then a savepoint of it. */
    private readonly inUnit: boolean,
  ) {
    this.settings = apis.settings;
    this.sections = apis.sections;
    this.links = apis.links;
    this.articles = apis.articles;
    this.media = apis.media;
    this.origins = apis.origins;
    this.search = apis.search;
    this.history = apis.history;
    this.trash = apis.trash;
  }

  async site() {
    return this.h.site();
  }

  async sectionSlugs() {
    return this.h.sectionSlugs();
  }

  transaction<T>(fn: (tx: StoreData) => Promise<T>): Promise<T> {
    if (this.inUnit) return this.units.savepoint(() => fn(this));
    return this.units.unit(() => fn(new SqliteData(this.h, this.units, this as unknown as DataApis, true)));
  }
}

/**
 * Units of work on one connection, one at a time (a second waits for the first): SQLite has
 * one transaction per connection, and two interleaved async units would otherwise share it.
 */
export class UnitQueue {
  private readonly turns = new Turns();
  private savepoints = 0;

  constructor(private readonly h: SqliteHandle) {}

  /** Holds the turn until `release` is called. */
  take(): Promise<() => void> {
    return this.turns.take();
  }

  async unit<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.take();
    const h = this.h;
    try {
      try {
        await h.beginImmediateAsync();
      } catch (err) {
        throw translateSqliteError(err, h.path);
      }
      let result: T;
      try {
        result = await fn();
        h.db.prepare('COMMIT').run();
      } catch (err) {
        // SQLite may have rolled back already (a full disk, an I/O error).
        if (h.db.inTransaction) h.db.prepare('ROLLBACK').run();
        throw translateSqliteError(err, h.path);
      } finally {
        h.forgetSite();
      }
      return result;
    } finally {
      release();
    }
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const db = this.h.db;
    const name = `unit_${++this.savepoints}`;
    try {
      db.prepare(`SAVEPOINT ${name}`).run();
      try {
        const result = await fn();
        db.prepare(`RELEASE ${name}`).run();
        return result;
      } catch (err) {
        if (db.inTransaction) {
          db.prepare(`ROLLBACK TO ${name}`).run();
          db.prepare(`RELEASE ${name}`).run();
        }
        throw translateSqliteError(err, this.h.path);
      }
    } finally {
      this.savepoints--;
      this.h.forgetSite();
    }
  }
}

