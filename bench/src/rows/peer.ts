import type { Token } from '@tokenbridge/core';
import { type LatencyPlan, type Variant, measureLatency, measureThroughput } from '../harness';
import { type Retries, describe } from '../resilience';
import { type LatencySummary, ratio } from '../stats';
import { type BenchProvider, type Vendor, type VendorId, createTokens, freshName } from '../vendors';

/** The two clients compared in row 3. */
export type PeerVariant = 'official' | 'ours';

/** Row 3, one vendor and operation: its official client against ours. */
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

/** Row 3, one vendor: the official client's name and version and the comparison, or why it could not run. */
export type Peer = { readonly vendor: VendorId; readonly client: string } & (
  | { readonly available: true; readonly operations: readonly PeerOperation[] }
  | { readonly available: false; readonly reason: string }
);

/** The throughput part of row 3 runs at this concurrency. */
export const PEER_CONCURRENCY = 16;

/**
 * A vendor's official client doing what our adapter does in row 3: a find
 * and an update of one token, one request each (ours is given the token it
 * read earlier, so it too sends one PUT).
 */
export interface OfficialClient {
  /** Package name and version. */
  readonly client: string;
  /** What each operation sends, for the table. */
  readonly requests: { readonly find: string; readonly update: string };
  find(id: string): Promise<void>;
  /** Renames token `id` with the official client's own update call. */
  update(id: string, name: string): Promise<void>;
}

/**
 * Row 3 for one vendor: its official client pointed at the simulator, doing
 * the same find and update as our adapter.
 */
export async function measurePeer(vendor: Vendor, provider: BenchProvider, official: OfficialClient, plan: LatencyPlan, opsPerRound: number): Promise<Peer> {
  const { client } = official;
  const tokens: Record<PeerVariant, string[]> = {
    official: await createTokens(vendor, provider, PEER_CONCURRENCY, 'peer-official'),
    ours: await createTokens(vendor, provider, PEER_CONCURRENCY, 'peer-ours'),
  };
  try {
    // One call first: a client that cannot reach the simulator is reported, not a crash.
    await official.find(tokens.official[0] as string);
  } catch (error) {
    return { vendor: vendor.id, available: false, client, reason: `the official client could not use the simulator: ${(error as Error).message}` };
  }

  const idOf = (variant: PeerVariant, worker: number): string => tokens[variant][worker] as string;
  const find: Variant<PeerVariant>[] = [
    { name: 'official', forWorker: (w) => () => official.find(idOf('official', w)) },
    { name: 'ours', forWorker: (w) => async () => void (await provider.get(idOf('ours', w))) },
  ];
  const update: Variant<PeerVariant>[] = [
    { name: 'official', forWorker: (w) => () => official.update(idOf('official', w), freshName()) },
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
      return { vendor: vendor.id, available: false, client, reason: `${operation} failed: ${describe(error)}` };
    }
    const { latencyMs, opsPerSecond, retries } = measured;
    operations.push({
      operation,
      requests: official.requests[operation],
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
  return { vendor: vendor.id, available: true, client, operations };
}
