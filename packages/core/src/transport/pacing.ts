import { createHash } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { type ErrorContext, type TokenError, TokenErrors } from '../errors';
import type { ProviderId } from '../model';
import type { Secret } from '../secret';
import type { Clock } from './clock';
import { type LimiterOptions, PausedPastDeadline, UNLIMITED, acquireSharedLimiter } from './limiter';
import { type RateLimitHeaderNames, parseRemaining, waitFromHeaders } from './retry-after';

/**
 * The transport's calls into the limiter: a slot per attempt, and the pauses
 * a vendor asks for (a 429, or its rate-limit headers saying none are left).
 * One limiter is shared by every transport of a provider, base URL and credential.
 */

/** What pacing is set up from. */
export interface PacingSetup {
  readonly provider: ProviderId;
  readonly baseUrl: URL;
  readonly credential: Secret;
  /** The vendor's published pace. */
  readonly defaultLimiter: LimiterOptions;
  /** The user's override; `false` turns pacing off. */
  readonly limiter: Partial<LimiterOptions> | false | undefined;
  readonly clock: Clock;
  readonly rateLimitHeaders: RateLimitHeaderNames | undefined;
  /** The longest pause a header may impose (the retry options' `maxRetryAfterMs`). */
  readonly maxPauseMs: number;
}

/** One attempt's slot: `release()` it once the answer is in. */
export type Release = () => void;

/** The pacing of one transport. */
export interface Pacing {
  /**
   * Waits for a slot. A pause that outlasts `deadlineAt` fails at once with
   * `RateLimited`, nothing sent; an abort fails with `aborted()`.
   */
  slot(ctx: ErrorContext, signal: AbortSignal, deadlineAt: number, aborted: () => TokenError): Promise<E.Either<TokenError, Release>>;
  /** Reads an answer's rate-limit headers: none left pauses the queue until the reset. */
  observe(headers: Readonly<Record<string, string>>): void;
  /** Holds back every request of this provider and credential for `ms`. */
  pause(ms: number): void;
  /** Gives the shared limiter back. */
  dispose(): void;
}

/** Sets up the pacing of one transport. */
export function createPacing(setup: PacingSetup): Pacing {
  const { clock } = setup;
  const options = setup.limiter === false ? UNLIMITED : { ...setup.defaultLimiter, ...setup.limiter };
  const key = [setup.provider, setup.baseUrl.origin + setup.baseUrl.pathname, fingerprint(setup.credential), JSON.stringify(options)].join('|');
  const { limiter, dispose } = acquireSharedLimiter(key, options, clock);
  return {
    async slot(ctx, signal, deadlineAt, aborted) {
      const free = limiter.tryAcquire();
      if (free !== undefined) return E.right(free);
      try {
        return E.right(await limiter.acquire(signal, deadlineAt));
      } catch (reason) {
        if (!(reason instanceof PausedPastDeadline)) return E.left(aborted());
        const message = `rate limited: the vendor asked for a pause that lasts ${reason.remainingMs} ms more, past this call's deadline; nothing was sent`;
        return E.left(TokenErrors.rateLimited(ctx, message, reason.remainingMs));
      }
    },
    observe(headers) {
      const names = setup.rateLimitHeaders;
      if (!names?.remaining) return;
      // Garbage (negative, empty, not a number) is ignored: only a real "none left" pauses.
      const remaining = parseRemaining(headers[names.remaining.toLowerCase()]);
      if (remaining === undefined || remaining > 0) return;
      const wait = waitFromHeaders(headers, clock.now(), names);
      if (wait !== undefined) limiter.pause(Math.min(wait, setup.maxPauseMs));
    },
    pause: (ms) => limiter.pause(ms),
    dispose,
  };
}

/** A short hash naming the credential without revealing it (for the limiter's key). */
function fingerprint(secret: Secret): string {
  return createHash('sha256').update(secret.reveal()).digest('hex').slice(0, 16);
}
