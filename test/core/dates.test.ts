import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  endOfDay,
  formatDisplay,
  formatIso,
  formatShort,
  isValidTimeZone,
  offsetMinutes,
  parseDate,
  wallTime,
} from '../../src/core/dates.js';

const HCM = 'Asia/Ho_Chi_Minh';
const NY = 'America/New_York';

function iso(input: string, tz: string): string | undefined {
  const d = parseDate(input, tz);
  return d === undefined ? undefined : formatIso(d.ms, tz);
}

describe('parseDate: every accepted format', () => {
  it.each([
    // [input, zone, ISO in that zone, dateOnly]
    ['2020-10-23T20:37:00+07:00', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T20:37:00', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T20:37', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23 20:37', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T13:37:00Z', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T13:37:00z', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T09:37:00-04:00', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T20:37:00+0700', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T20:37:00+07', HCM, '2020-10-23T20:37:00+07:00', false],
    ['2020-10-23T20:37:00.250+07:00', HCM, '2020-10-23T20:37:00.250+07:00', false],
    ['2020-10-23', HCM, '2020-10-23T00:00:00+07:00', true],
    ['23/10/2020', HCM, '2020-10-23T00:00:00+07:00', true],
    ['3/1/2021', HCM, '2021-01-03T00:00:00+07:00', true],
    ['23/10/2020 20:37', HCM, '2020-10-23T20:37:00+07:00', false],
    ['23/10/2020 20:37:15', HCM, '2020-10-23T20:37:15+07:00', false],
    ['23/10/2020 08:37 PM', HCM, '2020-10-23T20:37:00+07:00', false],
    ['23/10/2020 08:37 pm', HCM, '2020-10-23T20:37:00+07:00', false],
    ['23/10/2020 8:37PM', HCM, '2020-10-23T20:37:00+07:00', false],
    ['23/10/2020 08:37 AM', HCM, '2020-10-23T08:37:00+07:00', false],
    ['23/10/2020 12:00 AM', HCM, '2020-10-23T00:00:00+07:00', false],
    ['23/10/2020 12:30 PM', HCM, '2020-10-23T12:30:00+07:00', false],
    ['  23/10/2020 20:37  ', HCM, '2020-10-23T20:37:00+07:00', false],
    ['29/02/2024', HCM, '2024-02-29T00:00:00+07:00', true],
    // Another zone, with summer time: the same wall time, its own offset.
    ['2020-10-23T20:37:00', NY, '2020-10-23T20:37:00-04:00', false],
    ['23/10/2020 08:37 PM', NY, '2020-10-23T20:37:00-04:00', false],
    ['23/12/2020 08:37 PM', NY, '2020-12-23T20:37:00-05:00', false],
    ['23/12/2020', NY, '2020-12-23T00:00:00-05:00', true],
    ['2020-10-23T20:37:00+07:00', NY, '2020-10-23T09:37:00-04:00', false],
    ['2020-10-23T20:37:00Z', 'UTC', '2020-10-23T20:37:00+00:00', false],
    ['23/10/2020 20:37', 'Asia/Kolkata', '2020-10-23T20:37:00+05:30', false],
  ])('%j in %s → %s', (input, tz, expected, dateOnly) => {
    const d = parseDate(input, tz);
    expect(d).toBeDefined();
    expect(formatIso(d!.ms, tz)).toBe(expected);
    expect(d!.dateOnly).toBe(dateOnly);
  });

  it('reads a date without offset in the zone given, not the machine zone', () => {
    const hcm = parseDate('23/10/2020 20:37', HCM)!.ms;
    const ny = parseDate('23/10/2020 20:37', NY)!.ms;
    expect(hcm).toBe(Date.parse('2020-10-23T13:37:00Z'));
    expect(ny).toBe(Date.parse('2020-10-24T00:37:00Z'));
  });

  it('gives the same instant for the same moment written in any accepted form', () => {
    const forms = ['2020-10-23T20:37:00+07:00', '2020-10-23T13:37:00Z', '2020-10-23T20:37', '23/10/2020 20:37', '23/10/2020 08:37 PM'];
    const instants = new Set(forms.map((f) => parseDate(f, HCM)!.ms));
    expect([...instants]).toEqual([Date.parse('2020-10-23T13:37:00Z')]);
  });
});

