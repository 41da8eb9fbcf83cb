import { randomUUID } from 'node:crypto';
import { type LimiterStore, type LimiterWindow, MemoryWindow, type WindowContext, type WindowOptions, type WindowTake } from '@tokenbridge/core';
import { Redis } from 'ioredis';
import { Connection, clientOptions, script } from './connection';
import { FINISH, PAUSE, TAKE } from './scripts';

const TAKE_SCRIPT = script(TAKE);
const FINISH_SCRIPT = script(FINISH);
const PAUSE_SCRIPT = script(PAUSE);

/** Options of {@link redis}. */
export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]` (`rediss://` for TLS). One of `url` and `client`. */
  readonly url?: string;
  /** An ioredis client of yours (the store leaves it open); one of `url` and `client`. */
  readonly client?: Redis;
  /** What every key starts with (default `tokenbridge:limiter:`). */
  readonly prefix?: string;
  /**
   * The longest a request without an answer holds its place in the window
   * (default 120 000 ms): a process that dies mid-request frees its places
   * one interval after this.
   */
  readonly inFlightLeaseMs?: number;
  /** How long a Redis command may take before the store paces in memory instead (default 1 000 ms). */
  readonly commandTimeoutMs?: number;
}

/** A limiter store on Redis; {@link RedisStore.close} ends its connection early (it also ends once no limiter uses it). */
export interface RedisStore extends LimiterStore {
  close(): Promise<void>;
}

const DEFAULT_PREFIX = 'tokenbridge:limiter:';
const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

/**
 * A {@link LimiterStore} on Redis: every process naming the same Redis and
 * the same limiter key shares one sliding window of sends and one pause, so a
 * fleet sharing a credential stays within the vendor's limit, and a 429 seen
 * by one process holds all of them back. Each step is one atomic Lua script
 * on Redis's clock. While Redis cannot be reached, each process paces itself
 * in memory (a `degraded` limiter event says so; calls never fail for it) and
 * goes back to Redis once it is reachable (`restored`).
 *
 * @example
 * const datocms = createDatoCmsProvider({ apiToken, limiter: { store: redis({ url: 'redis://127.0.0.1:6379' }) } });
 */
export function redis(options: RedisStoreOptions): RedisStore {
  if ((options.url === undefined) === (options.client === undefined)) throw new TypeError('redis(): give exactly one of url and client');
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const leaseMs = options.inFlightLeaseMs ?? DEFAULT_LEASE_MS;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  let connection: Connection | undefined;
  const connect = (): Connection => {
    connection ??= options.client
      ? new Connection(options.client, false)
      : new Connection(new Redis(options.url as string, clientOptions(timeoutMs)), true);
    return connection;
  };
  const release = async (): Promise<void> => {
    const current = connection;
    connection = undefined;
    await current?.close();
  };
  return {
    name: 'redis',
    open(key, windowOptions, context) {
      const used = connect();
      const stopListening = used.listen(context.onEvent);
      return new RedisWindow(used, redisKeys(prefix, key), windowOptions, leaseMs, context, () => {
        stopListening();
        if (used.listening === 0 && connection === used) void release();
      });
    },
    close: release,
  };
}

/** The window's and the pause's keys: one hash tag, so a Redis Cluster keeps both on one node. */
export function redisKeys(prefix: string, key: string): { readonly window: string; readonly pause: string } {
  const tag = `{${key.replace(/[{}]/g, '')}}`;
  return { window: `${prefix}${tag}:window`, pause: `${prefix}${tag}:pause` };
}

class RedisWindow implements LimiterWindow {
  /** Pacing while Redis is away; it also counts this process's sends while Redis is there. */
  private readonly fallback: MemoryWindow;

  constructor(
    private readonly connection: Connection,
    private readonly keys: { readonly window: string; readonly pause: string },
    private readonly options: WindowOptions,
    private readonly leaseMs: number,
    context: WindowContext,
    private readonly onClose: () => void,
  ) {
    this.fallback = new MemoryWindow(options, context.clock);
  }

  async take(): Promise<WindowTake> {
    if (!(await this.connection.usable())) return this.fallback.take();
    const id = randomUUID();
    const max = Number.isFinite(this.options.maxPerInterval) ? this.options.maxPerInterval : -1;
    try {
      const answer = await this.connection.run(TAKE_SCRIPT, [this.keys.window, this.keys.pause], [max, this.options.intervalMs, this.leaseMs, id]);
      const [taken, wait, paused] = Array.isArray(answer) ? answer.map(Number) : [];
      if (taken === 1) {
        // Mirrored in memory, so pacing there stays exact for this process if Redis goes away mid-window.
        const local = this.fallback.take();
        return {
          taken: true,
          finish: () => {
            if (local.taken) local.finish();
            this.finish(id);
          },
        };
      }
      return { taken: false, retryInMs: Math.max(1, wait ?? this.options.intervalMs), paused: paused === 1 };
    } catch {
      return this.fallback.take();
    }
  }

  pause(ms: number): void {
    // Kept here too, so a pause outlives Redis going away right after it.
    this.fallback.pause(ms);
    void this.connection.usable().then((up) => (up ? this.connection.run(PAUSE_SCRIPT, [this.keys.pause], [Math.ceil(ms)]) : undefined)).catch(() => undefined);
  }

  close(): void {
    this.onClose();
  }

  private finish(id: string): void {
    void this.connection.run(FINISH_SCRIPT, [this.keys.window], [id]).catch(() => undefined);
  }
}
