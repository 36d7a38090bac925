// Dates: accepted in the formats of the spec, read in the site's time zone, stored as epoch
// milliseconds, written as ISO 8601 with the zone's offset. Nothing here reads the machine's
// clock or time zone.

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utc(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/**
 * The wall-clock time in `timeZone` at instant `ms`.
 *
 * Read through Date's local-time getters with process.env.TZ pointed at the zone: V8 answers
 * them from the same ICU zone data as Intl.DateTimeFormat, without building a formatter,
 * whose first construction costs about 30 ms (a quarter of what `newsdesk article list`
 * costs over a bare Node start). newsdesk reads local time nowhere else, so pointing TZ at
 * the zone in use changes nothing else it does. Zones are validated (isValidTimeZone) before
 * they are stored.
 */
export function wallTime(ms: number, timeZone: string): WallTime {
  if (intlClock) return intlWallTime(ms, timeZone);
  if (process.env.TZ !== timeZone) process.env.TZ = timeZone;
  const d = new Date(ms);
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

/** Set in worker threads, where TZ cannot be changed (their process.env is a copy). */
let intlClock = false;

/** Makes wallTime read zones through Intl (same ICU data): for worker threads. */
export function useIntlClock(): void {
  intlClock = true;
}

function intlWallTime(ms: number, timeZone: string): WallTime {
  const f = formatterFor(timeZone);
  const w: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, ms: ((ms % 1000) + 1000) % 1000 };
  for (const p of f.formatToParts(ms)) {
    if (p.type === 'year') w.year = Number(p.value);
    else if (p.type === 'month') w.month = Number(p.value);
    else if (p.type === 'day') w.day = Number(p.value);
    else if (p.type === 'hour') w.hour = Number(p.value);
    else if (p.type === 'minute') w.minute = Number(p.value);
    else if (p.type === 'second') w.second = Number(p.value);
  }
  return w;
}

/** The zone's offset from UTC in minutes at instant `ms`. */
export function offsetMinutes(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = utc(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return Math.round((asUtc - ms) / 60000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `w`: the earlier one when the wall
 * time happens twice (clocks going back); a wall time skipped by clocks going forward is moved
 * forward by the gap (02:30 on a 02:00 → 03:00 night is 03:30), never back.
 */
export function fromWallTime(w: WallTime, timeZone: string): number {
  const asUtc = utc(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  const day = 86_400_000;
  const before = asUtc - offsetMinutes(asUtc - day, timeZone) * 60000;
  const after = asUtc - offsetMinutes(asUtc + day, timeZone) * 60000;
  const fits = (t: number): boolean => t + offsetMinutes(t, timeZone) * 60000 === asUtc;
  const candidates = [before, after].filter(fits);
  return candidates.length ? Math.min(...candidates) : before;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * "2020-10-23T20:37:00+07:00" (milliseconds only when there are any). The wall time is
 * derived from the offset as printed, so the string always names the same instant, even in
 * the years when a zone's offset had seconds (local mean time).
 */
export function formatIso(ms: number, timeZone: string): string {
  const off = offsetMinutes(ms, timeZone);
  const local = new Date(ms + off * 60000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const frac = local.getUTCMilliseconds() ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "23/10/2020 08:37 PM", as the portal shows dates. */
export function formatDisplay(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)} ${pad(h12)}:${pad(w.minute)} ${w.hour < 12 ? 'AM' : 'PM'}`;
}

/** "23/10/2020 20:37", compact for tables. */
export function formatShort(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)} ${pad(w.hour)}:${pad(w.minute)}`;
}

export interface ParsedDate {
  ms: number;
  /** True when the input named no time of day (used by --until: the end of that day). */
  dateOnly: boolean;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/**
 * Parses ISO 8601 (with or without offset), dd/mm/yyyy, dd/mm/yyyy HH:mm and
 * dd/mm/yyyy hh:mm AM|PM. A time without offset is read in `timeZone`.
 * Returns undefined for anything else, or for a date that does not exist.
 */
export function parseDate(input: string, timeZone: string): ParsedDate | undefined {
  const s = input.trim();
  let year: number, month: number, day: number;
  let hour = 0, minute = 0, second = 0, ms = 0;
  let dateOnly = false;
  let offset: string | undefined;

  let m = ISO.exec(s);
  if (m) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
    if (m[4] === undefined) dateOnly = true;
    else {
      hour = Number(m[4]);
      minute = Number(m[5]);
      second = m[6] ? Number(m[6]) : 0;
      ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    }
    offset = m[8];
    if (offset && dateOnly) return undefined;
  } else if ((m = DMY.exec(s))) {
    day = Number(m[1]);
    month = Number(m[2]);
    year = Number(m[3]);
    if (m[4] === undefined) dateOnly = true;
    else {
      hour = Number(m[4]);
      minute = Number(m[5]);
      second = m[6] ? Number(m[6]) : 0;
      const ampm = m[7]?.toUpperCase();
      if (ampm) {
        if (hour < 1 || hour > 12) return undefined;
        hour = (hour % 12) + (ampm === 'PM' ? 12 : 0);
      }
    }
  } else return undefined;

  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  if (offset) {
    let offMin = 0;
    if (offset.toUpperCase() !== 'Z') {
      const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
      const h = Number(om[2]);
      const mi = om[3] ? Number(om[3]) : 0;
      if (h > 14 || mi > 59) return undefined;
      offMin = (om[1] === '-' ? -1 : 1) * (h * 60 + mi);
    }
    return withinYears(utc(year, month - 1, day, hour, minute, second, ms) - offMin * 60000, dateOnly);
  }
  return withinYears(fromWallTime({ year, month, day, hour, minute, second, ms }, timeZone), dateOnly);
}

/** The first instant of year 1 in UTC: a date before it (year 1 in a zone east of UTC) is not read. */
const FIRST_INSTANT = utc(1, 0, 1);

/** An instant every zone can write back as a date that reads again (no year 0 in UTC). */
function withinYears(ms: number, dateOnly: boolean): { ms: number; dateOnly: boolean } | undefined {
  return ms < FIRST_INSTANT ? undefined : { ms, dateOnly };
}

/** The last millisecond of the day that `ms` falls on in `timeZone`. */
export function endOfDay(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const next = new Date(utc(w.year, w.month - 1, w.day + 1));
  return (
    fromWallTime(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0, ms: 0 },
      timeZone,
    ) - 1
  );
}

export const DATE_FORMATS_HINT =
  'use ISO 8601 (2020-10-23T20:37:00+07:00, 2020-10-23), dd/mm/yyyy, dd/mm/yyyy HH:mm or dd/mm/yyyy hh:mm AM|PM';
