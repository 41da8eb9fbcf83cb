import { createHash } from 'node:crypto';
import type { LimiterStoreEvent } from '@tokenbridge/core';
import { Redis, type RedisOptions } from 'ioredis';

/** How long after a timed-out command the store asks Redis again (the connection stayed open). */
const PROBE_MS = 1_000;

/** One Lua script, run by its hash (loaded on first use). */
export interface Script {
  readonly lua: string;
  readonly sha: string;
}

export function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/**
 * The store's client, and whether Redis can be used now. Any failure
 * (refused, closed, timed out) marks it down until ioredis is ready again;
 * each change is told to the listeners once, with a short reason code (never
 * the error's text, which may hold the URL and its password).
 */
export class Connection {
  private up = false;
  /** Whether a `degraded` was told and no `restored` since. */
  private reported = false;
  private readonly firstAnswer: Promise<void>;
  private readonly listeners = new Set<(event: LimiterStoreEvent) => void>();

  constructor(
    readonly client: Redis,
    private readonly owned: boolean,
  ) {
    this.up = client.status === 'ready';
    let settle: () => void = () => undefined;
    this.firstAnswer = this.up ? Promise.resolve() : new Promise<void>((resolve) => (settle = resolve));
    client.on('ready', () => {
      settle();
      this.restore();
    });
    client.on('error', (error: unknown) => {
      settle();
      this.down(error);
    });
    client.on('close', () => {
      settle();
      this.down('closed');
    });
  }

  /** Whether to ask Redis: waits for the first connection attempt's outcome, then answers at once. */
  async usable(): Promise<boolean> {
    await this.firstAnswer;
    return this.up;
  }

  /** Runs `script`; rejects (and marks Redis down) on any failure. */
  async run(target: Script, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      try {
        return await this.client.evalsha(target.sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!String((error as { message?: unknown }).message).startsWith('NOSCRIPT')) throw error;
        return await this.client.eval(target.lua, keys.length, ...keys, ...args);
      }
    } catch (error) {
      this.down(error);
      throw error;
    }
  }

  listen(listener: (event: LimiterStoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Quits a client the store made; one the caller gave stays open. */
  async close(): Promise<void> {
    if (!this.owned) return;
    this.client.disconnect();
  }

  private down(cause: unknown): void {
    const wasUp = this.up;
    this.up = false;
    if (wasUp || !this.reported) {
      this.reported = true;
      this.tell('degraded', reasonOf(cause));
    }
    // A command that timed out leaves the connection open: no 'ready' will come, so ask Redis again a little later.
    if (wasUp && this.client.status === 'ready') this.probeLater();
  }

  private probeLater(): void {
    const timer = setTimeout(() => {
      if (this.up || this.client.status !== 'ready') return;
      this.client.ping().then(
        () => this.restore(),
        () => this.probeLater(),
      );
    }, PROBE_MS);
    // Never what keeps a process alive.
    timer.unref();
  }

  private restore(): void {
    if (this.up) return;
    this.up = true;
    if (this.reported) this.tell('restored', 'ready');
    this.reported = false;
  }

  private tell(state: LimiterStoreEvent['state'], reason: string): void {
    for (const listener of this.listeners) {
      try {
        listener({ state, store: 'redis', reason });
      } catch {
        // A listener's bug must not stop pacing.
      }
    }
  }
}

/** A short code for why Redis failed: the error's code, or a word; never its message. */
function reasonOf(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  const message = String((cause as { message?: unknown } | null)?.message ?? '');
  if (/timed out/i.test(message)) return 'timeout';
  if (/closed|writeable/i.test(message)) return 'closed';
  return 'error';
}

/**
 * How the store's own client behaves: fail fast while Redis is away,
 * reconnect for ever, and let the process exit soon after the store is done
 * (`disconnectTimeout`, which ioredis reads but its types omit: after Redis
 * died, the default kept a closed socket's timer alive for 2 s).
 */
export function clientOptions(commandTimeoutMs: number): RedisOptions & { readonly disconnectTimeout: number } {
  return {
    disconnectTimeout: 100,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 1000),
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
  };
}
