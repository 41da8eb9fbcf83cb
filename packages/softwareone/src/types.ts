import type * as t from 'io-ts';
import type { ProviderTypes } from '@tokenbridge/core/spec';
import type { SoftwareOneCreateExtraC, SoftwareOneDeleteOptionsC, SoftwareOnePatchExtraC } from './codecs';

/** The account that owns a token, as the token embeds it. */
export interface SoftwareOneAccountRef {
  /** `ACC-NNNN-NNNN`. */
  readonly id: string;
  readonly name?: string;
  /** `Client`, `Vendor` or `Operations`. */
  readonly type?: string;
}

/** A module granted to a token (its rights are the account's profile intersected with its modules). */
export interface SoftwareOneModuleRef {
  /** `MOD-NNNN`. */
  readonly id: string;
  readonly name?: string;
}

/** What `Token.extra` holds for a SoftwareOne API token. */
export interface SoftwareOneExtra {
  /** The vendor's own status (`Active`, `Disabled`, `Deleted`), or `null` when the answer had none. */
  readonly vendorStatus: string | null;
  /** The owning account, or `null` when the answer left it out. */
  readonly account: SoftwareOneAccountRef | null;
  /** The granted modules; empty when none (the vendor omits an empty list). */
  readonly modules: ReadonlyArray<SoftwareOneModuleRef>;
  readonly icon: string | null;
  /**
   * The extensions the token may act for. The vendor gives `null` for "any extension" and `[]` for "none",
   * but omits both on the wire, so an absent list reads as `null` here.
   */
  readonly extensions: ReadonlyArray<{ readonly id: string }> | null;
}

/** Vendor attributes `create` accepts in `extra` (see {@link SoftwareOneCreateExtraC}). */
export type SoftwareOneCreateExtra = t.TypeOf<typeof SoftwareOneCreateExtraC>;

/** Vendor attributes `update` accepts in `extra` (see {@link SoftwareOnePatchExtraC}). */
export type SoftwareOnePatchExtra = t.TypeOf<typeof SoftwareOnePatchExtraC>;

/** The per-provider types of the SoftwareOne provider. */
export interface SoftwareOneTypes extends ProviderTypes {
  readonly extra: SoftwareOneExtra;
  readonly createExtra: SoftwareOneCreateExtra;
  readonly patchExtra: SoftwareOnePatchExtra;
  readonly deleteOptions: t.TypeOf<typeof SoftwareOneDeleteOptionsC>;
}
