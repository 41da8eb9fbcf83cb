import { TokenErrors, type TokenError, errorOfTag } from '@tokenbridge/core';
import { decideRetry, type FailedAttempt, type RetryBudget } from '../src/transport/retry-decision';
import { waitFromHeaders, requestedWait } from '../src/transport/retry-after';

/** The retry decision, with no server and no clock: what happened and the budget in, the decision out. */

const ctx = { provider: 'test', operation: 'get' } as const;
const budget: RetryBudget = {
  retry: { retries: 3, baseMs: 100, capMs: 1000, maxRetryAfterMs: 5000 },
  // Half of the backoff ceiling: 50 ms after the first attempt, 100 after the second...
  random: () => 0.5,
  nowMs: 0,
  deadlineAt: 30_000,
};

// An error answer as classification gives it (retryable from the tag).
const answer = (status: number): TokenError => errorOfTag(status === 429 ? 'RateLimited' : status >= 500 ? 'Server' : 'Validation', ctx, `HTTP ${status}`, { status });
const reset = TokenErrors.network(ctx, 'connection reset (ECONNRESET)', { code: 'ECONNRESET' });
const refused = TokenErrors.network(ctx, 'connection refused (ECONNREFUSED)', { code: 'ECONNREFUSED' });
const tooLarge = TokenErrors.decode(ctx, 'the answer was larger than 10 bytes');
const redirect = TokenErrors.network(ctx, 'redirected (302)', { status: 302, code: 'REDIRECT', retryable: false });

type Row = [name: string, failed: FailedAttempt, expected: { retry: true; delayMs: number; reason: string } | { retry: false; tag: TokenError['_tag']; retryable: boolean }];

const rows: Row[] = [
  ['503 on a GET: backoff', { attempt: 1, idempotent: true, error: answer(503) }, { retry: true, delayMs: 50, reason: '503' }],
  ['500 on the second attempt: a longer backoff', { attempt: 2, idempotent: true, error: answer(500) }, { retry: true, delayMs: 100, reason: '500' }],
  ['500 with the retries used up', { attempt: 4, idempotent: true, error: answer(500) }, { retry: false, tag: 'Server', retryable: true }],
  ['503 with Retry-After: the wait asked for', { attempt: 1, idempotent: true, error: answer(503), waitMs: 2000 }, { retry: true, delayMs: 2000, reason: '503' }],
  // Not repeatable by us, so the caller is told it is not worth repeating either.
  ['500 on a POST: never repeated', { attempt: 1, idempotent: false, error: answer(500) }, { retry: false, tag: 'Server', retryable: false }],
  ['429 on a POST: the vendor did not act', { attempt: 1, idempotent: false, error: answer(429) }, { retry: true, delayMs: 50, reason: '429' }],
  ['429 with retries used up: RateLimited', { attempt: 4, idempotent: true, error: answer(429), waitMs: 10 }, { retry: false, tag: 'RateLimited', retryable: true }],
  ['400: not worth repeating', { attempt: 1, idempotent: true, error: answer(400) }, { retry: false, tag: 'Validation', retryable: false }],
  ['a 5xx the vendor calls final', { attempt: 1, idempotent: true, error: { ...answer(500), retryable: false }, vendorRetryable: false }, { retry: false, tag: 'Server', retryable: false }],
  ['a 400 the vendor calls transient', { attempt: 1, idempotent: true, error: { ...answer(400), retryable: true }, vendorRetryable: true }, { retry: true, delayMs: 50, reason: '400' }],
  ['a reset on a GET', { attempt: 1, idempotent: true, error: reset }, { retry: true, delayMs: 50, reason: 'ECONNRESET' }],
  ['a reset on a POST: it may have acted', { attempt: 1, idempotent: false, error: reset }, { retry: false, tag: 'Network', retryable: true }],
  ['a refused connection on a POST: never sent', { attempt: 1, idempotent: false, error: refused }, { retry: true, delayMs: 50, reason: 'ECONNREFUSED' }],
  ['an answer too large', { attempt: 1, idempotent: true, error: tooLarge }, { retry: false, tag: 'Decode', retryable: false }],
  ['a redirect', { attempt: 1, idempotent: true, error: redirect }, { retry: false, tag: 'Network', retryable: false }],
];

