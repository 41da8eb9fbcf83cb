/** A Kodexa platform user, as embedded in an AccessToken and returned by `GET /api/account/me`. */
export interface KodexaUser {
  readonly active: boolean;
  readonly bio: string;
  readonly businessGroup: string;
  readonly changeSequence: number;
  readonly createdOn: string;
  readonly email: string;
  readonly firstName: string;
  readonly groupsJson: string;
  readonly id: string;
  readonly image: string;
  readonly isExternallyManaged: boolean;
  readonly lastName: string;
  readonly preferences: {
    readonly showOnboarding: boolean;
    readonly showScrollbars: boolean;
    readonly showWelcomeMessage: boolean;
  };
  readonly roles: { readonly roles: readonly string[] };
  readonly rolesJson: string;
  readonly searchText: string;
  readonly showDeveloperTools: boolean;
  readonly title: string;
  readonly updatedOn: string;
  readonly userStorage: { readonly favoriteLinks: ReadonlyArray<{ readonly link: string }> };
  readonly userType: string;
  readonly uuid: string;
}

/** A Kodexa AccessToken in its wire shape (never carries the secret; see the create answer). */
export interface KodexaAccessToken {
  /** Optimistic-locking version: 1 on create, +1 on each PUT. */
  readonly changeSequence: number;
  readonly createdOn: string;
  /** Null: never expires. */
  readonly expiresAt: string | null;
  /** UUID; the path id. */
  readonly id: string;
  readonly name: string;
  readonly updatedOn: string;
  /** The owner, embedded read-only. */
  readonly user: KodexaUser | null;
  /** The owner's id. */
  readonly userId: string | null;
  /** Secondary UUID. */
  readonly uuid: string;
}

/** Spring Data's sort descriptor, as in a Page. */
export interface KodexaSortInfo {
  readonly empty: boolean;
  readonly sorted: boolean;
  readonly unsorted: boolean;
}

/** Spring Data's `Page` envelope, as Kodexa list endpoints return it. */
export interface KodexaPage<T> {
  readonly content: readonly T[];
  readonly pageable: {
    readonly sort: KodexaSortInfo;
    readonly offset: number;
    /** 0-based, as Spring serialises it whichever base the `page` parameter has. */
    readonly pageNumber: number;
    readonly pageSize: number;
    readonly paged: boolean;
    readonly unpaged: boolean;
  };
  readonly last: boolean;
  readonly totalPages: number;
  readonly totalElements: number;
  readonly size: number;
  /** 0-based page index (see `pageable.pageNumber`). */
  readonly number: number;
  readonly sort: KodexaSortInfo;
  readonly first: boolean;
  readonly numberOfElements: number;
  readonly empty: boolean;
}

/** An RFC 9457 problem-details body as the simulator sends it. */
export interface KodexaProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  /** Field → message, on validation errors (as the legacy ExceptionResponse had). */
  readonly errors?: Readonly<Record<string, string>>;
}

/** The legacy `ExceptionResponse` error body (400, 404 and others in the legacy spec). */
export interface KodexaExceptionResponse {
  readonly dateTime: string;
  readonly message: string;
  readonly incidentId: string;
  readonly contextPath: string;
  /** Field → an object describing the problem (the schema's `Map<String, Object>`). */
  readonly errors: Readonly<Record<string, { readonly field: string; readonly message: string }>>;
  readonly stackTrace: readonly string[];
  readonly rootCauseStackTrace: readonly string[];
}

/** Zalando's `ThrowableProblem`, the legacy spec's 401 and 403 body. */
export interface KodexaThrowableProblem {
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/** Where the create answer carries the new token's secret; null: it carries none. */
export type KodexaSecretField = 'token' | 'apiKey' | 'key' | 'secret' | null;

/** A token to put straight into the store. Server fields are generated when absent. */
export interface KodexaTokenSeed {
  readonly name: string;
  /** ISO-8601 date-time, or null for no expiry (default). */
  readonly expiresAt?: string | null;
  /** UUID; random when absent. */
  readonly id?: string;
  /** UUID; random when absent. */
  readonly uuid?: string;
  /** Owner; the demo user when absent. An unknown id gets a generated user. */
  readonly userId?: string;
  /** ISO-8601; now when absent. */
  readonly createdOn?: string;
  /** ISO-8601; `createdOn` when absent. */
  readonly updatedOn?: string;
  /** Default 1. */
  readonly changeSequence?: number;
  /** The token's secret; random when absent. */
  readonly secret?: string;
  /**
   * Fields the simulator does not model (the legacy `createdBy`, `organization`...),
   * sent with the token and, PUT being a full replacement, kept only when a PUT sends them back.
   */
  readonly extraFields?: Readonly<Record<string, unknown>>;
}
