import { performance } from 'node:perf_hooks';
import { type Operation, type Retries, retrying } from './resilience';
import { type LatencySummary, median, summarize } from './stats';

export type { Operation, Retries };

/**
 * A variant under test. `forWorker(i)` gives the operation worker `i` runs;
 * workers keep separate state (their own token, its latest version), so
 * concurrent updates never contend for one record.
 */
export interface Variant<K extends string> {
  readonly name: K;
  forWorker(worker: number): Operation;
}

/** How many samples a latency measurement takes. */
export interface LatencyPlan {
  /** Operations per variant before any sample is kept (JIT, sockets, caches). */
  readonly warmupOps: number;
  /** Rounds; every round runs every variant once, in a rotated order. */
  readonly rounds: number;
  /** Operations per variant per round. */
  readonly batch: number;
}

/**
 * Latency at concurrency 1, variants interleaved: after a warm-up, each round
 * runs a batch of every variant, the order rotating from round to round, so
 * drift (GC, CPU frequency, the simulator's own state) spreads over all of
 * them instead of favouring whichever ran first. A transient failure is
 * retried (see `resilience.ts`): its sample then includes the retry, and the
 * retries are counted per variant.
 */
export async function measureLatency<K extends string>(
  variants: readonly Variant<K>[],
  plan: LatencyPlan,
): Promise<{ latencyMs: Record<K, LatencySummary>; retries: Retries<K> }> {
  const tallies = variants.map(() => ({ retries: 0 }));
  const operations = variants.map((variant, index) => retrying(variant.forWorker(0), tallies[index] as { retries: number }));
  for (const operation of operations) for (let i = 0; i < plan.warmupOps; i++) await operation();
  const samples = variants.map((): number[] => []);
  for (let round = 0; round < plan.rounds; round++) {
    for (const index of rotation(variants.length, round)) {
      const operation = operations[index] as Operation;
      const out = samples[index] as number[];
      for (let i = 0; i < plan.batch; i++) {
        const started = performance.now();
        await operation();
        out.push(performance.now() - started);
      }
    }
  }
  return {
    latencyMs: Object.fromEntries(variants.map((variant, index) => [variant.name, summarize(samples[index] as number[])])) as Record<K, LatencySummary>,
    retries: retriesOf(variants, tallies),
  };
}

/** How a throughput measurement runs. */
export interface ThroughputPlan {
  readonly concurrency: number;
  /** Operations per variant before measuring, at the same concurrency. */
  readonly warmupOps: number;
  /** Rounds, interleaved as in {@link measureLatency}; the result is the median round. */
  readonly rounds: number;
  /** Operations completed per variant per round. */
  readonly ops: number;
}

/** Operations per second of each variant at one concurrency (the median of its rounds), and the retries of each. */
export async function measureThroughput<K extends string>(
  variants: readonly Variant<K>[],
  plan: ThroughputPlan,
): Promise<{ opsPerSecond: Record<K, number>; retries: Retries<K> }> {
  const tallies = variants.map(() => ({ retries: 0 }));
  const workers = variants.map((variant, index) =>
    Array.from({ length: plan.concurrency }, (_, worker) => retrying(variant.forWorker(worker), tallies[index] as { retries: number })),
  );
  for (const pool of workers) await runPool(pool, plan.warmupOps);
  const rates = variants.map((): number[] => []);
  for (let round = 0; round < plan.rounds; round++) {
    for (const index of rotation(variants.length, round)) {
      const started = performance.now();
      await runPool(workers[index] as Operation[], plan.ops);
      (rates[index] as number[]).push(plan.ops / ((performance.now() - started) / 1000));
    }
  }
  return {
    opsPerSecond: Object.fromEntries(variants.map((variant, index) => [variant.name, median(rates[index] as number[])])) as Record<K, number>,
    retries: retriesOf(variants, tallies),
  };
}

/**
 * Runs `total` operations over the pool's workers, each starting its next
 * operation as soon as the last one ends. After a failure no worker starts
 * another operation; once every worker has stopped, the first failure is
 * thrown (so nothing of a failed measurement runs on into the next one).
 */
export async function runPool(pool: readonly Operation[], total: number): Promise<void> {
  let issued = 0;
  let failure: { readonly error: unknown } | undefined;
  await Promise.all(
    pool.map(async (operation) => {
      while (failure === undefined && issued < total) {
        issued += 1;
        try {
          await operation();
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure !== undefined) throw failure.error;
}

function retriesOf<K extends string>(variants: readonly Variant<K>[], tallies: readonly { retries: number }[]): Retries<K> {
  return Object.fromEntries(variants.map((variant, index) => [variant.name, tallies[index]?.retries ?? 0])) as Record<K, number>;
}

/** Indexes 0..n-1 starting at `round mod n`. */
function rotation(n: number, round: number): number[] {
  return Array.from({ length: n }, (_, i) => (i + round) % n);
}
