import { VENDORS, VENDOR_IDS, type VendorId, envVariableNames } from 'tokenbridge';
import { startSimulator } from '@tokenbridge/testing';

/**
 * Where the examples run: a real vendor when its TOKENBRIDGE_* variables are
 * set, otherwise the built-in simulator on 127.0.0.1 (no credentials needed).
 * The vendors are the registry's; each has a simulator in @tokenbridge/testing.
 */

/** Connection settings of one vendor. */
export interface Target {
  readonly baseUrl: string;
  readonly credential: string;
  /** The vendor's own settings (DatoCMS's `environment`...), by option. */
  readonly settings: Readonly<Record<string, string>>;
  /** True when this is the built-in simulator. */
  readonly simulated: boolean;
}

/** A target per registered vendor, and how to stop the simulators it started. */
export type Targets = { readonly [K in VendorId]: Target } & { close(): Promise<void> };

type Env = Readonly<Record<string, string | undefined>>;

/** The vendor's real API, when the environment configures it. */
function fromEnvironment(id: VendorId, env: Env): Target | undefined {
  const names = envVariableNames(id);
  const credential = env[names.credential];
  const baseUrl = env[names.baseUrl] ?? VENDORS[id].defaultBaseUrl ?? undefined;
  if (!credential || !baseUrl) return undefined;
  const settings = Object.entries(names.settings).flatMap(([option, variable]) => (env[variable] ? [[option, env[variable]] as const] : []));
  return { baseUrl, credential, settings: Object.fromEntries(settings), simulated: false };
}

/** Resolves each vendor to its real API (from the environment) or a freshly started simulator. */
export async function resolveTargets(env: Env = process.env): Promise<Targets> {
  const closers: Array<() => Promise<void>> = [];
  const close = (): Promise<void> => Promise.all(closers.map((c) => c())).then(() => undefined);
  const targets: Partial<Record<VendorId, Target>> = {};
  try {
    for (const id of VENDOR_IDS) {
      const real = fromEnvironment(id, env);
      if (real) {
        targets[id] = real;
        continue;
      }
      // The examples make a handful of calls; a simulator's documented rate limit stays on.
      const sim = await startSimulator(id);
      closers.push(() => sim.close());
      targets[id] = { baseUrl: sim.url, credential: sim.credential, settings: {}, simulated: true };
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { ...(targets as Record<VendorId, Target>), close };
}

/** The environment variables that point the `tokenbridge` command line at `targets`. */
export function cliEnvironment(targets: Targets): Record<string, string> {
  return Object.fromEntries(
    VENDOR_IDS.flatMap((id) => {
      const names = envVariableNames(id);
      const target = targets[id];
      return [
        [names.baseUrl, target.baseUrl],
        [names.credential, target.credential],
        ...Object.entries(target.settings).flatMap(([option, value]) => (names.settings[option] !== undefined ? [[names.settings[option], value]] : [])),
      ];
    }),
  );
}

/** Runs an example's `main` when its file is executed directly, closing simulators afterwards and setting the exit code. */
export function runDirectly(module: NodeModule, main: (targets: Targets) => Promise<void>): void {
  if (require.main !== module) return;
  void (async () => {
    const targets = await resolveTargets();
    try {
      await main(targets);
    } catch (error) {
      console.error(error instanceof Error ? error.message : 'example failed');
      process.exitCode = 1;
    } finally {
      await targets.close();
    }
  })();
}
