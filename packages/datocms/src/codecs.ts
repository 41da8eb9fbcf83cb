import * as t from 'io-ts';
import { nullable, strict } from '@tokenbridge/core';
import type { DatoCmsCreateExtra, DatoCmsDeleteOptions, DatoCmsPatchExtra } from './types';

/*
 * The DatoCMS CMA wire format of the `access_token` resource (JSON:API). The
 * decoders are tolerant where the vendor notes say fields come and go (the
 * secret, `hardcoded_type`, the last-access buckets, `relationships`) and
 * keep unknown fields, so `Token.raw` shows what the vendor sent.
 */

/** A JSON:API reference to a role. */
export const RoleRefC = t.type({ type: t.literal('role'), id: t.string }, 'RoleRef');
/** A role reference on the wire. */
export type RoleRef = t.TypeOf<typeof RoleRefC>;

/**
 * The attributes of an `access_token`. `token` (the secret) is absent or null
 * for callers whose role cannot manage tokens; `last_*_access` are coarse
 * buckets (`today`, `this_week`, `never`...) kept as plain strings, since the
 * vendor added them late and may add more values.
 */
export const AccessTokenAttributesC = t.intersection(
  [
    t.type({
      name: t.string,
      can_access_cda: t.boolean,
      can_access_cda_preview: t.boolean,
      can_access_cma: t.boolean,
    }),
    t.partial({
      token: nullable(t.string),
      hardcoded_type: nullable(t.string),
      last_cma_access: nullable(t.string),
      last_cda_access: nullable(t.string),
    }),
  ],
  'AccessTokenAttributes',
);

/** The relationships of an `access_token`: its role, which may be null. */
export const AccessTokenRelationshipsC = t.partial({ role: t.type({ data: nullable(RoleRefC) }) }, 'AccessTokenRelationships');

/** One `access_token` resource object. */
export const AccessTokenC = t.intersection(
  [
    t.type({ type: t.literal('access_token'), id: t.string, attributes: AccessTokenAttributesC }),
    t.partial({ relationships: AccessTokenRelationshipsC }),
  ],
  'AccessToken',
);
/** An `access_token` as the vendor sends it (the secret included). */
export type AccessToken = t.TypeOf<typeof AccessTokenC>;

/** `{ data: access_token }`: the answer of create, find, update, regenerate and delete. */
export const AccessTokenDocumentC = t.type({ data: AccessTokenC }, 'AccessTokenDocument');

/** `{ data: access_token[] }`: the answer of `GET /access_tokens` (everything at once, no paging). */
export const AccessTokenCollectionC = t.type({ data: t.array(AccessTokenC) }, 'AccessTokenCollection');

/** The optional attributes of an error object; the adapter's parser reads each on its own. */
export const ApiErrorAttributesC = t.partial({ code: t.string, details: t.UnknownRecord, doc_url: t.string, transient: t.boolean }, 'ApiErrorAttributes');

/** One JSON:API error object: `{ id, type: "api_error", attributes: { code, details, doc_url?, transient? } }`. */
export const ApiErrorC = t.type({ attributes: t.intersection([t.type({ code: t.string }), ApiErrorAttributesC]) }, 'ApiError');
/** A JSON:API error object. */
export type ApiError = t.TypeOf<typeof ApiErrorC>;

/** The vendor's error document. DatoCMS puts the error objects under `data` (not JSON:API's usual `errors`). */
export const ApiErrorDocumentC = t.type({ data: t.array(ApiErrorC) }, 'ApiErrorDocument');

/** The four attributes a create or update sends (all required by the vendor on both). */
export interface WritableAttributes {
  readonly name: string;
  readonly can_access_cda: boolean;
  readonly can_access_cda_preview: boolean;
  readonly can_access_cma: boolean;
}

/** `relationships` of a write: the role reference. */
export interface WriteRelationships {
  readonly role: { readonly data: RoleRef };
}

/** The body of `POST /access_tokens`. */
export interface CreateAccessTokenDocument {
  readonly data: {
    readonly type: 'access_token';
    readonly attributes: WritableAttributes;
    readonly relationships: WriteRelationships;
  };
}

/** The body of `PUT /access_tokens/{id}`; without `relationships` the vendor keeps the role. */
export interface UpdateAccessTokenDocument {
  readonly data: {
    readonly type: 'access_token';
    readonly id: string;
    readonly attributes: WritableAttributes;
    readonly relationships?: WriteRelationships;
  };
}

const RoleIdC = t.refinement(t.string, (s) => s.trim() !== '', 'RoleId');

const FlagsC = t.partial({ canAccessCda: t.boolean, canAccessCdaPreview: t.boolean, canAccessCma: t.boolean });

/** Strict codec of {@link DatoCmsCreateExtra} (unknown keys are a `Validation` error). */
export const DatoCmsCreateExtraC: t.Decoder<unknown, DatoCmsCreateExtra> = strict(
  t.intersection([t.type({ roleId: RoleIdC }), FlagsC]),
  'DatoCmsCreateExtra',
);

/** Strict codec of {@link DatoCmsPatchExtra}. */
export const DatoCmsPatchExtraC: t.Decoder<unknown, DatoCmsPatchExtra> = strict(
  t.intersection([t.partial({ roleId: RoleIdC }), FlagsC]),
  'DatoCmsPatchExtra',
);

const DestinationTypeC = t.keyof({ account: null, organization: null, user: null, access_token: null, sso_user: null }, 'DestinationType');

/** Strict codec of {@link DatoCmsDeleteOptions}. */
export const DatoCmsDeleteOptionsC: t.Decoder<unknown, DatoCmsDeleteOptions> = strict(
  t.partial({ transferTo: strict(t.type({ type: DestinationTypeC, id: t.refinement(t.string, (s) => s.trim() !== '', 'DestinationId') })) }),
  'DatoCmsDeleteOptions',
);
