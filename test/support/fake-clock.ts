import { vi } from 'vitest';

// Waits on a fake clock that jumps to each next timer, while the work itself (requests, polls) runs
// for real: a test sees every wait its code makes, an hour of them in milliseconds. Only for one
// sequence of work at a time: the clock would also jump while another is under way, and that one's
// timings would then include the jump.

/** Fakes the timers the retry and polling code waits on, and `Date`. Undo with `vi.useRealTimers()`. */
export const useFakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });

/** Moves the fake clock from timer to timer until `work` settles, then gives its result. */
export const settle = async <T>(work: Promise<T>): Promise<T> => {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) await vi.advanceTimersToNextTimerAsync();
  return work;
};
