import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { type RedisServer, hasRedisServer, startRedisServer } from '@tokenbridge/testing';
import type { FleetChildReport } from '../fleet-child';
import type { Endpoint, SimulatorControl } from '../simulators';
import type { Row } from '../resilience';
import { ratio } from '../stats';

const CHILD = path.resolve(__dirname, '../fleet-child.ts');

/** Row 8's settings: `processes` sharing one credential, each renaming `renamesEach` times from `callers` workers. */
export interface FleetSettings {
  readonly processes: number;
  readonly renamesEach: number;
  readonly callers: number;
  readonly limit: number;
  readonly windowMs: number;
}

/** One store's run of the fleet. */
export interface FleetRun {
  readonly store: 'memory' | 'redis';
  /** From the go signal to the last process's last answer. */
  readonly seconds: number;
  readonly ratioToMinimum: number;
  /** 429 answers the processes received, and their share of the PUTs the server received. */
  readonly received429: number;
  readonly percent429: number;
  readonly retries: number;
  /** Renames that failed (surfaced to the caller). */
  readonly errors: number;
  readonly serverRequests: number;
}

/** Row 8: the fleet with each process pacing alone (memory) and with the Redis store, side by side. */
export interface Fleet extends FleetSettings {
  readonly theoreticalMinimumSeconds: number;
  readonly runs: readonly FleetRun[];
  /** Why the Redis run is missing (no redis-server on this machine). */
  readonly redisMissing?: string;
}

export type FleetRow = Row<Fleet, never>;

/**
 * Row 8: `processes` child processes rename DatoCMS tokens against the
 * simulator with its limit on, first each pacing in memory alone (today's
 * behaviour for a fleet), then all on one Redis (a real redis-server this row
 * starts and stops). Each process reads its tokens and starts before the
 * clock does; then all get the go at once.
 */
export async function measureFleet(endpoint: Endpoint, control: SimulatorControl, settings: FleetSettings, warn: (line: string) => void): Promise<Fleet> {
  const total = settings.processes * settings.renamesEach;
  const minimum = (Math.floor((total - 1) / settings.limit) * settings.windowMs) / 1000;
  const runs: FleetRun[] = [await run('memory', undefined)];
  let redisMissing: string | undefined;
  if (hasRedisServer()) {
    const server: RedisServer = await startRedisServer();
    try {
      runs.push(await run('redis', server.url));
    } finally {
      await server.stop();
    }
  } else {
    redisMissing = 'no redis-server on the PATH (apt-get install redis-server)';
    warn(`row 8: ${redisMissing}; the Redis run is left out`);
  }
  return { ...settings, theoreticalMinimumSeconds: minimum, runs, ...(redisMissing !== undefined ? { redisMissing } : {}) };

  async function run(store: FleetRun['store'], redisUrl: string | undefined): Promise<FleetRun> {
    await control.setRateLimit(false);
    const prefix = `fleet-${store}-${Date.now()}`;
    await control.generate(settings.processes * settings.callers, prefix);
    const ids = await tokenIds(control, prefix, settings.processes * settings.callers);
    const children = Array.from({ length: settings.processes }, (_, i) =>
      startChild(endpoint.credential, [endpoint.url, ids.slice(i * settings.callers, (i + 1) * settings.callers).join(','), String(settings.callers), String(settings.renamesEach), redisUrl ?? '']),
    );
    try {
      await Promise.all(children.map((c) => c.ready));
      await control.setRateLimit({ limit: settings.limit, windowMs: settings.windowMs });
      await control.clearRequests();
      const started = performance.now();
      for (const c of children) c.child.stdin?.write('go\n');
      const reports = await Promise.all(children.map((c) => c.result));
      const seconds = (performance.now() - started) / 1000;
      const serverRequests = (await control.requests()).filter((entry) => entry.method === 'PUT').length;
      const sum = (pick: (r: FleetChildReport) => number): number => reports.reduce((n, r) => n + pick(r), 0);
      const received429 = sum((r) => r.received429);
      return {
        store,
        seconds: Math.round(seconds * 100) / 100,
        ratioToMinimum: ratio(seconds, minimum),
        received429,
        percent429: Math.round((received429 / Math.max(1, serverRequests)) * 1000) / 10,
        retries: sum((r) => r.retries),
        errors: sum((r) => r.errors),
        serverRequests,
      };
    } finally {
      for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
      await control.setRateLimit(false);
    }
  }
}

/** The ids of the `count` tokens just generated with `prefix` (the newest: the store lists in the order of making). */
async function tokenIds(control: SimulatorControl, prefix: string, count: number): Promise<string[]> {
  const { total } = await control.tokens(0, 0);
  const { data } = await control.tokens(Math.max(0, total - count), count);
  const ids = (data as Array<{ id: string; attributes: { name: string } }>).filter((t) => t.attributes.name.startsWith(prefix)).map((t) => t.id);
  if (ids.length !== count) throw new Error(`expected ${count} tokens named ${prefix}…, found ${ids.length}`);
  return ids;
}

/** A fleet process, run from its TypeScript source with the loader this process runs under. */
function startChild(credential: string, args: readonly string[]): { child: ChildProcess; ready: Promise<void>; result: Promise<FleetChildReport> } {
  const child = spawn(process.execPath, [...process.execArgv, CHILD, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, FLEET_API_TOKEN: credential } });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<FleetChildReport>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'READY') onReady();
      else if (line.startsWith('RESULT ')) resolve(JSON.parse(line.slice('RESULT '.length)) as FleetChildReport);
    });
    child.once('exit', (code) => reject(new Error(`a fleet process exited with ${code} before its result`)));
  });
  // A child dying before READY fails the wait for it too (and its result is then not awaited).
  result.catch(() => undefined);
  return { child, ready: Promise.race([ready, result.then(() => undefined)]), result };
}
