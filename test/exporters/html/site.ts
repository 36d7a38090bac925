// Reading an exported site back: its files, the links of each page, what resolves.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { expect } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite/store.js';

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

export function htmlFiles(dir: string): string[] {
  return listFiles(dir).filter((f) => f.endsWith('.html'));
}

// action: the search form in every header leads to the search page.
const ATTR = /\s(href|src|action)="([^"]*)"/g;

function decode(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

export interface PageLink {
  attr: 'href' | 'src' | 'action';
  value: string;
}

export function linksOf(html: string): PageLink[] {
  return [...html.matchAll(ATTR)].map((m) => ({ attr: m[1] as 'href' | 'src' | 'action', value: decode(m[2]!) }));
}

export function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
}

/** A link that leaves the site (another host, mail). */
export function isExternal(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
}

/** The file a relative link from `from` names, and its fragment. */
export function resolveLink(from: string, url: string): { path: string; fragment: string | undefined } {
  const hash = url.indexOf('#');
  const file = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? undefined : url.slice(hash + 1);
  if (file === '') return { path: from, fragment };
  return { path: posix.normalize(posix.join(posix.dirname(from), file)), fragment };
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}

/**
 * A store and an output folder that live for a whole describe block (the shared helpers
 * remove theirs after each test): call dispose() in afterAll.
 */
export async function suiteWorkspace(): Promise<{ root: string; store: SqliteStore; dispose(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'newsdesk-html-'));
  const store = await SqliteStore.open(join(root, 'test.db'), 'write');
  return {
    root,
    store,
    async dispose() {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every file of a folder, path and bytes. */
function tree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

/** Asserts that two folders hold the same files, byte for byte. */
export function expectSameTree(a: string, b: string): void {
  const ta = tree(a);
  const tb = tree(b);
  expect([...tb.keys()]).toEqual([...ta.keys()]);
  const differing = [...ta].filter(([f, bytes]) => !bytes.equals(tb.get(f)!)).map(([f]) => f);
  expect(differing).toEqual([]);
}

/** A process run to its end: its exit code and what it wrote to stderr. */
export interface ProcessRun {
  code: number | null;
  err: string;
}

/** The one site-search state file in a cache folder (NEWSDESK_CACHE_DIR). */
export function searchStateOf(cache: string): Buffer {
  const dir = join(cache, 'site-search');
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  return readFileSync(join(dir, files[0]!));
}
