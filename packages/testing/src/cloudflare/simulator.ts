import { isIP } from 'node:net';
import { InvalidInputError } from '../simulator/input';
import type { RateLimitControl } from '../simulator/rate-limit';
import { startSimulatorServer, type SimulatorHandle, type SimulatorOptions } from '../simulator/server';
import { resolveCloudflareReadings, type CloudflareReadings, type ResolvedCloudflareReadings } from './readings';
import { CLOUDFLARE_API_PREFIX, cloudflareRoutes, type CloudflareTokenQuota } from './routes';
import {
  CLOUDFLARE_DEMO_ACCOUNT_ID,
  CLOUDFLARE_DEMO_USER_ID,
  CloudflareTokenStore,
  type CloudflareStore,
} from './store';
import { CLOUDFLARE_RATE_LIMIT, CloudflareThrottle } from './throttle';
import type { CloudflareTokenSeed } from './types';

/**
 * The value of the caller's own user token, the default credential: a
 * scannable `cfut_` value whose policies may manage user tokens (API Tokens
 * Write) and the account's tokens (Account API Tokens Write).
 */
export const CLOUDFLARE_DEMO_API_TOKEN = 'cfut_SimulatorDemoUserToken00000000000000000090f0eb4d';

/** The docs' token quotas: 50 user tokens, 500 account tokens. */
export const CLOUDFLARE_TOKEN_QUOTA = { user: 50, account: 500 } as const;

/** Options of {@link startCloudflareSimulator}. The rate limit defaults to {@link CLOUDFLARE_RATE_LIMIT}. */
export interface CloudflareSimulatorOptions extends SimulatorOptions {
  /** The caller's own user token's value; default {@link CLOUDFLARE_DEMO_API_TOKEN}. */
  readonly credential?: string;
  /** Tokens present at start (and after every reset), besides the caller's own. */
  readonly tokens?: readonly CloudflareTokenSeed[];
  /** Readings of ambiguous vendor behaviour; each defaults to the first value in `CLOUDFLARE_READINGS`. */
  readonly readings?: CloudflareReadings;
  /** Token quotas enforced on create, or false for none; default {@link CLOUDFLARE_TOKEN_QUOTA}. */
  readonly tokenQuota?: CloudflareTokenQuota;
  /** The address every request is taken to come from, for IP conditions; default `127.0.0.1`. */
  readonly clientIp?: string;
}

/** A running Cloudflare simulator. */
export interface CloudflareSimulator extends SimulatorHandle<CloudflareStore> {
  /** The API base, `http://127.0.0.1:<port>/client/v4` (the control API is at the origin, `/__sim`). */
  readonly url: string;
  /** The server's origin, `http://127.0.0.1:<port>`, where the control API lives. */
  readonly origin: string;
  /** The caller's own token's current value (it changes if that token is rolled). */
  readonly credential: string;
  /** Id of the caller's own user token. */
  readonly tokenId: string;
  /** Id of the simulator's user. */
  readonly userId: string;
  /** Id of the simulator's one account. */
  readonly accountId: string;
  /** The readings in force. */
  readonly readings: ResolvedCloudflareReadings;
}

/** Starts a Cloudflare API-tokens simulator on 127.0.0.1. */
export async function startCloudflareSimulator(options: CloudflareSimulatorOptions = {}): Promise<CloudflareSimulator> {
  const configured = options.credential ?? CLOUDFLARE_DEMO_API_TOKEN;
  const readings = resolveCloudflareReadings(options.readings);
  const clientIp = options.clientIp ?? '127.0.0.1';
  if (isIP(clientIp) === 0) throw new InvalidInputError('clientIp must be an IPv4 or IPv6 address');
  const now = options.now ?? Date.now;
  const store = new CloudflareTokenStore(now, { policyOrder: readings.policyOrder }, configured, options.tokens);
  const tokenId = store.ownTokenId;
  const credential = (): string => store.secretOf(tokenId) ?? configured;
  // The shared limiter exists once the server runs; the throttle reaches it through this.
  let rateLimit: RateLimitControl | undefined;
  const throttle = new CloudflareThrottle(readings, now, () => rateLimit!);
  let apiUrl = '';
  const server = await startSimulatorServer({
    port: options.port ?? 0,
    now,
    rateLimit: options.rateLimit ?? CLOUDFLARE_RATE_LIMIT,
    requestLogLimit: options.requestLogLimit,
    setTimer: options.setTimer,
    routes: cloudflareRoutes(store, {
      readings,
      now,
      clientIp,
      accountId: CLOUDFLARE_DEMO_ACCOUNT_ID,
      tokenQuota: options.tokenQuota ?? CLOUDFLARE_TOKEN_QUOTA,
      throttle,
    }),
    control: {
      info: () => ({
        vendor: 'cloudflare',
        apiUrl,
        credential: credential(),
        tokenId,
        userId: CLOUDFLARE_DEMO_USER_ID,
        accountId: CLOUDFLARE_DEMO_ACCOUNT_ID,
        readings,
      }),
      tokenCount: () => store.size,
      listTokens: (offset, limit) => store.list().slice(offset, offset + limit),
      getToken: (id) => store.get(id),
      seedToken: (input) => {
        // seed() checks the input at run time.
        const token = store.seed(input as unknown as CloudflareTokenSeed);
        return { token, secret: store.secretOf(token.id) };
      },
      deleteToken: (id) => store.delete(id),
      generateTokens: (count, namePrefix) => store.generate(count, namePrefix),
    },
    resetState: () => {
      store.reset();
      throttle.clear();
    },
  });
  rateLimit = server.rateLimit;
  apiUrl = `${server.url}${CLOUDFLARE_API_PREFIX}`;
  return {
    ...server,
    url: apiUrl,
    origin: server.url,
    get credential() {
      return credential();
    },
    store,
    tokenId,
    userId: CLOUDFLARE_DEMO_USER_ID,
    accountId: CLOUDFLARE_DEMO_ACCOUNT_ID,
    readings,
  };
}
