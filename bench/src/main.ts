/**
/**
 * `npm run bench` (`-- --quick` for a small trial run, `-- --vendor <id>` for
 * one vendor's rows, `-- --only=<row>` for one row, `-- --help`): measures
 * tokenbridge against raw node:http, bare axios and the vendors' official
 * clients on the local simulators, prints the markdown tables and writes
 * `bench/results/latest.json` (`quick.json`, `<run>-<vendor>.json`) and `.md`.
 * `--only=<row>` runs one row that needs nothing but the simulators (5, 8)
 * and writes `only-<row>.json` (`only-<row>-quick.json`) and `.md`.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BenchConfig, FULL, QUICK } from './config';
import { Progress, type StepTime, plan } from './progress';
import { renderFleet, renderMarkdown, renderRateLimit } from './report';
import { describe, settle } from './resilience';
import type { BenchResults } from './results';
import { type ColdStartResult, measureColdStart } from './rows/cold-start';
import { type FleetRow, measureFleet } from './rows/fleet';
import { type MemoryRow, measureMemory } from './rows/memory';
import { type OverheadRow, measureOverhead } from './rows/overhead';
import { type Peer, measurePeer } from './rows/peer';
import { OFFICIAL_CLIENTS } from './rows/peer-clients';
import { type RateLimitRow, measureRateLimit } from './rows/rate-limit';
import { type RoundTripsRow, measureRoundTrips } from './rows/round-trips';
import { type SimulatorScaleRow, measureSimulatorScale } from './rows/simulator-scale';
import { type ThroughputRow, measureThroughputRow } from './rows/throughput';
import { SimulatorProcess } from './simulators';
import { NOT_RUN, evaluateTargets } from './targets';
import { OPERATIONS, Workload } from './variants';
import { VENDORS } from 'tokenbridge';
import { VENDOR_IDS, type VendorId, vendors } from './vendors';

const RESULTS = path.resolve(__dirname, '../results');
const label = (id: VendorId): string => VENDORS[id].displayName;
const LISTED = ['kodexa', 'softwareone'] as const;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const USAGE = `npm run bench [-- --quick] [-- --vendor <id> | --only=<row>]
  --quick        every row at a tenth of the size, to check the harness (bench/results/quick.*)
  --vendor <id>  only that vendor's rows: round trips, 1, 2, 3 (when it has an official client), 4 and 5 (when the
                 row is about it) and 7; row 6 is not run (bench/results/<latest|quick>-<id>.*). Vendors: ${VENDOR_IDS.join(', ')}
  --help         this text`;

/** The vendors a run measures: all, or the one `--vendor` names. */
function selectedVendors(argv: readonly string[]): readonly VendorId[] | undefined {
  const at = argv.indexOf('--vendor');
  if (at < 0) return VENDOR_IDS;
  const id = argv[at + 1];
  return VENDOR_IDS.find((v) => v === id) !== undefined ? [id as VendorId] : undefined;
}

/** The steps of a run, in order; their labels key the estimates kept from the last run. */
function stepLabels(config: BenchConfig, ids: readonly VendorId[]): string[] {
  const tokens = (n: number): string => n.toLocaleString('en-US');
  return [
    ...(ids.length === VENDOR_IDS.length ? ['row 6: building the packages and requiring each in fresh processes'] : []),
    'starting the simulators in a child process',
    ...ids.flatMap((id) => [`${label(id)}: round trips`, `${label(id)}: row 1, latency`, `${label(id)}: row 2, throughput`]),
    ...ids.filter((id) => OFFICIAL_CLIENTS[id] !== undefined).map((id) => `row 3: the official ${label(id)} client`),
    ...(ids.includes('datocms') ? [`row 5: ${config.rateLimit.updates} DatoCMS updates under its rate limit`] : []),
    ...(ids.includes('datocms') ? [`row 8: ${config.fleet.processes} processes × ${config.fleet.renamesEach} DatoCMS renames, in memory and on Redis`] : []),
    ...LISTED.filter((id) => ids.includes(id)).map((id) => `row 4: listAll over ${tokens(config.memory.tokens)} ${label(id)} tokens`),
    ...ids.map((id) => `row 7: the ${label(id)} simulator holding ${tokens(config.simulatorScaleTokens)} tokens`),
  ];
}

