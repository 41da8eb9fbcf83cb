import { type Clock, systemClock } from '@tokenbridge/core';

/** A {@link Clock} whose waits cost no real time, with a record of every wait asked for. */
export interface VirtualClock extends Clock {
  /** Every `sleep` asked for, in ms, oldest first. */
  readonly sleeps: readonly number[];
}

/**
 * Real time plus whatever the transport "slept": `sleep` returns at once and
 * moves this clock on, so retries, backoff and `Retry-After` waits cost
 * nothing; timers (the per-operation deadline) stay real. Shared with a
 * simulator (`now: clock.now`), the simulator's clock moves with it, so an
 * HTTP-date `Retry-After` and a rate-limit window are waited out for free.
 */
export function virtualClock(): VirtualClock {
  const sleeps: number[] = [];
  let offset = 0;
  return {
    sleeps,
    now: () => systemClock.now() + offset,
    setTimer: systemClock.setTimer,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      offset += ms;
      return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    },
  };
}
