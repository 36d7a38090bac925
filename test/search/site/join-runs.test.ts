// The joining of an update's runs of numbers (incremental.ts joinRuns): concat() in blocks,
// the same numbers as flat() makes, however many runs.
import { describe, expect, it } from 'vitest';
import { joinRuns } from '../../../src/search/site/incremental.js';

describe('the runs of an update joined', () => {
  it('come out as flat() makes them, from a few runs or from more than one concat() takes', () => {
    const few = [[1, 2, 3], [], [4], [5, 6]];
    expect(joinRuns(few)).toEqual(few.flat());
    expect(joinRuns([])).toEqual([]);
    const many = Array.from({ length: 10_000 }, (_, i) => Array.from({ length: i % 3 }, (_, k) => i * 3 + k));
    expect(joinRuns(many)).toEqual(many.flat());
  });
});
