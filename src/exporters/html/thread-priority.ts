// A page thread of the parallel export gives way to the site search's thread: that thread's
// build is sequential and the export's longest (it ends the export), while the pages have
// slack and are done well before it. On Linux a thread has its own nice value, set through
// its thread id; elsewhere, or when the system refuses, nothing changes.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Nice steps a page thread takes below the other threads of the export. */
export const PAGE_THREAD_NICENESS = 5;

/** This thread's id on Linux (from /proc/thread-self, "PID/task/TID"), or undefined. */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Lowers this thread's priority by `steps` nice steps (at most to 19); true when it did. */
export function giveWay(steps: number = PAGE_THREAD_NICENESS): boolean {
  const tid = currentThreadId();
  if (tid === undefined || tid === process.pid) return false;
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + steps));
    return true;
  } catch {
    return false;
  }
}
