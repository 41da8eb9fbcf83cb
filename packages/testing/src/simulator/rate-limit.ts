import { requireIntegerInRange } from './input';

/** At most `limit` requests in any sliding window of `windowMs` milliseconds. */
export interface RateLimitSettings {
  /** Requests accepted per window (at least 1). */
  readonly limit: number;
  /** Window length in milliseconds (at least 1). */
  readonly windowMs: number;
}

/** Reads and changes a simulator's rate limit at run time. */
export interface RateLimitControl {
  /** The limit in force, or false when requests are never limited. */
  get(): RateLimitSettings | false;
  /** Replaces the limit (false turns it off) and forgets past requests. */
  set(settings: RateLimitSettings | false): void;
}

/** The verdict on one request under an active limit. */
export interface RateLimitDecision {
  /** Whether the request may proceed. */
  readonly allowed: boolean;
  /** The configured limit. */
  readonly limit: number;
  /** Requests still accepted in the current window, after this one. */
  readonly remaining: number;
  /** When refused: whole seconds until a request will be accepted (at least 1). */
  readonly retryAfterSeconds: number;
}

/**
 * A sliding-window limiter over accepted requests. Refused requests are not
 * counted, so a client that waits the advertised time is accepted.
 */
export class SlidingWindowLimiter implements RateLimitControl {
  private settings: RateLimitSettings | false;
  // Accepted-request times, oldest first; `head` skips expired ones without shifting.
  private times: number[] = [];
  private head = 0;

  constructor(
    initial: RateLimitSettings | false,
    private readonly now: () => number,
  ) {
    this.settings = validated(initial);
  }

  get(): RateLimitSettings | false {
    return this.settings;
  }

  set(settings: RateLimitSettings | false): void {
    this.settings = validated(settings);
    this.forget();
  }

  /** Forgets past requests, keeping the settings. */
  forget(): void {
    this.times = [];
    this.head = 0;
  }

  /** Counts a request when it is allowed; undefined when no limit is set. */
  check(): RateLimitDecision | undefined {
    if (this.settings === false) return undefined;
    const { limit, windowMs } = this.settings;
    const now = this.now();
    while (this.head < this.times.length && this.times[this.head]! <= now - windowMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    const inWindow = this.times.length - this.head;
    if (inWindow >= limit) {
      const oldest = this.times[this.head]!;
      const waitMs = oldest + windowMs - now;
      return { allowed: false, limit, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    this.times.push(now);
    return { allowed: true, limit, remaining: limit - inWindow - 1, retryAfterSeconds: 0 };
  }
}

function validated(settings: RateLimitSettings | false): RateLimitSettings | false {
  if (settings === false) return false;
  requireIntegerInRange(settings.limit, 1, Number.MAX_SAFE_INTEGER, 'rateLimit.limit');
  requireIntegerInRange(settings.windowMs, 1, Number.MAX_SAFE_INTEGER, 'rateLimit.windowMs');
  return { limit: settings.limit, windowMs: settings.windowMs };
}
