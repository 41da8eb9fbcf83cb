import { type Retries, failed } from './resilience';
import type { BenchResults } from './results';
import type { FleetRow } from './rows/fleet';
import type { RateLimit, RateLimitRow } from './rows/rate-limit';
import type { LatencySummary } from './stats';
import { VENDORS } from 'tokenbridge';
import { type VendorId, VENDOR_IDS } from './vendors';

const VARIANT_ORDER = ['raw', 'axios', 'ours'] as const;

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]): string => `| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const ms = (value: number): string => value.toFixed(3);
const latency = (s: LatencySummary): string => `${ms(s.median)} / ${ms(s.p99)}`;
const x = (value: number): string => `${value.toFixed(2)}x`;
const int = (value: number): string => Math.round(value).toLocaleString('en-US');
/** A row that could not be measured: the reason, in its first figure cell, and dashes after it. */
const failedCells = (reason: string, width: number): string[] => [`**failed**: ${reason}`, ...Array.from({ length: width - 1 }, () => '–')];
/** Transient failures retried, per variant in the given order (`0 / 1 / 0`). */
const retried = <K extends string>(r: Retries<K>, order: readonly K[]): string => order.map((k) => r[k]).join(' / ');
const anyRetried = <K extends string>(r: Retries<K>): boolean => Object.values<number>(r).some((n) => n > 0);
const retries = (r: RateLimit): string => {
  const reasons = Object.entries(r.retryReasons).map(([reason, count]) => `${count} × ${reason}`);
  return reasons.length === 0 ? '0' : `${r.retries} (${reasons.join(', ')})`;
};

/** The whole report as markdown: one table per row of the issue, then the targets. */
export function renderMarkdown(results: BenchResults): string {
  const { run } = results;
  const parts: string[] = [];
  parts.push(
    `Measured ${run.startedAt.slice(0, 10)} with \`${run.command}\` in ${Math.round(run.seconds)} s` +
      ` (node ${run.node}, ${run.platform}, ${run.cpus} × ${run.cpuModel}, ${run.memoryGb} GB${run.commit ? `, commit ${run.commit}` : ''}).` +
      ` The simulators ran in a child process on 127.0.0.1; client-side limiters were off for rows 1-4, and so were our transport's retries` +
      ` in rows 1-3: there the harness retries a transiently failing request of any client at once, and the tables count the retries.` +
      (run.quick ? ' **Quick run: reduced sample sizes, figures not for publishing.**' : ''),
  );

  parts.push('#### Round trips per operation (simulator request log)');
  const operations = [...new Set(results.roundTrips.flatMap((r) => (failed(r) ? [] : [r.operation])))];
  // The vendors this run measured (all, or the one of `--vendor`).
  const measured = VENDOR_IDS.filter((id) => results.roundTrips.some((r) => r.vendor === id));
  parts.push(
    table(
      ['operation', ...measured.map((v) => VENDORS[v].displayName)],
      operations.map((operation) => [
        operation,
        ...measured.map((vendor) => {
          const failure = results.roundTrips.find((r) => r.vendor === vendor && failed(r));
          if (failure && failed(failure)) return `**failed**: ${failure.failed}`;
          const row = results.roundTrips.find((r) => r.vendor === vendor && !failed(r) && r.operation === operation);
          if (!row || failed(row)) return 'unsupported';
          const methods = row.methods === '' ? 'none' : row.methods;
          const noWrite = row.operation.startsWith('no-op') ? ', no write' : '';
          return `${row.requests} (${methods})${row.met ? '' : ` — target ${row.target}${noWrite}`}`;
        }),
      ]),
    ),
  );

  parts.push('#### 1. Per-operation latency, concurrency 1 (median / p99, ms)');
  parts.push(
    table(
      ['adapter', 'operation', 'HTTP calls', 'raw node:http', 'bare axios', 'tokenbridge', 'ours/axios median', 'ours/axios p99', 'ours/raw median', 'ours/raw p99', 'retried raw / axios / ours'],
      results.overhead.map((r) =>
        failed(r)
          ? [VENDORS[r.vendor].displayName, r.operation, ...failedCells(r.failed, 9)]
          : [
              VENDORS[r.vendor].displayName,
              r.operation,
              r.calls,
              latency(r.latencyMs.raw),
              latency(r.latencyMs.axios),
              latency(r.latencyMs.ours),
              x(r.ratios.oursToAxiosMedian),
              x(r.ratios.oursToAxiosP99),
              x(r.ratios.oursToRawMedian),
              x(r.ratios.oursToRawP99),
              retried(r.retries, VARIANT_ORDER),
            ],
      ),
    ),
  );

  parts.push(
    '#### 2. Throughput (operations per second: tokenbridge / bare axios / raw node:http, and ours/axios; transient failures retried, raw / axios / ours, where there were any)',
  );
  const concurrencies = [...new Set(results.throughput.map((r) => r.concurrency))];
  const pairs = [...new Set(results.throughput.map((r) => `${r.vendor}|${r.operation}`))];
  parts.push(
    table(
      ['adapter', 'operation', ...concurrencies.map((c) => `concurrency ${c}`)],
      pairs.map((pair) => {
        const [vendor, operation] = pair.split('|') as [VendorId, string];
        return [
          VENDORS[vendor].displayName,
          operation,
          ...concurrencies.map((c) => {
            const r = results.throughput.find((t) => t.vendor === vendor && t.operation === operation && t.concurrency === c);
            if (!r) return '–';
            if (failed(r)) return `**failed**: ${r.failed}`;
            const cell = `${int(r.opsPerSecond.ours)} / ${int(r.opsPerSecond.axios)} / ${int(r.opsPerSecond.raw)} (${x(r.ratios.oursToAxios)})`;
            return anyRetried(r.retries) ? `${cell}, retried ${retried(r.retries, VARIANT_ORDER)}` : cell;
          }),
        ];
      }),
    ),
  );

  for (const peer of results.peers) {
    parts.push(`#### 3. Peer: the official ${VENDORS[peer.vendor].displayName} client (${peer.client})`);
    if (peer.available) {
      parts.push(
        table(
          [
            'operation',
            'requests (each side)',
            'official median / p99 (ms)',
            'tokenbridge median / p99 (ms)',
            'ours/official median',
            'official ops/s',
            'tokenbridge ops/s',
            'ours/official ops/s',
            'retried official / ours',
          ],
          peer.operations.map((op) => [
            op.operation,
            op.requests,
            latency(op.latencyMs.official),
            latency(op.latencyMs.ours),
            x(op.ratios.oursToOfficialMedian),
            `${int(op.opsPerSecond.official)} (c${op.concurrency})`,
            `${int(op.opsPerSecond.ours)} (c${op.concurrency})`,
            x(op.ratios.oursToOfficialOpsPerSecond),
            retried(op.retries, ['official', 'ours'] as const),
          ]),
        ),
      );
    } else {
      parts.push(`Not measured: ${peer.reason}`);
    }
  }

  parts.push('#### 4. Memory: `listAll` streamed (limiter off)');
  parts.push(
    table(
      [
        'adapter',
        'tokens',
        'pages',
        'time (s)',
        'tokens/s',
        'simulator floor (s): raw page ms × pages',
        'peak RSS growth, first 10k (MB)',
        'peak RSS growth, all (MB)',
        'peak heap growth (MB)',
        'heap retained after GC (MB)',
      ],
      results.memory.map((r) =>
        failed(r)
          ? [VENDORS[r.vendor].displayName, ...failedCells(r.failed, 9)]
          : [
              VENDORS[r.vendor].displayName,
              int(r.tokens),
              int(r.pages),
              r.seconds,
              int(r.tokensPerSecond),
              `${r.rawFloorSeconds} (${r.rawPageMs} ms${r.rawRetries > 0 ? `, ${r.rawRetries} retried` : ''})`,
              r.peakRssGrowthEarlyMb,
              r.peakRssGrowthMb,
              r.peakHeapGrowthMb,
              r.retainedHeapMb,
            ],
      ),
    ),
  );

  parts.push(...renderRateLimit(results.rateLimit));

  const cs = results.coldStart;
  if (failed(cs)) {
    parts.push('#### 6. Cold start: `require` in a fresh node process (built dist)');
    parts.push(`**Failed**: ${cs.failed}`);
  } else {
    parts.push(`#### 6. Cold start: \`require\` in a fresh node process (built dist, median of ${cs.runs})`);
    if (!cs.build.ok) parts.push(`**The build failed** (\`${cs.build.command}\`), so this row measured the dist already built, which may be stale: ${(cs.build.error ?? '').replace(/\s*\n\s*/g, ' ')}`);
    parts.push(
      table(
        ['package', 'require (ms)', 'process wall (ms)', 'over an empty node (ms)', 'modules loaded'],
        [['(empty node process)', '–', cs.nodeProcessMs, '–', '–'], ...cs.packages.map((p) => [`\`${p.package}\``, p.requireMs, p.processMs, p.processOverNodeMs, p.modules])],
      ),
    );
  }

  parts.push('#### 7. Simulators holding many tokens (in their own process, raw node:http)');
  parts.push(
    table(
      ['simulator', 'tokens', 'generate (s)', 'list sequence', 'requests', 'list sequence (s)', 'retried'],
      results.simulatorScale.map((r) =>
        failed(r)
          ? [VENDORS[r.vendor].displayName, ...failedCells(r.failed, 6)]
          : [VENDORS[r.vendor].displayName, int(r.tokens), r.generateSeconds, r.sequence, r.requests, r.listSeconds, r.retries],
      ),
    ),
  );

  parts.push(...renderFleet(results.fleet));

  parts.push('#### Targets');
  parts.push(table(['target', 'goal', 'measured', 'met'], results.targets.map((t) => [t.target, t.goal, t.measured, t.met ? 'yes' : '**no**'])));
  return `${parts.join('\n\n')}\n`;
}

