// The lines an export's keys were made from (key-inputs.ts), and the joining of an update's
// runs of numbers (incremental.ts joinRuns): the decisions a re-export's search update makes
// before it touches the index.
import { describe, expect, it } from 'vitest';
import { decodeKeyInputs, encodeKeyInputs, keptKeys } from '../../../src/search/site/key-inputs.js';
import { joinRuns } from '../../../src/search/site/incremental.js';

const line = (id: number, hash: string): string => `${id} ${hash} 3 1700000000000 bai-viet/bai-${id}.html`;

describe('the key inputs beside the state', () => {
  it('read back as written, and not at all when not a file of them', () => {
    const inputs = { keys: 'digestOfKeys', shared: 'digestOfSections', lines: [line(1, 'aa'), line(4, 'bb')] };
    const bytes = encodeKeyInputs(inputs)!;
    expect(decodeKeyInputs(bytes)).toEqual(inputs);
    expect(decodeKeyInputs(encodeKeyInputs({ ...inputs, lines: [] })!)).toEqual({ ...inputs, lines: [] });
    // A line break would move every line after it: such inputs are not written.
    expect(encodeKeyInputs({ ...inputs, lines: [line(1, 'a\nb')] })).toBeUndefined();
    expect(encodeKeyInputs({ ...inputs, shared: 'x\ny' })).toBeUndefined();
    expect(decodeKeyInputs(Buffer.from('newsdesk site search key inputs 0\nk\ns\n' + line(1, 'aa')))).toBeUndefined();
    expect(decodeKeyInputs(Buffer.from('newsdesk site search key inputs 1\nk'))).toBeUndefined();
    expect(decodeKeyInputs(Buffer.alloc(0))).toBeUndefined();
  });

  it('keep the saved key of an article only when its line is the one the key was made from', () => {
    const ids = [1, 4, 6, 9];
    const keys = ['k1', 'k4', 'k6', 'k9'];
    const lines = [line(1, 'h1'), line(4, 'h4'), line(6, 'h6'), line(9, 'h9')];
    const now = [
      { id: 1, line: line(1, 'h1') }, // unchanged
      { id: 2, line: line(2, 'h2') }, // new
      { id: 4, line: line(4, 'h4-edited') }, // changed
      // 6: gone
      { id: 9, line: line(9, 'h9') }, // unchanged, after a gone one
      { id: 12, line: line(12, 'h12') }, // new, past the state's last
    ];
    expect(keptKeys(ids, keys, lines, now)).toEqual(['k1', undefined, undefined, 'k9', undefined]);
    // A line equal to another article's saved line is not that article's.
    expect(keptKeys(ids, keys, lines, [{ id: 5, line: line(4, 'h4') }])).toEqual([undefined]);
    expect(keptKeys([], [], [], now)).toEqual(now.map(() => undefined));
    expect(keptKeys(ids, keys, lines, [])).toEqual([]);
  });
});

describe('the runs of an update joined', () => {
  it('come out as flat() makes them, from a few runs or from more than one concat() takes', () => {
    const few = [[1, 2, 3], [], [4], [5, 6]];
    expect(joinRuns(few)).toEqual(few.flat());
    expect(joinRuns([])).toEqual([]);
    const many = Array.from({ length: 10_000 }, (_, i) => Array.from({ length: i % 3 }, (_, k) => i * 3 + k));
    expect(joinRuns(many)).toEqual(many.flat());
  });
});
