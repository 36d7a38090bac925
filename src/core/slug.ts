// Slugs: Vietnamese letters lose their marks, đ/Đ become d, lower case, hyphens.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 200;

/** Removes every combining mark and maps đ/Đ (and the look-alike Ð) to d/D. */
export function stripMarks(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐÐð]/g, (c) => (c === 'đ' || c === 'ð' ? 'd' : 'D'));
}

/** "Quế Phong: Nâng cao …" → "que-phong-nang-cao-…"; empty when nothing is left. */
export function slugify(title: string, max = 100): string {
  const base = stripMarks(title)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length <= max) return base;
  // Cut at a hyphen so no syllable is split.
  const cut = base.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > 0 ? cut.slice(0, at) : base.slice(0, max)).replace(/-+$/, '');
}

export function isValidSlug(s: string): boolean {
  return s.length <= SLUG_MAX && SLUG_PATTERN.test(s);
}

/** base, base-2, base-3 …: the slugs to try, in order. */
function* slugCandidates(base: string): Generator<string, never> {
  yield base;
  for (let n = 2; ; n++) yield `${base}-${n}`;
}

/** The first of base, base-2, base-3 … that `taken` does not hold. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  for (const candidate of slugCandidates(base)) if (!taken(candidate)) return candidate;
  throw new Error('unreachable');
}

/** uniqueSlug, asking a store (or anything that answers later) whether each slug is taken. */
export async function uniqueSlugAsync(base: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  for (const candidate of slugCandidates(base)) if (!(await taken(candidate))) return candidate;
  throw new Error('unreachable');
}
