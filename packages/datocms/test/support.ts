// Helpers of the DatoCMS adapter tests (not a test file: jest matches *.test.ts only).
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { TokenError, TokenProvider, TransportEvent } from '@tokenbridge/core';
import { type DatoCmsSimulator, type DatoCmsSimulatorOptions, startDatoCmsSimulator } from '@tokenbridge/testing';
import { type DatoCmsOptions, type DatoCmsTypes, datocms } from '@tokenbridge/datocms';

/** A credential the simulator rejects, shaped like a real one (30 hex characters). */
export const WRONG_API_TOKEN = '0badc0de0badc0de0badc0de0badc0';

const closers: Array<() => Promise<void>> = [];

/** Closes every simulator and provider the helpers made; call in `afterEach`. */
export async function closeAll(): Promise<void> {
  await Promise.all(closers.splice(0).map((close) => close()));
}

/** A fresh simulator (rate limit off unless asked), closed by {@link closeAll}. */
export async function simulator(options: DatoCmsSimulatorOptions = {}): Promise<DatoCmsSimulator> {
  const sim = await startDatoCmsSimulator({ rateLimit: false, ...options });
  closers.push(() => sim.close());
  return sim;
}

/** A provider aimed at `sim` with fast retries, recording its events; closed by {@link closeAll}. */
export function providerFor(
  sim: DatoCmsSimulator,
  options: Partial<DatoCmsOptions> = {},
): { provider: TokenProvider<DatoCmsTypes>; events: TransportEvent[] } {
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  const provider = datocms({
    apiToken: sim.credential,
    baseUrl: sim.url,
    retry: { baseMs: 1, capMs: 5 },
    hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push },
    ...options,
  });
  closers.push(() => provider.close());
  return { provider, events };
}

/** Runs a task that must succeed. */
export async function ok<A>(task: TaskEither<TokenError, A>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`);
  return result.right;
}

/** Runs a task that must fail. */
export async function fails<A>(task: TaskEither<TokenError, A>): Promise<TokenError> {
  const result = await task();
  if (E.isRight(result)) throw new Error('expected a failure, got success');
  return result.left;
}

/** Waits cost no real time (shared with `@tokenbridge/testing`). */
export { virtualClock } from '@tokenbridge/testing';
