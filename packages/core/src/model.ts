import * as t from 'io-ts';
import { DateInput, IsoDateTime, nullable, strict } from './codecs';
import type { Secret } from './secret';

/**
 * The provider ids known to the type system, as keys. Empty here: core names
 * no vendor. The `tokenbridge` package's vendor registry adds one key per
 * registered vendor (declaration merging), so importing `tokenbridge` makes
 * {@link KnownProviderId} the registered ids.
 */
export interface KnownProviders {}

/** The providers this project ships adapters for (the keys of {@link KnownProviders}). */
export type KnownProviderId = keyof KnownProviders & string;

/** Identifies a provider; third-party providers pick their own id. */
export type ProviderId = KnownProviderId | (string & {});

/** Codec of {@link ProviderId}: a lower-case identifier. */
export const ProviderIdC = t.refinement(t.string, (s) => /^[a-z][a-z0-9-]{0,62}$/.test(s), 'ProviderId') as t.Type<
  ProviderId,
  string,
  unknown
>;

/** The neutral lifecycle state of a token. */
export type TokenStatus = 'active' | 'disabled' | 'expired' | 'unknown';
/** Codec of {@link TokenStatus}. */
export const TokenStatusC = t.keyof({ active: null, disabled: null, expired: null, unknown: null }, 'TokenStatus');

/** The statuses a caller may set in a patch (where the vendor can). */
export type SettableStatus = 'active' | 'disabled';
/** Codec of {@link SettableStatus}. */
export const SettableStatusC = t.keyof({ active: null, disabled: null }, 'SettableStatus');

/**
 * A token as every provider returns it. The default `Extra` is `object`, so a
 * plain `Token` (or {@link AnyToken}) takes any provider's token: code generic
 * over providers narrows `extra` before reading it.
 *
 * `secret` is present only where the vendor returned the token value (always
 * on create and regenerate where the vendor sends it; on reads only where the
 * provider's capabilities say `secretOnRead`). The value is never inside
 * `raw` or `extra`, so printing or serialising a token never shows it.
 */
export interface Token<Extra = object> {
  readonly provider: ProviderId;
  readonly id: string;
  readonly name: string;
  /** `null` where the vendor has no description. */
  readonly description: string | null;
  readonly status: TokenStatus;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
  /** `null` when the token never expires or the vendor has no expiry. */
  readonly expiresAt: Date | null;
  /** `null` when unknown or never used. */
  readonly lastUsedAt: Date | null;
  /** Opaque optimistic-locking version (Kodexa `changeSequence`, SoftwareOne `revision`), or `null`. */
  readonly version: string | null;
  /** The token value, where the vendor returned it. */
  readonly secret?: Secret;
  /** Provider-specific attributes, typed per provider. */
  readonly extra: Extra;
  /** The decoded vendor payload (without the secret): the escape hatch. */
  readonly raw: unknown;
}

/** Any provider's token: what code generic over providers takes and returns. */
export type AnyToken = Token<object>;

/** Input of `create`. Fields a provider does not support give `Unsupported`. */
export interface CreateTokenInput<Extra = Readonly<Record<string, unknown>>> {
  readonly name: string;
  readonly description?: string | null;
  readonly expiresAt?: Date | null;
  readonly extra?: Extra;
}

/**
 * A partial update: only the fields present change. `null` clears a field
 * where the vendor allows it. `ifVersion` makes the write conditional: a stale
 * version gives `Conflict` instead of overwriting.
 */
export interface TokenPatch<Extra = Readonly<Record<string, unknown>>> {
  readonly name?: string;
  readonly description?: string | null;
  readonly expiresAt?: Date | null;
  readonly status?: SettableStatus;
  readonly extra?: Extra;
  readonly ifVersion?: string;
}

/** Which way to sort a list. */
export type ListOrder = 'asc' | 'desc';
/** What a list may be sorted by. */
export type ListOrderBy = 'name' | 'createdAt';

/**
 * A list request. `nameContains` is a literal, case-insensitive substring:
 * adapters escape the vendor's wildcard characters.
 */
export interface ListQuery {
  readonly nameContains?: string;
  readonly status?: TokenStatus;
  readonly orderBy?: ListOrderBy;
  readonly order?: ListOrder;
  readonly pageSize?: number;
  /** The `nextCursor` of the previous page. It carries the whole query; the other fields are then ignored. */
  readonly cursor?: string;
}

