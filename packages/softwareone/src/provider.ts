import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  type HttpMethod,
  type LimiterOptions,
  type OperationContext,
  type Secret,
  type TokenError,
  type TransportOptions,
  TokenErrors,
  clientListState,
  encodeCursor,
  filterTokens,
  packageOf,
} from '@tokenbridge/core';
import { type AdapterFactory, type AdapterKit, type VendorOperations, defineAdapter, tokenCodec } from '@tokenbridge/core/adapter';
import { SOFTWAREONE_CAPABILITIES } from './capabilities';
import { SoftwareOneApiTokenC, SoftwareOneApiTokenListC, SoftwareOneCreateExtraC, SoftwareOneDeleteOptionsC, SoftwareOnePatchExtraC } from './codecs';
import { parseSoftwareOneError } from './errors';
import {
  PROVIDER,
  STATUS_AFTER,
  type SoftwareOneToken,
  type StatusAction,
  type UpdateBody,
  type UpdatePlan,
  createBody,
  listRequest,
  ownTokenId,
  planUpdate,
  replacementInput,
  toToken,
} from './mapping';
import type { SoftwareOneTypes } from './types';

/** The production API. */
export const SOFTWAREONE_BASE_URL = 'https://api.platform.softwareone.com';

/**
 * The client-side pace. SoftwareOne publishes no rate limit; this is an
 * inferred polite default (override with the `limiter` option).
 */
export const SOFTWAREONE_DEFAULT_LIMITER: LimiterOptions = { maxConcurrent: 10, maxPerInterval: 20, intervalMs: 1000 };

/** The form of a SoftwareOne API-token secret, removed from any vendor text that ends up in an error. */
export const SOFTWAREONE_SECRET_PATTERN = /idt:TKN-\d{4}-\d{4}:[A-Za-z0-9+/=_-]+/;

/** Options of {@link softwareone}: the credential, the base URL and every transport option. */
export interface SoftwareOneOptions extends TransportOptions {
  /** An API token's secret (`idt:TKN-NNNN-NNNN:…`), sent as `Authorization: Bearer …`. */
  readonly apiToken: string | Secret;
  /** Default {@link SOFTWAREONE_BASE_URL}; paths start with `/public/v1`. */
  readonly baseUrl?: string;
}

const COLLECTION = '/public/v1/accounts/api-tokens';
const ITEM = `${COLLECTION}/{id}`;
const ACTION_PATHS: Readonly<Record<StatusAction, string>> = { enable: `${ITEM}/enable`, disable: `${ITEM}/disable` };
// Audit (created/updated at) is left out unless asked for.
const WITH_AUDIT = 'select=+audit';

type Result<A> = TE.TaskEither<TokenError, A>;

/**
 * Creates the SoftwareOne Marketplace API-token provider.
 *
 * @example
 * const provider = softwareone({ apiToken: process.env.SWO_API_TOKEN ?? '' });
 * const token = await runOrThrow(provider.create({ name: 'CI', extra: { moduleIds: ['MOD-1756'] } }));
 */
export const softwareone: AdapterFactory<SoftwareOneOptions, SoftwareOneTypes> = defineAdapter<SoftwareOneTypes, SoftwareOneOptions>({
  provider: PROVIDER,
  capabilities: SOFTWAREONE_CAPABILITIES,
  credentialOption: 'apiToken',
  defaultBaseUrl: SOFTWAREONE_BASE_URL,
  transport: {
    auth: { header: 'Authorization', format: (value) => `Bearer ${value}` },
    defaultLimiter: SOFTWAREONE_DEFAULT_LIMITER,
    parseError: parseSoftwareOneError,
    allowRedirect: isLargeResultRedirect,
    secretPatterns: [SOFTWAREONE_SECRET_PATTERN],
    adapterPackage: packageOf(require('../package.json')),
  },
  vendorHeaders: { accept: 'application/json' },
  paths: { collection: COLLECTION, item: ITEM, readQuery: WITH_AUDIT },
  codecs: { createExtra: SoftwareOneCreateExtraC, patchExtra: SoftwareOnePatchExtraC, deleteOptions: SoftwareOneDeleteOptionsC },
  token: tokenCodec(SoftwareOneApiTokenC, (wire) => toToken(wire)),
  operations,
  rotation: {
    replacementInput,
    credentialCheck: {
      // The cheapest authenticated read: the new token's own record, with the new token.
      probe: (secret, ctx) => {
        const id = ownTokenId(secret.reveal());
        return id !== undefined
          ? E.right({ path: ITEM, params: { id } })
          : E.left(
              TokenErrors.validation(ctx, 'the new secret is not of the form idt:TKN-NNNN-NNNN:…', [{ path: 'secret', message: 'not a SoftwareOne API-token secret' }]),
            );
      },
      unverified: (error) =>
        error._tag === 'Forbidden' ? 'the new token authenticates but may not read API tokens (its modules lack Access Management)' : undefined,
    },
  },
});

/** A large list may be answered with a redirect to a download URL (documented); it is followed without the credential. */
function isLargeResultRedirect(redirect: { readonly method: HttpMethod; readonly from: URL }): boolean {
  return redirect.method === 'GET' && redirect.from.pathname.replace(/\/+$/, '').endsWith(COLLECTION);
}

