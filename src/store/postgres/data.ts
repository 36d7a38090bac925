// The data methods of the PostgreSQL backend, shared by the store, its units of work, its
// snapshots and its import sessions. Outside a unit, each write is a unit of its own (a write
// of several statements — a section placed among its siblings — is whole or not at all).
import type { ArticleFilter, MediaRow } from '../rows.js';
import type { Change, RevisionRow, TrashRow } from '../history.js';
import type { ArticleRow } from '../rows.js';
import type { ArticlesApi, HistoryApi, LinksApi, MediaApi, OriginsApi, SearchApi, SectionsApi, SettingsApi, StoreData, TrashApi } from '../store.js';
import type { SiteSettings } from '../../core/records.js';
import { PgArticles } from './articles.js';
import type { PgConn, Queryable } from './conn.js';
import { PgHistory, PgTrash } from './history.js';
import { PgLinks } from './links.js';
import { PgMedia } from './media.js';
import { PgOrigins } from './origins.js';
import { PgSearch } from './search.js';
import { PgSections } from './sections.js';
import { PgSettings } from './settings.js';

const BATCH = 500;
const MEDIA_BATCH = 8;

/** The settings read once until the next unit of work ends (shared by a store and its units). */
export class SiteCache {
  value: SiteSettings | undefined;
}

export interface PgRepos {
  settings: PgSettings;
  sections: PgSections;
  links: PgLinks;
  articles: PgArticles;
  media: PgMedia;
  origins: PgOrigins;
  search: PgSearch;
  history: PgHistory;
  trash: PgTrash;
}

export function reposOf(db: PgConn): PgRepos {
  const history = new PgHistory(db);
  return {
    settings: new PgSettings(db),
    sections: new PgSections(db),
    links: new PgLinks(db),
    articles: new PgArticles(db, history),
    history,
    trash: new PgTrash(db),
    media: new PgMedia(db),
    origins: new PgOrigins(db),
    search: new PgSearch(db),
  };
}

type Write = <T>(fn: () => Promise<T>) => Promise<T>;

/** Binds the methods named to `target`, the writes among them run through `write`. */
function bind<T extends object, K extends keyof T & string>(target: T, reads: readonly K[], writes: readonly K[], write: Write): Pick<T, K> {
  const out = {} as Record<string, unknown>;
  for (const key of reads) out[key] = (target[key] as unknown as (...a: unknown[]) => unknown).bind(target);
  for (const key of writes) {
    const fn = (target[key] as unknown as (...a: unknown[]) => Promise<unknown>).bind(target);
    out[key] = (...args: unknown[]) => write(() => fn(...args));
  }
  return out as Pick<T, K>;
}

export class PgData implements StoreData {
  readonly settings: SettingsApi;
  readonly sections: SectionsApi;
  readonly links: LinksApi;
  readonly articles: ArticlesApi;
  readonly media: MediaApi;
  readonly origins: OriginsApi;
  readonly search: SearchApi;
  readonly history: HistoryApi;
  readonly trash: TrashApi;
  /** Forgets the slug families read (inside a unit): a reader used again starts afresh. */
  protected forgetSlugFamilies: () => void = () => {};

