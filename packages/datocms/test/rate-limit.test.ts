import * as E from 'fp-ts/Either';
import { closeAll, fails, ok, providerFor, simulator, virtualClock } from './support';

afterEach(closeAll);

describe("the vendor's rate limit", () => {
  it('a burst of 100 updates against a short window completes with no error surfaced', async () => {
    const clock = virtualClock();
    const sim = await simulator({ rateLimit: { limit: 10, windowMs: 500 }, now: clock.now });
    const { provider, events } = providerFor(sim, {
      clock,
      timeoutMs: 3_600_000,
      retry: { baseMs: 1, capMs: 5, retries: 100 },
      // Only concurrency on our side, so the burst meets the vendor's limit.
      limiter: { maxPerInterval: Infinity },
    });
    sim.store.generate(100, 'burst-');
    const ids = sim.store.list().filter((t) => t.attributes.name.startsWith('burst-')).map((t) => t.id);
    expect(ids).toHaveLength(100);

    const results = await Promise.all(ids.map((id) => provider.update(id, { name: `updated ${id}` })()));

    expect(results.filter(E.isLeft)).toEqual([]);
    for (const id of ids) expect(sim.store.get(id)?.attributes.name).toBe(`updated ${id}`);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((e) => e.type === 'retry' && e.reason === '429')).toBe(true);
    // Each wait is the X-RateLimit-Reset the simulator sent (whole seconds).
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(clock.sleeps.every((ms) => ms >= 1000 && ms % 1000 === 0)).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('a 429 waits X-RateLimit-Reset seconds, and is RateLimited only once retries run out', async () => {
    const clock = virtualClock();
    const sim = await simulator({ now: clock.now });
    const { provider } = providerFor(sim, { clock, retry: { baseMs: 1, capMs: 5, retries: 2 } });
    const reset = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' };
    const body = { data: [{ id: 'e', type: 'api_error', attributes: { code: 'RATE_LIMIT_EXCEEDED', details: {} } }] };
    sim.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 429, headers: reset, body, times: 2 });
    await ok(provider.list());
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(sim.requests.all()).toHaveLength(3);

    sim.requests.clear();
    sim.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 429, headers: reset, body, times: 3 });
    expect(await fails(provider.list())).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 2000, status: 429, vendorCode: 'RATE_LIMIT_EXCEEDED', retryable: true });
    expect(sim.requests.all()).toHaveLength(3);
  });
});
