// The PostgreSQL backend behind the store interface (../store.ts): one connection per store,
// the portal in one schema of a database (location.ts), units of work as transactions under
// the portal's lock (conn.ts), snapshots as REPEATABLE READ, READ ONLY transactions.
import { OUTSIDE_MESSAGE } from '../history.js';
import type { BackendCapabilities, CheckReport, ImportSession, ImportSessionOptions, OpenMode, PublishedEntry, PublishedHead, ReindexResult, SnapshotReader, Store } from '../store.js';
import { PgConn } from './conn.js';
import { PgData, reposOf, SiteCache } from './data.js';
import { translatePgError } from './errors.js';
import { parseTarget, redactProcessTitle, type PgTarget } from './location.js';
import { publishedBodies, publishedBodiesOf, publishedBody, publishedEntries, publishedHeads, publishedOf } from './published.js';
import { PG_APPLICATION, PG_LATEST_VERSION, prepareSchema } from './schema.js';
import { english } from '../../i18n/issues.js';
import type { SiteSettings } from '../../core/records.js';
import { siteSettingsOf } from '../rows.js';

class PgSnapshot extends PgData implements SnapshotReader {
  /** Ready for a new snapshot: nothing read in the last one is taken for known. */
  fresh(): void {
    this.forgetSlugFamilies();
  }

  published(): AsyncIterable<PublishedEntry[]> {
    return publishedEntries(this.conn);
  }

  publishedBody(id: number): Promise<string> {
    return publishedBody(this.conn, id);
  }

  publishedBodiesOf(ids: readonly number[]): Promise<Map<number, string>> {
    return publishedBodiesOf(this.conn, ids);
  }

  publishedBodies(): AsyncIterable<Array<{ id: number; body: string }>> {
    return publishedBodies(this.conn);
  }

  publishedHeads(): AsyncIterable<PublishedHead[]> {
    return publishedHeads(this.conn);
  }

  publishedOf(ids: readonly number[]): Promise<PublishedEntry[]> {
    return publishedOf(this.conn, ids);
  }
}

/** int8 and numeric as numbers: ids, dates in ms and counts all fit in 2^53. */
const TYPES = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pgTypes.getTypeParser(oid, format as 'text');
  },
};
let pgTypes: typeof import('pg').types;

/** The connection, and the site's settings when they came with the version check. */
async function connect(t: PgTarget, mode: OpenMode): Promise<{ conn: PgConn; site?: SiteSettings }> {
  const pg = (await import('pg')).default;
  pgTypes = pg.types;
  const client = new pg.Client({
    host: t.host,
    port: t.port,
    user: t.user,
    database: t.database,
    // Always a password (libpq's sources were read in location.ts): the driver's own reading
    // of ~/.pgpass is deprecated. An empty one makes the server say that it wants one.
    password: t.password ?? '',
    ssl: t.ssl,
    connectionTimeoutMillis: t.connectTimeoutMs,
    application_name: 'newsdesk',
    types: TYPES,
    // Statements sent before the answer to the one before (BEGIN with a unit's first
    // statement, a snapshot's COMMIT): fewer round trips, the same order (conn.ts).
    pipeline: true,
  });
  // A connection lost while idle is reported by the next query; it must not end the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw translatePgError(err, t);
  }
  const conn = new PgConn(client, t, mode === 'read');
  try {
    // The schema (a plain name: location.ts), and a read open never writes (but to upgrade).
    const settings = "set_config('search_path', $1, false), set_config('client_min_messages', 'warning', false), set_config('default_transaction_read_only', $2, false)";
    const params = [`"${t.schema}"`, mode === 'read' ? 'on' : 'off'];
    // The common case, a portal at this version, in one round trip with the session's settings
    // and the site's (every command reads them); when the version cannot be read (no such
    // schema or table), the session's settings alone, then the inspection.
    const first = await conn
      .query<{ version: number | null; site: Array<{ key: string; value: string }> | null }>(
        `SELECT ${settings}, (SELECT version FROM "${t.schema}".newsdesk_schema WHERE application = $3) AS version,
                (SELECT json_agg(json_build_object('key', key, 'value', value)) FROM "${t.schema}".settings) AS site`,
        [...params, PG_APPLICATION],
      )
      .then((rows) => rows[0], () => undefined);
    if (first === undefined) await conn.query(`SELECT ${settings}`, params);
    if (first?.version === PG_LATEST_VERSION) return { conn, site: siteSettingsOf(first.site ?? []) };
    await prepareSchema(conn, mode);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return { conn };
}

