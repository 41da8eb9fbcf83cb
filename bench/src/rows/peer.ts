import { buildClient } from '@datocms/cma-client-node';
import type { Token } from '@tokenbridge/core';
import { type LatencyPlan, type Variant, measureLatency, measureThroughput } from '../harness';
import { type Retries, describe } from '../resilience';
import type { Endpoints } from '../simulators';
import { type LatencySummary, ratio } from '../stats';
import { type BenchProvider, type Vendor, createTokens, freshName } from '../vendors';

/** The two clients compared in row 3. */
export type PeerVariant = 'official' | 'ours';

/** Row 3, one operation: the official DatoCMS client against ours. */
export interface PeerOperation {
  readonly operation: 'find' | 'update';
  /** What each side sends: one request each. */
  readonly requests: string;
  readonly latencyMs: Readonly<Record<PeerVariant, LatencySummary>>;
  readonly opsPerSecond: Readonly<Record<PeerVariant, number>>;
  readonly concurrency: number;
  /** Ours relative to the official client: below 1 is faster for latency, above 1 faster for throughput. */
  readonly ratios: { readonly oursToOfficialMedian: number; readonly oursToOfficialP99: number; readonly oursToOfficialOpsPerSecond: number };
  /** Transient failures retried, per client (latency and throughput together). */
  readonly retries: Retries<PeerVariant>;
}

/** Row 3: the official client's version and the comparison, or why it could not run. */
export type Peer =
  | { readonly available: true; readonly client: string; readonly operations: readonly PeerOperation[] }
  | { readonly available: false; readonly client: string; readonly reason: string };

/** The throughput part of row 3 runs at this concurrency. */
const PEER_CONCURRENCY = 16;

const CLIENT = `@datocms/cma-client-node ${(require('@datocms/cma-client-node/package.json') as { version: string }).version}`;

/**
 * Row 3: `@datocms/cma-client-node` pointed at the DatoCMS simulator (its
 * `baseUrl` option), doing the same find and update as our adapter. Their
 * update is the full-body PUT the CMA wants; ours is given the token it read
 * earlier, so it sends that same single PUT.
 */
export async function measurePeer(
  vendor: Vendor,
  provider: BenchProvider,
  simulator: Endpoints['datocms'],
  plan: LatencyPlan,
  opsPerRound: number,
): Promise<Peer> {
  const roleId = simulator.roleId;
  // autoRetry off: a 429 or a non-JSON answer must show up, not be waited out (the simulator's rate limit is off here anyway).
  const client = buildClient({ apiToken: simulator.credential, baseUrl: simulator.url, autoRetry: false });
  const tokens: Record<PeerVariant, string[]> = {
    official: await createTokens(vendor, provider, PEER_CONCURRENCY, 'peer-official'),
    ours: await createTokens(vendor, provider, PEER_CONCURRENCY, 'peer-ours'),
  };
  try {
    // One call first: a client that cannot reach the simulator is reported, not a crash.
    await client.accessTokens.find(tokens.official[0] as string);
  } catch (error) {
    return { available: false, client: CLIENT, reason: `the official client could not use the simulator: ${(error as Error).message}` };
  }

  const idOf = (variant: PeerVariant, worker: number): string => tokens[variant][worker] as string;
  const find: Variant<PeerVariant>[] = [
    { name: 'official', forWorker: (w) => async () => void (await client.accessTokens.find(idOf('official', w))) },
    { name: 'ours', forWorker: (w) => async () => void (await provider.get(idOf('ours', w))) },
  ];
  const update: Variant<PeerVariant>[] = [
    {
      name: 'official',
      forWorker: (w) => async () => {
        await client.accessTokens.update(idOf('official', w), {
          name: freshName(),
          can_access_cda: false,
          can_access_cda_preview: false,
          can_access_cma: false,
          role: { type: 'role', id: roleId },
        });
      },
    },
    {
      name: 'ours',
      forWorker: (w) => {
        let current: Token<object> | undefined;
        return async () => {
          current = await provider.update(current ?? (await provider.get(idOf('ours', w))), { name: freshName() });
        };
      },
    },
  ];

  const operations: PeerOperation[] = [];
  for (const [operation, variants] of [
    ['find', find],
    ['update', update],
  ] as const) {
    let measured;
    try {
      const latency = await measureLatency(variants, plan);
      const throughput = await measureThroughput(variants, { concurrency: PEER_CONCURRENCY, warmupOps: PEER_CONCURRENCY * 4, rounds: 3, ops: opsPerRound });
      measured = { ...latency, ...throughput, retries: { official: latency.retries.official + throughput.retries.official, ours: latency.retries.ours + throughput.retries.ours } };
    } catch (error) {
      return { available: false, client: CLIENT, reason: `${operation} failed: ${describe(error)}` };
    }
    const { latencyMs, opsPerSecond, retries } = measured;
    operations.push({
      operation,
      requests: operation === 'find' ? 'GET /access_tokens/{id}' : 'PUT /access_tokens/{id} (all four attributes and the role)',
      latencyMs,
      opsPerSecond: { official: Math.round(opsPerSecond.official), ours: Math.round(opsPerSecond.ours) },
      concurrency: PEER_CONCURRENCY,
      ratios: {
        oursToOfficialMedian: ratio(latencyMs.ours.median, latencyMs.official.median),
        oursToOfficialP99: ratio(latencyMs.ours.p99, latencyMs.official.p99),
        oursToOfficialOpsPerSecond: ratio(opsPerSecond.ours, opsPerSecond.official),
      },
      retries,
    });
  }
  return { available: true, client: CLIENT, operations };
}
