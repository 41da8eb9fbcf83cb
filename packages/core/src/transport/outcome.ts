import type { TokenError } from '../errors';
import { NOT_SENT_CODES } from './retry-policy';

/**
 * The one rule on the outcome of a failed write that is not idempotent
 * (create, regenerate, any POST not marked idempotent): once its request may
 * have reached the vendor, only a complete answer saying it did not act
 * (a 4xx) settles the outcome. Anything else — a timeout, a cancel, a reset,
 * a 5xx, a redirect, an answer too large or unreadable — leaves it unknown.
 */

const HINT = 'the request may have reached the vendor, so list and reconcile before repeating it';

/**
 * Whether the vendor may have acted on a request that was sent and failed
 * with `error`. A 4xx answer is the vendor saying it did not; a connection
 * never made cannot have reached it.
 */
export function mayHaveActed(error: TokenError): boolean {
  if (error.status !== undefined && error.status >= 400 && error.status < 500) return false;
  const code = (error as { code?: unknown }).code;
  return !(error._tag === 'Network' && typeof code === 'string' && NOT_SENT_CODES.has(code));
}

/** `error` for a write whose outcome is unknown: `outcomeUnknown`, never `retryable`, and a message saying what to do. */
export function withOutcomeUnknown(error: TokenError): TokenError {
  if (error.outcomeUnknown === true && !error.retryable) return error;
  const message = error.message.includes(HINT) ? error.message : `${error.message}; ${HINT}`;
  return { ...error, outcomeUnknown: true, retryable: false, message };
}
