import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  type CredentialCheck,
  type LimiterOptions,
  type RotationSupport,
  type Secret,
  type TokenError,
  type TokenProvider,
  type Transport,
  type TransportOptions,
  checkCredential,
  createTransport,
  defineProvider,
  packageOf,
  requireCredential,
  requireString,
  systemClock,
} from '@tokenbridge/core';
import { KODEXA_CAPABILITIES } from './capabilities';
import { KodexaAccessTokenC, KodexaCreateExtraC, KodexaDeleteOptionsC, KodexaPatchExtraC, KodexaUserC } from './codecs';
import { parseKodexaError } from './errors';
import { COLLECTION_PATH, listTokens } from './list';
import { KODEXA, createBody, secretOf, toToken } from './mapping';
import type { KodexaTypes } from './types';
import { ITEM_PATH, readToken, updateToken } from './update';

/** Options of {@link kodexa}: the API key, the instance's base URL and any transport setting. */
export interface KodexaOptions extends TransportOptions {
  /** A Kodexa API key (Settings > Access Tokens), sent as `x-api-key`. */
  readonly apiKey: string | Secret;
  /**
   * The instance's base URL, without `/api` (every customer has its own host;
   * Kodexa's own examples use `https://platform.kodexa.ai`).
   */
  readonly baseUrl: string;
}

/** The caller's own user: the cheapest authenticated read. */
const ME_PATH = '/api/account/me';

/** Kodexa publishes no rate limit; the notes' safe pace is at most 10 requests a second per instance. */
export const KODEXA_DEFAULT_LIMITER: LimiterOptions = { maxConcurrent: 10, maxPerInterval: 10, intervalMs: 1000 };

/** Headers on every request: `X-Requested-With` makes Spring answer 401 instead of redirecting to its login page. */
const VENDOR_HEADERS: Readonly<Record<string, string>> = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };

function rotation(transport: Transport): RotationSupport<KodexaTypes> {
  return {
    // Kodexa tokens carry only a name and an expiry, which the manager sets itself.
    replacementInput: (token) => ({ name: token.name }),
    verifyCredential: (secret, options) =>
      checkCredential(transport, secret, options, (op) =>
        pipe(
          op.request({ method: 'GET', path: ME_PATH, response: KodexaUserC }),
          TE.map((): CredentialCheck => ({ status: 'verified' })),
          TE.orElse((error: TokenError) =>
            error._tag === 'Forbidden'
              ? TE.right<TokenError, CredentialCheck>({ status: 'unverified', reason: `the key was accepted but may not read ${ME_PATH} (403)` })
              : TE.left(error),
          ),
        ),
      ),
  };
}

/**
 * A {@link TokenProvider} for Kodexa access tokens (`/api/access-tokens`).
 * Throws a `TokenBridgeError` (`Validation`, operation `configure`) when
 * `apiKey` or `baseUrl` is missing or malformed. Use core's `toPromise` for
 * the Promise form.
 *
 * @example
 * const provider = toPromise(kodexa({ apiKey: process.env.KODEXA_API_KEY ?? '', baseUrl: 'https://platform.kodexa.ai' }));
 * const token = await provider.create({ name: 'ci', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
 */
export function kodexa(options: KodexaOptions): TokenProvider<KodexaTypes> {
  const { apiKey, baseUrl, ...transportOptions } = options ?? ({} as Partial<KodexaOptions>);
  const credential = requireCredential(KODEXA, 'apiKey', apiKey);
  const transport = createTransport({
    provider: KODEXA,
    baseUrl: requireString(KODEXA, 'baseUrl', baseUrl),
    credential,
    auth: { header: 'x-api-key' },
    vendorHeaders: VENDOR_HEADERS,
    defaultLimiter: KODEXA_DEFAULT_LIMITER,
    parseError: parseKodexaError,
    // Named in the User-Agent; package.json sits one level above both src/ and dist/.
    adapterPackage: packageOf(require('../package.json')),
    options: transportOptions,
  });
  const clock = transportOptions.clock ?? systemClock;
  const now = (): number => clock.now();

  return defineProvider<KodexaTypes>({
    transport,
    capabilities: KODEXA_CAPABILITIES,
    codecs: { createExtra: KodexaCreateExtraC, patchExtra: KodexaPatchExtraC, deleteOptions: KodexaDeleteOptionsC },
    now,
    operations: {
      create: (input, op) =>
        pipe(
          op.request({ method: 'POST', path: COLLECTION_PATH, body: createBody(input), response: KodexaAccessTokenC }),
          TE.map(({ data }) => toToken(data, now(), secretOf(data))),
        ),
      get: (id, op) =>
        pipe(
          readToken(op, id),
          TE.map((payload) => toToken(payload, now())),
        ),
      update: (target, patch, op) => updateToken(target, patch, op, now),
      delete: (target, _options, op) =>
        pipe(
          op.request({ method: 'DELETE', path: ITEM_PATH, params: { id: target.id }, response: 'ignore' }),
          TE.map(() => undefined),
        ),
      list: (query, op) => listTokens(op, query, now),
    },
    rotation: rotation(transport),
  });
}
