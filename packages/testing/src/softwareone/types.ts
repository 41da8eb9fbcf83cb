/** Life-cycle state of a SoftwareOne API token. */
export type SoftwareOneTokenStatus = 'Active' | 'Disabled' | 'Deleted';

/** Who did something, in an audit entry: a user (`USR-…`) or an API token (`TKN-…`). */
export interface SoftwareOneActor {
  readonly id: string;
  readonly name: string;
  /** Sent only as null, with explicit nulls. */
  readonly icon?: null;
}

/** One audit entry. */
export interface SoftwareOneAuditEntry {
  /** ISO-8601 with milliseconds, UTC; null with explicit nulls for a token never changed (`updated`). */
  readonly at: string | null;
  /** Absent where `at` is null. */
  readonly by?: SoftwareOneActor;
}

/** Creation and last-change audit of a token (returned only with `select=+audit`). */
export interface SoftwareOneAudit {
  readonly created: SoftwareOneAuditEntry;
  readonly updated: SoftwareOneAuditEntry;
}

/** The account owning a token, as embedded in it. */
export interface SoftwareOneAccount {
  /** `ACC-NNNN-NNNN`. */
  readonly id: string;
  readonly name: string;
  readonly type: 'Client' | 'Vendor' | 'Operations';
  readonly status: 'Active' | 'Disabled';
  /** Sent only as null, with explicit nulls. */
  readonly icon?: null;
}

/** A module a token may be granted. */
export interface SoftwareOneModule {
  /** `MOD-NNNN`. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/** A reference by id, as request bodies carry modules and extensions. */
export interface SoftwareOneRef {
  readonly id: string;
}

/**
 * An API token in its wire shape. Null and empty fields are omitted, never
 * sent as null; `audit` and `token` appear only where the API returns them.
 */
export interface SoftwareOneApiToken {
  /** `TKN-NNNN-NNNN`. */
  readonly id: string;
  readonly audit?: SoftwareOneAudit;
  /** Fields left out of this answer. */
  readonly $meta?: { readonly omitted: readonly string[] };
  readonly status: SoftwareOneTokenStatus;
  readonly name: string;
  /** Null only with explicit nulls (also `icon`, `lastAccessAt`, `extensions`). */
  readonly description?: string | null;
  readonly icon?: string | null;
  readonly lastAccessAt?: string | null;
  /** The secret, `idt:<id>:<opaque>`: on create, and on every answer under the `every-answer` reading. */
  readonly token?: string;
  /** 1 on create, +1 on each change. */
  readonly revision: number;
  readonly account: SoftwareOneAccount;
  readonly modules?: readonly SoftwareOneModule[];
  readonly extensions?: readonly SoftwareOneRef[] | null;
}

/** The list envelope. */
export interface SoftwareOneList<T> {
  readonly $meta: {
    /** `total` is null with explicit nulls. */
    readonly pagination: { readonly offset: number; readonly limit: number; readonly total: number | null };
    readonly omitted?: readonly string[];
  };
  readonly data: readonly T[];
}

/** An RFC 7807 error body as the simulator sends it. */
export interface SoftwareOneProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string | null;
  /** Sent only as null, with explicit nulls. */
  readonly instance?: null;
  /** W3C trace id of the request. */
  readonly traceId: string;
  /** Field → messages (the ASP.NET validation form); null with explicit nulls when there are none. */
  readonly errors?: Readonly<Record<string, readonly string[]>> | null;
}

/** A token to put straight into the store; server fields are generated when absent. */
export interface SoftwareOneTokenSeed {
  readonly name: string;
  readonly description?: string;
  readonly icon?: string;
  /** Default `Active`. */
  readonly status?: SoftwareOneTokenStatus;
  /** Existing module ids; default none. */
  readonly modules?: readonly SoftwareOneRef[];
  /** Default null (any extension). */
  readonly extensions?: readonly SoftwareOneRef[] | null;
  /** `TKN-NNNN-NNNN`; random when absent. */
  readonly id?: string;
  /** The secret, `idt:<id>:<opaque>`; random when absent. */
  readonly token?: string;
}