describe('the retry decision', () => {
  it.each(rows)('%s', (_name, failed, expected) => {
    const decision = decideRetry(failed, budget);
    if (expected.retry) {
      expect(decision).toMatchObject({ retry: true, delayMs: expected.delayMs, reason: expected.reason });
    } else {
      expect(decision.retry).toBe(false);
      if (!decision.retry) expect(decision.error).toMatchObject({ _tag: expected.tag, retryable: expected.retryable });
    }
  });

  it('a Retry-After over the cap stops at once with RateLimited carrying the wait', () => {
    const decision = decideRetry({ attempt: 1, idempotent: true, error: answer(429), waitMs: 9000 }, budget);
    expect(decision).toMatchObject({ retry: false, pauseMs: 5000, error: { _tag: 'RateLimited', retryAfterMs: 9000, status: 429 } });
    if (!decision.retry) expect(decision.error.message).toMatch(/longer than the retry cap/);
  });

  it('a wait past the deadline stops at once', () => {
    const decision = decideRetry({ attempt: 1, idempotent: true, error: answer(503), waitMs: 3000 }, { ...budget, nowMs: 28_000 });
    expect(decision).toMatchObject({ retry: false, error: { _tag: 'Server', status: 503 } });
    const limited = decideRetry({ attempt: 1, idempotent: true, error: answer(429), waitMs: 3000 }, { ...budget, nowMs: 28_000 });
    if (limited.retry) throw new Error('expected a stop');
    expect(limited.error.message).toMatch(/would pass the deadline/);
  });

  it('a 429 pauses the queue, retried or not, never past the cap; other statuses do not', () => {
    expect(decideRetry({ attempt: 1, idempotent: true, error: answer(429), waitMs: 1200 }, budget)).toMatchObject({ retry: true, pauseMs: 1200 });
    expect(decideRetry({ attempt: 4, idempotent: true, error: answer(429) }, budget)).toMatchObject({ retry: false, pauseMs: 400 });
    expect(decideRetry({ attempt: 1, idempotent: true, error: answer(503), waitMs: 1200 }, budget)).not.toHaveProperty('pauseMs');
  });

  it('backoff is full jitter up to the capped exponential step', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => decideRetry({ attempt, idempotent: true, error: reset }, { ...budget, random: () => 0.999, retry: { ...budget.retry, retries: 10 } }));
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([99, 199, 399, 799, 999]);
    expect(decideRetry({ attempt: 1, idempotent: true, error: reset }, { ...budget, random: () => 0 })).toMatchObject({ retry: true, delayMs: 0 });
  });
});

describe('the wait an answer asks for', () => {
  const names = { remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset', resetKind: 'delta-seconds' as const };
  it.each([
    ['Retry-After in seconds', { 'retry-after': '3' }, 3000],
    ['Retry-After as an HTTP-date', { 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 10_000],
    ['the reset header when there is no Retry-After', { 'x-ratelimit-reset': '2' }, 2000],
    ['Retry-After before the reset header', { 'retry-after': '1', 'x-ratelimit-reset': '9' }, 1000],
    ['garbage: nothing', { 'retry-after': 'soon' }, undefined],
  ] as const)('%s', (_name, headers, expected) => {
    expect(waitFromHeaders(headers, 0, names)).toBe(expected);
  });

  it('only a 429 or a 503 asks to wait', () => {
    expect(requestedWait(429, { 'retry-after': '1' }, 0)).toBe(1000);
    expect(requestedWait(503, { 'retry-after': '1' }, 0)).toBe(1000);
    expect(requestedWait(500, { 'retry-after': '1' }, 0)).toBeUndefined();
  });
});
