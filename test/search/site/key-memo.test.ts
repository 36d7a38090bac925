// The memo of the articles' keys by their lines (key-memo.ts), and the joining of an update's
// runs of numbers (incremental.ts joinRuns): the decisions a re-export's search update makes
// before it touches the index.
import { describe, expect, it } from 'vitest';
import { commonEnd, commonStart, decodeKeyMemo, encodeKeyMemo, memoKey, memoSize, sameLines } from '../../../src/search/site/key-memo.js';
import { joinRuns } from '../../../src/search/site/incremental.js';
import { lcg } from '../corpus.js';

const line = (id: number, hash: string): string => `${id} ${hash} 3 1700000000000 bai-viet/bai-${id}.html`;

/** Brute force: how many characters a and b share at the start, and at the end. */
function bruteStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
function bruteEnd(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < limit && i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** sameLines of two lists of lines. */
const same = (before: string[], now: string[]): { head: number; tail: number } => sameLines(before.join('\n'), now.join('\n'), now);

describe('the key memo beside the state', () => {
  it('reads back as written, each line with its key, and not at all when not a memo', () => {
    const key = (c: string): string => c.repeat(27);
    const memo = { shared: 'digestOfSections', lines: [line(1, 'aa'), line(4, 'bđ')].join('\n'), keys: [key('a'), key('b')].join('\n') };
    const read = decodeKeyMemo(Buffer.concat(encodeKeyMemo(memo)!))!;
    expect(read).toEqual(memo);
    expect(memoSize(read)).toBe(2);
    expect([memoKey(read, 0), memoKey(read, 1)]).toEqual([key('a'), key('b')]);
    // A key of another length would shift every key after it: such a memo is not written, nor read.
    expect(encodeKeyMemo({ ...memo, keys: [key('a'), 'short'].join('\n') })).toBeUndefined();
    expect(encodeKeyMemo({ ...memo, shared: 'x\ny' })).toBeUndefined();
    expect(encodeKeyMemo({ ...memo, lines: '', keys: '' })).toBeUndefined();
    const bytes = Buffer.concat(encodeKeyMemo(memo)!);
    expect(decodeKeyMemo(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeKeyMemo(Buffer.from(bytes.toString('utf8').replace('key memo 1', 'key memo 0')))).toBeUndefined();
    expect(decodeKeyMemo(Buffer.from(bytes.toString('utf8').replace(`\n${memo.lines.length}\n`, `\n${memo.lines.length + 1}\n`)))).toBeUndefined();
    expect(decodeKeyMemo(Buffer.from(bytes.toString('utf8').replace(`\n${memo.lines.length}\n`, '\nx\n')))).toBeUndefined();
    expect(decodeKeyMemo(Buffer.alloc(0))).toBeUndefined();
  });

  it('find the common start and end of two texts as a walk over their characters does', () => {
    const next = lcg(7);
    for (let round = 0; round < 300; round++) {
      const base = Array.from({ length: Math.floor(next() * 40) }, () => 'ab\n'[Math.floor(next() * 3)]).join('');
      const cut = Math.floor(next() * (base.length + 1));
      const other = base.slice(0, cut) + (next() < 0.5 ? 'x' : '') + base.slice(cut + Math.floor(next() * 3));
      const limit = Math.floor(next() * 50);
      expect(commonStart(base, other), `${base} / ${other}`).toBe(bruteStart(base, other));
      expect(commonEnd(base, other, limit), `${base} / ${other}`).toBe(bruteEnd(base, other, limit));
    }
  });

  it('keep the lines before the first change and after the last, and no other', () => {
    const before = [1, 2, 3, 4, 5, 6].map((id) => line(id, `h${id}`));
    expect(same(before, before)).toEqual({ head: 6, tail: 0 });
    const edited = before.map((l, i) => (i === 2 ? line(3, 'h3-edited') : l));
    expect(same(before, edited)).toEqual({ head: 2, tail: 3 });
    // An edit that keeps the line's length, or changes its last character only.
    expect(same(before, before.map((l, i) => (i === 3 ? line(4, 'h9') : l)))).toEqual({ head: 3, tail: 2 });
    expect(same(before, before.map((l, i) => (i === 1 ? `${l}x` : l)))).toEqual({ head: 1, tail: 4 });
    expect(same(before, before.map((l, i) => (i === 1 ? `x${l}` : l)))).toEqual({ head: 1, tail: 4 });
    // The first and the last lines.
    expect(same(before, [line(1, 'new'), ...before.slice(1)])).toEqual({ head: 0, tail: 5 });
    expect(same(before, [...before.slice(0, 5), line(6, 'new')])).toEqual({ head: 5, tail: 0 });
    // An article added, one removed: every other line kept.
    expect(same(before, [...before.slice(0, 3), line(35, 'x'), ...before.slice(3)])).toEqual({ head: 3, tail: 3 });
    expect(same(before, [...before.slice(0, 2), ...before.slice(3)])).toEqual({ head: 2, tail: 3 });
    // Added last: the line before it is no longer the last one (its break is new), its key made again.
    expect(same(before, [...before, line(7, 'h7')])).toEqual({ head: 5, tail: 0 });
    // The first removed: the line after it is now the first one (no break before it), its key made again.
    expect(same(before, before.slice(1))).toEqual({ head: 0, tail: 4 });
    // Two edits far apart: the lines between are made again too.
    expect(same(before, before.map((l, i) => (i === 1 || i === 4 ? `${l}!` : l)))).toEqual({ head: 1, tail: 1 });
    expect(same([], before)).toEqual({ head: 0, tail: 0 });
    expect(same(before, [])).toEqual({ head: 0, tail: 0 });
  });

  it('never keep a line that is not the same line of the last export, over random edits', () => {
    const next = lcg(11);
    for (let round = 0; round < 300; round++) {
      // Short lines from few letters: lines that look alike, common runs across line breaks.
      const word = (): string => Array.from({ length: 1 + Math.floor(next() * 3) }, () => 'ab'[Math.floor(next() * 2)]).join('');
      const before = Array.from({ length: Math.floor(next() * 8) }, word);
      const now = before.slice();
      for (let e = Math.floor(next() * 3); e > 0; e--) {
        const at = Math.floor(next() * (now.length + 1));
        const kind = next();
        if (kind < 0.4 && at < now.length) now[at] = word();
        else if (kind < 0.7) now.splice(at, 0, word());
        else now.splice(at, 1);
      }
      const { head, tail } = same(before, now);
      const what = `${JSON.stringify(before)} → ${JSON.stringify(now)}`;
      expect(head + tail, what).toBeLessThanOrEqual(now.length);
      for (let i = 0; i < head; i++) expect(now[i], what).toBe(before[i]);
      for (let i = 1; i <= tail; i++) expect(now[now.length - i], what).toBe(before[before.length - i]);
    }
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
