// The status column of article list: the stored status in machine formats, `scheduled` in
// tables for a published article whose time has not come.
import type { ArticleStatus } from '../../core/records.js';
import { shownStatusOf, type ShownStatus } from '../../core/schedule.js';
import type { Style } from '../style.js';
import { t } from '../../i18n/index.js';
import type { FieldSpec } from './list.js';

/** A status as a person reads it (the stored word in English). */
export function statusWord(shown: ShownStatus): string {
  return t(shown === 'draft' ? 'status.draft' : shown === 'scheduled' ? 'status.scheduled' : 'status.published');
}

/** A status coloured for a terminal. */
export function colouredStatus(shown: ShownStatus, style: Style): string {
  return (shown === 'draft' ? style.yellow : shown === 'scheduled' ? style.cyan : style.green)(statusWord(shown));
}

export function statusField<T extends { status: ArticleStatus; published_at: string | null }>(): FieldSpec<T> {
  return {
    name: 'status',
    get: (a) => a.status,
    tableValue: (a, ctx) => shownStatusOf(a, ctx.now()),
    show: (a, ctx) => colouredStatus(shownStatusOf(a, ctx.now()), ctx.style),
  };
}
