// The SQLite backend behind the store interface (../store.ts): the asynchronous face of one
// SqliteHandle (synchronous, better-sqlite3). Every method answers at once; a unit of work is
// BEGIN IMMEDIATE … COMMIT on the one connection, and units of this process take turns.
import { OUTSIDE_MESSAGE } from '../history.js';
import type { BackendCapabilities, CheckReport, ImportSession, ImportSessionOptions, OpenMode, PublishedEntry, PublishedHead, ReindexResult, SnapshotReader, Store } from '../store.js';
import { batchesOf, dataApis, SqliteData, UnitQueue, type DataApis } from './data.js';
import { translateSqliteError } from './errors.js';
import { SqliteHandle } from './handle.js';
import type { PublishedReads } from './published.js';
import { english } from '../../i18n/issues.js';

/** The SQLite snapshot reader: a read transaction, with the export's reads of published rows. */
class SqliteSnapshot extends SqliteData implements SnapshotReader {
  private reads: PublishedReads | undefined;

  constructor(
    h: SqliteHandle,
    units: UnitQueue,
    apis: DataApis,
    private readonly makeReads: (h: SqliteHandle) => PublishedReads,
  ) {
    super(h, units, apis, true);
  }

  private get published_(): PublishedReads {
    this.reads ??= this.makeReads(this.h);
    return this.reads;
  }

  published(): AsyncIterable<PublishedEntry[]> {
    return batchesOf(() => this.published_.entries(), this.h.path);
  }

  async publishedBody(id: number): Promise<string> {
    try {
      return this.published_.bodyOf(id);
    } catch (err) {
      throw translateSqliteError(err, this.h.path);
    }
  }

  async publishedBodiesOf(ids: readonly number[]): Promise<Map<number, string>> {
    // In process: a lookup each costs no more than one read of them all.
    const bodies = new Map<number, string>();
    for (const id of ids) bodies.set(id, await this.publishedBody(id));
    return bodies;
  }

  publishedBodies(): AsyncIterable<Array<{ id: number; body: string }>> {
    return batchesOf(() => this.published_.allBodies(), this.h.path);
  }

  publishedHeads(): AsyncIterable<PublishedHead[]> {
    return batchesOf(() => this.published_.headEntries(), this.h.path);
  }

  async publishedOf(ids: readonly number[]): Promise<PublishedEntry[]> {
    try {
      return this.published_.entriesOfIds(ids);
    } catch (err) {
      throw translateSqliteError(err, this.h.path);
    }
  }
}

/** The export reads rows scattered across the file: through a memory map, twice as fast here. */
const SNAPSHOT_MMAP = 1 << 30;

export class SqliteStore extends SqliteData implements Store {
  readonly backend = 'sqlite';
  readonly capabilities: BackendCapabilities;

  private constructor(
    /** The synchronous handle: for this backend's own modules and tests. */
    readonly handle: SqliteHandle,
    units: UnitQueue,
  ) {
    super(handle, units, dataApis(handle), false);
    this.capabilities = {
      backupToFile: async (dest, onProgress) => {
        const { backupDatabase } = await import('./backup.js');
        const release = await this.units.take();
        try {
          await backupDatabase(handle, dest, onProgress);
        } finally {
          release();
        }
      },
    };
  }

  static async open(path: string, mode: OpenMode): Promise<SqliteStore> {
    const h = SqliteHandle.open(path, mode);
    return new SqliteStore(h, new UnitQueue(h));
  }

  get location(): string {
    return this.handle.path;
  }

  get readonly(): boolean {
    return this.handle.readonly;
  }

  async snapshot<T>(fn: (reader: SnapshotReader) => Promise<T>): Promise<T> {
    // The export's reads, loaded by the first snapshot (a listing need not load them).
    const { PublishedReads } = await import('./published.js');
    const release = await this.units.take();
    const db = this.handle.db;
    try {
      const mmap = db.pragma('mmap_size', { simple: true }) as number;
      if (mmap < SNAPSHOT_MMAP) db.pragma(`mmap_size = ${SNAPSHOT_MMAP}`);
      db.prepare('BEGIN').run();
      try {
        return await fn(new SqliteSnapshot(this.handle, this.units, this as unknown as DataApis, (h) => new PublishedReads(h.db)));
      } finally {
        if (db.inTransaction) db.prepare('COMMIT').run();
        if (mmap < SNAPSHOT_MMAP) db.pragma(`mmap_size = ${mmap}`);
      }
    } catch (err) {
      throw translateSqliteError(err, this.handle.path);
    } finally {
      release();
    }
  }

  async importSession(options: ImportSessionOptions): Promise<ImportSession> {
    const { SqliteImportSession } = await import('./import-session.js');
    const release = await this.units.take();
    try {
      return await SqliteImportSession.begin(this.handle, this.units, this as unknown as DataApis, options, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  async check(): Promise<CheckReport> {
    const { checkDatabase } = await import('./check.js');
    const { historyProblems } = await import('../check-history.js');
    const release = await this.units.take();
    try {
      const report = checkDatabase(this.handle);
      try {
        report.problems.push(...(await historyProblems(this, this.handle.history.problems())));
      } catch (err) {
        report.problems.push({ check: 'history', message: english('issue.checkIncomplete', { message: (err as Error).message }) });
      }
      report.ok = report.problems.length === 0;
      return report;
    } finally {
      release();
    }
  }

  async reindex(onProgress?: (done: number) => void): Promise<ReindexResult> {
    const h = this.handle;
    const articles = await this.units.unit(async () => {
      h.articles.recount();
      // Revisions are left as they are; a row changed outside newsdesk gets one more.
      const at = Date.now();
      for (let after = 0, batch = h.articles.batchAfter({}, 0, 500); batch.length; after = batch[batch.length - 1]!.id, batch = h.articles.batchAfter({}, after, 500)) {
        for (const row of batch) h.history.adopt(row, { at, by: '', message: OUTSIDE_MESSAGE });
      }
      return h.index.rebuild(onProgress);
    });
    return { articles, size: h.index.size() };
  }

  async close(): Promise<void> {
    this.handle.close();
  }
}
