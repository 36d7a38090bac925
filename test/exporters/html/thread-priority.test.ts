// A page thread of the parallel export gives way to the other threads (thread-priority.ts):
// on Linux its own nice value goes up, the process's other threads keep theirs.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { currentThreadId, giveWay, PAGE_THREAD_NICENESS } from '../../../src/exporters/html/thread-priority.js';

/** The nice value of thread `tid` of this process, from /proc (field 19 of its stat). */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

const linux = process.platform === 'linux';
const COMPILED = new URL('../../../dist/exporters/html/thread-priority.js', import.meta.url);

describe('thread-priority', () => {
  it.runIf(linux)('knows the main thread as the process', () => {
    expect(currentThreadId()).toBe(process.pid);
  });

  it.runIf(linux)('lowers a worker thread only, by its steps', async () => {
    const before = niceOf(process.pid);
    // The compiled module (npm run build), loaded by a worker of its own: the thread reports its id, then gives way.
    const source = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(COMPILED.href)}).then((m) => {
        parentPort.postMessage({ tid: m.currentThreadId() });
        parentPort.once('message', () => parentPort.postMessage({ done: m.giveWay() }));
      });
    `;
    const worker = new Worker(source, { eval: true });
    try {
      const messages: Array<{ tid?: number; done?: boolean }> = [];
      const next = (): Promise<{ tid?: number; done?: boolean }> => new Promise((r) => worker.once('message', r));
      messages.push(await next());
      const tid = messages[0]!.tid!;
      expect(tid).not.toBe(process.pid);
      const workerBefore = niceOf(tid);
      worker.postMessage('go');
      expect((await next()).done).toBe(true);
      expect(niceOf(tid)).toBe(Math.min(19, workerBefore + PAGE_THREAD_NICENESS));
      expect(niceOf(process.pid)).toBe(before);
    } finally {
      await worker.terminate();
    }
  });

  it.runIf(linux)('does not lower the main thread (the whole process)', () => {
    const before = niceOf(process.pid);
    expect(giveWay()).toBe(false);
    expect(niceOf(process.pid)).toBe(before);
  });
});

