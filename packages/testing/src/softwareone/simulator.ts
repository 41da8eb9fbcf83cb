import { startSimulatorServer, type SimulatorHandle, type SimulatorOptions } from '../simulator/server';
import { resolveReadings } from '../simulator/readings';
import { SOFTWAREONE_READINGS, type SoftwareOneReadings } from './readings';
import { softwareOneRoutes } from './routes';
import {
  SOFTWAREONE_DEMO_ACCOUNT,
  SOFTWAREONE_MODULES,
  SOFTWAREONE_SECRET,
  SoftwareOneTokenStore,
  type SoftwareOneStore,
} from './store';
import type { SoftwareOneTokenSeed } from './types';

/**
 * The bearer token a SoftwareOne simulator accepts by default: the secret of
 * the caller's own token `TKN-0000-0001`, owned by the demo account.
 */
export const SOFTWAREONE_DEMO_TOKEN = 'idt:TKN-0000-0001:c2ltdWxhdG9yLWRlbW8tdG9rZW4tMDAwMQ';

/** Options of {@link startSoftwareOneSimulator}. SoftwareOne publishes no rate limit, so none applies by default. */
export interface SoftwareOneSimulatorOptions extends SimulatorOptions {
  /**
   * The caller's own token's secret; it must read `idt:TKN-NNNN-NNNN:<opaque>`
   * and becomes a real token of the store (disable or delete it and it stops working).
   */
  readonly credential?: string;
  /** The readings to play where the vendor's material is ambiguous; each defaults as {@link SOFTWAREONE_READINGS} says. */
  readonly readings?: Partial<SoftwareOneReadings>;
  /** Tokens present at start (and after every reset), besides the caller's own. */
  readonly tokens?: readonly SoftwareOneTokenSeed[];
}

/** A running SoftwareOne simulator. */
export interface SoftwareOneSimulator extends SimulatorHandle<SoftwareOneStore> {
  /** The account every token belongs to. */
  readonly accountId: string;
  /** Id of the caller's own token (the one the credential is the secret of). */
  readonly tokenId: string;
  /** Ids of the modules tokens may be granted. */
  readonly moduleIds: readonly string[];
  /** The readings it plays. */
  readonly readings: SoftwareOneReadings;
}

/** Starts a SoftwareOne api-tokens API simulator on 127.0.0.1. */
export async function startSoftwareOneSimulator(options: SoftwareOneSimulatorOptions = {}): Promise<SoftwareOneSimulator> {
  const credential = options.credential ?? SOFTWAREONE_DEMO_TOKEN;
  const now = options.now ?? Date.now;
  const readings = resolveReadings(SOFTWAREONE_READINGS, options.readings);
  const store = new SoftwareOneTokenStore(now, credential, options.tokens);
  const tokenId = SOFTWAREONE_SECRET.exec(credential)![1]!;
  const moduleIds = SOFTWAREONE_MODULES.map(({ id }) => id);
  const server = await startSimulatorServer({
    port: options.port ?? 0,
    now,
    rateLimit: options.rateLimit ?? false,
    requestLogLimit: options.requestLogLimit,
    setTimer: options.setTimer,
    routes: softwareOneRoutes(store, { readings }),
    control: {
      info: () => ({ vendor: 'softwareone', credential, accountId: SOFTWAREONE_DEMO_ACCOUNT.id, tokenId, moduleIds, readings }),
      tokenCount: () => store.size,
      listTokens: (offset, limit) => store.list().slice(offset, offset + limit),
      getToken: (id) => store.get(id),
      seedToken: (input) => {
        // seed() checks the input at run time.
        const token = store.seed(input as unknown as SoftwareOneTokenSeed);
        return { token, secret: token.token };
      },
      deleteToken: (id) => store.delete(id),
      generateTokens: (count, namePrefix) => store.generate(count, namePrefix),
    },
    resetState: () => store.reset(),
  });
  return { ...server, credential, store, accountId: SOFTWAREONE_DEMO_ACCOUNT.id, tokenId, moduleIds, readings };
}