/** Seconds each kind of step took on 2 cores in a full run, for a first run with no earlier one to go by. */
function fallbackSeconds(label: string, quick: boolean): number {
  const full: ReadonlyArray<readonly [RegExp, number]> = [
    [/^row 6/, 30],
    [/^starting/, 2],
    [/round trips$/, 1],
    [/row 1/, 12],
    [/row 2/, 22],
    [/^row 3/, 20],
    [/^row 5/, 50],
    [/^row 8/, 150],
    [/^row 4/, 15],
    [/^row 7/, 6],
  ];
  const seconds = full.find(([pattern]) => pattern.test(label))?.[1] ?? 5;
  return quick ? Math.max(1, seconds / 6) : seconds;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void process.stdout.write(`${USAGE}\n`);
  const ids = selectedVendors(process.argv);
  if (ids === undefined) throw new Error(`--vendor takes one of ${VENDOR_IDS.join(', ')}\n${USAGE}`);
  const quick = process.argv.includes('--quick');
  const config: BenchConfig = quick ? QUICK : FULL;
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (only !== undefined) return runOnly(only, config, quick);
  const every = ids.length === VENDOR_IDS.length;
  const name = `${quick ? 'quick' : 'latest'}${every ? '' : `-${ids.join('-')}`}`;
  const notRun = (row: string) => (): Promise<never> => Promise.reject(new Error(`${NOT_RUN}${row} is not among the rows of --vendor ${ids.join(', ')}`));
  const startedAt = new Date();
  const started = performance.now();
  const labels = stepLabels(config, ids);
  const progress = new Progress(plan(labels, await previousSteps(name), (label) => fallbackSeconds(label, quick)), log, () => performance.now());
  const warn = (line: string): void => log(`warning: ${line}`);
  const step = (index: number): void => progress.start(labels[index] as string);
  let next = 0;

  if (every) step(next++);
  const coldStart: ColdStartResult = await settle({}, 'row 6', every ? async () => measureColdStart(config.coldStartRuns) : notRun('row 6'), warn);

  step(next++);
  let simulators: SimulatorProcess | undefined;
  let simulatorsFailed = '';
  try {
    simulators = await SimulatorProcess.start();
  } catch (error) {
    simulatorsFailed = `the simulators did not start: ${describe(error)}`;
    warn(simulatorsFailed);
  }
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the simulators`);
    void (simulators?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  /** The running simulators; a row needing them when they did not start fails with that reason. */
  const running = (): SimulatorProcess => {
    if (simulators === undefined) throw new Error(simulatorsFailed);
    return simulators;
  };

  try {
    const all = simulators ? vendors(simulators.endpoints) : undefined;
    const vendorOf = (id: VendorId) => {
      if (all === undefined) throw new Error(simulatorsFailed);
      return all[id];
    };
    const maxWorkers = Math.max(...config.throughput.concurrencies);
    const roundTrips: RoundTripsRow[] = [];
    const overhead: OverheadRow[] = [];
    const throughput: ThroughputRow[] = [];
    for (const id of ids) {
      step(next++);
      const trips = await settle({ vendor: id }, `${id} round trips`, () => measureRoundTrips(vendorOf(id), running().control(id)), warn);
      roundTrips.push(...(Array.isArray(trips) ? trips : [trips]));
      const updateByIdReads = Array.isArray(trips) ? (trips.find((row) => row.operation === 'update by id')?.methods.startsWith('GET') ?? true) : true;
      // Limiter and retries off: the limiter would measure itself, and the harness retries a transient failure of every client alike.
      const provider = all?.[id].provider({ limiter: false, retry: { retries: 0 } });
      try {
        const workload = await settle({}, `${id} tokens for rows 1-2`, async () => {
          if (provider === undefined) throw new Error(simulatorsFailed);
          return Workload.prepare(vendorOf(id), provider, maxWorkers, updateByIdReads);
        }, warn);
        const { concurrencies, rounds, opsAtOne, opsConcurrent } = config.throughput;
        step(next++);
        if (workload instanceof Workload) overhead.push(...(await measureOverhead(id, workload, config.latency, warn)));
        else overhead.push(...OPERATIONS.map((operation) => ({ vendor: id, operation, failed: workload.failed })));
        step(next++);
        if (workload instanceof Workload) {
          throughput.push(...(await measureThroughputRow(id, workload, { concurrencies, rounds, opsAt: (c) => (c === 1 ? opsAtOne : opsConcurrent) }, warn)));
        } else {
          throughput.push(...OPERATIONS.flatMap((operation) => concurrencies.map((concurrency) => ({ vendor: id, operation, concurrency, failed: workload.failed }))));
        }
      } finally {
        await provider?.close();
      }
    }

    const peers: Peer[] = [];
    for (const id of ids) {
      const official = OFFICIAL_CLIENTS[id];
      if (official === undefined) continue;
      step(next++);
      peers.push(
        await (async (): Promise<Peer> => {
          try {
            const vendor = vendorOf(id);
            const provider = vendor.provider({ limiter: false, retry: { retries: 0 } });
            return await measurePeer(vendor, provider, official(running().endpoints), config.latency, config.peerOps).finally(() => provider.close());
          } catch (error) {
            warn(`row 3 (${id}) failed, the row says so and the run goes on: ${describe(error)}`);
            return { vendor: id, available: false, client: `the official ${label(id)} client`, reason: describe(error) };
          }
        })(),
      );
    }

    if (ids.includes('datocms')) step(next++);
    const rateLimit: RateLimitRow = await settle(
      {},
      'row 5',
      ids.includes('datocms') ? () => measureRateLimit(vendorOf('datocms'), running().control('datocms'), config.rateLimit) : notRun('row 5 (DatoCMS)'),
      warn,
    );

    if (ids.includes('datocms')) step(next++);
    const fleet: FleetRow = await settle(
      {},
      'row 8',
      ids.includes('datocms') ? () => measureFleet(running().endpoints.datocms, running().control('datocms'), config.fleet, warn) : notRun('row 8 (DatoCMS)'),
      warn,
    );

    const memory: MemoryRow[] = [];
    for (const id of LISTED.filter((listed) => ids.includes(listed))) {
      step(next++);
      memory.push(
        await settle({ vendor: id }, `row 4 ${id}`, () => measureMemory(vendorOf(id), running().endpoints[id], running().control(id), config.memory.tokens, config.memory.pageSize), warn),
      );
    }

    const simulatorScale: SimulatorScaleRow[] = [];
    for (const id of ids) {
      step(next++);
      simulatorScale.push(await settle({ vendor: id }, `row 7 ${id}`, () => measureSimulatorScale(vendorOf(id), running().control(id), config.simulatorScaleTokens), warn));
    }

    const steps = progress.finish();
    const measured = { roundTrips, overhead, throughput, peers, memory, rateLimit, simulatorScale, fleet };
    const results: BenchResults = {
      run: {
        startedAt: startedAt.toISOString(),
        seconds: Math.round((performance.now() - started) / 1000),
        command: `npm run bench${quick || !every ? ' --' : ''}${quick ? ' --quick' : ''}${every ? '' : ` --vendor ${ids.join(' ')}`}`,
        quick,
        commit: gitCommit(),
        node: process.version,
        platform: `${os.type()} ${os.release()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        packagesLoadedFrom: require.resolve('@tokenbridge/core').includes(`${path.sep}src${path.sep}`) ? 'TypeScript sources (tsx)' : 'built dist',
        config,
        steps: steps.map((t) => ({ label: t.label, seconds: Math.round(t.seconds * 10) / 10 })),
      },
      ...measured,
      coldStart,
      targets: evaluateTargets(measured),
    };
    const markdown = renderMarkdown(results);
    await write(name, results, markdown);
    process.stdout.write(markdown);
  } finally {
    await simulators?.stop();
  }
}

