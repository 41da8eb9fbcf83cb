import type { ProviderId } from './model';

/** The operations a {@link TokenError} can come from. */
export type OperationName =
  | 'create'
  | 'get'
  | 'update'
  | 'delete'
  | 'list'
  | 'regenerate'
  | 'http'
  | 'configure'
  | 'rotate'
  | 'inventory'
  | 'plan'
  | 'apply';

/** One field-level problem: a dotted path such as `extra.roleId` and what is wrong with it. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Fields every {@link TokenError} carries. */
export interface TokenErrorBase {
  /** The provider the failing call went to (or would have gone to). */
  readonly provider: ProviderId;
  readonly operation: OperationName;
  /** Human-readable and free of credentials and token values. */
  readonly message: string;
  /** Whether repeating the same call later may succeed. */
  readonly retryable: boolean;
  /** The HTTP status of the vendor's answer, when there was one. */
  readonly status?: number;
  /** The vendor's own error code (e.g. DatoCMS `NON_EDITABLE_ACCESS_TOKEN`). */
  readonly vendorCode?: string;
  /** The vendor's request or incident id, for their support desk. */
  readonly requestId?: string;
  /** How long the vendor asked us to wait, in milliseconds. */
  readonly retryAfterMs?: number;
  /**
   * Set on a failed non-idempotent write (create, regenerate) whose request may
   * have reached the vendor: it may have happened. List and reconcile; do not
   * blindly repeat it.
   */
  readonly outcomeUnknown?: boolean;
}

/** Input rejected before sending, or the vendor's 400/422. */
export interface ValidationError extends TokenErrorBase {
  readonly _tag: 'Validation';
  readonly issues: readonly FieldIssue[];
}
/** The credential is missing, wrong, expired or revoked. */
export interface UnauthorizedError extends TokenErrorBase {
  readonly _tag: 'Unauthorized';
}
/** Authenticated, but not allowed to do this. */
export interface ForbiddenError extends TokenErrorBase {
  readonly _tag: 'Forbidden';
}
/** The token (or another named resource) does not exist. */
export interface NotFoundError extends TokenErrorBase {
  readonly _tag: 'NotFound';
}
/** A conditional write found a newer version, or the vendor reported a state conflict. */
export interface ConflictError extends TokenErrorBase {
  readonly _tag: 'Conflict';
  /** The version the vendor holds now, when known. */
  readonly currentVersion?: string;
}
/** The vendor's rate limit was hit and the retry budget or deadline could not absorb it. */
export interface RateLimitedError extends TokenErrorBase {
  readonly _tag: 'RateLimited';
  readonly retryAfterMs: number;
}
/** The provider does not support this operation or field. Nothing was sent. */
export interface UnsupportedError extends TokenErrorBase {
  readonly _tag: 'Unsupported';
  /** The operation or field, e.g. `regenerate`, `expiresAt`, `ifVersion`. */
  readonly feature: string;
}
/** The operation's deadline passed. */
export interface TimeoutError extends TokenErrorBase {
  readonly _tag: 'Timeout';
  readonly timeoutMs: number;
}
/** The caller's `AbortSignal` fired. */
export interface CancelledError extends TokenErrorBase {
  readonly _tag: 'Cancelled';
}
/** The connection failed (refused, reset, dropped mid-body, DNS) or the vendor redirected us. */
export interface NetworkError extends TokenErrorBase {
  readonly _tag: 'Network';
  /** The system error code, such as `ECONNRESET`, or `REDIRECT`. */
  readonly code?: string;
}
/** The vendor answered 5xx. */
export interface ServerError extends TokenErrorBase {
  readonly _tag: 'Server';
}
/** The vendor's answer did not match what we expect from it. */
export interface DecodeError extends TokenErrorBase {
  readonly _tag: 'Decode';
  /** Where the answer differed, as readable paths (`content[2].createdOn`). Never holds values. */
  readonly issues: readonly FieldIssue[];
}

/** Every failure tokenbridge reports, discriminated on `_tag`. */
export type TokenError =
  | ValidationError
  | UnauthorizedError
  | ForbiddenError
  | NotFoundError
  | ConflictError
  | RateLimitedError
  | UnsupportedError
  | TimeoutError
  | CancelledError
  | NetworkError
  | ServerError
  | DecodeError;

/** The `_tag` values of {@link TokenError}. */
export type TokenErrorTag = TokenError['_tag'];

/** Where an error happened: the provider and operation. */
export interface ErrorContext {
  readonly provider: ProviderId;
  readonly operation: OperationName;
}

/** Optional fields any constructor accepts. */
export type ErrorDetails = Partial<
  Pick<TokenErrorBase, 'status' | 'vendorCode' | 'requestId' | 'retryAfterMs' | 'outcomeUnknown' | 'retryable'>
>;

const RETRYABLE_BY_DEFAULT: Readonly<Record<TokenErrorTag, boolean>> = {
  Validation: false,
  Unauthorized: false,
  Forbidden: false,
  NotFound: false,
  Conflict: false,
  RateLimited: true,
  Unsupported: false,
  Timeout: true,
  Cancelled: false,
  Network: true,
  Server: true,
  Decode: false,
};

/** The {@link TokenError} variant of a tag. */
export type ErrorOfTag<T extends TokenErrorTag> = Extract<TokenError, { readonly _tag: T }>;

/** Tag-specific fields {@link errorOfTag} may need. */
export interface TagFields {
  readonly issues?: readonly FieldIssue[];
  readonly code?: string;
  readonly currentVersion?: string;
  readonly feature?: string;
  readonly timeoutMs?: number;
}

