import { InvalidInputError } from '../simulator/input';
import { startSimulatorServer, type SimulatorHandle, type SimulatorOptions } from '../simulator/server';
import { resolveReadings } from '../simulator/readings';
import { KODEXA_READINGS, type KodexaReadings } from './readings';
import { kodexaRoutes } from './routes';
import { KODEXA_DEMO_USER_ID, KodexaTokenStore, type KodexaStore } from './store';
import type { KodexaTokenSeed } from './types';

/** The API key a Kodexa simulator accepts by default (the demo user's). */
export const KODEXA_DEMO_API_KEY = 'kdx-demo-5f1c9a7e3b2d4c6a8e0f1a2b3c4d5e6f';

/** Options of {@link startKodexaSimulator}. Kodexa publishes no rate limit, so none applies by default. */
export interface KodexaSimulatorOptions extends SimulatorOptions {
  /** The readings to play where the vendor's material is ambiguous; each defaults as {@link KODEXA_READINGS} says. */
  readonly readings?: Partial<KodexaReadings>;
  /** Tokens present at start (and after every reset). */
  readonly tokens?: readonly KodexaTokenSeed[];
}

/** A running Kodexa simulator. */
export interface KodexaSimulator extends SimulatorHandle<KodexaStore> {
  /** Id of the demo user, the owner of tokens created with the demo credential. */
  readonly userId: string;
  /** The readings it plays. */
  readonly readings: KodexaReadings;
}

/** Starts a Kodexa access-token API simulator on 127.0.0.1. */
export async function startKodexaSimulator(options: KodexaSimulatorOptions = {}): Promise<KodexaSimulator> {
  const credential = options.credential ?? KODEXA_DEMO_API_KEY;
  if (credential === '') throw new InvalidInputError('credential must not be empty');
  const now = options.now ?? Date.now;
  const readings = resolveReadings(KODEXA_READINGS, options.readings);
  const store = new KodexaTokenStore(now, options.tokens);
  const server = await startSimulatorServer({
    port: options.port ?? 0,
    now,
    rateLimit: options.rateLimit ?? false,
    requestLogLimit: options.requestLogLimit,
    setTimer: options.setTimer,
    routes: kodexaRoutes(store, { credential, readings, now }),
    control: {
      info: () => ({ vendor: 'kodexa', credential, userId: KODEXA_DEMO_USER_ID, readings }),
      tokenCount: () => store.size,
      listTokens: (offset, limit) => store.list().slice(offset, offset + limit),
      getToken: (id) => store.get(id),
      seedToken: (input) => {
        // seed() checks the input at run time.
        const token = store.seed(input as unknown as KodexaTokenSeed);
        return { token, secret: store.secretOf(token.id) };
      },
      deleteToken: (id) => store.delete(id),
      generateTokens: (count, namePrefix) => store.generate(count, namePrefix),
    },
    resetState: () => store.reset(),
  });
  return { ...server, credential, store, userId: KODEXA_DEMO_USER_ID, readings };
}
