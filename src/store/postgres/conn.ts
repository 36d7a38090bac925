// One connection to the server and the units of work on it. Units of one store take turns (one
// connection holds one transaction); units of different processes take turns through a lock
// of the portal held to the end of each unit (pg_advisory_xact_lock), so writers are serialized
// as SQLite's write lock serializes them: read-then-write (a free slug, a position) stays true
// until commit, and no writer ever meets a serialization failure or a deadlock. Should the
// server report one all the same, the unit is run again, a few times, after a random pause.
import type { Client, QueryResult, QueryResultRow } from 'pg';
import { translatePgError, isRetryable } from './errors.js';
import type { PgTarget } from './location.js';
import type { ArticleRow } from '../rows.js';
import { Turns } from '../turns.js';

/** "NDSK": the first key of the advisory lock; the second is the schema's hash. */
const LOCK_CLASS = 0x4e44534b;
const MAX_TRIES = 6;
/** How long a writer waits for its turn before saying the portal stayed locked. */
const LOCK_WAIT_S = 30;

export interface QueryOptions {
  /**
   * Planned without sequential scans: the statements of a search, whose GIN index finds the
   * matches without reading the search column, where the planner, counting the column's
   * check as nearly free, would read every row and check it (many times slower for a word
   * found in most articles). With memory enough to count and sort the matches' ids and ranks
   * without spilling them to disk.
   */
  indexed?: boolean;
  /**
   * Kept prepared on the connection (a named statement) and planned once, for the statements
   * a listing sends on every call: the server then neither parses nor plans them again (about
   * half of its work for a page of `article list`). Only for statements whose one plan suits
   * every value of their parameters (their shape, not their values, picks the index).
   */
  prepared?: boolean;
  /** Each row as an array of its columns in order (no object made per row by the driver). */
  arrays?: boolean;
}

/** What the repositories need of a connection: a parameterised query. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[], options?: QueryOptions): Promise<R[]>;
  /**
   * Marks the statement just sent as bringing the section slugs along (PgConn.slugsComing);
   * `slugs` settles with undefined when its answer had no row to carry them.
   */
  bringsSlugs?(slugs: Promise<Array<[number, string]> | undefined>): void;
}

/**
 * The memory a search's statement may sort and count its matches in (the server's default,
 * 4 MB, is less than the ids and ranks of a word found in 100,000 articles: they went to disk).
 */
const SEARCH_WORK_MEM = '32MB';

/** The names of the prepared statements, by text (the same on every connection). */
const statementNames = new Map<string, string>();
/** Enough for every shape of listing (filters × orders); past it, statements go unnamed. */
const MAX_PREPARED = 256;

function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) statementNames.set(sql, (name = `newsdesk_${statementNames.size + 1}`));
  return name;
}

/**
 * What one statement read beside its own answer, for the reads that usually follow it (a
 * search page: its articles and the section slugs). Kept only until the next statement, so a
 * read served from it sees what the server would have answered a moment earlier.
 */
export interface ReadAhead {
  articles: Map<number, ArticleRow>;
  sectionSlugs?: Array<[number, string]>;
}

export class PgConn implements Queryable {
  private readonly turns = new Turns();
  private ahead: ReadAhead | undefined;
  /** The section slugs a statement sent brings along, and the number it was sent as. */
  private slugsAlong: { sent: number; slugs: Promise<Array<[number, string]> | undefined> } | undefined;
  /** Statements sent so far (what was read ahead is dropped by the next one). */
  private sent = 0;
  private savepoints = 0;
  /** Set while the statements sent in this tick wait to go out together. */
  private corked = false;
  /** Set while a unit, a snapshot or an import session holds the connection. */
  busy = false;
  /** Called after every unit (the store forgets its cached settings). */
  onUnitEnd: () => void = () => {};

  constructor(
    readonly client: Client,
    readonly target: PgTarget,
    readonly readonly: boolean,
  ) {}

  /** A query whose answer also holds what `ahead` picks out of it to keep read ahead (ReadAhead). */
  async queryAhead<R extends QueryResultRow>(sql: string, params: unknown[], ahead: (rows: R[]) => ReadAhead | undefined, options: QueryOptions = {}): Promise<R[]> {
    const answer = this.query<R>(sql, params, options); // counted as sent at once
    const mine = this.sent;
    const rows = await answer;
    // Only when no statement went out behind it (a pipelined write could have changed the rows).
    if (mine === this.sent) this.ahead = ahead(rows);
    return rows;
  }

  bringsSlugs(slugs: Promise<Array<[number, string]> | undefined>): void {
    slugs.catch(() => {}); // the statement's own answer reports its failure
    this.slugsAlong = { sent: this.sent, slugs };
  }

  /**
   * The section slugs brought along by a statement sent in the same breath as this call (after
   * it, before its next microtask: a listing asks for the slugs and its page together), or
   * undefined when none was or it had none to bring: the caller then reads them itself.
   */
  async slugsComing(): Promise<Array<[number, string]> | undefined> {
    const mark = this.sent;
    await undefined;
    const along = this.slugsAlong;
    if (along === undefined || along.sent <= mark) return undefined;
    this.slugsAlong = undefined;
    return along.slugs;
  }

  /** What the last statement read ahead, while no other statement has been sent since. */
  get aheadRead(): ReadAhead | undefined {
    return this.ahead;
  }

