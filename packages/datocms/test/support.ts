// Helpers of the DatoCMS adapter tests (not a test file: jest matches *.test.ts only).
import type { TokenProvider, TransportEvent } from '@tokenbridge/core';
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

// Tasks that must succeed or fail, shared by every adapter's tests.
export { fails, succeeds as ok } from '@tokenbridge/testing';

/** Waits cost no real time (shared with `@tokenbridge/testing`). */
export { virtualClock } from '@tokenbridge/testing';