describe('parseDate: the first year', () => {
  it('reads 1 January of year 1 where it is still year 1 in UTC, and refuses it east of UTC (year 0 there)', () => {
    const utcStart = parseDate('0001-01-01', 'UTC');
    // Date.UTC reads years below 100 as 19xx: year 1 is set apart.
    const year1 = new Date(0);
    year1.setUTCFullYear(1, 0, 1);
    expect(utcStart?.ms).toBe(year1.getTime());
    expect(parseDate(formatIso(utcStart!.ms, 'Asia/Ho_Chi_Minh'), 'UTC')?.ms).toBe(utcStart!.ms);
    // 0001-01-01 00:00 at +07:07 is 31 December of year 0 in UTC: written in UTC it would not read again.
    expect(parseDate('0001-01-01', 'Asia/Ho_Chi_Minh')).toBeUndefined();
    expect(parseDate('0001-01-01T00:00:00+07:00', 'UTC')).toBeUndefined();
  });
});

describe('parseDate: what is refused', () => {
  it.each([
    '31/02/2024',
    '29/02/2023',
    '30/02/2024',
    '31/04/2024',
    '32/01/2024',
    '00/01/2024',
    '15/13/2024',
    '15/00/2024',
    '23/10/2020 13:61',
    '23/10/2020 24:00',
    '23/10/2020 20:37:60',
    '23/10/2020 13:00 PM',
    '23/10/2020 00:30 AM',
    '2024-02-30',
    '2024-13-01',
    '2020-10-23T25:00',
    '2020-10-23T20:61',
    '2020-10-23T20:37:00+15:00',
    '2020-10-23T20:37:00+07:60',
    '2020-10-23+07:00',
    '23-10-2020',
    '10/23/2020',
    '2020/10/23',
    '23/10/20',
    'hôm qua',
    'yesterday',
    '',
    '   ',
    '1603460220000',
  ])('%j', (input) => {
    expect(parseDate(input, HCM)).toBeUndefined();
    expect(parseDate(input, NY)).toBeUndefined();
  });
});

describe('parseDate: summer-time edges (America/New_York)', () => {
  it('moves a wall time that does not exist (clocks jump 02:00 → 03:00) forward, never back', () => {
    expect(iso('10/03/2024 02:30', NY)).toBe('2024-03-10T03:30:00-04:00');
    expect(iso('2024-03-10T02:30', NY)).toBe('2024-03-10T03:30:00-04:00');
  });

  it('keeps the wall time of either side of a jump', () => {
    expect(iso('10/03/2024 01:59', NY)).toBe('2024-03-10T01:59:00-05:00');
    expect(iso('10/03/2024 03:00', NY)).toBe('2024-03-10T03:00:00-04:00');
  });

  it('reads a wall time that happens twice (03/11/2024 01:30) as that wall time', () => {
    const d = parseDate('03/11/2024 01:30', NY)!;
    expect(formatIso(d.ms, NY)).toMatch(/^2024-11-03T01:30:00-0[45]:00$/);
  });
});

