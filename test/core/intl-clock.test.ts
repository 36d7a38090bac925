// Worker threads read zones through Intl (their TZ cannot be changed): the same wall times as
// the main thread's TZ path, across summer-time changes and historic offsets.
import { describe, expect, it } from 'vitest';
import { offsetMinutes, useIntlClock, wallTime } from '../../src/core/dates.js';

describe('the Intl clock of worker threads', () => {
  it('gives the wall time and offset the TZ path gives, in every zone, at every hour', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
    // Hours from 1970 to 2030, a prime number of minutes apart, and the instants around a change.
    const instants: number[] = [];
    for (let t = Date.UTC(1970, 0, 1); t < Date.UTC(2030, 0, 1); t += 6_997 * 60_000) instants.push(t);
    for (const t of [Date.UTC(2021, 2, 14, 6, 59, 59, 999), Date.UTC(2021, 2, 14, 7), Date.UTC(2021, 10, 7, 5, 59), Date.UTC(2021, 10, 7, 6), -1, 999]) instants.push(t);
    const read = (): unknown[] => zones.flatMap((z) => instants.map((t) => [wallTime(t, z), offsetMinutes(t, z)]));
    const viaTz = read();
    useIntlClock();
    const viaIntl = read();
    expect(viaIntl).toEqual(viaTz);
    expect(viaTz.length).toBeGreaterThan(10_000);
  });
});
