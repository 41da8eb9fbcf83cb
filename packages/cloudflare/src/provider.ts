import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { type LimiterOptions, type TransportOptions, Secret, packageOf, requireMatch } from '@tokenbridge/core';
import { type AdapterFactory, type AdapterKit, type ResourcePaths, type VendorOperations, defineAdapter, tokenCodec } from '@tokenbridge/core/adapter';
import { CLOUDFLARE_CAPABILITIES } from './capabilities';
import { CloudflareCreateExtraC, CloudflareCreatedC, CloudflareDeleteOptionsC, CloudflarePatchExtraC, CloudflareRolledC, CloudflareTokenC, type CloudflareTypes, CloudflareVerifiedC, cloudflareEnvelopeC } from './codecs';
import { parseCloudflareError } from './errors';
import { listTokens } from './list';
import { CLOUDFLARE_PROVIDER, createBody, putBody, replacementInput, toToken } from './mapping';

/** The production API (`https://api.cloudflare.com/client/v4`); paths are appended to it. */
export const CLOUDFLARE_BASE_URL = 'https://api.cloudflare.com/client/v4';

/** The vendor's global limit: 1,200 requests per 5 minutes per user (per account token for account tokens). */
export const CLOUDFLARE_DEFAULT_LIMITER: LimiterOptions = { maxConcurrent: 10, maxPerInterval: 1200, intervalMs: 300_000 };

/** The scannable token format (`cfut_` user, `cfat_` account + 40 characters + checksum), scrubbed from vendor text. */
export const CLOUDFLARE_SECRET_PATTERN = /\bcf[ua]t_[A-Za-z0-9]{40,}/;

/** Options of {@link cloudflare}: the credential, the owner of the tokens, the endpoint and any transport setting. */
export interface CloudflareOptions extends TransportOptions {
  /** An API token that may manage API tokens (`API Tokens Write`, or `Account API Tokens Write` with `accountId`). */
  readonly apiToken: string | Secret;
  /** Manage the account-owned tokens of this account (`/accounts/{accountId}/tokens`); absent: the user's own (`/user/tokens`). */
  readonly accountId?: string;
  /** Default {@link CLOUDFLARE_BASE_URL}. */
  readonly baseUrl?: string;
}

// It becomes part of every path: Cloudflare's account ids are at most 32 letters and digits.
const checkedAccountId = (value: unknown): string => requireMatch(CLOUDFLARE_PROVIDER, 'accountId', value, /^[A-Za-z0-9]{1,32}$/, 'expected up to 32 letters and digits');

/** The user's tokens, or (with `accountId`, checked to letters and digits) the account's. */
const tokensOf = (accountId: unknown): string => (typeof accountId === 'string' ? `/accounts/${accountId}/tokens` : '/user/tokens');

/**
 * A Cloudflare API-token provider: the user's own tokens, or with `accountId`
 * the account's.
 *
 * @example
 * const cf = toPromise(cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN ?? '' }));
 * const token = await cf.create({ name: 'ci', extra: { policies: [{ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] }] } });
 * console.log(token.secret?.reveal());
 */
export const cloudflare: AdapterFactory<CloudflareOptions, CloudflareTypes> = defineAdapter<CloudflareTypes, CloudflareOptions>({
  provider: CLOUDFLARE_PROVIDER,
  capabilities: CLOUDFLARE_CAPABILITIES,
  credentialOption: 'apiToken',
  defaultBaseUrl: CLOUDFLARE_BASE_URL,
  transport: {
    auth: { header: 'Authorization', format: (value) => `Bearer ${value}` },
    defaultLimiter: CLOUDFLARE_DEFAULT_LIMITER,
    parseError: parseCloudflareError,
    requestIdHeader: 'cf-ray',
    secretPatterns: [CLOUDFLARE_SECRET_PATTERN],
    adapterPackage: packageOf(require('../package.json')),
  },
  vendorHeaders: { Accept: 'application/json' },
  settings: { accountId: checkedAccountId },
  paths: ({ accountId }): ResourcePaths => ({ collection: tokensOf(accountId), item: `${tokensOf(accountId)}/{id}` }),
  codecs: { createExtra: CloudflareCreateExtraC, patchExtra: CloudflarePatchExtraC, deleteOptions: CloudflareDeleteOptionsC },
  token: tokenCodec(cloudflareEnvelopeC(CloudflareTokenC), (answer) => toToken(answer.result)),
  operations: cloudflareOperations,
  /*
   * Rotation by replacement copies name, policies (without their ids: create
   * refuses them), condition and not-before. A new secret is checked with the
   * vendor's verify endpoint, which only an active token passes.
   */
  rotation: {
    replacementInput,
    credentialCheck: {
      probe: (_secret, _ctx, { accountId }) =>
        E.right({
          path: `${tokensOf(accountId)}/verify`,
          response: CloudflareVerifiedC,
          refused: (answer) => {
            const status = (answer as { result: { status: string } }).result.status;
            return status === 'active' ? undefined : `the token is ${status}, not active`;
          },
        }),
      // Verify needs no permission: its 9109 is the token's IP condition refusing where the check runs from.
      unverified: (error) => (error.vendorCode === '9109' ? 'the token authenticates but its IP condition refuses this address' : undefined),
    },
  },
});

/** Which HTTP calls each neutral operation makes beyond the kit's `get` and `delete` (the README lists them). */
function cloudflareOperations(kit: AdapterKit<CloudflareTypes, CloudflareOptions>): VendorOperations<CloudflareTypes> {
  const { collection, item } = kit.paths;
  return {
    create: (input, op) =>
      pipe(
        op.request({ method: 'POST', path: collection, body: createBody(input), response: CloudflareCreatedC }),
        TE.map((r) => toToken(r.data.result, r.data.result.value)),
      ),

    // Full replacement: every writable field as read, the patch laid over it (updates of one token id queue in core).
    update: (target, patch, op) =>
      pipe(
        target.base !== undefined ? TE.right(target.base) : kit.readToken(op, target.id),
        TE.chain((base) => {
          const body = putBody(base, patch);
          return body === undefined ? TE.right(base) : kit.sendForToken(op, { method: 'PUT', path: item, params: { id: target.id }, body });
        }),
      ),

    // The roll answers the new value alone: the token is read first (unless given), so the value is never lost to a failed read after it.
    // Like every regenerate it is not repeated once it may have acted: a second roll would void the value the first made.
    regenerate: (target, op) =>
      pipe(
        target.base !== undefined ? TE.right(target.base) : kit.readToken(op, target.id),
        TE.chain((token) =>
          pipe(
            op.request({ method: 'PUT', path: `${item}/value`, params: { id: target.id }, body: {}, idempotent: false, response: CloudflareRolledC }),
            TE.map((r) => ({ ...token, secret: new Secret(r.data.result) })),
          ),
        ),
      ),

    list: (query, op) => listTokens(op, collection, query),
  };
}
