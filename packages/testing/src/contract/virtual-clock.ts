import { type Clock, systemClock } from '@tokenbridge/core';

/** A {@link Clock} whose waits cost no real time, with a record of every wait asked for. */
export interface VirtualClock extends Clock {
  /** Every `sleep` asked for, in ms, oldest first. */
  readonly sleeps: readonly number[];
}

/** Options of {@link virtualClock}. */
export interface VirtualClockOptions {
  /**
   * Epoch ms to stand at instead of following real time: the clock then moves
   * only by what is slept, so a wait computed from a date (an HTTP-date
   * `Retry-After` the simulator sent) comes out exact, however long the
   * machine took in between.
   */
  readonly frozenAt?: number;
}

/**
 * Real time plus whatever the transport "slept": `sleep` returns at once and
 * moves this clock on, so retries, backoff and `Retry-After` waits cost
 * nothing; timers (the per-operation deadline) stay real. Shared with a
 * simulator (`now: clock.now`), the simulator's clock moves with it, so an
 * HTTP-date `Retry-After` and a rate-limit window are waited out for free.
 */
export function virtualClock(options: VirtualClockOptions = {}): VirtualClock {
  const sleeps: number[] = [];
  let offset = 0;
  const base = options.frozenAt === undefined ? () => systemClock.now() : () => options.frozenAt as number;
  return {
    sleeps,
    now: () => base() + offset,
    setTimer: systemClock.setTimer,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      offset += ms;
      return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    },
  };
}
