import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Row } from '../resilience';
import { median } from '../stats';
import { VENDOR_LIST } from 'tokenbridge';

/** Row 6, one package: `require` in a fresh node process, from the built `dist`. */
export interface ColdStart {
  readonly package: string;
  /** The file `require` loaded, relative to the repository (always a `dist/index.js`). */
  readonly resolved: string;
  /** Median time of the `require` call alone. */
  readonly requireMs: number;
  /** Median wall time of the whole process (start, require, exit), and the same less an empty node process. */
  readonly processMs: number;
  readonly processOverNodeMs: number;
  /** Modules in `require.cache` afterwards (the package and everything it pulled in). */
  readonly modules: number;
}

/** Row 6: the build it measured, the empty-process baseline, and each package. */
export interface ColdStartRow {
  /** `ok: false` when the build failed: the row then measured the `dist` already there, which may be stale. */
  readonly build: { readonly command: string; readonly seconds: number; readonly ok: boolean; readonly error?: string };
  readonly runs: number;
  readonly nodeProcessMs: number;
  readonly packages: readonly ColdStart[];
}

/** Table 6: measured, or why not. */
export type ColdStartResult = Row<ColdStartRow, never>;

/** The per-vendor packages and the unified one, in report order. */
export const COLD_START_PACKAGES: readonly string[] = ['@tokenbridge/core', ...VENDOR_LIST.map((vendor) => vendor.packageName), 'tokenbridge'];

const ROOT = path.resolve(__dirname, '../../..');
const BENCH = path.resolve(__dirname, '../..');

// Runs in the fresh process: times the require alone and counts what it loaded.
const PROBE = `const { performance } = require('node:perf_hooks');
const name = process.argv[1];
const started = performance.now();
if (name) require(name);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, modules: Object.keys(require.cache).length, resolved: name ? require.resolve(name) : '' }));`;

/**
 * Builds the packages (`tsc -b`, a no-op when `dist` is up to date), then
 * requires each one `runs` times in a fresh `node` process without the
 * source condition, so it loads the published `dist` JavaScript. Runs are
 * interleaved across packages; the first pass is a warm-up (it fills the
 * OS file cache, so "cold" means a fresh process, not a cold disk).
 */
export function measureColdStart(runs: number): ColdStartRow {
  const build = buildPackages();
  const env = { ...process.env };
  // The bench runs under tsx: none of its loader flags may reach the probe.
  delete env['NODE_OPTIONS'];
  const probe = (name: string | undefined): { ms: number; wallMs: number; modules: number; resolved: string } => {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['-e', PROBE, ...(name ? [name] : [])], { cwd: BENCH, env, encoding: 'utf8' });
    const wallMs = performance.now() - started;
    if (result.status !== 0) throw new Error(`require(${name ?? ''}) failed in a fresh process: ${result.stderr}`);
    return { ...(JSON.parse(result.stdout) as { ms: number; modules: number; resolved: string }), wallMs };
  };

  const names: (string | undefined)[] = [undefined, ...COLD_START_PACKAGES];
  for (const name of names) probe(name);
  const samples = names.map((): { ms: number; wallMs: number; modules: number; resolved: string }[] => []);
  for (let run = 0; run < runs; run++) names.forEach((name, index) => samples[index]?.push(probe(name)));

  const nodeProcessMs = median((samples[0] ?? []).map((s) => s.wallMs));
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    build,
    runs,
    nodeProcessMs: round(nodeProcessMs),
    packages: COLD_START_PACKAGES.map((name, index) => {
      const runsOf = samples[index + 1] ?? [];
      const processMs = median(runsOf.map((s) => s.wallMs));
      const resolved = path.relative(ROOT, runsOf[0]?.resolved ?? '');
      if (!resolved.includes(`${path.sep}dist${path.sep}`)) throw new Error(`${name} resolved to ${resolved}, not a built dist file`);
      return {
        package: name,
        resolved,
        requireMs: round(median(runsOf.map((s) => s.ms))),
        processMs: round(processMs),
        processOverNodeMs: round(processMs - nodeProcessMs),
        modules: runsOf[0]?.modules ?? 0,
      };
    }),
  };
}

/**
 * `tsc -b tsconfig.build.json` from the repository root; it rebuilds only what
 * is missing or stale. A failed build does not stop the run (a type error
 * elsewhere should not cost every other row): the row says so, and a missing
 * `dist` then fails the probe.
 */
function buildPackages(): ColdStartRow['build'] {
  const command = 'npx tsc -b tsconfig.build.json';
  const tsc = require.resolve('typescript/bin/tsc');
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (result.status === 0) return { command, seconds, ok: true };
  const error = `${result.stdout}${result.stderr}`.trim().split('\n').slice(0, 5).join('\n');
  process.stderr.write(`warning: the build failed; row 6 measures the dist already built:\n${error}\n`);
  return { command, seconds, ok: false, error };
}
