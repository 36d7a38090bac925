// A deterministic Vietnamese corpus in mixed spellings and queries drawn from it, for the
// site-search oracle tests (the same generator for the Node and the browser comparisons).
import { ARTICLES, lcg, otherToneStyle as otherTone, type FixtureArticle } from '../corpus.js';

export const stripMarks = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'));

const WORDS = [...new Set(ARTICLES.flatMap((a) => [a.title, a.summary ?? '', a.body ?? ''].join(' ').split(/[\s,.:;!?"'()%-]+/)))].filter((w) => /[\p{L}\p{N}]/u.test(w));

/** `n` articles of fixture words in mixed spellings; one in ten a draft. */
export function mixedCorpus(n: number, seed = 7): FixtureArticle[] {
  const rnd = lcg(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const spell = (w: string): string => {
    const r = rnd();
    if (r < 0.15) return otherTone(w);
    if (r < 0.25) return stripMarks(w);
    if (r < 0.3) return w.toUpperCase();
    return w;
  };
  const sentence = (k: number): string => Array.from({ length: k }, () => spell(pick(WORDS))).join(rnd() < 0.2 ? ', ' : ' ');
  const sections = ['he-thong-chinh-tri', 'xay-dung-dang', 'kinh-te', 'van-hoa-xa-hoi'];
  return Array.from({ length: n }, (_, i) => ({
    title: `${sentence(6)} ${i}`,
    summary: sentence(15),
    body: `${sentence(40)}.\n\n${sentence(30)}.`,
    author: rnd() < 0.3 ? sentence(2) : '',
    section: pick(sections),
    status: rnd() < 0.1 ? ('draft' as const) : ('published' as const),
    published_at: `2023-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}T08:00:00+07:00`,
  }));
}

/** `count` queries drawn from `texts`: words, phrases, prefixes, OR and exclusions, in several spellings. */
export function queriesFrom(texts: string[], count: number, seed: number): string[] {
  const rnd = lcg(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const spellings: Array<(w: string) => string> = [(w) => w, stripMarks, (w) => w.toUpperCase(), (w) => w.normalize('NFD'), otherTone];
  const clean = (w: string): string => w.replace(/[^\p{L}\p{N}\p{M}]+/gu, '');
  const term = (): string => {
    const words = pick(texts).split(/\s+/).map(clean).filter(Boolean);
    const at = Math.floor(rnd() * Math.max(1, words.length - 3));
    const spell = pick(spellings);
    const kind = pick(['word', 'word', 'phrase', 'prefix']);
    const w = words[at] ?? 'kinh';
    if (kind === 'phrase') return `"${words.slice(at, at + 2 + Math.floor(rnd() * 2)).map(spell).join(' ')}"`;
    if (kind === 'prefix') return `${[...spell(w).normalize('NFC')].slice(0, 1 + Math.floor(rnd() * 4)).join('')}*`;
    return spell(w);
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rnd() * 3);
    const parts = Array.from({ length: n }, term);
    const joined = parts.join(rnd() < 0.25 ? ' OR ' : ' ');
    out.push(rnd() < 0.2 ? `${joined} -${term()}` : joined);
  }
  return out;
}
