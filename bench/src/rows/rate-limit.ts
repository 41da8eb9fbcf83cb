import { performance } from 'node:perf_hooks';
import { type Token, TokenBridgeError } from '@tokenbridge/core';
import { type Operation, runPool } from '../harness';
import type { SimulatorControl } from '../simulators';
import type { Row } from '../resilience';
import { ratio } from '../stats';
import { type Vendor, createTokens, freshName } from '../vendors';

/** Row 5: many updates against DatoCMS's rate limit, paced by our client-side limiter (its defaults). */
export interface RateLimit {
  readonly updates: number;
  readonly limit: { readonly requests: number; readonly windowMs: number };
  /** Workers issuing updates at once (the limiter decides how many are in flight). */
  readonly callers: number;
  /** When the last request can be accepted at the earliest, from an empty window: floor((n - 1) / limit) windows. */
  readonly theoreticalMinimumSeconds: number;
  readonly seconds: number;
  readonly ratioToMinimum: number;
  /** 429 answers our client received (from the transport's response events). */
  readonly received429: number;
  readonly retries: number;
  /** Why each retry happened: a status (`429`, `503`) or a network code (`ECONNRESET`). */
  readonly retryReasons: Readonly<Record<string, number>>;
  /** Updates that failed (rejected with an error). */
  readonly errors: number;
  /** PUTs the simulator received, refused ones included (its request log). */
  readonly serverRequests: number;
}

/** Table 5's row: measured, or why not. */
export type RateLimitRow = Row<RateLimit, never>;

/**
 * Row 5: `updates` renames, each given the token the worker last got back
 * (one PUT each), from `callers` concurrent workers, against the simulator
 * with DatoCMS's documented limit on. The tokens are read before the limit is
 * switched on, so every counted request is one of the updates.
 */
export async function measureRateLimit(
  vendor: Vendor,
  control: SimulatorControl,
  settings: { readonly updates: number; readonly limit: number; readonly windowMs: number; readonly callers: number },
): Promise<RateLimit> {
  const setup = vendor.provider({ limiter: false });
  const ids = await createTokens(vendor, setup, settings.callers, 'rate-limit');
  const tokens: Token<object>[] = [];
  for (const id of ids) tokens.push(await setup.get(id));
  await setup.close();

  let received429 = 0;
  let retries = 0;
  const retryReasons: Record<string, number> = {};
  // The adapter's default limiter and deadline: what a user gets without configuring anything.
  const provider = vendor.provider({
    hooks: {
      onResponse: (event) => {
        if (event.status === 429) received429 += 1;
      },
      onRetry: (event) => {
        retries += 1;
        retryReasons[event.reason] = (retryReasons[event.reason] ?? 0) + 1;
      },
    },
  });
  let errors = 0;
  const workers: Operation[] = tokens.map((token) => {
    let current = token;
    return async () => {
      try {
        current = await provider.update(current, { name: freshName() });
      } catch (error) {
        if (!TokenBridgeError.isInstance(error)) throw error;
        errors += 1;
      }
    };
  });

  await control.setRateLimit({ limit: settings.limit, windowMs: settings.windowMs });
  await control.clearRequests();
  const started = performance.now();
  try {
    await runPool(workers, settings.updates);
  } finally {
    await provider.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const serverRequests = (await control.requests()).filter((entry) => entry.method === 'PUT').length;
  await control.setRateLimit(false);

  const minimum = (Math.floor((settings.updates - 1) / settings.limit) * settings.windowMs) / 1000;
  return {
    updates: settings.updates,
    limit: { requests: settings.limit, windowMs: settings.windowMs },
    callers: settings.callers,
    theoreticalMinimumSeconds: minimum,
    seconds: Math.round(seconds * 100) / 100,
    ratioToMinimum: ratio(seconds, minimum),
    received429,
    retries,
    retryReasons,
    errors,
    serverRequests,
  };
}
