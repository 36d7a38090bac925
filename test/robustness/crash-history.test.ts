// Crash safety of the history: a process editing, restoring, removing to the trash, restoring
// from it and emptying it, command after command, is killed with SIGKILL at a random moment,
// many times over. After each kill `check` (which walks every article's chain of revisions)
// finds nothing wrong, and articles 1 and 2 are whole, each live or in the trash.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, integrity, needBuild, query, randInt, seed, sleep, startNode, until, workDir, FIXTURES } from './helpers.js';

needBuild();

const KILLS = 10;
const WRITER = join(FIXTURES, 'history-writer.mjs');

async function resetState(db: string): Promise<void> {
  const { SqliteStore } = await import('../../src/store/sqlite/store.js');
  const { restoreFromTrash } = await import('../../src/ops/trash.js');
  const { addArticle } = await import('../../src/ops/articles.js');
  const store = await SqliteStore.open(db, 'write');
  try {
    const opts = { now: Date.now(), by: 'test' };
    if (await store.trash.get(2)) await restoreFromTrash(store, ['2'], opts);
    if (!(await store.articles.find('bai-so-3'))) {
      const trashed = (await store.trash.list()).find((t) => t.slug === 'bai-so-3');
      if (trashed) await restoreFromTrash(store, [String(trashed.id)], opts);
      else await addArticle(store, { title: 'Bài số 3', section: 'tin-tuc' }, opts);
    }
  } finally {
    await store.close();
  }
}

describe('crash safety: SIGKILL while history is written', () => {
  it(`edit, restore, remove, trash restore and trash empty, killed ${KILLS} times`, async () => {
    const dir = workDir();
    const db = join(dir, 'news.db');
    await seed(db, { articles: 3 });
    let midRun = 0;
    let lastRevision = 1;
    for (let round = 1; round <= KILLS; round++) {
      const child = startNode(WRITER, [db, '1000']);
      await until(() => child.out().length > 0, 20_000, 'the first command');
      await sleep(randInt(0, 600));
      child.kill('SIGKILL');
      const r = await child.done;
      expect(r.signal, r.err).toBe('SIGKILL');
      if (child.out().trim().split('\n').length > 1) midRun++;

      expect(integrity(db)).toEqual(['ok']);
      expect((await check(db)).problems, `round ${round}`).toEqual([]);
      for (const id of [1, 2]) {
        const live = query(db, 'SELECT id FROM articles WHERE id = ?', id).length;
        const trashed = query(db, 'SELECT id FROM article_trash WHERE id = ?', id).length;
        expect(live + trashed, `article ${id}`).toBe(1);
      }
      // Article 1's history only grows (a kill never takes back a committed revision).
      const revision = query<{ revision: number }>(db, 'SELECT revision FROM articles WHERE id = 1')[0]!.revision;
      expect(revision).toBeGreaterThanOrEqual(lastRevision);
      lastRevision = revision;
      // The writer starts again from a known state: article 2 live, "bai-so-3" live.
      await resetState(db);
    }
    expect(midRun).toBeGreaterThanOrEqual(KILLS / 2);
  }, 300_000);
});
