// Dates as the portal prints them, "(23/10/2020 08:37 PM)", in the site's time zone, with
// the ISO form for <time datetime>. The same text as core/dates.ts formatDisplay and
// formatIso (a test holds them together), but cheaper: Intl is asked for the zone's offset
// once per day rather than three times per date, since offsets change at most once a day.
import { offsetMinutes } from '../../../core/dates.js';

export interface ShownDate {
  display: string;
  iso: string;
}

const DAY = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export class DateCache {
  private readonly timeZone: string;
  private readonly cache = new Map<number, ShownDate>();
  private readonly dayOffsets = new Map<number, number | null>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  /** The zone's offset in minutes at `ms`. */
  offset(ms: number): number {
    const day = Math.floor(ms / DAY);
    let known = this.dayOffsets.get(day);
    if (known === undefined) {
      const start = offsetMinutes(day * DAY, this.timeZone);
      const end = offsetMinutes(day * DAY + DAY - 1, this.timeZone);
      // null: a transition falls on this day, so ask for each instant.
      known = start === end ? start : null;
      this.dayOffsets.set(day, known);
    }
    return known ?? offsetMinutes(ms, this.timeZone);
  }

  get(ms: number): ShownDate {
    let d = this.cache.get(ms);
    if (!d) {
      const off = this.offset(ms);
      const w = new Date(ms + off * 60_000);
      const year = w.getUTCFullYear();
      const month = w.getUTCMonth() + 1;
      const day = w.getUTCDate();
      const hour = w.getUTCHours();
      const minute = w.getUTCMinutes();
      const second = w.getUTCSeconds();
      const milli = w.getUTCMilliseconds();
      const h12 = hour % 12 === 0 ? 12 : hour % 12;
      const abs = Math.abs(off);
      d = {
        display: `(${pad(day)}/${pad(month)}/${pad(year, 4)} ${pad(h12)}:${pad(minute)} ${hour < 12 ? 'AM' : 'PM'})`,
        iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${milli ? `.${pad(milli, 3)}` : ''}${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
      };
      this.cache.set(ms, d);
    }
    return d;
  }
}
