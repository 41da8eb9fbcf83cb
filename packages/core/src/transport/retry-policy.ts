import type { HttpMethod } from './request';

/** How the transport retries. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  readonly retries: number;
  /** The first backoff step in ms (default 500). */
  readonly baseMs: number;
  /** The largest backoff step in ms (default 10 000). */
  readonly capMs: number;
  /** The longest `Retry-After` we wait out (default 60 000); a longer one fails at once with `RateLimited`. */
  readonly maxRetryAfterMs: number;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseMs: 500, capMs: 10_000, maxRetryAfterMs: 60_000 };

/** Statuses worth repeating an idempotent request for. 409 and other 4xx never are. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Connection errors where the request certainly never reached the server. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** GET, PUT and DELETE are idempotent; a POST only when the adapter says so. */
export function isIdempotentByDefault(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

/** Full-jitter exponential backoff: a random wait up to `min(cap, base * 2^(retry-1))`. */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
