import type { ProviderTypes } from '@tokenbridge/core';

/** The provider id of this adapter. */
export const DATOCMS_PROVIDER = 'datocms';

/** Who can receive what a deleted token owns (`destination_user_type`). */
export type DatoCmsDestinationType = 'account' | 'organization' | 'user' | 'access_token' | 'sso_user';

/**
 * What `Token.extra` holds for a DatoCMS token. The secret is never here: it
 * is in `Token.secret`.
 */
export interface DatoCmsExtra {
  /** The token's role (`relationships.role`), or `null` when the vendor reports none. */
  readonly roleId: string | null;
  /** Content Delivery API, published content. */
  readonly canAccessCda: boolean;
  /** Content Delivery API, drafts. */
  readonly canAccessCdaPreview: boolean;
  /** Content Management API. */
  readonly canAccessCma: boolean;
  /**
   * Non-null for the project's built-in tokens (the vendor uses e.g. `readonly`
   * and `admin`), which cannot be updated. The vendor's `""` for an API-made
   * token reads as `null`.
   */
  readonly hardcodedType: string | null;
  /** Coarse bucket of the last Content Management API use (`today`, `this_week`, `never`...), `null` when not sent. */
  readonly lastCmaAccess: string | null;
  /** Coarse bucket of the last Content Delivery API use, `null` when not sent. */
  readonly lastCdaAccess: string | null;
}

/**
 * What `create` needs beyond the name. The vendor has no defaults; the three
 * flags default to `false` here (least privilege).
 */
export interface DatoCmsCreateExtra {
  /** The role the token acts with (required by the vendor). */
  readonly roleId: string;
  readonly canAccessCda?: boolean;
  readonly canAccessCdaPreview?: boolean;
  readonly canAccessCma?: boolean;
}

/** What `update` may change beyond the name; absent keys keep their value. */
export interface DatoCmsPatchExtra {
  readonly roleId?: string;
  readonly canAccessCda?: boolean;
  readonly canAccessCdaPreview?: boolean;
  readonly canAccessCma?: boolean;
}

/** Options of `delete` beyond the common call options. */
export interface DatoCmsDeleteOptions {
  /**
   * Who receives the records, uploads and filters the token owns. The vendor
   * refuses to delete a token that owns something without it.
   */
  readonly transferTo?: { readonly type: DatoCmsDestinationType; readonly id: string };
}

/** The per-provider types of the DatoCMS provider. */
export interface DatoCmsTypes extends ProviderTypes {
  readonly extra: DatoCmsExtra;
  readonly createExtra: DatoCmsCreateExtra;
  readonly patchExtra: DatoCmsPatchExtra;
  readonly deleteOptions: DatoCmsDeleteOptions;
}
