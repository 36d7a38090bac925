// A team at once on one PostgreSQL portal: eight processes (separate connections, as separate
// machines) adding, editing, publishing and importing at the same time lose nothing, never
// give a slug twice, and never show a user a serialization failure or a deadlock.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import { openStore } from '../../src/store/open.js';
import { needBuild } from '../helpers/build.js';
import { FIXED_NOW, tempDir } from '../helpers/db.js';
import { usePostgres } from '../helpers/pg.js';

const server = usePostgres();
const MEMBER = fileURLToPath(new URL('./fixtures/team-member.mjs', import.meta.url));
needBuild();

function member(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MEMBER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('postgres: a team of eight at once', () => {
  it('adds, edits, publishes and imports at the same time: nothing lost, no slug twice, counts and index whole', async () => {
    const location = server.newLocation();
    const dir = tempDir();
    const store = await openStore(location, 'write');
    try {
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      const edited = [
        (await addArticle(store, { title: 'Lịch công tác tuần', section: 'tin-tuc' }, { now: FIXED_NOW })).id,
        (await addArticle(store, { title: 'Kế hoạch tháng', section: 'tin-tuc' }, { now: FIXED_NOW })).id,
      ];
      const ADD = 25;
      const EDIT = 30;
      const IMPORT = 150;
      const files = [1, 2, 3].map((k) => {
        const file = join(dir, `office-${k}.ndjson`);
        const records = Array.from({ length: IMPORT }, (_, i) => ({ title: `Tin văn phòng ${k} số ${i + 1} về đê điều`, section: 'tin-tuc', status: i % 3 ? 'published' : 'draft', published_at: '2024-05-01T08:00:00+07:00' }));
        writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
        return file;
      });
      const runs = await Promise.all([
        ...[1, 2, 3].map(() => member(['add', location, String(ADD), 'Thông báo lịch tiếp công dân'])),
        ...edited.map((id) => member(['edit', location, String(EDIT), String(id)])),
        ...files.map((f) => member(['import', location, f])),
      ]);
      for (const [i, r] of runs.entries()) {
        expect(r.err, `member ${i + 1}`).toBe('');
        expect(r.code, `member ${i + 1}`).toBe(0);
      }
      expect(runs.slice(5).map((r) => r.out)).toEqual([`${IMPORT} 0\n`, `${IMPORT} 0\n`, `${IMPORT} 0\n`]);
      const total = 2 + 3 * ADD + 3 * IMPORT;
      expect(await store.articles.count({})).toBe(total);
      const rows = [];
      for await (const batch of store.articles.batches({})) rows.push(...batch);
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r.slug)).size).toBe(total);
      const notices = rows.filter((r) => r.title === 'Thông báo lịch tiếp công dân').map((r) => r.slug).sort();
      expect(notices).toEqual(Array.from({ length: 3 * ADD }, (_, k) => (k === 0 ? 'thong-bao-lich-tiep-cong-dan' : `thong-bao-lich-tiep-cong-dan-${k + 1}`)).sort());
      // Each edit ended on its last change: body "lần 30", unpublished (an even count).
      for (const id of edited) expect(await store.articles.find(id)).toMatchObject({ body: `lần ${EDIT}`, status: 'draft' });
      const published = rows.filter((r) => r.status === 'published').length;
      expect(await store.articles.count({ status: 'published' })).toBe(published);
      expect(published).toBe(3 * Math.floor(ADD / 2) + 3 * (IMPORT - IMPORT / 3));
      expect(await store.search.count(parseQuery('de dieu'), {})).toBe(3 * IMPORT);
      expect(await store.search.count(parseQuery('lan 30'), {})).toBe(2);
      expect((await store.check()).problems).toEqual([]);
    } finally {
      await store.close();
    }
  }, 180_000);
});
