import type { Clock } from '@tokenbridge/core';

/** A {@link Clock} that moves only when the test says so. */
export interface ManualClock extends Clock {
  /** Moves time on by `ms`, firing every timer it passes (sleeps included), earliest first. */
  advance(ms: number): void;
  /** Every `sleep` asked for, in ms, oldest first. */
  readonly sleeps: readonly number[];
  /** Resolves once `count` sleeps in all have been asked for (at once when they were). */
  slept(count: number): Promise<void>;
  /** The `ms` of every `setTimer` call so far, oldest first. */
  readonly timers: readonly number[];
  /** Resolves once `count` timers in all have been set (at once when they were). */
  timersSet(count: number): Promise<void>;
  /** Timers and sleeps neither fired nor cancelled. */
  pending(): number;
}

/**
 * A clock moved by hand: timers (the limiter's, the per-operation deadline, a
 * simulator's delays) fire and sleeps (backoff, Retry-After) end only when
 * {@link ManualClock.advance} passes them, so a test decides exactly when
 * time has run out and asserts on what happened by then, never on how long
 * it took. Shared by the tests of every package (core's tests cannot use
 * `@tokenbridge/testing`).
 */
export function manualClock(start = 0): ManualClock {
  let now = start;
  const due: Array<{ at: number; fn: () => void }> = [];
  const sleeps: number[] = [];
  const timers: number[] = [];
  const sleepWaiters = waitersOn(sleeps);
  const timerWaiters = waitersOn(timers);

  const schedule = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: now + ms, fn };
    due.push(timer);
    return () => {
      const index = due.indexOf(timer);
      if (index >= 0) due.splice(index, 1);
    };
  };

  return {
    now: () => now,
    setTimer: (fn, ms) => {
      const cancel = schedule(fn, ms);
      timers.push(ms);
      timerWaiters.wake();
      return cancel;
    },
    sleep: (ms, signal) => {
      sleeps.push(ms);
      sleepWaiters.wake();
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          cancel();
          reject(signal?.reason);
        };
        const cancel = schedule(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    advance(ms) {
      now += ms;
      for (const timer of due.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)) {
        const index = due.indexOf(timer);
        if (index < 0) continue; // cancelled by an earlier one
        due.splice(index, 1);
        timer.fn();
      }
    },
    sleeps,
    slept: sleepWaiters.until,
    timers,
    timersSet: timerWaiters.until,
    pending: () => due.length,
  };
}

/** Promises that resolve once `list` has grown to a length. */
function waitersOn(list: readonly unknown[]) {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    until: (count: number): Promise<void> =>
      new Promise<void>((resolve) => {
        if (list.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    wake: (): void => {
      for (const waiter of waiters.filter((w) => w.count <= list.length)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
  };
}

/** Lets every pending promise callback and I/O callback run once. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
