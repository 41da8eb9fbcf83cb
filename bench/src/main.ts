/**
 * `npm run bench` (`-- --quick` for a small trial run): measures tokenbridge
 * against raw node:http, bare axios and the official DatoCMS client on the
 * local simulators, prints the markdown tables and writes
 * `bench/results/latest.json` (`quick.json` for a quick run) and `.md`.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BenchConfig, FULL, QUICK } from './config';
import { renderMarkdown } from './report';
import type { BenchResults } from './results';
import { measureColdStart } from './rows/cold-start';
import { type Memory, measureMemory } from './rows/memory';
import { type Overhead, measureOverhead } from './rows/overhead';
import { measurePeer } from './rows/peer';
import { measureRateLimit } from './rows/rate-limit';
import { type RoundTrips, measureRoundTrips } from './rows/round-trips';
import { type Throughput, measureThroughputRow } from './rows/throughput';
import { SimulatorProcess } from './simulators';
import { evaluateTargets } from './targets';
import { Workload } from './variants';
import { VENDOR_IDS, vendors } from './vendors';

const RESULTS = path.resolve(__dirname, '../results');

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const config: BenchConfig = quick ? QUICK : FULL;
  const startedAt = new Date();
  const started = performance.now();

  log('row 6: building the packages and requiring each in fresh processes');
  const coldStart = measureColdStart(config.coldStartRuns);

  log('starting the simulators in a child process');
  const simulators = await SimulatorProcess.start();
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the simulators`);
    void simulators.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const all = vendors(simulators.endpoints);
    const maxWorkers = Math.max(...config.throughput.concurrencies);
    const roundTrips: RoundTrips[] = [];
    const overhead: Overhead[] = [];
    const throughput: Throughput[] = [];
    for (const id of VENDOR_IDS) {
      const vendor = all[id];
      log(`${vendor.label}: round trips`);
      const trips = await measureRoundTrips(vendor, simulators.control(id));
      roundTrips.push(...trips);
      const updateByIdReads = trips.find((row) => row.operation === 'update by id')?.methods.startsWith('GET') ?? true;
      const provider = vendor.provider({ limiter: false });
      try {
        const workload = await Workload.prepare(vendor, provider, maxWorkers, updateByIdReads);
        log(`${vendor.label}: row 1, latency`);
        overhead.push(...(await measureOverhead(id, workload, config.latency)));
        log(`${vendor.label}: row 2, throughput`);
        const { concurrencies, rounds, opsAtOne, opsConcurrent } = config.throughput;
        throughput.push(...(await measureThroughputRow(id, workload, { concurrencies, rounds, opsAt: (c) => (c === 1 ? opsAtOne : opsConcurrent) })));
      } finally {
        await provider.close();
      }
    }

    log('row 3: the official DatoCMS client');
    const datoProvider = all.datocms.provider({ limiter: false });
    const peer = await measurePeer(all.datocms, datoProvider, simulators.endpoints.datocms, config.latency, config.peerOps).finally(() => datoProvider.close());

    log(`row 5: ${config.rateLimit.updates} DatoCMS updates under its rate limit`);
    const rateLimit = await measureRateLimit(all.datocms, simulators.control('datocms'), config.rateLimit);

    const memory: Memory[] = [];
    for (const id of ['kodexa', 'softwareone'] as const) {
      log(`row 4: listAll over ${config.memory.tokens.toLocaleString('en-US')} ${all[id].label} tokens`);
      memory.push(await measureMemory(all[id], simulators.endpoints[id], simulators.control(id), config.memory.tokens, config.memory.pageSize));
    }

    const measured = { roundTrips, overhead, throughput, peer, memory, rateLimit };
    const results: BenchResults = {
      run: {
        startedAt: startedAt.toISOString(),
        seconds: Math.round((performance.now() - started) / 1000),
        command: quick ? 'npm run bench -- --quick' : 'npm run bench',
        quick,
        commit: gitCommit(),
        node: process.version,
        platform: `${os.type()} ${os.release()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        packagesLoadedFrom: require.resolve('@tokenbridge/core').includes(`${path.sep}src${path.sep}`) ? 'TypeScript sources (tsx)' : 'built dist',
        config,
      },
      ...measured,
      coldStart,
      targets: evaluateTargets(measured),
    };
    const markdown = renderMarkdown(results);
    await write(quick ? 'quick' : 'latest', results, markdown);
    process.stdout.write(markdown);
  } finally {
    await simulators.stop();
  }
}

/** Writes `<name>.json` and `<name>.md` through temporary files, so a failed run never leaves half a result. */
async function write(name: string, results: BenchResults, markdown: string): Promise<void> {
  await fs.mkdir(RESULTS, { recursive: true });
  for (const [file, content] of [
    [`${name}.json`, `${JSON.stringify(results, null, 2)}\n`],
    [`${name}.md`, markdown],
  ] as const) {
    const target = path.join(RESULTS, file);
    await fs.writeFile(`${target}.tmp`, content);
    await fs.rename(`${target}.tmp`, target);
  }
  log(`wrote ${path.relative(process.cwd(), path.join(RESULTS, `${name}.json`))} and .md`);
}

/** The commit measured, with `-dirty` when the work tree had changes. */
function gitCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '-dirty' : ''}`;
}

main().then(
  // Sockets of the clients under test may linger in keep-alive pools: the run is over, so exit now.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
