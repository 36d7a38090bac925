import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/core/dates.js';
import { describeScheduled, isOut, ReleaseGate, shownStatus, shownStatusOf } from '../../src/core/schedule.js';

const at = (s: string, tz = 'Asia/Ho_Chi_Minh'): number => parseDate(s, tz)!.ms;

describe('isOut: exact to the second, in the site zone', () => {
  it.each([
    // [published_at, now, out]
    ['08/12/2026 07:00', '08/12/2026 06:59:59', false],
    ['08/12/2026 07:00', '08/12/2026 07:00:00', true],
    ['08/12/2026 07:00', '08/12/2026 07:00:01', true],
    ['08/12/2026 07:00:30', '08/12/2026 07:00:29', false],
    ['08/12/2026 07:00:30', '08/12/2026 07:00:30', true],
    ['2026-12-08T07:00:00+07:00', '2026-12-08T00:00:00Z', true], // the same instant, given in UTC
    ['2026-12-08T07:00:00+07:00', '2026-12-07T23:59:59Z', false],
  ])('published %s, now %s → out %s', (published, now, out) => {
    expect(isOut(at(published), at(now))).toBe(out);
  });

  it('reads a wall time in the zone it is given: 07:00 in Hà Nội is out at midnight in London, not a second before', () => {
    const due = at('08/12/2026 07:00', 'Asia/Ho_Chi_Minh');
    expect(isOut(due, at('07/12/2026 23:59:59', 'Europe/London'))).toBe(false);
    expect(isOut(due, at('08/12/2026 00:00', 'Europe/London'))).toBe(true);
  });
});

describe('shownStatus', () => {
  const now = at('08/12/2026 07:00');
  it.each([
    ['published', '08/12/2026 07:00:01', 'scheduled'],
    ['published', '08/12/2026 07:00', 'published'],
    ['published', '01/01/2020', 'published'],
    ['draft', '01/01/2030', 'draft'],
    ['draft', null, 'draft'],
  ] as const)('%s dated %s → %s (now 08/12/2026 07:00)', (status, publishedAt, shown) => {
    expect(shownStatus(status, publishedAt === null ? null : at(publishedAt), now)).toBe(shown);
  });

  it('reads the ISO form of records, offset included', () => {
    expect(shownStatusOf({ status: 'published', published_at: '2026-12-08T07:00:01+07:00' }, now)).toBe('scheduled');
    expect(shownStatusOf({ status: 'published', published_at: '2026-12-08T07:00:00+07:00' }, now)).toBe('published');
    expect(shownStatusOf({ status: 'published', published_at: '2026-12-08T00:00:01Z' }, now)).toBe('scheduled');
    expect(shownStatusOf({ status: 'draft', published_at: null }, now)).toBe('draft');
  });
});

describe('ReleaseGate', () => {
  it('admits what is out, counts the rest and keeps the earliest due', () => {
    const now = at('08/12/2026 07:00');
    const gate = new ReleaseGate(now);
    const dates = [at('01/01/2020'), at('09/12/2026 07:00'), now, at('08/12/2026 07:00:01'), at('01/01/2030')];
    expect(dates.map((d) => gate.admits(d))).toEqual([true, false, true, false, false]);
    expect(gate.summary()).toEqual({ count: 3, next: at('08/12/2026 07:00:01') });
  });

  it('with nothing held back, says so', () => {
    const gate = new ReleaseGate(0);
    expect(gate.admits(-1)).toBe(true);
    expect(gate.summary()).toEqual({ count: 0, next: null });
  });
});

describe('describeScheduled', () => {
  it.each([
    [{ count: 2, next: at('08/12/2026 07:00') }, 'Asia/Ho_Chi_Minh', '2 scheduled articles left out; the next at 07:00 on 08/12/2026'],
    [{ count: 1, next: at('08/12/2026 07:00:30') }, 'Asia/Ho_Chi_Minh', '1 scheduled article left out; the next at 07:00:30 on 08/12/2026'],
    // The same instant in another site's zone: that zone's wall clock and day.
    [{ count: 1, next: at('08/12/2026 07:00') }, 'America/New_York', '1 scheduled article left out; the next at 19:00 on 07/12/2026'],
    [{ count: 0, next: null }, 'Asia/Ho_Chi_Minh', undefined],
  ])('%o in %s → %s', (summary, tz, text) => {
    expect(describeScheduled(summary, tz)).toBe(text);
  });
});
