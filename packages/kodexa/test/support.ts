import { inspect } from 'node:util';
import { type Clock, type TransportEvent, systemClock } from '@tokenbridge/core';
import { type KodexaSimulator, type KodexaSimulatorOptions, startKodexaSimulator, steadyClock } from '@tokenbridge/testing';
import { type KodexaOptions, kodexa } from '@tokenbridge/kodexa';

/** A running simulator, a provider on it, and what the provider emitted. */
export interface Harness {
  readonly sim: KodexaSimulator;
  readonly provider: ReturnType<typeof kodexa>;
  readonly events: TransportEvent[];
  /** Another provider on the same simulator (a concurrent writer), with `extra` options (another key...). */
  other(extra?: Partial<KodexaOptions>): ReturnType<typeof kodexa>;
  close(): Promise<void>;
}

/**
 * Starts a simulator and a provider with tiny retry backoffs and no client
 * pacing (tests that fire many requests would otherwise wait out the 10/s
 * window); everything is closed by `close()`.
 */
export async function harness(
  simOptions: KodexaSimulatorOptions = {},
  providerOptions: Partial<KodexaOptions> = {},
): Promise<Harness> {
  const sim = await startKodexaSimulator({ now: steadyClock(), ...simOptions });
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  const opened: Array<ReturnType<typeof kodexa>> = [];
  const make = (extra: Partial<KodexaOptions> = {}): ReturnType<typeof kodexa> => {
    const provider = kodexa({
      apiKey: sim.credential,
      baseUrl: sim.url,
      retry: { baseMs: 1, capMs: 5 },
      limiter: false,
      hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push },
      ...providerOptions,
      ...extra,
    });
    opened.push(provider);
    return provider;
  };
  const provider = make();
  return {
    sim,
    provider,
    events,
    other: (extra) => make(extra),
    close: async () => {
      await Promise.all(opened.map((p) => p.close()));
      await sim.close();
    },
  };
}

// Tasks that must succeed or fail, shared by every adapter's tests.
export { fails, succeeds as ok } from '@tokenbridge/testing';

/** The real clock moved by `offsetMs` (sleeps and timers stay real). */
export function shiftedClock(offsetMs: number): Clock {
  return { ...systemClock, now: () => systemClock.now() + offsetMs };
}

/** Everything printable about `values`, for secret sweeps. */
export function printed(...values: unknown[]): string {
  return values.map((v) => `${JSON.stringify(v)}\n${inspect(v, { depth: Infinity })}`).join('\n');
}

/** The methods of the logged requests to a path, in order. */
export function methods(sim: KodexaSimulator, path: RegExp = /^\/api\//): string[] {
  return sim.requests.filter({ path }).map((r) => r.method);
}
