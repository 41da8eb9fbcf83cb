import type { Clock } from './clock';

/** The part of the limiter's settings a store keeps: requests per sliding window. */
export interface WindowOptions {
  /** Requests per `intervalMs`. */
  readonly maxPerInterval: number;
  readonly intervalMs: number;
}

/**
 * A store's answer to "may a request go now?": a place in the window (call
 * `finish` once the answer has arrived), or when to ask again.
 */
export type WindowTake =
  | { readonly taken: true; readonly finish: () => void }
  | {
      readonly taken: false;
      /** When a place may be free, in ms; `undefined`: once a request of this process finishes. */
      readonly retryInMs: number | undefined;
      /** Whether a pause (a 429, an exhausted rate-limit header) holds the key back for `retryInMs`. */
      readonly paused: boolean;
    };

/**
 * What a store says about itself: `degraded` when it cannot reach its backend
 * (pacing then goes on in this process alone), `restored` once it can again.
 * `reason` is a short code (`ECONNREFUSED`, `timeout`), never a URL or a password.
 */
export interface LimiterStoreEvent {
  readonly state: 'degraded' | 'restored';
  /** The store's name, e.g. `memory`, `redis`. */
  readonly store: string;
  readonly reason: string;
}

/** What a store's window is opened with. */
export interface WindowContext {
  /** The transport's clock (a store with a clock of its own, such as Redis's, may ignore it). */
  readonly clock: Clock;
  /** Hears the store's events; never throws. */
  readonly onEvent: (event: LimiterStoreEvent) => void;
}

/** The sliding window and pause of one limiter key, as one store keeps them. */
export interface LimiterWindow {
  /**
   * Takes a place for a request sent now, or says when to ask again. A store
   * shared between processes answers with a promise, which never rejects.
   */
  take(): WindowTake | Promise<WindowTake>;
  /** Holds every request of the key back for `ms`. */
  pause(ms: number): void;
  /** The last limiter of this key in this process is gone. */
  close(): void;
}

/**
 * Where limiters keep their sliding window of sends and their pause. The
 * default, {@link memoryStore}, keeps them in this process; a store shared
 * by many processes (`redis()` from `@tokenbridge/redis`) paces them all as
 * one. How many requests are in flight at once stays per process.
 */
export interface LimiterStore {
  /** The store's name in events. */
  readonly name: string;
  /** Opens the window of `key` (a store must not put `key` anywhere the credential could be read from: it holds only a hash of it). */
  open(key: string, options: WindowOptions, context: WindowContext): LimiterWindow;
}

/**
 * One process's window: a request counts from the moment it is sent until
 * one interval after its answer arrived. The vendor counts it at arrival,
 * which lies between the two, so this never lets a request into a window the
 * vendor still considers full, whatever the latency.
 */
export class MemoryWindow implements LimiterWindow {
  private inWindow = 0;
  private readonly finishedAt: number[] = [];
  private pausedUntil = 0;
  private readonly counted: boolean;
  /** Every place taken here is given back alike: one answer object serves them all (no allocation per request). */
  private readonly granted: WindowTake;

  constructor(
    private readonly options: WindowOptions,
    private readonly clock: Clock,
  ) {
    this.counted = Number.isFinite(options.maxPerInterval);
    this.granted = { taken: true, finish: () => this.finish() };
  }

  take(): WindowTake {
    const now = this.clock.now();
    if (now < this.pausedUntil) return { taken: false, retryInMs: this.pausedUntil - now, paused: true };
    const windowStart = now - this.options.intervalMs;
    while (this.finishedAt.length > 0 && (this.finishedAt[0] as number) <= windowStart) this.finishedAt.shift();
    if (this.inWindow + this.finishedAt.length < this.options.maxPerInterval) {
      this.inWindow += 1;
      return this.granted;
    }
    const oldest = this.finishedAt[0];
    return { taken: false, retryInMs: oldest === undefined ? undefined : oldest + this.options.intervalMs - now, paused: false };
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  close(): void {
    // Nothing held outside this object.
  }

  private finish(): void {
    this.inWindow -= 1;
    if (this.counted) this.finishedAt.push(this.clock.now());
  }
}

/** The default store: each process paces itself alone (no dependency, no I/O). */
export const memoryStore: LimiterStore = {
  name: 'memory',
  open: (_key, options, context) => new MemoryWindow(options, context.clock),
};
