import * as t from 'io-ts';
import type * as E from 'fp-ts/Either';
import {
  Secret,
  type Clock,
  type HttpResult,
  type RequestSpec,
  type TokenError,
  type TransportEvent,
  type TransportOptions,
  UNLIMITED,
  createTransport,
  systemClock,
} from '@tokenbridge/core';

/** The credential every transport test uses; it must never show up in an error or event. */
export const SENTINEL_CREDENTIAL = 'sentinel-cred-7f3a9c1e5b2d4f60';

/** Everything errors and events produced in a test file, swept for the sentinel at the end. */
export const produced: unknown[] = [];

/**
 * A clock whose sleeps return at once but are recorded and move its time
 * forward, so waits (and the limiter's pauses) cost nothing; deadlines still
 * use real timers. Given `frozenAt`, its time stands there until a sleep moves
 * it, so a wait computed from a date (an HTTP-date, an epoch) comes out exact.
 */
export function recordingClock(frozenAt?: number): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  let offset = 0;
  return {
    sleeps,
    now: () => (frozenAt ?? systemClock.now()) + offset,
    setTimer: systemClock.setTimer,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      offset += ms;
      return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    },
  };
}

/** A transport to `baseUrl` with fast retries, recording its events into {@link produced}. */
export function testTransport(baseUrl: string, options: TransportOptions = {}, extra: Partial<Parameters<typeof createTransport>[0]> = {}) {
  const events: TransportEvent[] = [];
  const transport = createTransport({
    provider: 'test',
    baseUrl,
    credential: new Secret(SENTINEL_CREDENTIAL),
    auth: { header: 'Authorization', format: (v) => `Bearer ${v}` },
    defaultLimiter: UNLIMITED,
    ...extra,
    options: {
      retry: { baseMs: 1, capMs: 4 },
      timeoutMs: 2000,
      hooks: {
        onRequest: (e) => events.push(e),
        onResponse: (e) => events.push(e),
        onRetry: (e) => events.push(e),
        onError: (e) => events.push(e),
      },
      ...options,
    },
  });
  produced.push(events);
  return { transport, events };
}

/** Runs one request as a `get` (or the given operation) and records the error, if any. */
export async function call<A = unknown>(
  transport: ReturnType<typeof testTransport>['transport'],
  spec: Partial<RequestSpec<A>> = {},
  callOptions: Parameters<ReturnType<typeof testTransport>['transport']['run']>[1] = {},
): Promise<E.Either<TokenError, HttpResult<A>>> {
  const full = { method: 'GET', path: '/thing', response: t.unknown, ...spec } as RequestSpec<A> & { response: t.Decoder<unknown, A> };
  const result = await transport.run(full.method === 'POST' ? 'create' : 'get', callOptions, (op) => op.request(full))();
  if (result._tag === 'Left') produced.push(result.left);
  return result;
}
