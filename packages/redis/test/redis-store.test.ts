import * as E from 'fp-ts/Either';
import { Redis } from 'ioredis';
import type { LimiterEvent, TransportEvent } from '@tokenbridge/core';
import { datocms } from '@tokenbridge/datocms';
import { redis } from '@tokenbridge/redis';
import { type DatoCmsSimulator, type RedisServer, redisTestsEnabled, startDatoCmsSimulator, startRedisServer } from '@tokenbridge/testing';
import { type ChildResult, bundleFleetChild, redisContents, runChild } from './support/fleet';

// A short window keeps the tests quick; the pacing is the same at DatoCMS's 60 per 3 s.
const LIMIT = { limit: 20, windowMs: 1000 };
const PACE = { maxPerInterval: LIMIT.limit, intervalMs: LIMIT.windowMs };

(redisTestsEnabled() ? describe : describe.skip)('the Redis limiter store', () => {
  let server: RedisServer;
  let sim: DatoCmsSimulator;
  let child: { file: string; remove: () => Promise<void> };
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    [server, child] = await Promise.all([startRedisServer(), bundleFleetChild()]);
  });
  afterAll(async () => {
    await Promise.all([server.stop(), child.remove()]);
  });
  beforeEach(async () => {
    sim = await startDatoCmsSimulator({ rateLimit: false });
  });
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    await sim.close();
    const client = new Redis(server.url);
    await client.flushall();
    client.disconnect();
  });

  const tokenIds = (count: number, prefix: string): string[] => {
    sim.store.generate(count, prefix);
    return sim.store
      .list()
      .filter((t) => t.attributes.name.startsWith(prefix))
      .map((t) => t.id);
  };

  /** Runs `processes` children renaming `perProcess` tokens each, with the simulator's limit on. */
  async function fleet(processes: number, perProcess: number, redisUrl: string | undefined): Promise<ChildResult[]> {
    const ids = tokenIds(processes * perProcess, `fleet-${redisUrl === undefined ? 'memory' : 'redis'}-`);
    sim.rateLimit.set(LIMIT);
    sim.requests.clear();
    return Promise.all(
      Array.from({ length: processes }, (_, i) =>
        runChild(child.file, {
          SIM_URL: sim.url,
          TOKEN: sim.credential,
          IDS: ids.slice(i * perProcess, (i + 1) * perProcess).join(','),
          CONCURRENCY: '16',
          LIMIT: String(LIMIT.limit),
          WINDOW_MS: String(LIMIT.windowMs),
          ...(redisUrl !== undefined ? { REDIS_URL: redisUrl } : {}),
        }),
      ),
    );
  }

  it('4 processes × concurrency 16 share one window (3 windows of requests): no request refused, one PUT per rename (memory alone is refused)', async () => {
    const results = await fleet(4, 15, server.url);
    expect(results.map((r) => r.failed)).toEqual([0, 0, 0, 0]);
    expect(results.reduce((n, r) => n + r.renamed, 0)).toBe(60);
    expect(results.reduce((n, r) => n + r.received429, 0)).toBe(0);
    // The simulator refused none: each refused PUT would have been sent again.
    expect(sim.requests.filter({ method: 'PUT' })).toHaveLength(60);
    expect(results.flatMap((r) => r.events)).toEqual([]);

    // The same fleet, each process pacing alone, overruns the limit: the test above measures the store.
    const alone = await fleet(4, 10, undefined);
    expect(alone.reduce((n, r) => n + r.renamed, 0)).toBe(40);
    expect(alone.reduce((n, r) => n + r.received429, 0)).toBeGreaterThan(0);
  });

  it('a 429 seen by one process pauses the fleet: another process sends nothing while the pause lasts', async () => {
    const [first, second] = tokenIds(2, 'pause-');
    const provider = (events?: TransportEvent[]) => {
      const made = datocms({
        apiToken: sim.credential,
        baseUrl: sim.url,
        retry: { retries: 0 },
        timeoutMs: 5_000,
        limiter: { store: redis({ url: server.url }) },
        ...(events ? { hooks: { onRequest: (e) => void events.push(e) } } : {}),
      });
      closers.push(() => made.close());
      return made;
    };
    const one = provider();
    sim.faults.add({ method: 'PUT', phase: 'before', kind: 'status', status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' } });
    expect(await one.update(first as string, { name: 'a' })()).toMatchObject(E.left({ _tag: 'RateLimited', status: 429 }));
    const client = new Redis(server.url);
    closers.push(async () => client.disconnect());
    await until(async () => (await client.keys('*:pause')).length === 1);
    sim.requests.clear();

    const sent: TransportEvent[] = [];
    const other = provider(sent);
    const result = await other.update(second as string, { name: 'b' })();
    expect(result).toMatchObject(E.left({ _tag: 'RateLimited' }));
    expect(E.isLeft(result) && result.left.message).toMatch(/nothing was sent/);
    expect(sent).toEqual([]);
    expect(sim.requests.all()).toEqual([]);
  });

  it('Redis killed mid-run: every call succeeds, paced in memory (no 429), a degraded event says so, and restored once it is back', async () => {
    const ids = tokenIds(60, 'outage-');
    const events: LimiterEvent[] = [];
    const errors: TransportEvent[] = [];
    let responses = 0;
    let killed: Promise<void> | undefined;
    let received429 = 0;
    const provider = datocms({
      apiToken: sim.credential,
      baseUrl: sim.url,
      limiter: { ...PACE, store: redis({ url: server.url }) },
      hooks: {
        onResponse: (e) => {
          if (e.status === 429) received429 += 1;
          responses += 1;
          if (responses === 10) killed = server.kill();
        },
        onError: (e) => void errors.push(e),
        onLimiter: (e) => void events.push(e),
      },
    });
    closers.push(() => provider.close());
    sim.rateLimit.set(LIMIT);
    const results = await Promise.all(ids.map((id) => provider.update(id, { name: 'renamed' })()));
    await killed;
    expect(results.filter(E.isLeft)).toEqual([]);
    expect(errors).toEqual([]);
    expect(received429).toBe(0);
    expect(sim.requests.filter({ method: 'PUT' })).toHaveLength(60);
    expect(events[0]).toEqual({ type: 'limiter', provider: 'datocms', state: 'degraded', store: 'redis', reason: expect.any(String) });
    expect(events.filter((e) => e.state === 'degraded')).toHaveLength(1);

    // Back on the same port: the store says so and the window is shared again.
    server = await startRedisServer({ port: server.port });
    await until(async () => events.some((e) => e.state === 'restored'));
    expect(events.map((e) => e.state)).toEqual(['degraded', 'restored']);
    expect(await provider.update(ids[0] as string, { name: 'again' })()).toMatchObject(E.right(expect.anything()));
    expect((await redisContents(server.url)).keys.some((key) => key.endsWith(':window'))).toBe(true);
  });

  it('a Redis too slow to answer (clients paused) counts as an outage: calls go on in memory, then it is restored', async () => {
    const [id] = tokenIds(1, 'slow-');
    const events: LimiterEvent[] = [];
    const provider = datocms({
      apiToken: sim.credential,
      baseUrl: sim.url,
      limiter: { store: redis({ url: server.url, commandTimeoutMs: 200 }) },
      hooks: { onLimiter: (e) => void events.push(e) },
    });
    closers.push(() => provider.close());
    expect(await provider.update(id as string, { name: 'before' })()).toMatchObject(E.right(expect.anything()));
    const admin = new Redis(server.url);
    closers.push(async () => admin.disconnect());
    await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
    expect(await provider.update(id as string, { name: 'during' })()).toMatchObject(E.right(expect.anything()));
    expect(events).toEqual([{ type: 'limiter', provider: 'datocms', state: 'degraded', store: 'redis', reason: 'timeout' }]);
    await until(async () => events.length === 2);
    expect(events[1]).toMatchObject({ state: 'restored' });
  });

  it('keeps no credential in Redis: keys and values hold a hash of it, request ids and times', async () => {
    await fleet(2, 5, server.url);
    const { keys, values } = await redisContents(server.url);
    expect(keys.length).toBeGreaterThan(0);
    for (const text of [...keys, ...values]) expect(text).not.toContain(sim.credential);
    expect(keys.every((key) => /^tokenbridge:limiter:\{datocms\|http:\/\/127\.0\.0\.1:\d+\/\|[0-9a-f]{16}\}:(window|pause)$/.test(key))).toBe(true);
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}
