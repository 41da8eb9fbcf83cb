import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { type Secret, type TransportOptions, TokenErrors, clientListState, clientPage, packageOf, requireMatch } from '@tokenbridge/core';
import { type AdapterFactory, type AdapterKit, type VendorOperations, defineAdapter, tokenCodec } from '@tokenbridge/core/adapter';
import { DATOCMS_CAPABILITIES } from './capabilities';
import { DatoCmsAccessTokenCollectionC, DatoCmsAccessTokenDocumentC, DatoCmsCreateExtraC, DatoCmsDeleteOptionsC, DatoCmsPatchExtraC } from './codecs';
import { parseDatoCmsError } from './errors';
import { applyPatch, createDocument, isBuiltIn, replacementExtra, sameState, toToken, updateDocument, usageOf, writableState } from './mapping';
import { DATOCMS_PROVIDER, type DatoCmsTypes } from './types';

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

// It goes into a header: no whitespace or control characters.
const checkedEnvironment = (value: unknown): string => requireMatch(DATOCMS_PROVIDER, 'environment', value, /^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'expected letters, digits, - or _');

/**
 * A DatoCMS API-token provider.
 *
 * @example
 * const dato = toPromise(datocms({ apiToken: process.env.DATOCMS_API_TOKEN ?? '' }));
 * const token = await dato.create({ name: 'ci', extra: { roleId: '34', canAccessCda: true } });
 * console.log(token.secret?.reveal());
 */
export const datocms: AdapterFactory<DatoCmsOptions, DatoCmsTypes> = defineAdapter<DatoCmsTypes, DatoCmsOptions>({
  provider: DATOCMS_PROVIDER,
  capabilities: DATOCMS_CAPABILITIES,
  credentialOption: 'apiToken',
  defaultBaseUrl: DATOCMS_BASE_URL,
  transport: {
    auth: { header: 'Authorization', format: (value) => `Bearer ${value}` },
    defaultLimiter: { maxConcurrent: 10, maxPerInterval: 60, intervalMs: 3000 },
    parseError: parseDatoCmsError,
    rateLimitHeaders: { remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset', resetKind: 'delta-seconds' },
    requestIdHeader: 'X-Request-Id',
    secretPatterns: [/\b[0-9a-f]{30}\b/],
    adapterPackage: packageOf(require('../package.json')),
  },
  settings: { environment: checkedEnvironment },
  vendorHeaders: ({ environment }) => ({
    Accept: 'application/json',
    'X-Api-Version': '3',
    ...(environment !== undefined ? { 'X-Environment': environment } : {}),
  }),
  paths: { collection: '/access_tokens', item: '/access_tokens/{id}' },
  codecs: { createExtra: DatoCmsCreateExtraC, patchExtra: DatoCmsPatchExtraC, deleteOptions: DatoCmsDeleteOptionsC },
  token: tokenCodec(DatoCmsAccessTokenDocumentC, (document) => toToken(document.data)),
  deleteQuery: ({ transferTo: to }) => (to !== undefined ? { destination_user_type: to.type, destination_user_id: to.id } : undefined),
  operations: datocmsOperations,
  /*
   * Rotation by replacement: the copy keeps name, role and flags; deleting the
   * old token hands what it owns to the copy; a new secret is checked with `GET /site`.
   */
  rotation: {
    replacementInput: (token) => ({ name: token.name, extra: replacementExtra(token) }),
    deleteOptionsFor: (_old, replacement) => ({ transferTo: { type: 'access_token', id: replacement.id } }),
    credentialCheck: {
      probe: { path: '/site' },
      unverified: (error) =>
        error.vendorCode === 'INSUFFICIENT_PERMISSIONS' ? 'the token authenticates but may not read the project through the CMA (no CMA access)' : undefined,
    },
  },
  usageOf,
});

/** Which HTTP calls each neutral operation makes beyond the kit's `get` and `delete` (see the README for the list). */
function datocmsOperations(kit: AdapterKit<DatoCmsTypes, DatoCmsOptions>): VendorOperations<DatoCmsTypes> {
  const { collection, item } = kit.paths;
  return {
    create: (input, op) => {
      if (input.extra === undefined) {
        return TE.left(
          TokenErrors.validation(op, 'invalid input: extra.roleId is required: DatoCMS creates a token only with a role', [
            { path: 'extra.roleId', message: 'required: DatoCMS creates a token only with a role' },
          ]),
        );
      }
      return kit.sendForToken(op, { method: 'POST', path: collection, body: createDocument(input.name, input.extra), contentType: JSON_API });
    },

    update: (target, patch, op) =>
      pipe(
        target.base !== undefined ? TE.right(target.base) : kit.readToken(op, target.id),
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
          return kit.sendForToken(op, { method: 'PUT', path: item, params: { id: target.id }, body: updateDocument(target.id, next), contentType: JSON_API });
        }),
      ),

    regenerate: (target, op) => kit.sendForToken(op, { method: 'POST', path: `${item}/regenerate_token`, params: { id: target.id } }),

    list: (query, op) =>
      pipe(
        // A cursor we did not issue fails before the request.
        TE.fromEither(clientListState(op, query)),
        TE.chain(() => op.request({ method: 'GET', path: collection, response: DatoCmsAccessTokenCollectionC })),
        TE.chainEitherK((r) => clientPage(op, r.data.data.map(toToken), query)),
      ),
  };
}
