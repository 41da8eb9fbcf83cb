import { startSimulatorServer, type SimulatorHandle, type SimulatorOptions } from '../simulator/server';
import { resolveReadings } from '../simulator/readings';
import { DATOCMS_READINGS, type DatoCmsReadings } from './readings';
import { datoCmsRoutes } from './routes';
import { DatoCmsTokenStore, type DatoCmsStore } from './store';
import type { DatoCmsTokenSeed } from './types';

/** The secret of the project's built-in full-access token, the default credential (30 hex characters). */
export const DATOCMS_DEMO_API_TOKEN = 'da70c0de5eedf00d0123456789abcd';

/** DatoCMS's published limit: 60 requests per 3 seconds per project. */
export const DATOCMS_RATE_LIMIT = { limit: 60, windowMs: 3000 } as const;

/** Options of {@link startDatoCmsSimulator}. The rate limit defaults to {@link DATOCMS_RATE_LIMIT}. */
export interface DatoCmsSimulatorOptions extends SimulatorOptions {
  /** The full-access token's secret; default {@link DATOCMS_DEMO_API_TOKEN}. */
  readonly credential?: string;
  /** Tokens present at start (and after every reset), besides the two built-in ones. */
  readonly tokens?: readonly DatoCmsTokenSeed[];
  /** The readings to play where the vendor's material is ambiguous; each defaults as {@link DATOCMS_READINGS} says. */
  readonly readings?: Partial<DatoCmsReadings>;
}

/** A running DatoCMS simulator. */
export interface DatoCmsSimulator extends SimulatorHandle<DatoCmsStore> {
  /** The full-access token's current secret (it changes if that token is regenerated). */
  readonly credential: string;
  /** The project's role that can manage access tokens ("Admin"). */
  readonly roleId: string;
  /** The project's role that cannot ("Editor"): a token with it reads tokens without their values, or not at all. */
  readonly editorRoleId: string;
  /** The readings it plays. */
  readonly readings: DatoCmsReadings;
  /** Id of the built-in read-only token. */
  readonly readOnlyTokenId: string;
  /** Id of the built-in full-access token (the one the credential belongs to). */
  readonly fullAccessTokenId: string;
}

/** Starts a DatoCMS CMA access-token API simulator on 127.0.0.1. */
export async function startDatoCmsSimulator(options: DatoCmsSimulatorOptions = {}): Promise<DatoCmsSimulator> {
  const configured = options.credential ?? DATOCMS_DEMO_API_TOKEN;
  const readings = resolveReadings(DATOCMS_READINGS, options.readings);
  const now = options.now ?? Date.now;
  const store = new DatoCmsTokenStore(configured, options.tokens, now);
  const { adminRoleId: roleId, editorRoleId, readOnlyTokenId, fullAccessTokenId } = store;
  const credential = (): string => store.secretOf(fullAccessTokenId) ?? configured;
  const server = await startSimulatorServer({
    port: options.port ?? 0,
    now,
    rateLimit: options.rateLimit ?? DATOCMS_RATE_LIMIT,
    requestLogLimit: options.requestLogLimit,
    setTimer: options.setTimer,
    routes: datoCmsRoutes(store, readings),
    control: {
      info: () => ({ vendor: 'datocms', credential: credential(), roleId, editorRoleId, readOnlyTokenId, fullAccessTokenId, readings }),
      tokenCount: () => store.size,
      listTokens: (offset, limit) => store.list().slice(offset, offset + limit),
      getToken: (id) => store.get(id),
      seedToken: (input) => {
        // seed() checks the input at run time.
        const token = store.seed(input as unknown as DatoCmsTokenSeed);
        return { token, secret: token.attributes.token };
      },
      deleteToken: (id) => store.delete(id),
      generateTokens: (count, namePrefix) => store.generate(count, namePrefix),
    },
    resetState: () => store.reset(),
  });
  return {
    ...server,
    get credential() {
      return credential();
    },
    store,
    roleId,
    editorRoleId,
    readings,
    readOnlyTokenId,
    fullAccessTokenId,
  };
}