/** The rows `--only` runs: those needing nothing but the simulators. */
const ONLY_ROWS = ['5', '8'] as const;

/** `--only=<row>`: one row, its table printed and written to `only-<row>[-quick].json` and `.md`. */
async function runOnly(row: string, config: BenchConfig, quick: boolean): Promise<void> {
  if (!(ONLY_ROWS as readonly string[]).includes(row)) throw new Error(`--only takes one of ${ONLY_ROWS.join(', ')} (the rows that need only the simulators), not "${row}"`);
  const startedAt = new Date();
  const started = performance.now();
  const warn = (line: string): void => log(`warning: ${line}`);
  log(`starting the simulators; then row ${row} alone`);
  const simulators = await SimulatorProcess.start();
  try {
    const control = simulators.control('datocms');
    const [result, section] =
      row === '5'
        ? await settle({}, 'row 5', () => measureRateLimit(vendors(simulators.endpoints).datocms, control, config.rateLimit), warn).then((r) => [r, renderRateLimit(r)] as const)
        : await settle({}, 'row 8', () => measureFleet(simulators.endpoints.datocms, control, config.fleet, warn), warn).then((r) => [r, renderFleet(r)] as const);
    const command = `npm run bench -- --only=${row}${quick ? ' --quick' : ''}`;
    const seconds = Math.round((performance.now() - started) / 1000);
    const intro = `Measured ${startedAt.toISOString().slice(0, 10)} with \`${command}\` in ${seconds} s (node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown'}${gitCommit() ? `, commit ${gitCommit()}` : ''}).`;
    const markdown = `${[intro, ...section].join('\n\n')}\n`;
    await write(`only-${row}${quick ? '-quick' : ''}`, { run: { startedAt: startedAt.toISOString(), seconds, command, commit: gitCommit(), node: process.version, config }, row: result }, markdown);
    process.stdout.write(markdown);
  } finally {
    await simulators.stop();
  }
}

/** How long each step of the last run of this kind took, if its results are there and say so. */
async function previousSteps(name: string): Promise<StepTime[] | undefined> {
  try {
    const previous = JSON.parse(await fs.readFile(path.join(RESULTS, `${name}.json`), 'utf8')) as { run?: { steps?: StepTime[] } };
    return previous.run?.steps;
  } catch {
    return undefined;
  }
}

/** Writes `<name>.json` and `<name>.md` through temporary files, so a failed run never leaves half a result. */
async function write(name: string, results: object, markdown: string): Promise<void> {
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