/** One page of a list. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` to get the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** Options every operation accepts. */
export interface CallOptions {
  /** Aborting gives `Cancelled`. */
  readonly signal?: AbortSignal;
  /** The operation's deadline, covering every attempt and backoff (default 30 s). Passing it gives `Timeout`. */
  readonly timeoutMs?: number;
  /** Extra request headers (they cannot replace the credential header). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The per-provider types: what `Token.extra` holds and what `create`, `update`
 * and `delete` accept beyond the neutral fields.
 */
export interface ProviderTypes {
  readonly extra: object;
  readonly createExtra: object;
  readonly patchExtra: object;
  readonly deleteOptions: object;
}

/** The types of a provider that declares nothing specific. */
export interface DefaultProviderTypes extends ProviderTypes {
  readonly extra: Readonly<Record<string, unknown>>;
  readonly createExtra: Readonly<Record<string, unknown>>;
  readonly patchExtra: Readonly<Record<string, unknown>>;
  readonly deleteOptions: Readonly<Record<string, never>>;
}

const NonBlankString = t.refinement(t.string, (s) => s.trim() !== '', 'NonBlankString');
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0, 'PositiveInteger');
const UnknownRecord = t.UnknownRecord;

/** Codec of {@link CreateTokenInput} as it arrives from a caller (dates as `Date` or ISO strings). */
export const CreateTokenInputC = strict(
  t.intersection([
    t.type({ name: t.string }),
    t.partial({ description: nullable(t.string), expiresAt: nullable(DateInput), extra: UnknownRecord }),
  ]),
  'CreateTokenInput',
);

/** Codec of {@link TokenPatch} as it arrives from a caller. */
export const TokenPatchC = strict(
  t.partial({
    name: t.string,
    description: nullable(t.string),
    expiresAt: nullable(DateInput),
    status: SettableStatusC,
    extra: UnknownRecord,
    ifVersion: NonBlankString,
  }),
  'TokenPatch',
);

/** Codec of {@link ListQuery}. */
export const ListQueryC = strict(
  t.partial({
    nameContains: t.string,
    status: TokenStatusC,
    orderBy: t.keyof({ name: null, createdAt: null }),
    order: t.keyof({ asc: null, desc: null }),
    pageSize: PositiveInt,
    cursor: NonBlankString,
  }),
  'ListQuery',
);

const DateFromIso = new t.Type<Date, string, unknown>(
  'DateFromIsoString',
  (u): u is Date => u instanceof Date,
  (u, c) => (IsoDateTime.is(u) ? t.success(new Date(u)) : t.failure(u, c)),
  (d) => d.toISOString(),
);

/** The JSON form of a {@link Token}: dates as ISO strings, and no secret (only whether one was returned). */
export interface TokenJson {
  readonly provider: string;
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly status: TokenStatus;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly version: string | null;
  readonly hasSecret: boolean;
  readonly extra: unknown;
  readonly raw: unknown;
}

const TokenJsonShape = t.type({
  provider: ProviderIdC,
  id: t.string,
  name: t.string,
  description: nullable(t.string),
  status: TokenStatusC,
  createdAt: nullable(DateFromIso),
  updatedAt: nullable(DateFromIso),
  expiresAt: nullable(DateFromIso),
  lastUsedAt: nullable(DateFromIso),
  version: nullable(t.string),
  extra: t.unknown,
  raw: t.unknown,
});

/**
 * Codec between a {@link Token} and its JSON form ({@link TokenJson}), for
 * output that leaves the process (`--json`, files, queues). Encoding drops the
 * secret; decoding gives a token without one.
 */
export const TokenJsonC = new t.Type<Token<unknown>, TokenJson, unknown>(
  'Token',
  (u): u is Token<unknown> => TokenJsonShape.is(u),
  (u, c) => TokenJsonShape.validate(u, c),
  (token) => ({
    provider: token.provider,
    id: token.id,
    name: token.name,
    description: token.description,
    status: token.status,
    createdAt: token.createdAt?.toISOString() ?? null,
    updatedAt: token.updatedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    version: token.version,
    hasSecret: token.secret !== undefined,
    extra: token.extra,
    raw: token.raw,
  }),
);

/** Codec of a {@link Page} of `item`. */
export const PageC = <A, O>(item: t.Type<A, O, unknown>) =>
  t.type({ items: t.readonlyArray(item), nextCursor: nullable(t.string) }, `Page<${item.name}>`);
