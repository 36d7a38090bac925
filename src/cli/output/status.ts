// The status column of article lists (article list, search): the stored status in machine
// formats, `scheduled` in tables for a published article whose time has not come.
import type { ArticleStatus } from '../../core/records.js';
import { shownStatusOf } from '../../core/schedule.js';
import type { FieldSpec } from './list.js';

export function statusField<T extends { status: ArticleStatus; published_at: string | null }>(): FieldSpec<T> {
  return {
    name: 'status',
    get: (a) => a.status,
    tableValue: (a, ctx) => shownStatusOf(a, ctx.now()),
    show: (a, ctx) => {
      const shown = shownStatusOf(a, ctx.now());
      return shown === 'draft' ? ctx.style.yellow(shown) : shown === 'scheduled' ? ctx.style.cyan(shown) : ctx.style.green(shown);
    },
  };
}
