// Scheduled publishing: a published article dated later than now is not out yet. The public
// site (pages, feeds, sitemap, photo library, its search) leaves it out until an export runs
// at or after its time; the CLI shows it as `scheduled`. Stored, it stays `published`: being
// scheduled depends on the clock, so it is worked out here, never kept.
import { wallTime } from './dates.js';
import type { ArticleStatus } from './records.js';
import { t } from '../i18n/index.js';

/** What a person is shown of an article's status: the stored one, or `scheduled`. */
export type ShownStatus = ArticleStatus | 'scheduled';

/**
 * True when a published article dated `publishedAt` (epoch ms) is out at `now`: at or after
 * its time, to the millisecond (the clock runs in whole seconds, so to the second).
 */
export function isOut(publishedAt: number, now: number): boolean {
  return publishedAt <= now;
}

/** The status to show: `scheduled` for a published article whose time has not come. */
export function shownStatus(status: ArticleStatus, publishedAt: number | null, now: number): ShownStatus {
  return status === 'published' && publishedAt !== null && !isOut(publishedAt, now) ? 'scheduled' : status;
}

/** The same for a record, whose published_at is ISO 8601 with an offset. */
export function shownStatusOf(record: { status: ArticleStatus; published_at: string | null }, now: number): ShownStatus {
  return shownStatus(record.status, record.published_at === null ? null : Date.parse(record.published_at), now);
}

/** The scheduled articles an export left out: how many, and when the first of them is due. */
export interface ScheduleSummary {
  count: number;
  /** Epoch ms of the earliest, or null when none. */
  next: number | null;
}

/**
 * The one gate of the public site: given the published articles, keeps those that are out
 * at `now` and counts the others. Every reader of the site's content (the HTML export and
 * anything built from the same index) goes through it.
 */
export class ReleaseGate {
  private count = 0;
  private next: number | null = null;

  constructor(readonly now: number) {}

  /** True when an article dated `publishedAt` may be shown; counts it as scheduled otherwise. */
  admits(publishedAt: number): boolean {
    if (isOut(publishedAt, this.now)) return true;
    this.count++;
    if (this.next === null || publishedAt < this.next) this.next = publishedAt;
    return false;
  }

  summary(): ScheduleSummary {
    return { count: this.count, next: this.next };
  }
}

/** "07:00 on 08/12/2026" in `timeZone`; seconds shown only when the time has them. */
export function formatDue(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const time = `${pad(w.hour)}:${pad(w.minute)}${w.second || w.ms ? `:${pad(w.second)}` : ''}`;
  return t('schedule.due', { time, date: `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)}` });
}

/**
 * "2 scheduled articles left out; the next at 07:00 on 08/12/2026": for the administrator,
 * who runs the export again then (the article is out to the second, hence seconds when
 * there are any). Undefined when nothing was left out.
 */
export function describeScheduled(summary: ScheduleSummary, timeZone: string): string | undefined {
  if (summary.count === 0 || summary.next === null) return undefined;
  return t('schedule.leftOut', { count: summary.count, due: formatDue(summary.next, timeZone) });
}