export class PgStore extends PgData implements Store {
  readonly backend = 'postgres';
  readonly capabilities: BackendCapabilities;

  private constructor(conn: PgConn, site?: SiteSettings) {
    const cache = new SiteCache();
    cache.value = site;
    super(conn, reposOf(conn), cache, false);
    conn.onUnitEnd = () => (cache.value = undefined);
    this.capabilities = {
      backupToFile: async (dest, onProgress) => {
        const { copyPortal } = await import('../copy.js');
        const { openStore } = await import('../open.js');
        const target = await openStore(dest, 'write');
        try {
          await copyPortal(this, target, onProgress);
        } finally {
          await target.close();
        }
      },
    };
  }

  static async open(address: string, mode: OpenMode): Promise<PgStore> {
    const target = parseTarget(address);
    redactProcessTitle(address);
    const { conn, site } = await connect(target, mode);
    return new PgStore(conn, site);
  }

  get location(): string {
    return this.conn.target.display;
  }

  get readonly(): boolean {
    return this.conn.readonly;
  }

  /** The reader of every snapshot, made once (a reader binds every method of the repositories). */
  private reader: PgSnapshot | undefined;

  private snapshotReader(): PgSnapshot {
    this.reader ??= new PgSnapshot(this.conn, this.repos, this.cache, true);
    this.reader.fresh();
    return this.reader;
  }

  async snapshot<T>(fn: (reader: SnapshotReader) => Promise<T>): Promise<T> {
    const release = await this.conn.take();
    try {
      // BEGIN goes out with the first read, and the COMMIT of a transaction that wrote
      // nothing is not waited for: two round trips fewer (the connection pipelines).
      const begun = this.conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      begun.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
      try {
        const result = await fn(this.snapshotReader()).catch(async (err) => {
          await begun;
          throw err;
        });
        await begun;
        this.conn.sendQuietly('COMMIT');
        return result;
      } catch (err) {
        await this.conn.rollbackQuietly();
        throw translatePgError(err, this.conn.target);
      }
    } finally {
      release();
    }
  }

  async importSession(options: ImportSessionOptions): Promise<ImportSession> {
    const { PgImportSession } = await import('./import-session.js');
    return PgImportSession.begin(this.conn, this.repos, this.cache, options);
  }

  async check(): Promise<CheckReport> {
    const { checkPortal } = await import('./check.js');
    const { historyProblems } = await import('../check-history.js');
    return this.snapshot(async (reader) => {
      const report = await checkPortal(this.conn);
      try {
        report.problems.push(...(await historyProblems(reader, await this.repos.history.problems())));
      } catch (err) {
        report.problems.push({ check: 'history', message: english('issue.checkIncomplete', { message: (err as Error).message }) });
      }
      report.ok = report.problems.length === 0;
      return report;
    });
  }

  async reindex(onProgress?: (done: number) => void): Promise<ReindexResult> {
    const { reindexPortal } = await import('./check.js');
    const { articleBatches } = await import('./data.js');
    const articles = await this.conn.unit(async () => {
      // Revisions are left as they are; a row changed outside newsdesk gets one more.
      const at = Date.now();
      for await (const batch of articleBatches(this.repos.articles, {}, 500)) for (const row of batch) await this.repos.history.adopt(row, { at, by: '', message: OUTSIDE_MESSAGE });
      return reindexPortal(this.conn, onProgress);
    });
    return { articles, size: await this.repos.search.size() };
  }

  async close(): Promise<void> {
    // Every unit has ended (committed or rolled back) by now: the goodbye is sent, and the
    // server's tearing down of its process (some milliseconds) is not waited for.
    void this.conn.client.end().catch(() => {});
  }
}