  /**
   * The statements sent within one tick (BEGIN, a unit's or a snapshot's reads, the COMMIT
   * before them) leave in one write: one system call, and one wake-up of the server, not one
   * of each per statement.
   */
  private together(): void {
    if (this.corked) return;
    const stream = (this.client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
    if (!stream?.cork || !stream.uncork) return;
    this.corked = true;
    stream.cork();
    process.nextTick(() => {
      this.corked = false;
      stream.uncork!();
    });
  }

  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[], options: QueryOptions = {}): Promise<R[]> {
    this.ahead = undefined;
    this.sent++;
    this.together();
    // Around the statement, in the same write; neither answer is waited for (a failure of
    // the RESET could only be the transaction's, which its ROLLBACK undoes the SET with).
    // The cost a disabled plan is given would also make the statement dear enough to be
    // compiled (JIT, a tenth of a second or more): jit goes off with it.
    if (options.indexed) this.client.query(`SET enable_seqscan = off; SET jit = off; SET work_mem = '${SEARCH_WORK_MEM}'`).catch(() => {});
    const name = options.prepared ? statementName(sql) : undefined;
    // A plan for any values (generic), made once: left to itself, the server would plan a
    // statement again on every call whose values it sees (LIMIT, OFFSET) as cheaper than
    // the one plan, which here is the same index walk.
    // (A statement without parameters has one plan already.)
    const generic = name !== undefined && params !== undefined && params.length > 0;
    if (generic) this.client.query('SET plan_cache_mode = force_generic_plan').catch(() => {});
    const answer = options.arrays
      ? this.client.query({ name, text: sql, values: params as unknown[], rowMode: 'array' }).then((r) => r as unknown as QueryResult<R>)
      : name
        ? this.client.query<R>({ name, text: sql, values: params as unknown[] })
        : this.client.query<R>(sql, params as unknown[]);
    if (generic) this.client.query('RESET plan_cache_mode').catch(() => {});
    if (options.indexed) this.client.query('RESET enable_seqscan; RESET jit; RESET work_mem').catch(() => {});
    try {
      return (await answer).rows;
    } catch (err) {
      throw translatePgError(err, this.target);
    }
  }

  /** Raw: errors left as the driver gives them (for retries). */
  async raw(sql: string, params?: unknown[]): Promise<void> {
    this.ahead = undefined;
    this.sent++;
    this.together();
    await this.client.query(sql, params as unknown[]);
  }

  /** Holds the turn until `release` is called. */
  take(): Promise<() => void> {
    return this.turns.take();
  }

  /** BEGIN and the portal's write lock (inside the caller's turn); READ WRITE even when the connection reads only. */
  async beginWrite(readWrite = false): Promise<void> {
    await this.sendBeginWrite(readWrite);
  }

  /**
   * BEGIN and the lock, sent without waiting for their answers (the connection pipelines):
   * the unit's first statement goes out behind them, in the same round trip. The promise
   * settles with their outcome; a failure there also fails every statement sent after it.
   */
  private sendBeginWrite(readWrite = false): Promise<void> {
    const begin = this.raw(readWrite ? 'BEGIN READ WRITE' : 'BEGIN');
    // The wait is bounded, as SQLite's for its write lock (a long import holds the lock).
    const lock = this.raw(`SELECT set_config('lock_timeout', '${LOCK_WAIT_S}s', true), pg_advisory_xact_lock($1, hashtext($2))`, [LOCK_CLASS, this.target.schema]);
    return Promise.all([begin, lock]).then(() => undefined);
  }

  /**
   * Sends a statement whose answer nobody waits for (the COMMIT of a read-only snapshot): the
   * statements sent after it are answered after it, and its failure could only be the
   * connection's, which the next statement reports.
   */
  sendQuietly(sql: string): void {
    this.ahead = undefined;
    this.sent++;
    this.together();
    this.client.query(sql).catch(() => {});
  }

  /**
   * Runs `fn` with the connection out of pipeline mode, in which pg refuses a COPY stream.
   * Called between statements, when every answer has come (nothing is in flight).
   */
  async unpipelined<T>(fn: () => Promise<T>): Promise<T> {
    const client = this.client as unknown as { pipeline: boolean };
    this.ahead = undefined;
    this.sent++;
    client.pipeline = false;
    try {
      return await fn();
    } finally {
      client.pipeline = true;
    }
  }

  async rollbackQuietly(): Promise<void> {
    try {
      await this.raw('ROLLBACK');
    } catch {
      // the connection is gone: the server has discarded the transaction itself
    }
  }

  /** A unit of work: all of it or none; tried again on a serialization failure or deadlock. */
  async unit<T>(fn: () => Promise<T>, options: { readWrite?: boolean } = {}): Promise<T> {
    const release = await this.take();
    this.busy = true;
    try {
      for (let attempt = 1; ; attempt++) {
        const begun = this.sendBeginWrite(options.readWrite);
        begun.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
        try {
          // A statement of fn that fails because BEGIN or the lock did reports theirs instead.
          const result = await fn().catch(async (err) => {
            await begun;
            throw err;
          });
          await begun;
          await this.raw('COMMIT');
          return result;
        } catch (err) {
          await this.rollbackQuietly();
          if (isRetryable(err) && attempt < MAX_TRIES) {
            await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
            continue;
          }
          throw translatePgError(err, this.target);
        } finally {
          this.onUnitEnd();
        }
      }
    } finally {
      this.busy = false;
      release();
    }
  }

  /** A part of the open unit that fails alone. */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `unit_${++this.savepoints}`;
    try {
      await this.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn();
        await this.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        try {
          await this.raw(`ROLLBACK TO SAVEPOINT ${name}`);
          await this.raw(`RELEASE SAVEPOINT ${name}`);
        } catch {
          // the whole transaction is lost (the connection): the error below says so
        }
        throw translatePgError(err, this.target);
      }
    } finally {
      this.savepoints--;
      this.onUnitEnd();
    }
  }
}
