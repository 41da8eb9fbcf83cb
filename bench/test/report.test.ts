import { FULL } from '../src/config';
import { renderMarkdown } from '../src/report';
import type { BenchResults } from '../src/results';
import { evaluateTargets } from '../src/targets';
import type { LatencySummary } from '../src/stats';

/** A run in which some rows failed and the others were measured. */
function partlyFailedRun(): BenchResults {
  const summary = (median: number): LatencySummary => ({ n: 1000, median, p99: median * 2, mean: median, min: median / 2, max: median * 3 });
  const hangUp = 'socket hang up (ECONNRESET) after 3 retries';
  const measured = {
    roundTrips: [
      { vendor: 'kodexa', operation: 'get', requests: 1, methods: 'GET', target: 1, met: true },
      { vendor: 'datocms', failed: 'connect ECONNREFUSED 127.0.0.1:4003 (ECONNREFUSED)' },
    ],
    overhead: [
      {
        vendor: 'kodexa',
        operation: 'get',
        calls: 1,
        latencyMs: { raw: summary(0.2), axios: summary(0.3), ours: summary(0.31) },
        ratios: { oursToAxiosMedian: 1.03, oursToAxiosP99: 1.03, oursToRawMedian: 1.55, oursToRawP99: 1.55 },
        retries: { raw: 0, axios: 2, ours: 0 },
      },
      { vendor: 'datocms', operation: 'get', failed: hangUp },
    ],
    throughput: [
      {
        vendor: 'datocms',
        operation: 'get',
        concurrency: 16,
        opsPerSecond: { raw: 9000, axios: 5000, ours: 4600 },
        ratios: { oursToAxios: 0.92, oursToRaw: 0.51 },
        retries: { raw: 0, axios: 1, ours: 0 },
      },
      { vendor: 'datocms', operation: 'get', concurrency: 64, failed: hangUp },
    ],
    peers: [{ vendor: 'datocms', available: false, client: '@datocms/cma-client-node 5.5.3', reason: 'find failed: fetch failed' }],
    memory: [{ vendor: 'kodexa', failed: 'the listAll process exited with code 1' }],
    rateLimit: { failed: 'Timeout: no answer within 30000 ms' },
    fleet: { failed: 'a fleet process exited with 1 before its result' },
    simulatorScale: [{ vendor: 'kodexa', tokens: 100_000, generateSeconds: 0.4, sequence: 'pages', requests: 7, listSeconds: 0.6, retries: 0 }],
  } as const satisfies Omit<BenchResults, 'run' | 'coldStart' | 'targets'>;
  return {
    run: {
      startedAt: '2026-12-01T10:00:00.000Z',
      seconds: 230,
      command: 'npm run bench',
      quick: false,
      commit: 'abc1234',
      node: 'v20.20.2',
      platform: 'Linux',
      cpus: 2,
      cpuModel: 'test',
      memoryGb: 8,
      packagesLoadedFrom: 'TypeScript sources (tsx)',
      config: FULL,
      steps: [],
    },
    ...measured,
    coldStart: { failed: 'require(tokenbridge) failed in a fresh process' },
    targets: evaluateTargets(measured),
  };
}

describe('a run in which some rows failed', () => {
  const markdown = renderMarkdown(partlyFailedRun());
  const lineOf = (...parts: string[]): string | undefined => markdown.split('\n').find((line) => parts.every((part) => line.includes(part)));

  it('writes each failed row with its reason in its cells', () => {
    expect(lineOf('| DatoCMS | get |', '**failed**: socket hang up (ECONNRESET) after 3 retries')).toBeDefined();
    expect(lineOf('| get |', '**failed**: connect ECONNREFUSED')).toBeDefined();
    expect(lineOf('| Kodexa |', '**failed**: the listAll process exited with code 1')).toBeDefined();
    expect(lineOf('**failed**: Timeout: no answer within 30000 ms')).toBeDefined();
    expect(markdown).toContain('**Failed**: require(tokenbridge) failed in a fresh process');
    expect(markdown).toContain('Not measured: find failed: fetch failed');
  });

  it('writes the measured rows beside them, with the retries counted', () => {
    expect(lineOf('| Kodexa | get | 1 |', '0.200 / 0.400', '| 0 / 2 / 0 |')).toBeDefined();
    expect(lineOf('| DatoCMS | get |', '4,600 / 5,000 / 9,000 (0.92x), retried 0 / 1 / 0', '**failed**: socket hang up')).toBeDefined();
    expect(lineOf('| Kodexa | 100,000 | 0.4 |')).toBeDefined();
  });

  it('counts no target met whose figures include a failed row', () => {
    const targets = partlyFailedRun().targets;
    const latency = targets.find((t) => t.target.startsWith('Median latency'));
    expect(latency).toMatchObject({ met: false, measured: `kodexa get 1.03x, datocms get failed: socket hang up (ECONNRESET) after 3 retries` });
    expect(targets.find((t) => t.target.startsWith('Simulators at 100,000 tokens'))).toMatchObject({ met: true });
    expect(targets.find((t) => t.target.startsWith('Rate-limited'))).toMatchObject({ met: false, measured: 'failed: Timeout: no answer within 30000 ms' });
  });
});
