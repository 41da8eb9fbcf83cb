/** How recently a token was used, in DatoCMS's coarse buckets. */
export type DatoCmsAccessBucket =
  | 'today'
  | 'yesterday'
  | 'this_week'
  | 'last_week'
  | 'this_month'
  | 'last_month'
  | 'never';

/** A JSON:API reference to a role. */
export interface DatoCmsRoleRef {
  readonly type: 'role';
  readonly id: string;
}

/** An access_token resource in its wire shape. */
export interface DatoCmsAccessToken {
  /** Numeric string. */
  readonly id: string;
  readonly type: 'access_token';
  readonly attributes: {
    readonly name: string;
    /** The secret (30 hex characters) for a caller whose role can manage tokens; null for any other. */
    readonly token: string | null;
    readonly can_access_cda: boolean;
    readonly can_access_cda_preview: boolean;
    readonly can_access_cma: boolean;
    /** `readonly` or `admin` for the built-in tokens, null for API-made ones. */
    readonly hardcoded_type: string | null;
    readonly last_cda_access: DatoCmsAccessBucket;
    readonly last_cma_access: DatoCmsAccessBucket;
  };
  readonly relationships: { readonly role: { readonly data: DatoCmsRoleRef | null } };
}

/** A JSON:API top-level document. */
export interface DatoCmsDocument<T> {
  readonly data: T;
}

/** One JSON:API error object as DatoCMS sends it. */
export interface DatoCmsApiError {
  readonly id: string;
  readonly type: 'api_error';
  readonly attributes: {
    readonly code: string;
    readonly details: Readonly<Record<string, unknown>>;
    readonly doc_url?: string;
    readonly transient?: boolean;
  };
}

/** A role, as the simulator models it (only what token management needs). */
export interface DatoCmsRole {
  readonly id: string;
  readonly name: string;
  readonly can_manage_access_tokens: boolean;
}

/** Who may receive a deleted token's resources (`destination_user_type`). */
export type DatoCmsDestinationType = 'account' | 'organization' | 'user' | 'access_token' | 'sso_user';

/** An owner of project resources (records, uploads, filters). */
export interface DatoCmsOwner {
  readonly type: DatoCmsDestinationType;
  readonly id: string;
}

/** A token to put straight into the store (wire-shaped); server fields are generated when absent. */
export interface DatoCmsTokenSeed {
  /** Numeric string; the next free id when absent. */
  readonly id?: string;
  readonly attributes: {
    readonly name: string;
    /** Default true. */
    readonly can_access_cda?: boolean;
    /** Default false. */
    readonly can_access_cda_preview?: boolean;
    /** Default false. */
    readonly can_access_cma?: boolean;
    /** Default null (an API-made token). */
    readonly hardcoded_type?: string | null;
    /** The secret; 30 random hex characters when absent. */
    readonly token?: string;
  };
  /** Default: the seeded role. */
  readonly relationships?: { readonly role: { readonly data: DatoCmsRoleRef | null } };
  /** How many project resources the token owns (deleting it then needs a destination); default 0. */
  readonly ownsResources?: number;
}

/** A role to add to the store. */
export interface DatoCmsRoleSeed {
  readonly name: string;
  readonly can_manage_access_tokens: boolean;
}
