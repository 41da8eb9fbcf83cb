/**
 * Runs tasks one at a time per key, in the order they arrive. A task still
 * waiting leaves the queue when its signal aborts, and a key is released
 * whatever its task does (succeeds, fails, throws), so one stuck or failed
 * task never holds up the others for longer than it runs.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` once every earlier task of `key` has finished. Rejects with
   * the signal's reason, without running `task`, when `signal` aborts first.
   */
  async run<A>(key: string, signal: AbortSignal | undefined, task: () => Promise<A>): Promise<A> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const finished = new Promise<void>((resolve) => (release = resolve));
    // Whoever comes next waits for this task and, should it leave early, for the one before it.
    const tail = previous === undefined ? finished : Promise.all([previous, finished]).then(() => undefined);
    this.tails.set(key, tail);
    try {
      if (previous !== undefined) await untilOrAbort(previous, signal);
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

function untilOrAbort(done: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return done;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void done.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
