/** Life-cycle state of a SoftwareOne API token. */
export type SoftwareOneTokenStatus = 'Active' | 'Disabled' | 'Deleted';

/** Who did something, in an audit entry: a user (`USR-…`) or an API token (`TKN-…`). */
export interface SoftwareOneActor {
  readonly id: string;
  readonly name: string;
}

/** One audit entry. */
export interface SoftwareOneAuditEntry {
  /** ISO-8601 with milliseconds, UTC. */
  readonly at: string;
  readonly by: SoftwareOneActor;
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
  readonly description?: string;
  readonly icon?: string;
  readonly lastAccessAt?: string;
  /** The secret, `idt:<id>:<opaque>`: on create (and on reads only with `tokenOnRead`). */
  readonly token?: string;
  /** 1 on create, +1 on each change. */
  readonly revision: number;
  readonly account: SoftwareOneAccount;
  readonly modules?: readonly SoftwareOneModule[];
  readonly extensions?: readonly SoftwareOneRef[];
}

/** The list envelope. */
export interface SoftwareOneList<T> {
  readonly $meta: {
    readonly pagination: { readonly offset: number; readonly limit: number; readonly total: number };
    readonly omitted?: readonly string[];
  };
  readonly data: readonly T[];
}

/** An RFC 7807 error body as the simulator sends it. */
export interface SoftwareOneProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** W3C trace id of the request. */
  readonly traceId: string;
  /** Field → messages (the ASP.NET validation form). */
  readonly errors?: Readonly<Record<string, readonly string[]>>;
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
