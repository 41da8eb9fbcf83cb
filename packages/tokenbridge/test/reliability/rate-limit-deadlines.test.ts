import type { AnyTokenProvider } from 'tokenbridge';
import { fails, ok } from './support/results';
import { LeakSweep } from './support/sentinels';
import { VENDORS, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Item 10 of "hostile inputs, round 2": a long `Retry-After` never turns into
 * a `Timeout` later. A pause (after a 429, or the vendor's "none left") may
 * delay a call only while the call's deadline allows; a call that cannot be
 * sent before its deadline fails at once with `RateLimited` and the remaining
 * wait, sending nothing. Garbage rate-limit headers are ignored, not obeyed.
 * (Deadlines here are short, so a call that waited instead of failing at once
 * shows as a `Timeout`; no test measures time.)
 */

const sweep = new LeakSweep();
const LIMITER = { maxConcurrent: 4, maxPerInterval: 1000, intervalMs: 1000 };

describe.each(VENDORS)('%s', (vendor) => {
  // A simulator per test: a pause holds every provider of the same credential and base URL (by design), so tests must not share one.
  let v: VendorUnderTest;
  let id: string;
  beforeEach(async () => {
    v = await startVendor(vendor);
    id = v.seed('paced target');
  });
  afterEach(async () => {
    sweep.record(v.events);
    await v.close();
  });

  it.each([
    ['off', false],
    ['on', LIMITER],
  ] as const)('limiter %s: after a 429 asking for longer than maxRetryAfterMs, the next call fails at once with RateLimited, sending nothing', async (_what, limiter) => {
    const provider = v.another({ limiter, retry: { retries: 2, baseMs: 1, capMs: 5, maxRetryAfterMs: 60_000 } });
    v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    expect(await fails(provider.get(id), sweep)).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 120_000 });
    v.requests.clear();
    // The server is healthy now, but the vendor asked for a pause this call's deadline cannot wait out.
    const refused = await fails(provider.get(id, { timeoutMs: 1000 }), sweep);
    expect(refused).toMatchObject({ _tag: 'RateLimited', retryable: true });
    expect(refused.retryAfterMs).toBeGreaterThan(1000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(v.requests.all()).toHaveLength(0);
  });

  it('a pause the deadline allows delays the call, which then succeeds', async () => {
    // The cap keeps the pause short: 1 s asked, 30 ms held.
    const provider = v.another({ limiter: LIMITER, retry: { retries: 0, baseMs: 1, capMs: 5, maxRetryAfterMs: 30 } });
    v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    expect(await fails(provider.get(id), sweep)).toMatchObject({ _tag: 'RateLimited' });
    await ok(provider.get(id, { timeoutMs: 5000 }), sweep);
  });

  it.each(['-1', '', 'soon', '1e3', '99999999999', 'Tue, 99 Foo 2024 25:61:00 GMT', '3600000'])(
    "a 429 with Retry-After '%s' is not obeyed: the retry waits its backoff and succeeds",
    async (garbage) => {
      const provider: AnyTokenProvider = v.another({ retry: { retries: 2, baseMs: 4, capMs: 4, maxRetryAfterMs: 60_000 } });
      const sleepsBefore = v.clock.sleeps.length;
      v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status: 429, headers: { 'retry-after': garbage } });
      await ok(provider.get(id, { timeoutMs: 1000 }), sweep);
      // random() is 0.5 in the harness: half the first backoff step.
      expect(v.clock.sleeps.slice(sleepsBefore)).toEqual([2]);
    },
  );
});

describe('datocms rate-limit headers', () => {
  let v: VendorUnderTest;
  let id: string;
  beforeEach(async () => {
    v = await startVendor('datocms');
    id = v.seed('paced target');
  });
  afterEach(async () => {
    sweep.record(v.events);
    await v.close();
  });

  /** An answer to a list carrying `headers`, then a read with a deadline shorter than any pause they might ask for. */
  async function afterHeaders(headers: Record<string, string>) {
    const provider = v.another({ limiter: LIMITER });
    v.faults.add({ method: 'GET', path: v.paths.collection, phase: 'before', kind: 'status', status: 200, body: { data: [] }, headers });
    await ok(provider.list(), sweep);
    v.requests.clear();
    return provider.get(id, { timeoutMs: 1000 })();
  }

  it.each([
    ['Remaining -1', { 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': '5' }],
    ['Remaining empty', { 'x-ratelimit-remaining': '', 'x-ratelimit-reset': '5' }],
    ['Remaining not a number', { 'x-ratelimit-remaining': 'none', 'x-ratelimit-reset': '5' }],
    ['Reset negative', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '-5' }],
    ['Reset not a number', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' }],
    ['Reset absurdly large', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '99999999999' }],
  ])('garbage (%s) is ignored: the next call goes out at once', async (_what, headers) => {
    const result = await afterHeaders(headers);
    sweep.record(result);
    expect(result).toMatchObject({ _tag: 'Right' });
    expect(v.requests.all()).toHaveLength(1);
  });

  it('a real "none left, reset in 5 s" pauses: a call whose deadline comes first fails at once with the remaining wait', async () => {
    const result = await afterHeaders({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' });
    sweep.record(result);
    expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'RateLimited' } });
    const retryAfterMs = result._tag === 'Left' ? result.left.retryAfterMs ?? 0 : 0;
    expect(retryAfterMs).toBeGreaterThan(1000);
    expect(retryAfterMs).toBeLessThanOrEqual(5000);
    expect(v.requests.all()).toHaveLength(0);
  });
});

it('no secret shows in anything produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
