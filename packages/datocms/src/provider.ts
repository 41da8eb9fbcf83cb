import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  type AdapterOperations,
  type CredentialCheck,
  type OperationContext,
  type RotationSupport,
  type Secret,
  type TokenError,
  type TokenProvider,
  type Transport,
  type TransportOptions,
  TokenErrors,
  checkCredential,
  clientListState,
  clientPage,
  createTransport,
  defineProvider,
  packageOf,
  requireCredential,
  requireString,
  TokenBridgeError,
} from '@tokenbridge/core';
import { DATOCMS_CAPABILITIES } from './capabilities';
import { AccessTokenCollectionC, AccessTokenDocumentC, DatoCmsCreateExtraC, DatoCmsDeleteOptionsC, DatoCmsPatchExtraC } from './codecs';
import { parseDatoCmsError } from './errors';
import { type DatoCmsToken, applyPatch, createDocument, isBuiltIn, sameState, toToken, updateDocument, usageOf, writableState } from './mapping';
import { DATOCMS_PROVIDER, type DatoCmsCreateExtra, type DatoCmsTypes } from './types';

/** The production CMA endpoint. */
export const DATOCMS_BASE_URL = 'https://site-api.datocms.com';

/** Options of {@link datocms}: the credential, the endpoint, and any transport setting. */
export interface DatoCmsOptions extends TransportOptions {
  /** A CMA API token whose role can manage API tokens (a string or a core `Secret`). */
  readonly apiToken: string | Secret;
  /** Default {@link DATOCMS_BASE_URL}. */
  readonly baseUrl?: string;
  /** A sandbox environment, sent as `X-Environment` (tokens are project-wide, so results do not change). */
  readonly environment?: string;
}

const JSON_API = 'application/vnd.api+json';
const ITEM = '/access_tokens/{id}';
const COLLECTION = '/access_tokens';

const checkedEnvironment = (value: unknown): string => {
  const environment = requireString(DATOCMS_PROVIDER, 'environment', value);
  // It goes into a header: no whitespace or control characters.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(environment)) {
    throw new TokenBridgeError(
      TokenErrors.validation({ provider: DATOCMS_PROVIDER, operation: 'configure' }, 'environment is not a valid environment id', [
        { path: 'environment', message: 'expected letters, digits, - or _' },
      ]),
    );
  }
  return environment;
};

/**
 * A DatoCMS API-token provider.
 *
 * @example
 * const dato = toPromise(datocms({ apiToken: process.env.DATOCMS_API_TOKEN ?? '' }));
 * const token = await dato.create({ name: 'ci', extra: { roleId: '34', canAccessCda: true } });
 * console.log(token.secret?.reveal());
 */
