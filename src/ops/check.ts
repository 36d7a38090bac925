// newsdesk check: what can be wrong with a database, found without changing it.
import type { Store } from '../store/store.js';
import { MEDIA_SRC } from '../store/media.js';
import { parseImages } from '../store/articles.js';

export interface Problem {
  check: string;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  articles: number;
  sections: number;
  links: number;
  media: number;
  problems: Problem[];
}

/** Extra verifications registered by other modules (the search index). */
export type Verifier = (store: Store) => Problem[];

const MAX_PER_CHECK = 50;

export function checkStore(store: Store, verifiers: Verifier[] = []): CheckReport {
  const problems: Problem[] = [];
  const db = store.db;

  const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  if (!(integrity.length === 1 && integrity[0] === 'ok')) {
    for (const line of integrity.slice(0, MAX_PER_CHECK)) problems.push({ check: 'integrity', message: line });
  }

  const fk = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>;
  for (const v of fk.slice(0, MAX_PER_CHECK)) {
    problems.push({ check: 'foreign_keys', message: `${v.table} row ${v.rowid} refers to a missing ${v.parent} row` });
  }

  // Sections: every parent chain must reach the top without a cycle.
  const sections = db.prepare('SELECT id, slug, parent_id FROM sections').all() as Array<{ id: number; slug: string; parent_id: number | null }>;
  const parentOf = new Map(sections.map((s) => [s.id, s.parent_id]));
  for (const s of sections) {
    const seen = new Set<number>();
    let at: number | null | undefined = s.id;
    while (at !== null && at !== undefined && !seen.has(at)) {
      seen.add(at);
      at = parentOf.get(at);
    }
    if (at !== null && at !== undefined) problems.push({ check: 'sections', message: `section ${s.slug} is in a cycle of parents` });
  }

  let mediaMissing = 0;
  for (const row of db.prepare('SELECT id, images FROM articles').iterate() as IterableIterator<{ id: number; images: string }>) {
    for (const img of parseImages(row.images)) {
      const m = MEDIA_SRC.exec(img.src);
      if (m && !store.media.has(m[1]!) && mediaMissing++ < MAX_PER_CHECK) {
        problems.push({ check: 'media', message: `article ${row.id} names ${img.src}, which is not in the database` });
      }
    }
  }

  for (const verify of verifiers) problems.push(...verify(store));

  const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    ok: problems.length === 0,
    articles: count('articles'),
    sections: count('sections'),
    links: count('links'),
    media: count('media'),
    problems,
  };
}
