import { type TokenError, TokenErrors } from '../errors';
import { NOT_SENT_CODES, RETRYABLE_STATUSES, type RetryOptions, backoffDelay } from './retry-policy';

/**
 * Whether to try a failed attempt again, and after how long. Pure: what
 * happened and the budget in, a delay or the final error out; the caller
 * sleeps, pauses the limiter and emits the events.
 */

/** One failed attempt of a request. */
export interface FailedAttempt {
  /** 1 for the first try. */
  readonly attempt: number;
  /** Whether repeating the request is harmless (see {@link RequestSpec.idempotent}). */
  readonly idempotent: boolean;
  /** The attempt's error, as classified. */
  readonly error: TokenError;
  /** What the vendor's error body said about repeating (DatoCMS's `transient`), when it said anything. */
  readonly vendorRetryable?: boolean;
  /** The wait the answer asked for (a 429's or 503's `Retry-After` or reset header). */
  readonly waitMs?: number;
}

/** What the decision weighs an attempt against. */
export interface RetryBudget {
  readonly retry: RetryOptions;
  /** Randomness in [0, 1), for backoff jitter. */
  readonly random: () => number;
  readonly nowMs: number;
  /** When the operation's deadline passes. */
  readonly deadlineAt: number;
}

/** Try again after `delayMs`, or stop with `error` (the caller's final answer). */
export type RetryDecision =
  | {
      readonly retry: true;
      readonly delayMs: number;
      /** The status, or the error code, that caused the retry (for the retry event). */
      readonly reason: string;
      /** How long to hold back every request of this provider and credential (a 429's wait). */
      readonly pauseMs?: number;
    }
  | { readonly retry: false; readonly error: TokenError; readonly pauseMs?: number };

/**
 * Decides on a failed attempt. A request goes again only when its error is
 * retryable, the answer is worth repeating (the vendor's word, else the
 * status), and repeating is harmless — the request is idempotent or the
 * vendor certainly did not act (a 429, a connection never made) — within
 * the retry count, the `Retry-After` cap and the deadline. A 429 pauses the
 * whole queue either way; a 429 that is not retried becomes `RateLimited`
 * saying why.
 */
export function decideRetry(failed: FailedAttempt, budget: RetryBudget): RetryDecision {
  const { attempt, idempotent, vendorRetryable, waitMs } = failed;
  const { retry } = budget;
  let error = failed.error;
  const worthRepeating = error.status === undefined || (vendorRetryable ?? RETRYABLE_STATUSES.has(error.status));
  const mayRetry = error.retryable && worthRepeating && (idempotent || certainlyNotActed(error));
  // What the caller is told: a refusal the vendor did not call temporary is not worth repeating.
  if (!mayRetry && error.status !== undefined) error = { ...error, retryable: vendorRetryable ?? error._tag === 'RateLimited' };
  const willRetry = mayRetry && attempt <= retry.retries;
  const delayMs = waitMs ?? backoffDelay(attempt, retry, budget.random);
  // One caller's 429 holds back every request of this provider and credential.
  const pause = error.status === 429 ? { pauseMs: Math.min(delayMs, retry.maxRetryAfterMs) } : {};
  const pastCap = waitMs !== undefined && waitMs > retry.maxRetryAfterMs;
  const pastDeadline = budget.nowMs + delayMs > budget.deadlineAt;
  if (!willRetry || pastCap || pastDeadline) {
    if (error.status === 429) {
      const retryAfterMs = waitMs ?? delayMs;
      const ctx = { provider: error.provider, operation: error.operation };
      error = TokenErrors.rateLimited(ctx, rateLimitMessage(retryAfterMs, pastCap, pastDeadline), retryAfterMs, answerFields(error));
    }
    return { retry: false, error, ...pause };
  }
  const reason = error.status !== undefined ? String(error.status) : (error as { code?: string }).code ?? error._tag;
  return { retry: true, delayMs, reason, ...pause };
}

/** The vendor said it did not act (a 429), or the request never left (the connection was never made). */
function certainlyNotActed(error: TokenError): boolean {
  if (error.status !== undefined) return error.status === 429;
  const code = (error as { code?: unknown }).code;
  return error._tag === 'Network' && typeof code === 'string' && NOT_SENT_CODES.has(code);
}

function rateLimitMessage(retryAfterMs: number, pastCap: boolean, pastDeadline: boolean): string {
  if (pastCap) return `rate limited; the vendor asks to wait ${retryAfterMs} ms, longer than the retry cap`;
  if (pastDeadline) return `rate limited; waiting ${retryAfterMs} ms would pass the deadline`;
  return `rate limited; retries used up (retry after ${retryAfterMs} ms)`;
}

function answerFields(error: TokenError): { status?: number; vendorCode?: string; requestId?: string } {
  return {
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.vendorCode !== undefined ? { vendorCode: error.vendorCode } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
  };
}
