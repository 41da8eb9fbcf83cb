import { type Measured as MeasuredRow, failed } from './resilience';
import type { FleetRow } from './rows/fleet';
import type { Memory, MemoryRow } from './rows/memory';
import type { OverheadRow } from './rows/overhead';
import type { Peer } from './rows/peer';
import type { RateLimitRow } from './rows/rate-limit';
import type { RoundTripsRow } from './rows/round-trips';
import type { SimulatorScale, SimulatorScaleRow } from './rows/simulator-scale';
import type { ThroughputRow } from './rows/throughput';
import { VENDORS } from 'tokenbridge';

/** One of the targets, checked against the run's figures. */
export interface Target {
  readonly target: string;
  readonly goal: string;
  /** The measured figures the verdict rests on. */
  readonly measured: string;
  readonly met: boolean;
}

/** The goals (not tests: a miss is reported, never hidden). */
/** How a row left out of a `--vendor` run reads: its failure starts so, and it sets no target. */
export const NOT_RUN = 'not run: ';

export const GOALS = {
  medianOverAxios: 1.1,
  throughputOverAxiosAt16: 0.9,
  listAllRssGrowthMb: 64,
  rateLimitOverMinimum: 1.1,
  /** Row 8, the Redis store: the fleet within 1.1x the minimum, at most 1% of requests answered 429. */
  fleetOverMinimum: 1.1,
  fleetPercent429: 1,
  /** What the simulators' scale tests used to assert: generating the tokens, and each list sequence, within 5 s. */
  simulatorScaleSeconds: 5,
} as const;

/** The measured rows, as {@link evaluateTargets} needs them. */
export interface Measured {
  readonly roundTrips: readonly RoundTripsRow[];
  readonly overhead: readonly OverheadRow[];
  readonly throughput: readonly ThroughputRow[];
  readonly peers: readonly Peer[];
  readonly memory: readonly MemoryRow[];
  readonly rateLimit: RateLimitRow;
  readonly simulatorScale: readonly SimulatorScaleRow[];
  readonly fleet: FleetRow;
}

const list = (items: readonly string[]): string => items.join(', ');

/** The measured rows, and the failed ones as `<what> failed: <reason>` (a failed row never meets a target). */
function split<R extends object>(rows: readonly R[], name: (row: R) => string): { ok: MeasuredRow<R>[]; failures: string[] } {
  const ok: MeasuredRow<R>[] = [];
  const failures: string[] = [];
  for (const row of rows) {
    if (failed(row)) failures.push(`${name(row)} failed: ${row.failed}`);
    else ok.push(row as MeasuredRow<R>);
  }
  return { ok, failures };
}

/** A target over rows: the figures of the measured ones, the reasons of the failed ones; met only when none failed. */
function over<R extends object>(
  target: string,
  goal: string,
  rows: readonly R[],
  name: (row: R) => string,
  figure: (row: MeasuredRow<R>) => string,
  meets: (row: MeasuredRow<R>) => boolean,
): Target {
  const { ok, failures } = split(rows, name);
  return { target, goal, measured: list([...ok.map(figure), ...failures]), met: failures.length === 0 && ok.length > 0 && ok.every(meets) };
}

