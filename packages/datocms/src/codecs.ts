import * as t from 'io-ts';
import { nullable, strict } from '@tokenbridge/core';

/*
 * The DatoCMS CMA wire format of the `access_token` resource (JSON:API). The
 * decoders are tolerant where the vendor notes say fields come and go (the
 * secret, `hardcoded_type`, the last-access buckets, `relationships`) and
 * keep unknown fields, so `Token.raw` shows what the vendor sent.
 */

/** A JSON:API reference to a role. */
export const DatoCmsRoleRefC = t.type({ type: t.literal('role'), id: t.string }, 'RoleRef');
/** A role reference on the wire. */
export type DatoCmsRoleRef = t.TypeOf<typeof DatoCmsRoleRefC>;

/**
 * The attributes of an `access_token`. `token` (the secret) is absent or null
 * for callers whose role cannot manage tokens; `last_*_access` are coarse
 * buckets (`today`, `this_week`, `never`...) kept as plain strings, since the
 * vendor added them late and may add more values.
 */
export const DatoCmsAccessTokenAttributesC = t.intersection(
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
export const DatoCmsAccessTokenRelationshipsC = t.partial({ role: t.type({ data: nullable(DatoCmsRoleRefC) }) }, 'AccessTokenRelationships');

/** One `access_token` resource object. */
export const DatoCmsAccessTokenC = t.intersection(
  [
    t.type({ type: t.literal('access_token'), id: t.string, attributes: DatoCmsAccessTokenAttributesC }),
    t.partial({ relationships: DatoCmsAccessTokenRelationshipsC }),
  ],
  'AccessToken',
);
/** An `access_token` as the vendor sends it (the secret included). */
export type DatoCmsAccessToken = t.TypeOf<typeof DatoCmsAccessTokenC>;

/** `{ data: access_token }`: the answer of create, find, update, regenerate and delete. */
export const DatoCmsAccessTokenDocumentC = t.type({ data: DatoCmsAccessTokenC }, 'AccessTokenDocument');

/** `{ data: access_token[] }`: the answer of `GET /access_tokens` (everything at once, no paging). */
export const DatoCmsAccessTokenCollectionC = t.type({ data: t.array(DatoCmsAccessTokenC) }, 'AccessTokenCollection');

/** The optional attributes of an error object; the adapter's parser reads each on its own. */
export const DatoCmsApiErrorAttributesC = t.partial({ code: t.string, details: t.UnknownRecord, doc_url: t.string, transient: t.boolean }, 'ApiErrorAttributes');

/** One JSON:API error object: `{ id, type: "api_error", attributes: { code, details, doc_url?, transient? } }`. */
export const DatoCmsApiErrorC = t.type({ attributes: t.intersection([t.type({ code: t.string }), DatoCmsApiErrorAttributesC]) }, 'ApiError');
/** A JSON:API error object. */
export type DatoCmsApiError = t.TypeOf<typeof DatoCmsApiErrorC>;

/** The vendor's error document. DatoCMS puts the error objects under `data` (not JSON:API's usual `errors`). */
export const DatoCmsApiErrorDocumentC = t.type({ data: t.array(DatoCmsApiErrorC) }, 'ApiErrorDocument');

/** The four attributes a create or update sends (all required by the vendor on both). */
export interface DatoCmsWritableAttributes {
  readonly name: string;
  readonly can_access_cda: boolean;
  readonly can_access_cda_preview: boolean;
  readonly can_access_cma: boolean;
}

/** `relationships` of a write: the role reference. */
export interface DatoCmsWriteRelationships {
  readonly role: { readonly data: DatoCmsRoleRef };
}

/** The body of `POST /access_tokens`. */
export interface DatoCmsCreateAccessTokenDocument {
  readonly data: {
    readonly type: 'access_token';
    readonly attributes: DatoCmsWritableAttributes;
    readonly relationships: DatoCmsWriteRelationships;
  };
}

/** The body of `PUT /access_tokens/{id}`; without `relationships` the vendor keeps the role. */
export interface DatoCmsUpdateAccessTokenDocument {
  readonly data: {
    readonly type: 'access_token';
    readonly id: string;
    readonly attributes: DatoCmsWritableAttributes;
    readonly relationships?: DatoCmsWriteRelationships;
  };
}

const RoleIdC = t.refinement(t.string, (s) => s.trim() !== '', 'RoleId');

// The vendor has no defaults for the flags; create sends `false` for an absent one (least privilege).
const FlagsC = t.partial({
  /** Content Delivery API, published content. */
  canAccessCda: t.boolean,
  /** Content Delivery API, drafts. */
  canAccessCdaPreview: t.boolean,
  /** Content Management API. */
  canAccessCma: t.boolean,
});

/** Strict codec of what `create` needs beyond the name: the role the token acts with (required by the vendor) and the flags. */
export const DatoCmsCreateExtraC = strict(t.intersection([t.type({ roleId: RoleIdC }), FlagsC]), 'DatoCmsCreateExtra');

/** Strict codec of what `update` may change beyond the name; absent keys keep their value. */
export const DatoCmsPatchExtraC = strict(t.intersection([t.partial({ roleId: RoleIdC }), FlagsC]), 'DatoCmsPatchExtra');

const DestinationTypeC = t.keyof({ account: null, organization: null, user: null, access_token: null, sso_user: null }, 'DestinationType');

/** Strict codec of the options of `delete` beyond the common call options. */
export const DatoCmsDeleteOptionsC = strict(
  t.partial({
    /** Who receives the records, uploads and filters the token owns; the vendor refuses to delete a token that owns something without it. */
    transferTo: strict(t.type({ type: DestinationTypeC, id: t.refinement(t.string, (s) => s.trim() !== '', 'DestinationId') })),
  }),
  'DatoCmsDeleteOptions',
);
