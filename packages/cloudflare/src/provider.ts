import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  type AdapterOperations,
  type CredentialCheck,
  type LimiterOptions,
  type OperationContext,
  type RotationSupport,
  type TokenError,
  type TokenProvider,
  type Transport,
  type TransportOptions,
  Secret,
  TokenBridgeError,
  TokenErrors,
  checkCredential,
  createTransport,
  defineProvider,
  requireCredential,
  requireString,
  systemClock,
} from '@tokenbridge/core';
import { CLOUDFLARE_CAPABILITIES } from './capabilities';
import { CloudflareCreateExtraC, CloudflareCreatedC, CloudflareDeleteOptionsC, CloudflarePatchExtraC, CloudflareRolledC, CloudflareTokenC, CloudflareVerifiedC, cloudflareEnvelopeC } from './codecs';
import { parseCloudflareError } from './errors';
import { listTokens } from './list';
import { CLOUDFLARE_PROVIDER, type CloudflareNeutralToken, applyPatch, createBody, replacementInput, sameState, toToken, updateBody, writableState } from './mapping';
import type { CloudflareTypes } from './codecs';

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

const ITEM = '/{id}';

const checkedAccountId = (value: unknown): string => {
  const id = requireString(CLOUDFLARE_PROVIDER, 'accountId', value);
  // It goes into the path: Cloudflare's account ids are at most 32 letters and digits.
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) {
    throw new TokenBridgeError(
      TokenErrors.validation({ provider: CLOUDFLARE_PROVIDER, operation: 'configure' }, 'accountId is not a Cloudflare account id', [
        { path: 'accountId', message: 'expected up to 32 letters and digits' },
      ]),
    );
  }
  return id;
};

/**
 * A Cloudflare API-token provider: the user's own tokens, or with `accountId`
 * the account's.
 *
 * @example
 * const cf = toPromise(cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN ?? '' }));
 * const token = await cf.create({ name: 'ci', extra: { policies: [{ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] }] } });
 * console.log(token.secret?.reveal());
 */
export function cloudflare(options: CloudflareOptions): TokenProvider<CloudflareTypes> {
  const { apiToken, accountId, baseUrl = CLOUDFLARE_BASE_URL, ...transportOptions } = options ?? ({} as CloudflareOptions);
  const credential = requireCredential(CLOUDFLARE_PROVIDER, 'apiToken', apiToken);
  const collection: Collection = accountId === undefined ? { path: '/user/tokens', params: {} } : { path: '/accounts/{account}/tokens', params: { account: checkedAccountId(accountId) } };
  const transport = createTransport({
    provider: CLOUDFLARE_PROVIDER,
    baseUrl: requireString(CLOUDFLARE_PROVIDER, 'baseUrl', baseUrl),
    credential,
    auth: { header: 'Authorization', format: (value) => `Bearer ${value}` },
    vendorHeaders: { Accept: 'application/json' },
    defaultLimiter: CLOUDFLARE_DEFAULT_LIMITER,
    parseError: parseCloudflareError,
    requestIdHeader: 'cf-ray',
    secretPatterns: [CLOUDFLARE_SECRET_PATTERN],
    options: transportOptions,
  });
  const clock = transportOptions.clock ?? systemClock;
  return defineProvider<CloudflareTypes>({
    transport,
    capabilities: CLOUDFLARE_CAPABILITIES,
    codecs: { createExtra: CloudflareCreateExtraC, patchExtra: CloudflarePatchExtraC, deleteOptions: CloudflareDeleteOptionsC },
    now: () => clock.now(),
    operations: operations(collection),
    rotation: rotation(transport, collection),
  });
}

/** Where the tokens live: `/user/tokens`, or an account's. */
interface Collection {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
}

const TokenAnswerC = cloudflareEnvelopeC(CloudflareTokenC);

function readToken(op: OperationContext, at: Collection, id: string): TE.TaskEither<TokenError, CloudflareNeutralToken> {
  return pipe(
    op.request({ method: 'GET', path: at.path + ITEM, params: { ...at.params, id }, response: TokenAnswerC }),
    TE.map((r) => toToken(r.data.result)),
  );
}

/** Which HTTP calls each neutral operation makes (the README lists them). */
function operations(at: Collection): Required<AdapterOperations<CloudflareTypes>> {
  const item = (id: string) => ({ path: at.path + ITEM, params: { ...at.params, id } });
  return {
    create: (input, op) =>
      pipe(
        op.request({ method: 'POST', path: at.path, params: at.params, body: createBody(input), response: CloudflareCreatedC }),
        TE.map((r) => toToken(r.data.result, r.data.result.value)),
      ),

    get: (id, op) => readToken(op, at, id),

    // Full replacement: every writable field as read, the patch laid over it (updates of one token id queue in defineProvider).
    update: (target, patch, op) =>
      pipe(
        target.base !== undefined ? TE.right(target.base) : readToken(op, at, target.id),
        TE.chain((base) => {
          const current = writableState(base);
          const next = applyPatch(current, patch);
          if (sameState(current, next)) return TE.right(base);
          return pipe(
            op.request({ method: 'PUT', ...item(target.id), body: updateBody(current, next), response: TokenAnswerC }),
            TE.map((r) => toToken(r.data.result)),
          );
        }),
      ),

    delete: (target, _options, op) =>
      pipe(
        op.request({ method: 'DELETE', ...item(target.id), response: 'ignore' }),
        TE.map(() => undefined),
      ),

    // The roll answers the new value alone: the token is read first (unless given), so the value is never lost to a failed read after it.
    // Like every regenerate it is not repeated once it may have acted: a second roll would void the value the first made.
    regenerate: (target, op) =>
      pipe(
        target.base !== undefined ? TE.right(target.base) : readToken(op, at, target.id),
        TE.chain((token) =>
          pipe(
            op.request({ method: 'PUT', path: `${at.path}${ITEM}/value`, params: { ...at.params, id: target.id }, body: {}, idempotent: false, response: CloudflareRolledC }),
            TE.map((r): CloudflareNeutralToken => ({ ...token, secret: new Secret(r.data.result) })),
          ),
        ),
      ),

    list: (query, op) => listTokens(op, at.path, at.params, query),
  };
}

/**
 * Rotation by replacement copies name, policies, condition and not-before
 * (policy ids left out: create refuses them). A new secret is checked with
 * the vendor's verify endpoint, which only an active token passes.
 */
function rotation(transport: Transport, at: Collection): RotationSupport<CloudflareTypes> {
  return {
    replacementInput,
    verifyCredential: (secret, options) =>
      checkCredential(transport, secret, options, (op) =>
        pipe(
          op.request({ method: 'GET', path: `${at.path}/verify`, params: at.params, response: CloudflareVerifiedC }),
          TE.chain((r) =>
            r.data.result.status === 'active'
              ? TE.right<TokenError, CredentialCheck>({ status: 'verified' })
              : TE.left(TokenErrors.unauthorized(op, `the token is ${r.data.result.status}, not active`, { status: r.status })),
          ),
        ),
      ),
  };
}