/**
 * Builds the error of any tag: the one constructor of {@link TokenError}
 * ({@link TokenErrors} only gives each tag its own signature and defaults).
 * `retryable` comes from the tag unless the details say otherwise; a field
 * another tag owns (`issues` on a `Server` error) is left out.
 */
export function errorOfTag<T extends TokenErrorTag>(tag: T, ctx: ErrorContext, message: string, details: ErrorDetails & TagFields = {}): ErrorOfTag<T> {
  // A RateLimited error always says how long to wait.
  const d = tag === 'RateLimited' ? { ...details, retryAfterMs: details.retryAfterMs ?? 0 } : details;
  const out: Record<string, unknown> = { _tag: tag, provider: ctx.provider, operation: ctx.operation, message, retryable: d.retryable ?? RETRYABLE_BY_DEFAULT[tag] };
  for (const key of ['status', 'vendorCode', 'requestId', 'retryAfterMs'] as const) if (d[key] !== undefined) out[key] = d[key];
  if (d.outcomeUnknown) out['outcomeUnknown'] = true;
  switch (tag) {
    case 'Validation':
    case 'Decode':
      out['issues'] = d.issues ?? [];
      break;
    case 'Conflict':
      if (d.currentVersion !== undefined) out['currentVersion'] = d.currentVersion;
      break;
    case 'Unsupported':
      out['feature'] = d.feature ?? ctx.operation;
      break;
    case 'Timeout':
      out['timeoutMs'] = d.timeoutMs ?? 0;
      break;
    case 'Network':
      if (d.code !== undefined) out['code'] = d.code;
      break;
  }
  // The fields set above are exactly those of the tag's variant.
  return out as unknown as ErrorOfTag<T>;
}

/**
 * Constructors for each {@link TokenError} variant, by name: each is
 * {@link errorOfTag} with the tag's own arguments and default message.
 */
export const TokenErrors = {
  validation: (ctx: ErrorContext, message: string, issues: readonly FieldIssue[] = [], d: ErrorDetails = {}): ValidationError =>
    errorOfTag('Validation', ctx, message, { ...d, issues }),
  unauthorized: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): UnauthorizedError => errorOfTag('Unauthorized', ctx, message, d),
  forbidden: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): ForbiddenError => errorOfTag('Forbidden', ctx, message, d),
  notFound: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): NotFoundError => errorOfTag('NotFound', ctx, message, d),
  conflict: (ctx: ErrorContext, message: string, d: ErrorDetails & { currentVersion?: string } = {}): ConflictError =>
    errorOfTag('Conflict', ctx, message, d),
  rateLimited: (ctx: ErrorContext, message: string, retryAfterMs: number, d: ErrorDetails = {}): RateLimitedError =>
    errorOfTag('RateLimited', ctx, message, { ...d, retryAfterMs }),
  unsupported: (ctx: ErrorContext, feature: string, message?: string): UnsupportedError =>
    errorOfTag('Unsupported', ctx, message ?? `${ctx.provider} does not support ${feature}`, { feature }),
  timeout: (ctx: ErrorContext, timeoutMs: number, d: ErrorDetails = {}): TimeoutError =>
    errorOfTag('Timeout', ctx, `deadline of ${timeoutMs} ms passed`, { ...d, timeoutMs }),
  cancelled: (ctx: ErrorContext, message = 'cancelled by the caller', d: ErrorDetails = {}): CancelledError => errorOfTag('Cancelled', ctx, message, d),
  network: (ctx: ErrorContext, message: string, d: ErrorDetails & { code?: string } = {}): NetworkError => errorOfTag('Network', ctx, message, d),
  server: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): ServerError => errorOfTag('Server', ctx, message, d),
  decode: (ctx: ErrorContext, message: string, issues: readonly FieldIssue[] = [], d: ErrorDetails = {}): DecodeError =>
    errorOfTag('Decode', ctx, message, { ...d, issues }),
} as const;

const ERROR_MARK = Symbol.for('tokenbridge.TokenBridgeError');

/**
 * The `Error` thrown by the Promise facade, carrying the {@link TokenError}.
 *
 * Use {@link TokenBridgeError.isInstance} rather than `instanceof`: it also
 * recognises errors from another copy of this package.
 */
export class TokenBridgeError extends Error {
  /** The structured error. */
  readonly error: TokenError;

  constructor(error: TokenError) {
    super(`${error.provider} ${error.operation}: ${error._tag}: ${error.message}`);
    this.name = 'TokenBridgeError';
    this.error = error;
  }

  /** Shortcut for `error._tag`. */
  get tag(): TokenErrorTag {
    return this.error._tag;
  }

  /** True for a `TokenBridgeError` from any copy of this package. */
  static isInstance(value: unknown): value is TokenBridgeError {
    return typeof value === 'object' && value !== null && (value as { [ERROR_MARK]?: unknown })[ERROR_MARK] === true;
  }

  toJSON(): { name: string; message: string; error: TokenError } {
    return { name: this.name, message: this.message, error: this.error };
  }
}
Object.defineProperty(TokenBridgeError.prototype, ERROR_MARK, { value: true });

/** True when `value` looks like a {@link TokenError}. */
export function isTokenError(value: unknown): value is TokenError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { _tag?: unknown })._tag === 'string' &&
    (value as { _tag: string })._tag in RETRYABLE_BY_DEFAULT &&
    typeof (value as { provider?: unknown }).provider === 'string'
  );
}
