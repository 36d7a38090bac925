// Writers in several processes at once, each with its own connection (as editors on several
// machines would be): nothing is lost, no slug is given twice, counts and index agree.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search-query.js';
import { addSection } from '../../src/ops/sections.js';
import { needBuild } from '../helpers/build.js';
import { freshPortal, type BackendFactory } from './backend.js';

const WRITER = fileURLToPath(new URL('./fixtures/writer.mjs', import.meta.url));

function runWriter(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

export function concurrencyContract(backend: BackendFactory): void {
  describe(`${backend.name}: writers in several processes`, () => {
    needBuild();
    const PROCESSES = 4;
    const EACH = 40;

    it(`${PROCESSES} processes adding ${EACH} articles each with one title: all land, slugs unique, counts and index whole`, async () => {
      const { store, location } = await freshPortal(backend);
      await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
      const runs = await Promise.all(Array.from({ length: PROCESSES }, (_, w) => runWriter([location, String(EACH), `w${w + 1}`, 'Thông báo lịch tiếp công dân'])));
      for (const [w, r] of runs.entries()) {
        expect(r.err, `writer ${w + 1}`).toBe('');
        expect(r.code, `writer ${w + 1}`).toBe(0);
      }
      const total = PROCESSES * EACH;
      const reported = runs.flatMap((r) => r.out.trim().split('\n').map((l) => l.split(' ')));
      expect(reported).toHaveLength(total);
      expect(new Set(reported.map(([id]) => id)).size).toBe(total);
      const rows: Array<{ id: number; slug: string }> = [];
      for await (const batch of store.articles.batches({})) rows.push(...batch);
      expect(rows).toHaveLength(total);
      const slugs = rows.map((r) => r.slug).sort();
      expect(slugs).toEqual(Array.from({ length: total }, (_, k) => (k === 0 ? 'thong-bao-lich-tiep-cong-dan' : `thong-bao-lich-tiep-cong-dan-${k + 1}`)).sort());
      // What each writer was told is what the store holds.
      const byId = new Map(rows.map((r) => [String(r.id), r.slug]));
      for (const [id, slug] of reported) expect(byId.get(id!)).toBe(slug);
      expect(await store.articles.count({ status: 'published' })).toBe(total / 2);
      expect(await store.articles.count({ status: 'draft' })).toBe(total / 2);
      expect(await store.search.count(parseQuery('tiep cong dan'), {})).toBe(total);
      expect(await store.search.count(parseQuery('tiep cong dan'), { status: 'published' })).toBe(total / 2);
      expect(await store.search.count(parseQuery('tiep cong dan'), { status: 'draft' })).toBe(total / 2);
      const report = await store.check();
      expect(report.problems).toEqual([]);
    });
  });
}
