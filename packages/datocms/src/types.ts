import type * as t from 'io-ts';
import type { ProviderTypes } from '@tokenbridge/core';
import type { DatoCmsCreateExtraC, DatoCmsDeleteOptionsC, DatoCmsPatchExtraC } from './codecs';

/** The provider id of this adapter. */
export const DATOCMS_PROVIDER = 'datocms';

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

/** What `create` needs beyond the name (see {@link DatoCmsCreateExtraC}). */
export type DatoCmsCreateExtra = Readonly<t.TypeOf<typeof DatoCmsCreateExtraC>>;

/** What `update` may change beyond the name; absent keys keep their value. */
export type DatoCmsPatchExtra = Readonly<t.TypeOf<typeof DatoCmsPatchExtraC>>;

/** Options of `delete` beyond the common call options (see {@link DatoCmsDeleteOptionsC}). */
export type DatoCmsDeleteOptions = Readonly<t.TypeOf<typeof DatoCmsDeleteOptionsC>>;

/** Who can receive what a deleted token owns (`destination_user_type`). */
export type DatoCmsDestinationType = NonNullable<DatoCmsDeleteOptions['transferTo']>['type'];

/** The per-provider types of the DatoCMS provider. */
export interface DatoCmsTypes extends ProviderTypes {
  readonly extra: DatoCmsExtra;
  readonly createExtra: DatoCmsCreateExtra;
  readonly patchExtra: DatoCmsPatchExtra;
  readonly deleteOptions: DatoCmsDeleteOptions;
}
