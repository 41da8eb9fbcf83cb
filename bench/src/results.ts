import type { BenchConfig } from './config';
import type { ColdStartRow } from './rows/cold-start';
import type { Memory } from './rows/memory';
import type { Overhead } from './rows/overhead';
import type { Peer } from './rows/peer';
import type { RateLimit } from './rows/rate-limit';
import type { RoundTrips } from './rows/round-trips';
import type { Throughput } from './rows/throughput';
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
  /** Which copy of the packages rows 1-5 loaded. */
  readonly packagesLoadedFrom: string;
  readonly config: BenchConfig;
}

/** Everything one run measured: `bench/results/latest.json`. */
export interface BenchResults {
  readonly run: RunInfo;
  readonly roundTrips: readonly RoundTrips[];
  readonly overhead: readonly Overhead[];
  readonly throughput: readonly Throughput[];
  readonly peer: Peer;
  readonly memory: readonly Memory[];
  readonly rateLimit: RateLimit;
  readonly coldStart: ColdStartRow;
  readonly targets: readonly Target[];
}