  constructor(
    protected readonly conn: PgConn,
    protected readonly repos: PgRepos,
    protected readonly cache: SiteCache,
    /** True inside a unit of work (or a session, a snapshot): writes join it, transaction() is a savepoint. */
    protected readonly inUnit: boolean,
  ) {
    const write: Write = inUnit ? (fn) => fn() : (fn) => conn.unit(fn);
    const r = repos;
    const settings = bind(r.settings, ['get', 'isInitialised'], ['set'], write);
    this.settings = {
      ...settings,
      set: async (values) => {
        try {
          await settings.set(values);
        } finally {
          cache.value = undefined;
        }
      },
    };
    this.sections = bind(r.sections, ['tree', 'find', 'children', 'subtreeIds', 'isInSubtree', 'contents'], ['insert', 'insertWithId', 'update', 'place', 'delete'], write);
    this.links = bind(r.links, ['find', 'inSection', 'all'], ['insert', 'insertWithId', 'update', 'place', 'delete', 'moveAll'], write);
    // The site's keep_revisions goes with each change: the repository prunes as it writes.
    const keep = async (): Promise<number | undefined> => (await this.site()).keep_revisions ?? undefined;
    const articles = {
      ...bind(r.articles, ['find', 'findBySlug', 'slugTaken', 'count', 'scheduledIds', 'list', 'page'], ['insert', 'delete', 'putBack'], write),
      update: (row: ArticleRow, change: Change) => write(async () => r.articles.update(row, change, await keep())),
      moveSection: (from: number, to: number, change: Change) => write(async () => r.articles.moveSection(from, to, change, await keep())),
      batches: (filter: ArticleFilter, size = BATCH) => articleBatches(r.articles, filter, size),
      // A search page's articles came with it (search.ts): no second round trip.
      findMany: async (ids: readonly number[]) => {
        const ahead = conn.aheadRead?.articles;
        if (ahead && ids.every((id) => ahead.has(id))) return ids.map((id) => ahead.get(id)!);
        return r.articles.findMany(ids);
      },
    };
    if (inUnit) {
      this.forgetSlugFamilies = () => slugs.forget();
      // Inside a unit the portal's lock keeps other writers out, so the slugs of one family
      // (a title used a hundred times: its -2, -3 …) are read once, not one round trip each;
      // any write of an article through the unit forgets them.
      const slugs = new SlugFamilies(r.articles);
      for (const key of ['insert', 'update', 'delete', 'putBack'] as const) {
        const fn = articles[key] as (...a: unknown[]) => Promise<unknown>;
        (articles as Record<string, unknown>)[key] = async (...a: unknown[]) => {
          slugs.forget();
          try {
            return await fn(...a);
          } finally {
            slugs.forget();
          }
        };
      }
      articles.slugTaken = (slug: string) => slugs.taken(slug);
    }
    this.articles = articles;
    this.media = {
      ...bind(r.media, ['get', 'mimeOf', 'has'], ['put'], write),
      batches: (size = MEDIA_BATCH) => mediaBatches(r.media, size),
    };
    this.origins = bind(r.origins, ['articleOf', 'of'], ['set'], write);
    this.search = bind(r.search, ['query', 'count', 'page', 'spellingMatches', 'size'], [], write);
    this.history = {
      ...bind(r.history, ['list', 'chain'], ['drop', 'prune', 'insertRaw'], write),
      adopt: (articleId: number, change: Change) =>
        write(async () => {
          const row = await r.articles.find(articleId);
          return row ? r.history.adopt(row, change) : false;
        }),
      batches: (size = BATCH) => revisionBatches(r.history, size),
    };
    this.trash = {
      ...bind(r.trash, ['list', 'get', 'slugTaken', 'byOrigin', 'countInSection'], ['insert', 'drop', 'moveSection'], write),
      batches: (size = BATCH) => trashBatches(r.trash, size),
    };
  }

  async site(): Promise<SiteSettings> {
    this.cache.value ??= await this.repos.settings.get();
    return this.cache.value;
  }

  async sectionSlugs(): Promise<Map<number, string>> {
    const ahead = this.conn.aheadRead?.sectionSlugs;
    if (ahead) return new Map(ahead);
    const along = await this.conn.slugsComing();
    if (along) return new Map(along);
    return new Map((await this.repos.sections.tree()).map((s) => [s.id, s.slug]));
  }

  transaction<T>(fn: (tx: StoreData) => Promise<T>): Promise<T> {
    if (this.inUnit) return this.conn.savepoint(() => fn(this));
    return this.conn.unit(() => fn(new PgData(this.conn, this.repos, this.cache, true)));
  }
}

/** The taken slugs of the families asked about: a slug and its -2, -3 … read in one query. */
class SlugFamilies {
  private families = new Map<string, Set<string>>();

  constructor(private readonly repo: PgArticles) {}

  async taken(slug: string): Promise<boolean> {
    const base = slug.replace(/-\d+$/, '');
    let family = this.families.get(base);
    if (!family) {
      family = new Set(await this.repo.slugFamily(base));
      this.families.set(base, family);
    }
    return family.has(slug);
  }

  forget(): void {
    this.families.clear();
  }
}

export async function* articleBatches(repo: PgArticles, filter: ArticleFilter, size: number): AsyncGenerator<Awaited<ReturnType<PgArticles['batchAfter']>>> {
  let after = 0;
  for (;;) {
    const batch = await repo.batchAfter(filter, after, size);
    if (batch.length) yield batch;
    if (batch.length < size) return;
    after = batch[batch.length - 1]!.id;
  }
}

export async function* mediaBatches(repo: PgMedia, size: number): AsyncGenerator<MediaRow[]> {
  let after = '';
  for (;;) {
    const batch = await repo.batchAfter(after, size);
    if (batch.length) yield batch;
    if (batch.length < size) return;
    after = batch[batch.length - 1]!.hash;
  }
}

export async function* revisionBatches(repo: PgHistory, size: number): AsyncGenerator<RevisionRow[]> {
  let after = { id: 0, number: 0 };
  for (;;) {
    const batch = await repo.batchAfter(after.id, after.number, size);
    if (batch.length) yield batch;
    if (batch.length < size) return;
    const last = batch[batch.length - 1]!;
    after = { id: last.article_id, number: last.number };
  }
}

export async function* trashBatches(repo: PgTrash, size: number): AsyncGenerator<TrashRow[]> {
  let after = 0;
  for (;;) {
    const batch = await repo.batchAfter(after, size);
    if (batch.length) yield batch;
    if (batch.length < size) return;
    after = batch[batch.length - 1]!.id;
  }
}
