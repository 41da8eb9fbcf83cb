import type { LatencyPlan } from './harness';
import type { FleetSettings } from './rows/fleet';

/** How much each row measures. */
export interface BenchConfig {
  /** Rows 1 and 3: latency at concurrency 1. */
  readonly latency: LatencyPlan;
  /** Row 2. */
  readonly throughput: { readonly concurrencies: readonly number[]; readonly rounds: number; readonly opsAtOne: number; readonly opsConcurrent: number };
  /** Row 3's throughput: operations per round at its concurrency. */
  readonly peerOps: number;
  /** Row 4. */
  readonly memory: { readonly tokens: number; readonly pageSize: number };
  /** Row 5: DatoCMS's documented limit, 60 requests per 3 s. */
  readonly rateLimit: { readonly updates: number; readonly limit: number; readonly windowMs: number; readonly callers: number };
  /** Row 6: fresh processes per package. */
  readonly coldStartRuns: number;
  /** Row 7: tokens each simulator holds while its list sequence is timed. */
  readonly simulatorScaleTokens: number;
  /** Row 8: processes sharing one DatoCMS credential, in memory and on Redis. */
  readonly fleet: FleetSettings;
}

/** The published run: about 7 minutes on 2 cores, of which 48 s is row 5's minimum and twice 48 s row 8's. */
export const FULL: BenchConfig = {
  latency: { warmupOps: 300, rounds: 10, batch: 100 },
  throughput: { concurrencies: [1, 16, 64], rounds: 5, opsAtOne: 600, opsConcurrent: 2000 },
  peerOps: 2000,
  memory: { tokens: 100_000, pageSize: 100 },
  rateLimit: { updates: 1000, limit: 60, windowMs: 3000, callers: 16 },
  coldStartRuns: 7,
  simulatorScaleTokens: 100_000,
  fleet: { processes: 4, renamesEach: 250, callers: 16, limit: 60, windowMs: 3000 },
};

/** `npm run bench -- --quick`: every row at a tenth of the size, to check the harness (figures not for publishing). */
export const QUICK: BenchConfig = {
  latency: { warmupOps: 50, rounds: 4, batch: 25 },
  throughput: { concurrencies: [1, 16, 64], rounds: 2, opsAtOne: 100, opsConcurrent: 400 },
  peerOps: 300,
  memory: { tokens: 10_000, pageSize: 100 },
  rateLimit: { updates: 130, limit: 60, windowMs: 3000, callers: 16 },
  coldStartRuns: 2,
  simulatorScaleTokens: 10_000,
  fleet: { processes: 4, renamesEach: 40, callers: 16, limit: 60, windowMs: 3000 },
};
