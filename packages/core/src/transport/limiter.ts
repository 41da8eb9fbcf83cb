import type { Clock } from './clock';
import { type LimiterStore, type LimiterStoreEvent, type LimiterWindow, MemoryWindow, type WindowTake, memoryStore } from './limiter-store';

/** Client-side pacing for one provider and credential. */
export interface LimiterOptions {
  /** Requests in flight at once (default per adapter). */
  readonly maxConcurrent: number;
  /** Requests per `intervalMs` (a sliding window). */
  readonly maxPerInterval: number;
  readonly intervalMs: number;
}

/** The `limiter` option of every adapter factory: pacing, and where its state is kept. */
export interface LimiterSettings extends Partial<LimiterOptions> {
  /**
   * Where the sliding window and the pause live: this process (the default)
   * or a store shared by many processes, e.g. `redis({ url })` from
   * `@tokenbridge/redis`, so a fleet sharing a credential shares its pace.
   */
  readonly store?: LimiterStore;
  /**
   * Names the shared window (default: the vendor, the base URL and a hash of
   * the credential, never the credential). Processes pacing as one name the
   * same store and the same key.
   */
  readonly key?: string;
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
 * A FIFO gate bounding concurrency (per process) and the request rate over a
 * sliding window, which a 429 can pause as a whole. The window and the pause
 * live in a {@link LimiterStore}'s window: this process's memory by default,
 * or a store many processes share.
 */
export class Limiter {
  private inFlight = 0;
  /** The latest pause this limiter knows of (its own, or one the store reported). */
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  /** A shared store's answer is awaited (one question at a time keeps the queue FIFO). */
  private asking = false;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly options: LimiterOptions,
    private readonly clock: Clock,
    private readonly window: LimiterWindow = new MemoryWindow(options, clock),
  ) {}

  /**
   * Takes a slot at once when one is free and nobody is queued; otherwise
   * `undefined`. Saves the unfree path's promise on every request of an idle
   * or unlimited limiter. (A shared store answers later: its answer then goes
   * to the {@link acquire} that follows.)
   */
  tryAcquire(): (() => void) | undefined {
    if (this.waiters.length > 0 || this.asking || this.clock.now() < this.pausedUntil || !this.mayStart()) return undefined;
    const taken = this.take();
    if (taken === undefined) return undefined;
    if (taken.taken) return this.releaser(taken.finish);
    if (taken.paused && taken.retryInMs !== undefined) this.notePause(this.clock.now() + taken.retryInMs);
    return undefined;
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

  /** Holds every request of this limiter's key back for `ms` (a 429, or the vendor saying the window is used up). */
  pause(ms: number): void {
    this.notePause(this.clock.now() + ms);
    this.window.pause(ms);
  }

  /** Gives the store's window up (the last user of this limiter is gone). */
  close(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
    this.window.close();
  }

  /** Requests currently in flight. */
  get active(): number {
    return this.inFlight;
  }

  private notePause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    const now = this.clock.now();
    // Whoever cannot be let through before their deadline hears so now, not at the deadline.
    for (const waiter of this.waiters.filter((w) => w.deadlineAt < this.pausedUntil)) waiter.refuse(new PausedPastDeadline(this.pausedUntil - now));
  }

  /** Whether one more request may be in flight in this process. */
  private mayStart(): boolean {
    return this.inFlight < this.options.maxConcurrent;
  }

  /** Asks the window, holding a concurrency slot meanwhile; `undefined` while a shared store's answer is on its way. */
  private take(): WindowTake | undefined {
    this.inFlight += 1;
    const taken = this.window.take();
    if (!isPromise(taken)) {
      if (!taken.taken) this.inFlight -= 1;
      return taken;
    }
    this.asking = true;
    taken.then(
      (answer) => this.answered(answer),
      // A store's promise never rejects; were one to, the queue asks again an interval later rather than stall.
      () => this.answered({ taken: false, retryInMs: this.options.intervalMs, paused: false }),
    );
    return undefined;
  }

  private answered(answer: WindowTake): void {
    this.asking = false;
    if (!answer.taken) this.inFlight -= 1;
    if (this.admit(answer)) this.pump();
  }

  /** Gives a place to the first waiter, or plans when to ask again; whether to go on pumping. */
  private admit(taken: WindowTake): boolean {
    if (taken.taken) {
      const waiter = this.waiters.shift();
      const release = this.releaser(taken.finish);
      // The waiter left while a shared store answered: the place is given back as a send.
      if (waiter === undefined) release();
      else waiter.grant(release);
      return waiter !== undefined;
    }
    if (taken.retryInMs === undefined) return false; // waits for a release
    const now = this.clock.now();
    if (taken.paused) this.notePause(now + taken.retryInMs);
    this.schedule(now + taken.retryInMs, now);
    return false;
  }

  private pump(): void {
    while (this.waiters.length > 0 && !this.asking && this.mayStart()) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        this.schedule(this.pausedUntil, now);
        return;
      }
      const taken = this.take();
      if (taken === undefined || !this.admit(taken)) return;
    }
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

  private releaser(finish: () => void): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      finish();
      this.pump();
    };
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Partial<Promise<T>> | undefined)?.then === 'function';
}

/** No pacing at all (for benchmarks of the library itself). */
export const UNLIMITED: LimiterOptions = { maxConcurrent: Infinity, maxPerInterval: Infinity, intervalMs: 1000 };

interface Shared {
  readonly limiter: Limiter;
  readonly listeners: Set<(event: LimiterStoreEvent) => void>;
  users: number;
}

/** Limiters by store, then by key and options. */
const shared = new WeakMap<LimiterStore, Map<string, Shared>>();

/** Where a shared limiter keeps its window, and who hears its store's events. */
export interface SharedLimiterOptions {
  /** Default {@link memoryStore}. */
  readonly store?: LimiterStore;
  readonly onEvent?: (event: LimiterStoreEvent) => void;
}

/**
 * The limiter for one key (provider, base URL and a hash of the credential),
 * shared by every provider instance using the same credential, so two
 * instances of one project do not double the vendor's rate. The store shares
 * the key's window and pause further, between processes.
 */
export function acquireSharedLimiter(
  key: string,
  options: LimiterOptions,
  clock: Clock,
  { store = memoryStore, onEvent }: SharedLimiterOptions = {},
): { limiter: Limiter; dispose: () => void } {
  let limiters = shared.get(store);
  if (!limiters) {
    limiters = new Map();
    shared.set(store, limiters);
  }
  const localKey = `${key}|${JSON.stringify(options)}`;
  let entry = limiters.get(localKey);
  if (!entry) {
    const listeners = new Set<(event: LimiterStoreEvent) => void>();
    const onStoreEvent = (event: LimiterStoreEvent): void => {
      for (const listener of listeners) listener(event);
    };
    const window = store.open(key, options, { clock, onEvent: onStoreEvent });
    entry = { limiter: new Limiter(options, clock, window), listeners, users: 0 };
    limiters.set(localKey, entry);
  }
  entry.users += 1;
  const current = entry;
  if (onEvent) current.listeners.add(onEvent);
  const map = limiters;
  let disposed = false;
  return {
    limiter: current.limiter,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      current.users -= 1;
      if (onEvent) current.listeners.delete(onEvent);
      if (current.users === 0 && map.get(localKey) === current) {
        map.delete(localKey);
        current.limiter.close();
      }
    },
  };
}