/** Row 5's heading and table. */
export function renderRateLimit(rl: RateLimitRow): string[] {
  const header = ['updates', 'limit', 'callers', 'theoretical minimum (s)', 'completion (s)', 'ratio', '429s received', 'retries', 'errors surfaced', 'PUTs the server received'];
  return [
    "#### 5. Rate limit: DatoCMS updates, the adapter's default limiter",
    table(
      header,
      failed(rl)
        ? [failedCells(rl.failed, header.length)]
        : [[rl.updates, `${rl.limit.requests} / ${rl.limit.windowMs} ms`, rl.callers, rl.theoreticalMinimumSeconds, rl.seconds, x(rl.ratioToMinimum), rl.received429, retries(rl), rl.errors, rl.serverRequests]],
    ),
  ];
}

/** Row 8's heading and table: the fleet pacing in memory (each process alone) and on Redis, side by side. */
export function renderFleet(f: FleetRow): string[] {
  const heading = '#### 8. A fleet sharing one credential: processes × renames against the DatoCMS simulator with its limit on';
  const header = ['limiter store', 'processes × renames', 'limit', 'theoretical minimum (s)', 'completion (s)', 'ratio', '429s received', 'share of requests', 'retries', 'errors surfaced', 'PUTs the server received'];
  if (failed(f)) return [heading, table(header, [failedCells(f.failed, header.length)])];
  const rows = f.runs.map((r) => [
    r.store === 'redis' ? 'Redis (`tokenbridge/redis`)' : 'memory (each process alone)',
    `${f.processes} × ${f.renamesEach}`,
    `${f.limit} / ${f.windowMs} ms`,
    f.theoreticalMinimumSeconds,
    r.seconds,
    x(r.ratioToMinimum),
    r.received429,
    `${r.percent429}%`,
    r.retries,
    r.errors,
    r.serverRequests,
  ]);
  if (f.redisMissing !== undefined) rows.push(['Redis', ...failedCells(`not measured: ${f.redisMissing}`, header.length - 1)]);
  return [heading, table(header, rows)];
}
