// What changed between two states of an article: word by word and coloured on a terminal, a
// unified diff (patch's and git's format) when piped.
import { createTwoFilesPatch, diffWordsWithSpace } from 'diff';
import { formatIso } from '../../core/dates.js';
import type { ArticleRow } from '../../store/rows.js';
import { t } from '../../i18n/index.js';
import type { Style } from '../style.js';

export interface DiffOptions {
  sectionSlug(id: number): string;
  terminal: boolean;
  style: Style;
  timeZone: string;
}

/** The fields a person reads, as text, in a fixed order. */
function fieldsOf(row: ArticleRow, o: DiffOptions): Array<[string, string]> {
  const date = (ms: number | null) => (ms === null ? '' : formatIso(ms, o.timeZone));
  return [
    ['title', row.title],
    ['slug', row.slug],
    ['section', o.sectionSlug(row.section_id)],
    ['status', row.status],
    ['published_at', date(row.published_at)],
    ['author', row.author],
    ['source', row.source],
    ['tags', row.tags],
    ['images', row.images],
    ['summary', row.summary],
    ['body', row.body],
  ];
}

/** Title, summary and body are compared word by word; the rest as whole values. */
const WORDWISE = new Set(['title', 'summary', 'body']);

export function diffArticles(a: ArticleRow, b: ArticleRow, o: DiffOptions): string {
  const before = fieldsOf(a, o);
  const after = fieldsOf(b, o);
  if (!o.terminal) {
    const text = (fields: Array<[string, string]>) => fields.map(([k, v]) => (k === 'body' ? `\n${v}\n` : `${k}: ${v}\n`)).join('');
    const [was, now] = [text(before), text(after)];
    // Nothing different, nothing written (as diff and git diff do).
    if (was === now) return '';
    const patch = createTwoFilesPatch(`article-${a.id}@${a.revision}`, `article-${b.id}@${b.revision}`, was, now, undefined, undefined, { context: 3 });
    // From the --- line on: the Index: and ==== lines are not part of a unified diff.
    return patch.slice(patch.indexOf('--- '));
  }
  const s = o.style;
  const out: string[] = [s.bold(t('diff.header', { id: a.id, from: a.revision, to: b.revision }))];
  let changed = 0;
  before.forEach(([name, was], i) => {
    const now = after[i]![1];
    if (was === now) return;
    changed++;
    out.push('', s.cyan(name));
    if (WORDWISE.has(name)) {
      // Removed words struck through in red, added ones in green (and marked for no colour).
      out.push(
        diffWordsWithSpace(was, now)
          .map((p) => (p.added ? s.green(s.enabled ? p.value : `{+${p.value}+}`) : p.removed ? s.red(s.enabled ? p.value : `[-${p.value}-]`) : p.value))
          .join(''),
      );
    } else out.push(s.red(`- ${was}`), s.green(`+ ${now}`));
  });
  if (changed === 0) out.push('', s.dim(t('diff.none')));
  return `${out.join('\n')}\n`;
}