/** The operations beyond the kit's `get` and `delete`. */
function operations(kit: AdapterKit<SoftwareOneTypes, SoftwareOneOptions>): VendorOperations<SoftwareOneTypes> {
  // The id of the credential's own token, when the credential has the usual form.
  const ownId = ownTokenId(kit.credential.reveal());
  const readToken = kit.readToken;
  let derivedAccountId: string | undefined;

  // The owning account is required on create; without one given, it is the credential's own token's account.
  function accountFor(given: string | undefined, op: OperationContext): Result<string> {
    if (given !== undefined) return TE.right(given);
    if (derivedAccountId !== undefined) return TE.right(derivedAccountId);
    const issue = { path: 'extra.accountId', message: 'required when the account cannot be derived from the credential' };
    if (ownId === undefined) {
      return TE.left(
        TokenErrors.validation(op, 'pass extra.accountId: the apiToken is not of the form idt:TKN-NNNN-NNNN:…, so its account cannot be derived', [issue]),
      );
    }
    return pipe(
      op.request({ method: 'GET', path: ITEM, params: { id: ownId }, response: SoftwareOneApiTokenC }),
      TE.mapLeft((e) => ({ ...e, message: `could not read the credential's own token ${ownId} to derive the account (pass extra.accountId): ${e.message}` })),
      TE.chain((r) => {
        const accountId = r.data.account?.id;
        if (accountId === undefined) return TE.left(TokenErrors.validation(op, `token ${ownId} names no account; pass extra.accountId`, [issue]));
        derivedAccountId = accountId;
        return TE.right(accountId);
      }),
    );
  }

  // Enabling an Active token (or disabling a Disabled one) is refused (400 or 409); that is success once a read confirms the state.
  function statusAction(op: OperationContext, id: string, action: StatusAction, known: SoftwareOneToken | undefined): Result<SoftwareOneToken> {
    return pipe(
      op.request({ method: 'POST', path: ACTION_PATHS[action], params: { id }, idempotent: true, response: SoftwareOneApiTokenC }),
      TE.map((r) => toToken(r.data, known)),
      TE.orElse((error): Result<SoftwareOneToken> =>
        error._tag !== 'Conflict' && error._tag !== 'Validation'
          ? TE.left(error)
          : pipe(
              readToken(op, id),
              TE.mapLeft(() => error),
              TE.chain((token) => (token.extra.vendorStatus === STATUS_AFTER[action] ? TE.right(token) : TE.left(error))),
            ),
      ),
    );
  }

  function apply(op: OperationContext, id: string, { body, action }: UpdatePlan, known: SoftwareOneToken | undefined): Result<SoftwareOneToken> {
    const put = (delta: UpdateBody): Result<SoftwareOneToken> =>
      pipe(
        op.request({ method: 'PUT', path: ITEM, params: { id }, body: delta, response: SoftwareOneApiTokenC }),
        TE.map((r) => toToken(r.data, known)),
      );
    // Nothing to write: the token as given, or as the vendor holds it.
    if (action === undefined) return body !== undefined ? put(body) : known !== undefined ? TE.right(known) : readToken(op, id);
    if (body === undefined) return statusAction(op, id, action, known);
    return pipe(
      put(body),
      TE.chain((updated) =>
        pipe(
          statusAction(op, id, action, updated),
          TE.mapLeft((e) => ({ ...e, message: `the PUT of ${Object.keys(body).join(', ')} was saved, but POST …/${action} failed: ${e.message}` })),
        ),
      ),
    );
  }

  return {
    create: (input, op) =>
      pipe(
        accountFor(input.extra?.accountId, op),
        TE.chain((accountId) => op.request({ method: 'POST', path: COLLECTION, body: createBody(input, accountId), response: SoftwareOneApiTokenC })),
        TE.map((r) => toToken(r.data)),
      ),

    update: (target, patch, op) => apply(op, target.id, planUpdate(patch, target.base), target.base),

    list: (query, op) =>
      pipe(
        TE.fromEither(clientListState(op, query)),
        TE.chain(({ offset, query: effective }) => {
          // The vendor has no expiry, so no token is ever expired.
          if (effective.status === 'expired') return TE.right({ items: [], nextCursor: null });
          const request = listRequest(effective, offset);
          return pipe(
            op.request({ method: 'GET', path: COLLECTION, query: request.query, response: SoftwareOneApiTokenListC }),
            TE.map(({ data: { data, $meta } }) => {
              const tokens = data.map((wire) => toToken(wire));
              const items = request.narrowOnClient ? filterTokens(tokens, { nameContains: effective.nameContains ?? '' }) : tokens;
              // Advance by what came back: the server may cap the limit below what was asked.
              const next = offset + data.length;
              // The total is nullable: without one, a full page means there may be more.
              const total = $meta?.pagination?.total;
              const more = data.length > 0 && (typeof total === 'number' ? next < total : data.length >= request.limit);
              return { items, nextCursor: more ? encodeCursor({ offset: next, query: effective }) : null };
            }),
          );
        }),
      ),
  };
}
