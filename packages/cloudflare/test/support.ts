// Helpers of the Cloudflare adapter tests (not a test file: jest matches *.test.ts only).
import type { TokenProvider, TransportEvent } from '@tokenbridge/core';
import { type CloudflareSimulator, type CloudflareSimulatorOptions, recordingHooks, startCloudflareSimulator } from '@tokenbridge/testing';
import { type CloudflareCreateExtra, type CloudflareOptions, type CloudflareTypes, cloudflare } from '@tokenbridge/cloudflare';

/** A credential the simulator rejects, shaped like a real one. */
export const WRONG_API_TOKEN = 'cfut_WrongWrongWrongWrongWrongWrongWrongWrong0badc0de';

/** Zone Read on every zone: a policy both user and account tokens may hold. */
export const ZONE_READ_POLICY = {
  effect: 'allow',
  resources: { 'com.cloudflare.api.account.zone.*': '*' },
  permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }],
} as const;

/** DNS Read on every zone. */
export const DNS_READ_POLICY = {
  effect: 'allow',
  resources: { 'com.cloudflare.api.account.zone.*': '*' },
  permission_groups: [{ id: '82e64a83756745bbbb1c9c2701bf816b' }],
} as const;

/** The `extra` of a create that only reads zones. */
export const ZONE_READER: CloudflareCreateExtra = { policies: [ZONE_READ_POLICY] };

const closers: Array<() => Promise<void>> = [];

/** Closes every simulator and provider the helpers made; call in `afterEach`. */
export async function closeAll(): Promise<void> {
  await Promise.all(closers.splice(0).map((close) => close()));
}

/** A fresh simulator (rate limit off unless asked), closed by {@link closeAll}. */
export async function simulator(options: CloudflareSimulatorOptions = {}): Promise<CloudflareSimulator> {
  const sim = await startCloudflareSimulator({ rateLimit: false, ...options });
  closers.push(() => sim.close());
  return sim;
}

/** A provider aimed at `sim` with fast retries, recording its events; closed by {@link closeAll}. */
export function providerFor(sim: CloudflareSimulator, options: Partial<CloudflareOptions> = {}): { provider: TokenProvider<CloudflareTypes>; events: TransportEvent[] } {
  const { events, hooks } = recordingHooks();
  const provider = cloudflare({
    apiToken: sim.credential,
    baseUrl: sim.url,
    retry: { baseMs: 1, capMs: 5 },
    limiter: false,
    hooks,
    ...options,
  });
  closers.push(() => provider.close());
  return { provider, events };
}

export { fails, succeeds as ok, virtualClock } from '@tokenbridge/testing';
