/** Token status as Cloudflare reports it (`expired` is computed from `expires_on`). */
export type CloudflareTokenStatus = 'active' | 'disabled' | 'expired';

/** A permission group as a policy names it. */
export interface CloudflarePolicyPermissionGroup {
  readonly id: string;
  readonly name?: string;
  /** Opaque attributes, passed through as sent. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Resource names a policy applies to: `{"<resource>": "*"}` or one level of nesting. */
export type CloudflarePolicyResources = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

/** An access policy of a token. */
export interface CloudflarePolicy {
  readonly id: string;
  readonly effect: 'allow' | 'deny';
  readonly resources: CloudflarePolicyResources;
  readonly permission_groups: readonly CloudflarePolicyPermissionGroup[];
}

/** Client IP restrictions (CIDR notation). */
export interface CloudflareCondition {
  readonly request_ip?: { readonly in?: readonly string[]; readonly not_in?: readonly string[] };
}

/** A token in its wire shape (never with its value, which only the create answer carries). */
export interface CloudflareToken {
  readonly id: string;
  readonly name: string;
  readonly status: CloudflareTokenStatus;
  readonly issued_on: string;
  readonly modified_on: string;
  readonly last_used_on?: string;
  readonly expires_on?: string;
  readonly not_before?: string;
  readonly policies: readonly CloudflarePolicy[];
  readonly condition: CloudflareCondition;
  /** Account-owned tokens created by a user only. */
  readonly creator_email_at_creation?: string;
}

/** The create answer: the token and, this once, its value. */
export type CloudflareCreatedToken = CloudflareToken & { readonly value: string };

/** One entry of `errors` or `messages`. */
export interface CloudflareMessage {
  readonly code: number;
  readonly message: string;
  readonly type?: null;
  readonly error_chain?: readonly CloudflareMessage[];
}

/** Paging facts of a list answer. */
export interface CloudflareResultInfo {
  readonly page: number;
  readonly per_page: number;
  readonly count: number;
  readonly total_count: number;
  readonly total_pages: number;
}

/** The v4 envelope every answer comes in. */
export interface CloudflareEnvelope<T> {
  readonly success: boolean;
  readonly errors: readonly CloudflareMessage[];
  readonly messages: readonly CloudflareMessage[];
  readonly result: T;
  readonly result_info?: CloudflareResultInfo;
}

/** Scopes a permission group applies to. */
export type CloudflarePermissionScope =
  | 'com.cloudflare.api.account'
  | 'com.cloudflare.api.account.zone'
  | 'com.cloudflare.api.user'
  | 'com.cloudflare.edge.r2.bucket';

/** An entry of the permission-groups list. */
export interface CloudflarePermissionGroup {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly CloudflarePermissionScope[];
  readonly category: string;
  readonly is_selectable: boolean;
}

/** Who owns a token: the simulator's user, or its account. */
export type CloudflareOwner = 'user' | 'account';

/** A token to put straight into the store; server fields are generated when absent. */
export interface CloudflareTokenSeed {
  /** Default `user`. */
  readonly owner?: CloudflareOwner;
  /** 32 hex characters; random when absent. */
  readonly id?: string;
  readonly name: string;
  /** Default `active`. */
  readonly status?: 'active' | 'disabled';
  /** Default: one policy granting Zone Read on every zone. Policy ids are generated when absent. */
  readonly policies?: ReadonlyArray<Omit<CloudflarePolicy, 'id'> & { readonly id?: string }>;
  readonly condition?: CloudflareCondition;
  readonly expires_on?: string;
  readonly not_before?: string;
  /** Default: the simulator's clock. */
  readonly issued_on?: string;
  /** The token value; a fresh scannable value (`cfut_…` / `cfat_…`) when absent. */
  readonly value?: string;
}