describe('formatIso / formatDisplay / formatShort', () => {
  const ms = Date.parse('2020-10-23T13:37:00Z');
  it.each([
    [HCM, '2020-10-23T20:37:00+07:00', '23/10/2020 08:37 PM', '23/10/2020 20:37'],
    [NY, '2020-10-23T09:37:00-04:00', '23/10/2020 09:37 AM', '23/10/2020 09:37'],
    ['UTC', '2020-10-23T13:37:00+00:00', '23/10/2020 01:37 PM', '23/10/2020 13:37'],
    ['Asia/Kolkata', '2020-10-23T19:07:00+05:30', '23/10/2020 07:07 PM', '23/10/2020 19:07'],
    ['America/St_Johns', '2020-10-23T11:07:00-02:30', '23/10/2020 11:07 AM', '23/10/2020 11:07'],
  ])('in %s', (tz, isoText, display, short) => {
    expect(formatIso(ms, tz)).toBe(isoText);
    expect(formatDisplay(ms, tz)).toBe(display);
    expect(formatShort(ms, tz)).toBe(short);
  });

  it.each([
    ['2020-10-23T00:00:00+07:00', '23/10/2020 12:00 AM'],
    ['2020-10-23T00:05:00+07:00', '23/10/2020 12:05 AM'],
    ['2020-10-23T12:00:00+07:00', '23/10/2020 12:00 PM'],
    ['2020-10-23T11:59:00+07:00', '23/10/2020 11:59 AM'],
    ['2020-01-02T23:59:00+07:00', '02/01/2020 11:59 PM'],
  ])('%s is shown as %s (12-hour clock, the portal style)', (isoText, display) => {
    expect(formatDisplay(Date.parse(isoText), HCM)).toBe(display);
  });

  it('writes milliseconds only when there are some', () => {
    expect(formatIso(Date.parse('2020-10-23T13:37:00.007Z'), HCM)).toBe('2020-10-23T20:37:00.007+07:00');
  });

  it('round-trips: parse(formatIso(x)) = x', () => {
    for (const tz of [HCM, NY, 'UTC', 'Asia/Kolkata']) {
      for (const ms2 of [0, Date.parse('2020-10-23T13:37:00Z'), Date.parse('2024-03-10T07:30:00Z'), Date.parse('2024-11-03T05:30:00Z'), Date.parse('2024-11-03T06:30:00Z')]) {
        expect(parseDate(formatIso(ms2, tz), tz)!.ms).toBe(ms2);
      }
    }
  });

  it('knows the offset of a zone at an instant', () => {
    expect(offsetMinutes(Date.parse('2020-07-01T00:00:00Z'), HCM)).toBe(420);
    expect(offsetMinutes(Date.parse('2020-07-01T00:00:00Z'), NY)).toBe(-240);
    expect(offsetMinutes(Date.parse('2020-01-01T00:00:00Z'), NY)).toBe(-300);
  });
});

describe('endOfDay', () => {
  it.each([
    ['23/10/2020', HCM, '2020-10-23T23:59:59.999+07:00'],
    ['23/10/2020 20:37', HCM, '2020-10-23T23:59:59.999+07:00'],
    ['31/12/2020 00:00', HCM, '2020-12-31T23:59:59.999+07:00'],
    ['29/02/2024', HCM, '2024-02-29T23:59:59.999+07:00'],
    ['23/10/2020', NY, '2020-10-23T23:59:59.999-04:00'],
    // The day the clocks go forward has 23 hours; the day they go back, 25.
    ['10/03/2024', NY, '2024-03-10T23:59:59.999-04:00'],
    ['03/11/2024', NY, '2024-11-03T23:59:59.999-05:00'],
  ])('%s in %s → %s', (input, tz, expected) => {
    const start = parseDate(input, tz)!.ms;
    const end = endOfDay(start, tz);
    expect(formatIso(end, tz)).toBe(expected);
    expect(end).toBeGreaterThan(start);
    // One millisecond later is the next day.
    expect(formatIso(end + 1, tz).slice(11, 19)).toBe('00:00:00');
  });
});

describe('isValidTimeZone', () => {
  it.each([
    [HCM, true],
    [NY, true],
    ['UTC', true],
    ['Europe/Paris', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['x'.repeat(65), false],
  ])('%j → %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});

describe('wallTime agrees with Intl.DateTimeFormat', () => {
  // wallTime reads Date's local getters under TZ; Intl is the reference it must match.
  const zones = ['Asia/Ho_Chi_Minh', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC', 'Pacific/Chatham'];
  const reference = (ms: number, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
  };

  it('for random instants from 1890 to 2100 in zones with DST, half hours and local mean time', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        const { ms: _ms, ...w } = wallTime(ms, tz);
        expect(w).toEqual(reference(ms, tz));
      }),
      { numRuns: 3000 },
    );
  });
});
