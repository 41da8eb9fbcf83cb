import { startDatoCmsSimulator, startKodexaSimulator, startSoftwareOneSimulator } from '@tokenbridge/testing';

/**
 * Where the examples run: a real vendor when its TOKENBRIDGE_* variables are
 * set, otherwise the built-in simulator on 127.0.0.1 (no credentials needed).
 */

/** Connection settings of one vendor. */
export interface Target {
  readonly baseUrl: string;
  readonly credential: string;
  /** True when this is the built-in simulator. */
  readonly simulated: boolean;
}

/** A target per vendor, and how to stop the simulators it started. */
export interface Targets {
  readonly kodexa: Target;
  readonly softwareone: Target;
  readonly datocms: Target & { readonly environment?: string };
  close(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Resolves each vendor to its real API (from the environment) or a freshly started simulator. */
export async function resolveTargets(env: Env = process.env): Promise<Targets> {
  const closers: Array<() => Promise<void>> = [];
  const simulated = async (start: () => Promise<{ url: string; credential: string; close(): Promise<void> }>): Promise<Target> => {
    const sim = await start();
    closers.push(() => sim.close());
    return { baseUrl: sim.url, credential: sim.credential, simulated: true };
  };
  try {
    const kodexa =
      env['TOKENBRIDGE_KODEXA_API_KEY'] && env['TOKENBRIDGE_KODEXA_URL']
        ? { baseUrl: env['TOKENBRIDGE_KODEXA_URL'], credential: env['TOKENBRIDGE_KODEXA_API_KEY'], simulated: false }
        : await simulated(() => startKodexaSimulator());
    const softwareone = env['TOKENBRIDGE_SOFTWAREONE_API_TOKEN']
      ? { baseUrl: env['TOKENBRIDGE_SOFTWAREONE_URL'] ?? 'https://api.platform.softwareone.com', credential: env['TOKENBRIDGE_SOFTWAREONE_API_TOKEN'], simulated: false }
      : await simulated(() => startSoftwareOneSimulator());
    const environment = env['TOKENBRIDGE_DATOCMS_ENVIRONMENT'];
    const datocms = env['TOKENBRIDGE_DATOCMS_API_TOKEN']
      ? {
          baseUrl: env['TOKENBRIDGE_DATOCMS_URL'] ?? 'https://site-api.datocms.com',
          credential: env['TOKENBRIDGE_DATOCMS_API_TOKEN'],
          simulated: false,
          ...(environment ? { environment } : {}),
        }
      : // The examples make a handful of calls; the simulator's documented rate limit stays on.
        await simulated(() => startDatoCmsSimulator());
    return { kodexa, softwareone, datocms, close: () => Promise.all(closers.map((c) => c())).then(() => undefined) };
  } catch (error) {
    await Promise.all(closers.map((c) => c()));
    throw error;
  }
}

/** The environment variables that point the `tokenbridge` command line at `targets`. */
export function cliEnvironment(targets: Targets): Record<string, string> {
  return {
    TOKENBRIDGE_KODEXA_URL: targets.kodexa.baseUrl,
    TOKENBRIDGE_KODEXA_API_KEY: targets.kodexa.credential,
    TOKENBRIDGE_SOFTWAREONE_URL: targets.softwareone.baseUrl,
    TOKENBRIDGE_SOFTWAREONE_API_TOKEN: targets.softwareone.credential,
    TOKENBRIDGE_DATOCMS_URL: targets.datocms.baseUrl,
    TOKENBRIDGE_DATOCMS_API_TOKEN: targets.datocms.credential,
    ...(targets.datocms.environment ? { TOKENBRIDGE_DATOCMS_ENVIRONMENT: targets.datocms.environment } : {}),
  };
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
