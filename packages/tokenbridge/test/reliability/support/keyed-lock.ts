/**
 * Mutual exclusion per key: `run(keys, fn)` waits until no other holder has
 * any of `keys`, then runs `fn`. Keys are taken in sorted order, so two
 * holders of overlapping keys cannot deadlock.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<A>(keys: readonly string[], fn: () => Promise<A>): Promise<A> {
    const releases: Array<() => void> = [];
    for (const key of [...new Set(keys)].sort()) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => held);
      this.tails.set(key, tail);
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
      await previous;
    }
    try {
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }
}
