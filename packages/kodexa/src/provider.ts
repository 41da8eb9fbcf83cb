import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { type LimiterOptions, type Secret, type TransportOptions, packageOf } from '@tokenbridge/core';
import { type AdapterFactory, defineAdapter, tokenCodec } from '@tokenbridge/core/adapter';
import { KODEXA_CAPABILITIES } from './capabilities';
import { KodexaAccessTokenC, KodexaCreateExtraC, KodexaDeleteOptionsC, KodexaPatchExtraC, KodexaUserC } from './codecs';
import { parseKodexaError } from './errors';
import { COLLECTION_PATH, listTokens } from './list';
import { KODEXA, createBody, secretOf, toToken } from './mapping';
import type { KodexaTypes } from './types';
import { ITEM_PATH, updateToken } from './update';

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
export const kodexa: AdapterFactory<KodexaOptions, KodexaTypes> = defineAdapter<KodexaTypes, KodexaOptions>({
  provider: KODEXA,
  capabilities: KODEXA_CAPABILITIES,
  credentialOption: 'apiKey',
  transport: {
    auth: { header: 'x-api-key' },
    defaultLimiter: KODEXA_DEFAULT_LIMITER,
    parseError: parseKodexaError,
    adapterPackage: packageOf(require('../package.json')),
  },
  // `X-Requested-With` makes Spring answer 401 instead of redirecting to its login page.
  vendorHeaders: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
  paths: { collection: COLLECTION_PATH, item: ITEM_PATH },
  codecs: { createExtra: KodexaCreateExtraC, patchExtra: KodexaPatchExtraC, deleteOptions: KodexaDeleteOptionsC },
  token: tokenCodec(KodexaAccessTokenC, (payload, now) => toToken(payload, now)),
  operations: (kit) => ({
    // Only the create answer carries the token's value.
    create: (input, op) =>
      pipe(
        op.request({ method: 'POST', path: COLLECTION_PATH, body: createBody(input), response: KodexaAccessTokenC }),
        TE.map(({ data }) => toToken(data, kit.now(), secretOf(data))),
      ),
    update: (target, patch, op) => updateToken(target, patch, op, kit.now),
    list: (query, op) => listTokens(op, query, kit.now),
  }),
  rotation: {
    // Kodexa tokens carry only a name and an expiry, which the manager sets itself.
    replacementInput: (token) => ({ name: token.name }),
    credentialCheck: {
      probe: { path: ME_PATH, response: KodexaUserC },
      unverified: (error) => (error._tag === 'Forbidden' ? `the key was accepted but may not read ${ME_PATH} (403)` : undefined),
    },
  },
});