/** Checks every target of the issue against the figures of this run. */
export function evaluateTargets(m: Measured): Target[] {
  const targets: Target[] = [];

  targets.push(
    over(
      'Median latency at concurrency 1 over bare axios',
      `<= ${GOALS.medianOverAxios}x`,
      m.overhead,
      (row) => `${row.vendor} ${row.operation}`,
      (row) => `${row.vendor} ${row.operation} ${row.ratios.oursToAxiosMedian}x`,
      (row) => row.ratios.oursToAxiosMedian <= GOALS.medianOverAxios,
    ),
  );

  targets.push(
    over(
      'Throughput at concurrency 16 over bare axios',
      `>= ${GOALS.throughputOverAxiosAt16}x`,
      m.throughput.filter((row) => row.concurrency === 16),
      (row) => `${row.vendor} ${row.operation}`,
      (row) => `${row.vendor} ${row.operation} ${row.ratios.oursToAxios}x`,
      (row) => row.ratios.oursToAxios >= GOALS.throughputOverAxiosAt16,
    ),
  );

  const trips = split(m.roundTrips, (row) => `${row.vendor} round trips`);
  const offTarget = trips.ok.filter((row) => !row.met);
  targets.push({
    target: "Round trips per operation at the vendor's minimum",
    goal: 'get, create, delete, regenerate 1 (Cloudflare by id 2: its roll answers the value alone); update 1 on SoftwareOne, elsewhere 1 given a token else 2; a no-op patch sends no PUT',
    measured: list([
      ...(offTarget.length === 0 && trips.ok.length > 0
        ? [`all ${trips.ok.length} operations at their target`]
        : offTarget.map((row) => `${row.vendor} ${row.operation}: ${row.requests} (${row.methods || 'none'}), target ${row.target}`)),
      ...trips.failures,
    ]),
    met: offTarget.length === 0 && trips.failures.length === 0 && trips.ok.length > 0,
  });

  for (const peer of m.peers) {
    const target = `At least as fast as the official ${VENDORS[peer.vendor].displayName} client (${peer.client}: find, update)`;
    if (peer.available) {
      const figures = peer.operations.map((op) => `${op.operation}: median ${op.ratios.oursToOfficialMedian}x, throughput ${op.ratios.oursToOfficialOpsPerSecond}x`);
      targets.push({
        target,
        goal: 'latency ratio <= 1, throughput ratio >= 1',
        measured: list(figures),
        met: peer.operations.every((op) => op.ratios.oursToOfficialMedian <= 1 && op.ratios.oursToOfficialOpsPerSecond >= 1),
      });
    } else {
      targets.push({ target, goal: 'ratio <= 1', measured: peer.reason, met: false });
    }
  }

  const firstMemory = m.memory.find((row): row is Memory => !failed(row));
  // A run of one vendor (`--vendor`) measures no memory row and, but for DatoCMS, no rate-limit row.
  if (m.memory.length > 0) {
    targets.push(
      over(
        `listAll of ${firstMemory?.tokens.toLocaleString('en-US') ?? '?'} tokens, peak RSS growth`,
        `< ${GOALS.listAllRssGrowthMb} MB`,
        m.memory,
        (row) => `${row.vendor} listAll`,
        (row) => `${row.vendor} ${row.peakRssGrowthMb} MB`,
        (row) => row.peakRssGrowthMb < GOALS.listAllRssGrowthMb,
      ),
    );
  }

  const r = m.rateLimit;
  const notRun = failed(r) && r.failed.startsWith(NOT_RUN);
  if (failed(r) && !notRun) {
    targets.push({ target: 'Rate-limited updates (DatoCMS)', goal: `<= ${GOALS.rateLimitOverMinimum}x the theoretical minimum, few or no 429s, no error`, measured: `failed: ${r.failed}`, met: false });
  } else if (!failed(r)) {
    targets.push({
      target: `${r.updates} rate-limited updates (DatoCMS)`,
      goal: `<= ${GOALS.rateLimitOverMinimum}x the theoretical minimum, few or no 429s, no error`,
      measured: `${r.ratioToMinimum}x (${r.seconds} s vs ${r.theoreticalMinimumSeconds} s), ${r.received429} 429s, ${r.errors} errors`,
      met: r.ratioToMinimum <= GOALS.rateLimitOverMinimum && r.errors === 0 && r.received429 <= r.updates / 100,
    });
  }

  targets.push(fleetTarget(m.fleet));

  const firstScale = m.simulatorScale.find((row): row is SimulatorScale => !failed(row));
  targets.push(
    over(
      `Simulators at ${firstScale?.tokens.toLocaleString('en-US') ?? '?'} tokens: generating them, and each list sequence`,
      `< ${GOALS.simulatorScaleSeconds} s each`,
      m.simulatorScale,
      (row) => `${row.vendor} simulator`,
      (row) => `${row.vendor} generate ${row.generateSeconds} s, list ${row.listSeconds} s`,
      (row) => row.generateSeconds < GOALS.simulatorScaleSeconds && row.listSeconds < GOALS.simulatorScaleSeconds,
    ),
  );
  return targets;
}

/** Row 8's target: the Redis store's run (the memory run is the baseline it replaces, reported only). */
export function fleetTarget(f: FleetRow): Target {
  const goal = `Redis store: <= ${GOALS.fleetOverMinimum}x the theoretical minimum, <= ${GOALS.fleetPercent429}% of requests answered 429, no error`;
  const redis = failed(f) ? undefined : f.runs.find((r) => r.store === 'redis');
  if (failed(f) || redis === undefined) {
    return { target: 'A fleet sharing one DatoCMS credential', goal, measured: failed(f) ? `failed: ${f.failed}` : `not measured: ${f.redisMissing ?? 'no Redis run'}`, met: false };
  }
  return {
    target: `${f.processes} processes × ${f.renamesEach} renames sharing one DatoCMS credential`,
    goal,
    measured: `${redis.ratioToMinimum}x (${redis.seconds} s vs ${f.theoreticalMinimumSeconds} s), ${redis.received429} 429s (${redis.percent429}%), ${redis.errors} errors`,
    met: redis.ratioToMinimum <= GOALS.fleetOverMinimum && redis.percent429 <= GOALS.fleetPercent429 && redis.errors === 0,
  };
}
