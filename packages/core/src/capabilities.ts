import * as t from 'io-ts';

/** The operations of a {@link TokenProvider}. */
export type TokenOperation = 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate';
/** Every {@link TokenOperation}, in the order docs list them. */
export const TOKEN_OPERATIONS: readonly TokenOperation[] = ['create', 'get', 'update', 'delete', 'list', 'regenerate'];

/** Neutral fields a create may carry. */
export type CreateField = 'name' | 'description' | 'expiresAt';
/** Neutral fields a patch may carry. */
export type PatchField = 'name' | 'description' | 'expiresAt' | 'status';

/** Where a list feature runs: on the vendor's server, on the client after fetching, or not at all. */
export type Support = 'server' | 'client' | 'none';

/**
 * When the vendor sends the token value: `always`; `when-returned` where the
 * sources disagree or the field may be missing (the token then has no secret);
 * `never`.
 */
export type SecretAvailability = 'always' | 'when-returned' | 'never';

/**
 * What a provider supports, as plain data. It drives the pre-flight checks
 * (an undeclared operation or field is `Unsupported` before any request), the
 * contract suite and the support matrix in the docs.
 */
export interface Capabilities {
  readonly operations: readonly TokenOperation[];
  readonly create: {
    readonly fields: readonly CreateField[];
    /** Keys accepted in `extra`. */
    readonly extra: readonly string[];
  };
  readonly update: {
    readonly fields: readonly PatchField[];
    readonly extra: readonly string[];
    /** `patch`: the vendor takes a delta; `replace`: we read, merge and send the whole object. */
    readonly style: 'patch' | 'replace';
    /** Whether `ifVersion` is honoured. */
    readonly optimisticLocking: boolean;
  };
  readonly delete: {
    /** Keys accepted in the delete call's options beyond the common ones. */
    readonly options: readonly string[];
  };
  readonly list: {
    readonly paging: 'server' | 'client';
    readonly maxPageSize: number;
    readonly filters: { readonly nameContains: Support; readonly status: Support };
    readonly orderBy: { readonly name: Support; readonly createdAt: Support };
  };
  readonly secretOnCreate: SecretAvailability;
  readonly secretOnRead: SecretAvailability;
  readonly limits: {
    /** The longest name the vendor takes (or the conservative bound we enforce). */
    readonly nameMaxLength: number;
  };
}

const SupportC = t.keyof({ server: null, client: null, none: null });
const SecretAvailabilityC = t.keyof({ always: null, 'when-returned': null, never: null });
const OperationC = t.keyof({ create: null, get: null, update: null, delete: null, list: null, regenerate: null });

/** Codec of {@link Capabilities}, for the generated docs and for providers loaded from configuration. */
export const CapabilitiesC: t.Type<Capabilities, Capabilities, unknown> = t.readonly(
  t.type({
    operations: t.readonlyArray(OperationC),
    create: t.type({
      fields: t.readonlyArray(t.keyof({ name: null, description: null, expiresAt: null })),
      extra: t.readonlyArray(t.string),
    }),
    update: t.type({
      fields: t.readonlyArray(t.keyof({ name: null, description: null, expiresAt: null, status: null })),
      extra: t.readonlyArray(t.string),
      style: t.keyof({ patch: null, replace: null }),
      optimisticLocking: t.boolean,
    }),
    delete: t.type({ options: t.readonlyArray(t.string) }),
    list: t.type({
      paging: t.keyof({ server: null, client: null }),
      maxPageSize: t.number,
      filters: t.type({ nameContains: SupportC, status: SupportC }),
      orderBy: t.type({ name: SupportC, createdAt: SupportC }),
    }),
    secretOnCreate: SecretAvailabilityC,
    secretOnRead: SecretAvailabilityC,
    limits: t.type({ nameMaxLength: t.number }),
  }),
  'Capabilities',
);

/** True when the provider declares `operation`. */
export function supports(capabilities: Capabilities, operation: TokenOperation): boolean {
  return capabilities.operations.includes(operation);
}
