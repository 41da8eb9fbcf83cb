import { Limiter } from '@tokenbridge/core';
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
