// Which slugs an import session need not ask the server about. The session holds the portal's
// lock (or reads one snapshot), so the slugs in the portal change only through it: the slugs
// there when it begins, read once as 32-bit hashes (4 bytes each, a million slugs in 4 MB),
// and the slugs it writes. A slug whose hash is in neither set is certainly free; one whose
// hash is (rarely, by chance, a different slug) is asked about as before. A false "maybe" costs
// a round trip, never a wrong answer.
import { createHash } from 'node:crypto';
import type { Queryable } from './conn.js';

/** The first 32 bits of the slug's MD5, signed, as the server computes it in `load`. */
export function slugHash(slug: string): number {
  return createHash('md5').update(slug, 'utf8').digest().readInt32BE(0);
}

const LOAD_BATCH = 50_000;
/** Hashes written by the session are merged into the sorted array past this many. */
const MERGE_AT = 65_536;

function has(sorted: Int32Array, h: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class SlugFilter {
  private sorted: Int32Array = new Int32Array(0);
  private added = new Set<number>();

  /** The hashes of every slug in the portal (the trash's included), read by id ranges (one query per 50,000). */
  static async load(db: Queryable): Promise<SlugFilter> {
    const filter = new SlugFilter();
    const parts: Int32Array[] = [];
    let after = 0;
    for (;;) {
      const [row] = await db.query<{ last: number | null; hashes: number[] | null }>(
        `SELECT max(id) AS last, array_agg(('x' || left(md5(slug), 8))::bit(32)::int) AS hashes
           FROM (SELECT id, slug FROM articles WHERE id > $1 ORDER BY id LIMIT $2) s`,
        [after, LOAD_BATCH],
      );
      if (!row?.hashes?.length || row.last === null) break;
      parts.push(Int32Array.from(row.hashes));
      if (row.hashes.length < LOAD_BATCH) break;
      after = row.last;
    }
    // The slugs of the trash are reserved too.
    const [trashed] = await db.query<{ hashes: number[] | null }>("SELECT array_agg(('x' || left(md5(slug), 8))::bit(32)::int) AS hashes FROM article_trash");
    if (trashed?.hashes?.length) parts.push(Int32Array.from(trashed.hashes));
    filter.sorted = SlugFilter.sortedOf(parts);
    return filter;
  }

  private static sortedOf(parts: readonly Int32Array[]): Int32Array {
    const all = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all.sort();
  }

  /** False when the slug is certainly not in the portal. */
  mayExist(slug: string): boolean {
    const h = slugHash(slug);
    return this.added.has(h) || has(this.sorted, h);
  }

  /** A slug the session wrote (or may have written). */
  add(slug: string): void {
    this.added.add(slugHash(slug));
    if (this.added.size >= MERGE_AT) {
      this.sorted = SlugFilter.sortedOf([this.sorted, Int32Array.from(this.added)]);
      this.added = new Set();
    }
  }
}
