import type { BenchConfig } from './config';
import type { StepTime } from './progress';
import type { ColdStartResult } from './rows/cold-start';
import type { FleetRow } from './rows/fleet';
import type { MemoryRow } from './rows/memory';
import type { OverheadRow } from './rows/overhead';
import type { Peer } from './rows/peer';
import type { RateLimitRow } from './rows/rate-limit';
import type { RoundTripsRow } from './rows/round-trips';
import type { SimulatorScaleRow } from './rows/simulator-scale';
import type { ThroughputRow } from './rows/throughput';
import type { Target } from './targets';

/** Where and how the figures were taken. */
export interface RunInfo {
  readonly startedAt: string;
  readonly seconds: number;
  readonly command: string;
  readonly quick: boolean;
  readonly commit: string | null;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  /** Which copy of the packages rows 1-5 and 7 loaded. */
  readonly packagesLoadedFrom: string;
  readonly config: BenchConfig;
  /** How long each step took: the next run's estimates of the time left. */
  readonly steps: readonly StepTime[];
}

/**
 * Everything one run measured: `bench/results/latest.json`. A row that could
 * not be measured holds its keys and `failed` (the reason) instead of figures.
 */
export interface BenchResults {
  readonly run: RunInfo;
  readonly roundTrips: readonly RoundTripsRow[];
  readonly overhead: readonly OverheadRow[];
  readonly throughput: readonly ThroughputRow[];
  /** Row 3: one entry per vendor with an official client. */
  readonly peers: readonly Peer[];
  readonly memory: readonly MemoryRow[];
  readonly rateLimit: RateLimitRow;
  readonly simulatorScale: readonly SimulatorScaleRow[];
  readonly fleet: FleetRow;
  readonly coldStart: ColdStartResult;
  readonly targets: readonly Target[];
}
