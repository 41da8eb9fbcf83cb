import type { Memory } from './rows/memory';
import type { Overhead } from './rows/overhead';
import type { Peer } from './rows/peer';
import type { RateLimit } from './rows/rate-limit';
import type { RoundTrips } from './rows/round-trips';
import type { Throughput } from './rows/throughput';

/** One of the targets, checked against the run's figures. */
export interface Target {
  readonly target: string;
  readonly goal: string;
  /** The measured figures the verdict rests on. */
  readonly measured: string;
  readonly met: boolean;
}

/** The goals (not tests: a miss is reported, never hidden). */
export const GOALS = {
  medianOverAxios: 1.1,
  throughputOverAxiosAt16: 0.9,
  listAllRssGrowthMb: 64,
  rateLimitOverMinimum: 1.1,
} as const;

/** The measured rows, as {@link evaluateTargets} needs them. */
export interface Measured {
  readonly roundTrips: readonly RoundTrips[];
  readonly overhead: readonly Overhead[];
  readonly throughput: readonly Throughput[];
  readonly peer: Peer;
  readonly memory: readonly Memory[];
  readonly rateLimit: RateLimit;
}

const list = (items: readonly string[]): string => items.join(', ');

/** Checks every target of the issue against the figures of this run. */
export function evaluateTargets(m: Measured): Target[] {
  const targets: Target[] = [];

  const medians = m.overhead.map((row) => ({ row, value: row.ratios.oursToAxiosMedian }));
  targets.push({
    target: 'Median latency at concurrency 1 over bare axios',
    goal: `<= ${GOALS.medianOverAxios}x`,
    measured: list(medians.map(({ row, value }) => `${row.vendor} ${row.operation} ${value}x`)),
    met: medians.every(({ value }) => value <= GOALS.medianOverAxios),
  });

  const at16 = m.throughput.filter((row) => row.concurrency === 16);
  targets.push({
    target: 'Throughput at concurrency 16 over bare axios',
    goal: `>= ${GOALS.throughputOverAxiosAt16}x`,
    measured: list(at16.map((row) => `${row.vendor} ${row.operation} ${row.ratios.oursToAxios}x`)),
    met: at16.every((row) => row.ratios.oursToAxios >= GOALS.throughputOverAxiosAt16),
  });

  const offTarget = m.roundTrips.filter((row) => !row.met);
  targets.push({
    target: "Round trips per operation at the vendor's minimum",
    goal: 'get, create, delete, regenerate 1; update 1 on SoftwareOne, on Kodexa and DatoCMS 1 given a token else 2; a no-op patch sends no PUT',
    measured:
      offTarget.length === 0
        ? `all ${m.roundTrips.length} operations at their target`
        : list(offTarget.map((row) => `${row.vendor} ${row.operation}: ${row.requests} (${row.methods || 'none'}), target ${row.target}`)),
    met: offTarget.length === 0,
  });

  if (m.peer.available) {
    const figures = m.peer.operations.map(
      (op) => `${op.operation}: median ${op.ratios.oursToOfficialMedian}x, throughput ${op.ratios.oursToOfficialOpsPerSecond}x`,
    );
    targets.push({
      target: 'At least as fast as the official DatoCMS client (find, update)',
      goal: 'latency ratio <= 1, throughput ratio >= 1',
      measured: list(figures),
      met: m.peer.operations.every((op) => op.ratios.oursToOfficialMedian <= 1 && op.ratios.oursToOfficialOpsPerSecond >= 1),
    });
  } else {
    targets.push({ target: 'At least as fast as the official DatoCMS client', goal: 'ratio <= 1', measured: m.peer.reason, met: false });
  }

  targets.push({
    target: `listAll of ${m.memory[0]?.tokens.toLocaleString('en-US') ?? '?'} tokens, peak RSS growth`,
    goal: `< ${GOALS.listAllRssGrowthMb} MB`,
    measured: list(m.memory.map((row) => `${row.vendor} ${row.peakRssGrowthMb} MB`)),
    met: m.memory.every((row) => row.peakRssGrowthMb < GOALS.listAllRssGrowthMb),
  });

  const r = m.rateLimit;
  targets.push({
    target: `${r.updates} rate-limited updates (DatoCMS)`,
    goal: `<= ${GOALS.rateLimitOverMinimum}x the theoretical minimum, few or no 429s, no error`,
    measured: `${r.ratioToMinimum}x (${r.seconds} s vs ${r.theoreticalMinimumSeconds} s), ${r.received429} 429s, ${r.errors} errors`,
    met: r.ratioToMinimum <= GOALS.rateLimitOverMinimum && r.errors === 0 && r.received429 <= r.updates / 100,
  });
  return targets;
}
