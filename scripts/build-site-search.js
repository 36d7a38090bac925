#!/usr/bin/env node
// Part of `npm run build`: bundles the exported site's search (src/search/site/browser.ts and
// what it imports: the CLI's folding, query language and snippets) into one classic script,
// dist/site-search.js, that `export html` copies into every site. No modules, no eval.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${root}src/search/site/browser.ts`],
  outfile: `${root}dist/site-search.js`,
  bundle: true,
  inject: [`${root}scripts/site-search-buffer-shim.js`],
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});
