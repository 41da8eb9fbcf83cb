import { withHeaders, type SimResponse } from '../simulator/messages';
import type { RateLimitControl, RateLimitDecision, RateLimitSettings } from '../simulator/rate-limit';
import { error, failure } from './envelope';
import type { ResolvedCloudflareReadings } from './readings';

/** Cloudflare's published limit: 1,200 requests per 5 minutes per user. */
export const CLOUDFLARE_RATE_LIMIT = { limit: 1200, windowMs: 300_000 } as const;

/**
 * Cloudflare's side of the shared rate limit: its 429 answer and headers,
 * and the `lockout` reading, which refuses every call for a whole window
 * after the first refusal. The shared sliding-window limiter keeps counting;
 * a lockout starts it afresh, so requests made during the lockout count
 * against the window that follows.
 */
export class CloudflareThrottle {
  private lockout: { until: number; settings: RateLimitSettings } | undefined;

  /** @param control - the shared limiter, known once the server runs. */
  constructor(
    private readonly readings: Pick<ResolvedCloudflareReadings, 'rateLimitHeaders' | 'rateLimitOverrun'>,
    private readonly now: () => number,
    private readonly control: () => RateLimitControl,
  ) {}

  /** The 429 to send instead of handling a request while a lockout lasts, or undefined. */
  lockedOut(): SimResponse | undefined {
    const lockout = this.lockout;
    if (lockout === undefined) return undefined;
    const settings = this.control().get();
    // A lockout ends when its window has passed, or when the limit was changed or turned off.
    if (settings === false || settings.limit !== lockout.settings.limit || settings.windowMs !== lockout.settings.windowMs || this.now() >= lockout.until) {
      this.lockout = undefined;
      return undefined;
    }
    return this.tooManyRequests(settings.limit, settings.windowMs, lockout.until - this.now());
  }

  /** The answer to a request the limiter refused; under `lockout` it starts the lockout. */
  rateLimited(decision: RateLimitDecision): SimResponse {
    const settings = this.control().get();
    // A refusal implies a limit; `false` only satisfies the type.
    if (settings === false) return this.tooManyRequests(decision.limit, 0, decision.retryAfterSeconds * 1000);
    if (this.readings.rateLimitOverrun === 'sliding-window') {
      return this.tooManyRequests(decision.limit, settings.windowMs, decision.retryAfterSeconds * 1000);
    }
    const locked = this.lockedOut();
    if (locked !== undefined) return locked;
    this.lockout = { until: this.now() + settings.windowMs, settings };
    this.control().set(settings);
    return this.tooManyRequests(settings.limit, settings.windowMs, settings.windowMs);
  }

  /** An accepted request's answer with the headers of the `rateLimitHeaders` reading. */
  withHeaders(response: SimResponse, decision: RateLimitDecision): SimResponse {
    // A lockout's 429 already carries its own headers.
    if (response.status === 429) return response;
    const settings = this.control().get();
    const windowSeconds = settings === false ? 0 : Math.ceil(settings.windowMs / 1000);
    // Without a reset time in the decision, `t` is the window: by then every counted request has left it.
    return withHeaders(response, this.headers(decision.limit, decision.remaining, windowSeconds, windowSeconds));
  }

  /** Forgets a lockout (the simulator's reset). */
  clear(): void {
    this.lockout = undefined;
  }

  private tooManyRequests(limit: number, windowMs: number, waitMs: number): SimResponse {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    const headers = { 'retry-after': String(retryAfter), ...this.headers(limit, 0, retryAfter, Math.ceil(windowMs / 1000)) };
    return failure(429, [error(971, 'Please wait and consider throttling your request speed')], headers);
  }

  private headers(limit: number, remaining: number, resetSeconds: number, windowSeconds: number): Record<string, string> {
    switch (this.readings.rateLimitHeaders) {
      case 'ratelimit':
        return {
          ratelimit: `"default";r=${remaining};t=${resetSeconds}`,
          'ratelimit-policy': `"default";q=${limit};w=${windowSeconds}`,
        };
      case 'x-ratelimit':
        return {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(remaining),
          'x-ratelimit-reset': new Date(this.now() + resetSeconds * 1000).toUTCString(),
        };
      case 'none':
        return {};
    }
  }
}
