import type * as t from 'io-ts';
import type { ProviderTypes } from '@tokenbridge/core';
import type { KodexaCreateExtraC, KodexaDeleteOptionsC, KodexaPatchExtraC } from './codecs';

/** What a Kodexa token tells about its owner: only the fields the server sent. */
export interface KodexaUserSummary {
  readonly id: string;
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly userType?: string;
  readonly active?: boolean;
}

/** `Token.extra` of a Kodexa token. */
export interface KodexaExtra {
  /** The owner's id (`userId`, else the embedded user's id), or null when the server sent neither. */
  readonly userId: string | null;
  /** A summary of the embedded owner; the full object stays in `raw.user`. */
  readonly user: KodexaUserSummary | null;
  /** Kodexa's secondary UUID. */
  readonly uuid: string | null;
}

/** Kodexa takes no vendor attributes on create. */
export type KodexaCreateExtra = t.TypeOf<typeof KodexaCreateExtraC>;

/** Kodexa takes no vendor attributes on update. */
export type KodexaPatchExtra = t.TypeOf<typeof KodexaPatchExtraC>;

/** Kodexa's delete takes no options beyond the common call options. */
export type KodexaDeleteOptions = t.TypeOf<typeof KodexaDeleteOptionsC>;

/** The provider types of the Kodexa adapter. */
export interface KodexaTypes extends ProviderTypes {
  readonly extra: KodexaExtra;
  readonly createExtra: KodexaCreateExtra;
  readonly patchExtra: KodexaPatchExtra;
  readonly deleteOptions: KodexaDeleteOptions;
}
