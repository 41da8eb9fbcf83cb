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

function base(tag: TokenErrorTag, ctx: ErrorContext, message: string, details: ErrorDetails): TokenErrorBase {
  const out: { -readonly [K in keyof TokenErrorBase]: TokenErrorBase[K] } = {
    provider: ctx.provider,
    operation: ctx.operation,
    message,
    retryable: details.retryable ?? RETRYABLE_BY_DEFAULT[tag],
  };
  if (details.status !== undefined) out.status = details.status;
  if (details.vendorCode !== undefined) out.vendorCode = details.vendorCode;
  if (details.requestId !== undefined) out.requestId = details.requestId;
  if (details.retryAfterMs !== undefined) out.retryAfterMs = details.retryAfterMs;
  if (details.outcomeUnknown) out.outcomeUnknown = true;
  return out;
}

/**
 * Constructors for each {@link TokenError} variant. Each fills `retryable`
 * from the tag unless the details say otherwise.
 */
export const TokenErrors = {
  validation: (ctx: ErrorContext, message: string, issues: readonly FieldIssue[] = [], d: ErrorDetails = {}): ValidationError => ({
    _tag: 'Validation',
    ...base('Validation', ctx, message, d),
    issues,
  }),
  unauthorized: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): UnauthorizedError => ({
    _tag: 'Unauthorized',
    ...base('Unauthorized', ctx, message, d),
  }),
  forbidden: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): ForbiddenError => ({
    _tag: 'Forbidden',
    ...base('Forbidden', ctx, message, d),
  }),
  notFound: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): NotFoundError => ({
    _tag: 'NotFound',
    ...base('NotFound', ctx, message, d),
  }),
  conflict: (ctx: ErrorContext, message: string, d: ErrorDetails & { currentVersion?: string } = {}): ConflictError => ({
    _tag: 'Conflict',
    ...base('Conflict', ctx, message, d),
    ...(d.currentVersion !== undefined ? { currentVersion: d.currentVersion } : {}),
  }),
  rateLimited: (ctx: ErrorContext, message: string, retryAfterMs: number, d: ErrorDetails = {}): RateLimitedError => ({
    _tag: 'RateLimited',
    ...base('RateLimited', ctx, message, { ...d, retryAfterMs }),
    retryAfterMs,
  }),
  unsupported: (ctx: ErrorContext, feature: string, message?: string): UnsupportedError => ({
    _tag: 'Unsupported',
    ...base('Unsupported', ctx, message ?? `${ctx.provider} does not support ${feature}`, {}),
    feature,
  }),
  timeout: (ctx: ErrorContext, timeoutMs: number, d: ErrorDetails = {}): TimeoutError => ({
    _tag: 'Timeout',
    ...base('Timeout', ctx, `deadline of ${timeoutMs} ms passed`, d),
    timeoutMs,
  }),
  cancelled: (ctx: ErrorContext, message = 'cancelled by the caller', d: ErrorDetails = {}): CancelledError => ({
    _tag: 'Cancelled',
    ...base('Cancelled', ctx, message, d),
  }),
  network: (ctx: ErrorContext, message: string, d: ErrorDetails & { code?: string } = {}): NetworkError => ({
    _tag: 'Network',
    ...base('Network', ctx, message, d),
    ...(d.code !== undefined ? { code: d.code } : {}),
  }),
  server: (ctx: ErrorContext, message: string, d: ErrorDetails = {}): ServerError => ({
    _tag: 'Server',
    ...base('Server', ctx, message, d),
  }),
  decode: (ctx: ErrorContext, message: string, issues: readonly FieldIssue[] = [], d: ErrorDetails = {}): DecodeError => ({
    _tag: 'Decode',
    ...base('Decode', ctx, message, d),
    issues,
  }),
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

/** Tag-specific fields {@link errorOfTag} may need. */
export interface TagFields {
  readonly issues?: readonly FieldIssue[];
  readonly code?: string;
  readonly currentVersion?: string;
  readonly feature?: string;
  readonly timeoutMs?: number;
}

/** Builds the error of any tag, for code that picks the tag at run time (status mapping). */
export function errorOfTag(tag: TokenErrorTag, ctx: ErrorContext, message: string, d: ErrorDetails & TagFields = {}): TokenError {
  switch (tag) {
    case 'Validation':
      return TokenErrors.validation(ctx, message, d.issues ?? [], d);
    case 'Unauthorized':
      return TokenErrors.unauthorized(ctx, message, d);
    case 'Forbidden':
      return TokenErrors.forbidden(ctx, message, d);
    case 'NotFound':
      return TokenErrors.notFound(ctx, message, d);
    case 'Conflict':
      return TokenErrors.conflict(ctx, message, d);
    case 'RateLimited':
      return TokenErrors.rateLimited(ctx, message, d.retryAfterMs ?? 0, d);
    case 'Unsupported':
      return TokenErrors.unsupported(ctx, d.feature ?? ctx.operation, message);
    case 'Timeout':
      return { ...TokenErrors.timeout(ctx, d.timeoutMs ?? 0, d), message };
    case 'Cancelled':
      return TokenErrors.cancelled(ctx, message, d);
    case 'Network':
      return TokenErrors.network(ctx, message, d);
    case 'Server':
      return TokenErrors.server(ctx, message, d);
    case 'Decode':
      return TokenErrors.decode(ctx, message, d.issues ?? [], d);
  }
}