export function datocms(options: DatoCmsOptions): TokenProvider<DatoCmsTypes> {
  const { apiToken, baseUrl = DATOCMS_BASE_URL, environment, ...transportOptions } = options ?? ({} as DatoCmsOptions);
  const credential = requireCredential(DATOCMS_PROVIDER, 'apiToken', apiToken);
  const transport = createTransport({
    provider: DATOCMS_PROVIDER,
    baseUrl: requireString(DATOCMS_PROVIDER, 'baseUrl', baseUrl),
    credential,
    auth: { header: 'Authorization', format: (value) => `Bearer ${value}` },
    vendorHeaders: {
      Accept: 'application/json',
      'X-Api-Version': '3',
      ...(environment !== undefined ? { 'X-Environment': checkedEnvironment(environment) } : {}),
    },
    defaultLimiter: { maxConcurrent: 10, maxPerInterval: 60, intervalMs: 3000 },
    parseError: parseDatoCmsError,
    rateLimitHeaders: { remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset', resetKind: 'delta-seconds' },
    requestIdHeader: 'X-Request-Id',
    secretPatterns: [/\b[0-9a-f]{30}\b/],
    // Named in the User-Agent; package.json sits one level above both src/ and dist/.
    adapterPackage: packageOf(require('../package.json')),
    options: transportOptions,
  });
  return defineProvider<DatoCmsTypes>({
    transport,
    capabilities: DATOCMS_CAPABILITIES,
    codecs: { createExtra: DatoCmsCreateExtraC, patchExtra: DatoCmsPatchExtraC, deleteOptions: DatoCmsDeleteOptionsC },
    now: () => transportOptions.clock?.now() ?? Date.now(),
    operations: datocmsOperations(),
    rotation: datocmsRotation(transport),
    usageOf,
  });
}

const readToken = (op: OperationContext, id: string): TE.TaskEither<TokenError, DatoCmsToken> =>
  pipe(
    op.request({ method: 'GET', path: ITEM, params: { id }, response: AccessTokenDocumentC }),
    TE.map((r) => toToken(r.data.data)),
  );

/** Which HTTP calls each neutral operation makes (see the README for the list). */
function datocmsOperations(): Required<AdapterOperations<DatoCmsTypes>> {
  return {
    create: (input, op) => {
      if (input.extra === undefined) {
        return TE.left(
          TokenErrors.validation(op, 'invalid input: extra.roleId is required: DatoCMS creates a token only with a role', [
            { path: 'extra.roleId', message: 'required: DatoCMS creates a token only with a role' },
          ]),
        );
      }
      return pipe(
        op.request({ method: 'POST', path: COLLECTION, body: createDocument(input.name, input.extra), contentType: JSON_API, response: AccessTokenDocumentC }),
        TE.map((r) => toToken(r.data.data)),
      );
    },

    get: (id, op) => readToken(op, id),

    update: (target, patch, op) =>
      pipe(
        target.base !== undefined ? TE.right(target.base) : readToken(op, target.id),
        TE.chain((base) => {
          if (isBuiltIn(base)) {
            return TE.left(
              TokenErrors.forbidden(op, `token ${target.id} is one of the project's built-in tokens, which DatoCMS does not let anyone update`, {
                vendorCode: 'NON_EDITABLE_ACCESS_TOKEN',
              }),
            );
          }
          const current = writableState(base);
          const next = applyPatch(current, patch);
          if (sameState(current, next)) return TE.right(base);
          return pipe(
            op.request({ method: 'PUT', path: ITEM, params: { id: target.id }, body: updateDocument(target.id, next), contentType: JSON_API, response: AccessTokenDocumentC }),
            TE.map((r) => toToken(r.data.data)),
          );
        }),
      ),

    delete: (target, options, op) => {
      const to = options.transferTo;
      return pipe(
        op.request({
          method: 'DELETE',
          path: ITEM,
          params: { id: target.id },
          ...(to !== undefined ? { query: { destination_user_type: to.type, destination_user_id: to.id } } : {}),
          response: 'ignore',
        }),
        TE.map(() => undefined),
      );
    },

    regenerate: (target, op) =>
      pipe(
        op.request({ method: 'POST', path: `${ITEM}/regenerate_token`, params: { id: target.id }, response: AccessTokenDocumentC }),
        TE.map((r) => toToken(r.data.data)),
      ),

    list: (query, op) =>
      pipe(
        // A cursor we did not issue fails before the request.
        TE.fromEither(clientListState(op, query)),
        TE.chain(() => op.request({ method: 'GET', path: COLLECTION, response: AccessTokenCollectionC })),
        TE.chainEitherK((r) => clientPage(op, r.data.data.map(toToken), query)),
      ),
  };
}

/**
 * Rotation by replacement: the copy keeps name, role and flags; deleting the
 * old token hands what it owns to the copy; a new secret is checked with
 * `GET /site`.
 */
function datocmsRotation(transport: Transport): RotationSupport<DatoCmsTypes> {
  return {
    replacementInput: (token) => {
      const { roleId, canAccessCda, canAccessCdaPreview, canAccessCma } = token.extra;
      const flags = { canAccessCda, canAccessCdaPreview, canAccessCma };
      // A role-less token cannot be copied (create needs a role): leaving roleId
      // out makes the create fail with Validation on extra.roleId, before sending.
      const extra = (roleId !== null ? { roleId, ...flags } : flags) as DatoCmsCreateExtra;
      return { name: token.name, extra };
    },
    deleteOptionsFor: (_old, replacement) => ({ transferTo: { type: 'access_token', id: replacement.id } }),
    verifyCredential: (secret, options) =>
      checkCredential(transport, secret, options, (op) =>
        pipe(
          op.request({ method: 'GET', path: '/site', response: 'ignore' }),
          TE.map((): CredentialCheck => ({ status: 'verified' })),
          TE.orElse((error) =>
            error.vendorCode === 'INSUFFICIENT_PERMISSIONS'
              ? TE.right<TokenError, CredentialCheck>({ status: 'unverified', reason: 'the token authenticates but may not read the project through the CMA (no CMA access)' })
              : TE.left(error),
          ),
        ),
      ),
  };
}
