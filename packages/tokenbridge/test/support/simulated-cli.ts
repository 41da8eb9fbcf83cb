import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AllSimulators, startAllSimulators } from '@tokenbridge/testing';
import { VENDOR_IDS, envVariableNames } from 'tokenbridge';
import { type CliRun, cli } from '../reliability/support/cli';

/** The command line against one simulator per registered vendor, fresh for each test. */
export interface SimulatedCli {
  /** The running simulators (valid inside a test). */
  sims(): AllSimulators;
  /** TOKENBRIDGE_* variables configuring every registered vendor on its simulator, with `overrides`. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** Runs the command line in-process with `env` (default {@link env}), from a directory with no config file. */
  run(argv: readonly string[], env?: Record<string, string>): Promise<CliRun>;
}

/** Starts the simulators before each test of the calling file and closes them after it. */
export function simulatedCli(): SimulatedCli {
  let sims: AllSimulators | undefined;
  let empty: string | undefined;
  beforeAll(() => {
    // No config file in it or above it (the system's temporary directory), so only the environment configures providers.
    empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-cli-'));
  });
  afterAll(() => {
    if (empty) fs.rmSync(empty, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sims = await startAllSimulators({ datocms: { rateLimit: false } });
  });
  afterEach(() => sims?.close());
  const current = (): AllSimulators => {
    if (!sims) throw new Error('the simulators run only inside a test');
    return sims;
  };
  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    ...Object.fromEntries(
      VENDOR_IDS.flatMap((id) => {
        const names = envVariableNames(id);
        return [
          [names.baseUrl, current()[id].url],
          [names.credential, current()[id].credential],
        ];
      }),
    ),
    ...overrides,
  });
  return { sims: current, env, run: (argv, variables = env()) => cli(argv, variables, { cwd: empty as string }) };
}
