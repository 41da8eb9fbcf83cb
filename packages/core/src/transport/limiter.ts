import type { Clock } from './clock';

/** Client-side pacing for one provider and credential. */
export interface LimiterOptions {
  /** Requests in flight at once (default per adapter). */
  readonly maxConcurrent: number;
  /** Requests per `intervalMs` (a sliding window). */
  readonly maxPerInterval: number;
  readonly intervalMs: number;
}

interface Waiter {
  readonly grant: (release: () => void) => void;
  /** The caller's deadline (epoch ms): a pause ending later refuses it at once. */
  readonly deadlineAt: number;
  readonly refuse: (error: PausedPastDeadline) => void;
}

/**
 * Why {@link Limiter.acquire} refused: the limiter is paused (the vendor asked
 * for a wait) until after the caller's deadline, so waiting could only end in
 * a timeout.
 */
export class PausedPastDeadline extends Error {
  constructor(
    /** How much longer the pause lasts, in ms. */
    readonly remainingMs: number,
  ) {
    super(`paused for ${remainingMs} ms more, past the deadline`);
    this.name = 'PausedPastDeadline';
  }
}

/**
 * A FIFO gate bounding concurrency and the request rate over a sliding window,
 * which a 429 can pause as a whole.
 *
 * A request counts against the window from the moment it is sent until one
 * interval after its answer arrived. The vendor counts it at arrival, which
 * lies between the two, so this never lets a request into a window the vendor
 * still considers full, whatever the latency.
 */
export class Limiter {
  private inFlight = 0;
  private readonly finishedAt: number[] = [];
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly options: LimiterOptions,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes a slot at once when one is free and nobody is queued; otherwise
   * `undefined`. Saves the unfree path's promise on every request of an idle
   * or unlimited limiter.
   */
  tryAcquire(): (() => void) | undefined {
    if (this.waiters.length > 0 || this.readyAt(this.clock.now()) !== this.clock.now()) return undefined;
    this.inFlight += 1;
    return this.releaser();
  }

  /**
   * Waits for a slot; call the returned function once the answer has arrived.
   * Rejects with {@link PausedPastDeadline} at once, or as soon as a pause
   * says so, when the limiter is paused past `deadlineAt`.
   */
  acquire(signal?: AbortSignal, deadlineAt = Infinity): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.clock.now();
    if (this.pausedUntil > deadlineAt) return Promise.reject(new PausedPastDeadline(this.pausedUntil - now));
    return new Promise((resolve, reject) => {
      const leave = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        leave();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        deadlineAt,
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        refuse: (error) => {
          leave();
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Holds every request of this limiter back for `ms` (a 429, or the vendor saying the window is used up). */
  pause(ms: number): void {
    const now = this.clock.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    // Whoever cannot be let through before their deadline hears so now, not at the deadline.
    for (const waiter of this.waiters.filter((w) => w.deadlineAt < this.pausedUntil)) waiter.refuse(new PausedPastDeadline(this.pausedUntil - now));
  }

  /** Requests currently in flight. */
  get active(): number {
    return this.inFlight;
  }

  private pump(): void {
    while (this.waiters.length > 0) {
      const now = this.clock.now();
      const readyAt = this.readyAt(now);
      if (readyAt === undefined) return; // waits for a release
      if (readyAt > now) {
        this.schedule(readyAt, now);
        return;
      }
      const waiter = this.waiters.shift() as Waiter;
      this.inFlight += 1;
      waiter.grant(this.releaser());
    }
  }

  /** When the next request may go: now or later, or `undefined` while only a release can free a slot. */
  private readyAt(now: number): number | undefined {
    if (now < this.pausedUntil) return this.pausedUntil;
    if (this.inFlight >= this.options.maxConcurrent) return undefined;
    const windowStart = now - this.options.intervalMs;
    while (this.finishedAt.length > 0 && (this.finishedAt[0] as number) <= windowStart) this.finishedAt.shift();
    if (this.inFlight + this.finishedAt.length < this.options.maxPerInterval) return now;
    const oldest = this.finishedAt[0];
    return oldest === undefined ? undefined : oldest + this.options.intervalMs;
  }

  private schedule(at: number, now: number): void {
    if (this.cancelTimer && this.timerAt <= at) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, at - now);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      if (Number.isFinite(this.options.maxPerInterval)) this.finishedAt.push(this.clock.now());
      this.pump();
    };
  }
}

/** No pacing at all (for benchmarks of the library itself). */
export const UNLIMITED: LimiterOptions = { maxConcurrent: Infinity, maxPerInterval: Infinity, intervalMs: 1000 };

interface Shared {
  readonly limiter: Limiter;
  users: number;
}

const shared = new Map<string, Shared>();

/**
 * The limiter for one key (provider, base URL and a hash of the credential),
 * shared by every provider instance using the same credential, so two
 * instances of one project do not double the vendor's rate.
 */
export function acquireSharedLimiter(key: string, options: LimiterOptions, clock: Clock): { limiter: Limiter; dispose: () => void } {
  let entry = shared.get(key);
  if (!entry) {
    entry = { limiter: new Limiter(options, clock), users: 0 };
    shared.set(key, entry);
  }
  entry.users += 1;
  const current = entry;
  let disposed = false;
  return {
    limiter: current.limiter,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      current.users -= 1;
      if (current.users === 0 && shared.get(key) === current) shared.delete(key);
    },
  };
}
