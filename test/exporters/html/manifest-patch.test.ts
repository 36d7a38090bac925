// The manifest saved by replacing the entries a re-export changed in the text the last export
// wrote (manifest-patch.ts) must be the text serialising the whole manifest gives, byte for
// byte; and a text it cannot be sure of is left to the whole serialisation.
import { describe, expect, it } from 'vitest';
import { patchedManifest } from '../../../src/exporters/html/manifest-patch.js';
import type { ManifestEntry } from '../../../src/exporters/html/write.js';
import { lcg } from '../../search/corpus.js';

type Files = Map<string, ManifestEntry>;
type Articles = Map<number, string[]>;

/** The manifest as SiteWriter serialises it whole. */
function serialised(files: Files, articles: Articles): string {
  const manifest: Record<string, unknown> = { generator: 'newsdesk', kind: 'html', version: 1, files: {} };
  for (const p of [...files.keys()].sort()) (manifest.files as Record<string, ManifestEntry>)[p] = files.get(p)!;
  const known: Record<string, string[]> = {};
  for (const [id, a] of articles) known[id] = a;
  manifest.articles = known;
  return `${JSON.stringify(manifest)}\n`;
}

describe('the manifest patched', () => {
  it('is what serialising the whole manifest gives, through random changes', () => {
    const rnd = lcg(11);
    const word = (): string => Math.floor(rnd() * 1e9).toString(36);
    for (let round = 0; round < 40; round++) {
      const files: Files = new Map();
      // Paths that are prefixes, suffixes and escapes of one another.
      for (let i = 0; i < 60; i++) {
        const p = [`bai-viet/${word()}.html`, `page/${i}/index.html`, `${i}/index.html`, `x/${i}/index.html`, `tên "lạ" ${i}.html`][i % 5]!;
        files.set(p, rnd() < 0.1 ? { k: word() } : { h: word(), k: word() });
      }
      const articles: Articles = new Map();
      for (let i = 0; i < 30; i++) articles.set(1 + Math.floor(rnd() * 500), [`${i}.0.${word()}`, word(), ...(rnd() < 0.2 ? ['a'.repeat(64)] : [])]);
      const text = serialised(files, articles);
      const changedFiles: Array<[string, ManifestEntry]> = [];
      for (const p of files.keys()) {
        if (rnd() < 0.2) {
          const e: ManifestEntry = rnd() < 0.3 ? { k: word() } : { h: word(), k: word() };
          files.set(p, e);
          changedFiles.push([p, e]);
        }
      }
      const changedArticles: Array<[number, string[]]> = [];
      for (const id of articles.keys()) {
        if (rnd() < 0.3) {
          const a = [`${id}.9.${word()}`, word()];
          articles.set(id, a);
          changedArticles.push([id, a]);
        }
      }
      changedFiles.sort(([x], [y]) => (x < y ? -1 : 1));
      changedArticles.sort(([x], [y]) => x - y);
      expect(patchedManifest(text, changedFiles, changedArticles), `round ${round}`).toBe(serialised(files, articles));
    }
  });

  it('gives up on an entry it does not find where this code writes it, or cannot read whole', () => {
    const files: Files = new Map([['a.html', { h: 'x', k: 'y' }], ['b.html', { h: 'x', k: 'y' }]]);
    const articles: Articles = new Map([[1, ['v]1', 'h']], [2, ['v2', 'h']]]);
    const text = serialised(files, articles);
    expect(patchedManifest(text, [['c.html', { h: 'z' }]], [])).toBeUndefined();
    expect(patchedManifest(text, [], [[3, ['v', 'h']]])).toBeUndefined();
    // Out of order: the entries are looked for forwards only.
    expect(patchedManifest(text, [['b.html', { h: 'z' }], ['a.html', { h: 'z' }]], [])).toBeUndefined();
    // A closing bracket inside a string would cut the entry short.
    expect(patchedManifest(text, [], [[1, ['v', 'h']]])).toBeUndefined();
    expect(patchedManifest(text, [], [[2, ['v3', 'h']]])).toBe(serialised(files, new Map([[1, ['v]1', 'h']], [2, ['v3', 'h']]])));
    expect(patchedManifest('{"generator":"newsdesk"}\n', [['a.html', { h: 'z' }]], [])).toBeUndefined();
  });
});
