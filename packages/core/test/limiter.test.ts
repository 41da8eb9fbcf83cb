import { Limiter, type LimiterStore, PausedPastDeadline, type WindowTake } from '@tokenbridge/core';
import { acquireSharedLimiter } from '../src/transport/limiter';
import { flush, manualClock } from './support/clock';

describe('Limiter', () => {
  it('admits at most maxPerInterval per window, counting a request until its answer', async () => {
    const clock = manualClock();
    const limiter = new Limiter({ maxConcurrent: 10, maxPerInterval: 2, intervalMs: 100 }, clock);
    const granted: number[] = [];
    const releases: Array<() => void> = [];
    for (let i = 0; i < 4; i++) void limiter.acquire().then((release) => { granted.push(i); releases.push(release); });
    await flush();
    expect(granted).toEqual([0, 1]);
    clock.advance(500);
    await flush();
    // Still in flight: they hold the window however long they take.
    expect(granted).toEqual([0, 1]);
    releases[0]?.();
    await flush();
    expect(granted).toEqual([0, 1]);
    clock.advance(100);
    await flush();
    expect(granted).toEqual([0, 1, 2]);
  });

  it('pause() holds every waiter', async () => {
    const clock = manualClock();
    const limiter = new Limiter({ maxConcurrent: 10, maxPerInterval: 100, intervalMs: 100 }, clock);
    limiter.pause(1000);
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    clock.advance(999);
    await flush();
    expect(granted).toBe(false);
    clock.advance(1);
    await flush();
    expect(granted).toBe(true);
  });

  it('an aborted waiter leaves the queue', async () => {
    const clock = manualClock();
    const limiter = new Limiter({ maxConcurrent: 1, maxPerInterval: Infinity, intervalMs: 100 }, clock);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    expect(limiter.active).toBe(0);
  });
});

/**
 * A shared store as another process sees it: every answer is a promise, the
 * window and the pause are the ones the fleet's other members also use
 * (`others` stands for their sends).
 */
function sharedStore(clock: ReturnType<typeof manualClock>, max: number, intervalMs: number) {
  const sends: number[] = [];
  let pausedUntil = 0;
  const store: LimiterStore = {
    name: 'fake-shared',
    open: () => ({
      take: async (): Promise<WindowTake> => {
        const now = clock.now();
        if (now < pausedUntil) return { taken: false, retryInMs: pausedUntil - now, paused: true };
        while (sends.length > 0 && (sends[0] as number) <= now - intervalMs) sends.shift();
        if (sends.length < max) {
          sends.push(now);
          return { taken: true, finish: () => undefined };
        }
        return { taken: false, retryInMs: (sends[0] as number) + intervalMs - now, paused: false };
      },
      pause: (ms) => void (pausedUntil = Math.max(pausedUntil, clock.now() + ms)),
      close: () => undefined,
    }),
  };
  return { store, others: (n: number) => sends.push(...Array.from({ length: n }, () => clock.now())), pauseFromElsewhere: (ms: number) => (pausedUntil = clock.now() + ms) };
}

describe('Limiter on a shared store', () => {
  it('admits in FIFO order what the shared window allows, counting the sends of other processes', async () => {
    const clock = manualClock();
    const shared = sharedStore(clock, 3, 100);
    shared.others(2);
    const { limiter, dispose } = acquireSharedLimiter('k-fifo', { maxConcurrent: 10, maxPerInterval: 3, intervalMs: 100 }, clock, { store: shared.store });
    expect(limiter.tryAcquire()).toBeUndefined(); // a shared store answers later, never at once
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) void limiter.acquire().then(() => granted.push(i));
    await flush();
    expect(granted).toEqual([0]);
    clock.advance(100);
    await flush();
    expect(granted).toEqual([0, 1, 2]);
    dispose();
  });

  it('a pause another process put in the store holds this one, and refuses at once a caller whose deadline it outlasts', async () => {
    const clock = manualClock();
    const shared = sharedStore(clock, 100, 100);
    shared.pauseFromElsewhere(1000);
    const { limiter, dispose } = acquireSharedLimiter('k-pause', { maxConcurrent: 10, maxPerInterval: 100, intervalMs: 100 }, clock, { store: shared.store });
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    const short = limiter.acquire(undefined, 500);
    await expect(short).rejects.toBeInstanceOf(PausedPastDeadline);
    clock.advance(999);
    await flush();
    expect(granted).toBe(false);
    clock.advance(1);
    await flush();
    expect(granted).toBe(true);
    dispose();
  });

  it('pause() goes to the store, so the fleet hears of it', async () => {
    const clock = manualClock();
    const shared = sharedStore(clock, 100, 100);
    const a = acquireSharedLimiter('k-a', { maxConcurrent: 10, maxPerInterval: 100, intervalMs: 100 }, clock, { store: shared.store });
    a.limiter.pause(1000);
    // Another process's limiter on the same store and key.
    const b = new Limiter({ maxConcurrent: 10, maxPerInterval: 100, intervalMs: 100 }, clock, shared.store.open('k-a', { maxPerInterval: 100, intervalMs: 100 }, { clock, onEvent: () => undefined }));
    await expect(b.acquire(undefined, 500)).rejects.toBeInstanceOf(PausedPastDeadline);
    a.dispose();
  });
});
