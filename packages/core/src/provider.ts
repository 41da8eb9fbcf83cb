import type { AxiosInstance } from 'axios';
import type { Either } from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { Capabilities } from './capabilities';
import type { TokenError } from './errors';
import type { Secret } from './secret';
import type { CallOptions, CreateTokenInput, DefaultProviderTypes, ListQuery, Page, ProviderId, ProviderTypes, Token, TokenPatch } from './model';

/** Options of `delete`: the common ones plus the provider's own (DatoCMS's ownership transfer). */
export type DeleteOptions<S extends ProviderTypes = DefaultProviderTypes> = CallOptions & Partial<S['deleteOptions']>;

/** The outcome of checking that a credential authenticates. */
export type CredentialCheck =
  | { readonly status: 'verified' }
  /** The credential was not rejected, but it may read nothing we could try (a deliberately narrow token). */
  | { readonly status: 'unverified'; readonly reason: string };

/**
 * What a vendor knows of a token's last use: nothing (`unknown`), that it was
 * never used, or the latest moment it can have been used (exact, or the end of
 * a coarse bucket such as DatoCMS's "last_month").
 */
export type TokenUsage =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'never' }
  | { readonly kind: 'used'; readonly latest: Date; readonly precision: 'exact' | 'approximate' };

/**
 * What a provider tells the token manager so it can rotate by replacement:
 * how to copy a token, what a delete of the old one needs, and how to check
 * that a new secret works.
 */
export interface RotationSupport<S extends ProviderTypes = DefaultProviderTypes> {
  /** The create input that reproduces `token`'s name, description and vendor attributes (the expiry is set by the manager). */
  replacementInput(token: Token<S['extra']>): CreateTokenInput<S['createExtra']>;
  /** Options the delete of `old` needs once `replacement` exists (DatoCMS: move what `old` owns to `replacement`). */
  deleteOptionsFor?(old: Token<S['extra']>, replacement: Token<S['extra']>): Partial<S['deleteOptions']>;
  /** A cheap authenticated read with `secret` as the credential. A rejected credential is `Unauthorized`. */
  verifyCredential(secret: Secret, options?: CallOptions): TaskEither<TokenError, CredentialCheck>;
}

/**
 * The checks `create` and `update` make before any request, offered on their
 * own: the neutral codec, the capabilities, the name limit and the provider's
 * own `extra` codec. A declaration is checked with them before it is planned,
 * so its mistakes are found without a request.
 */
export interface InputChecks<S extends ProviderTypes = DefaultProviderTypes> {
  /** What `create` would say of `input` before sending it (`Validation` or `Unsupported`), or the input as `create` would send it. */
  create(input: unknown): Either<TokenError, CreateTokenInput<S['createExtra']>>;
  /** What `update` would say of `patch` before sending it, or the patch as `update` would apply it. */
  update(patch: unknown): Either<TokenError, TokenPatch<S['patchExtra']>>;
}

/**
 * One vendor's token API behind the neutral interface, fp-ts first: every
 * operation returns a `TaskEither<TokenError, …>` and never throws.
 *
 * An operation or field the provider's {@link Capabilities} do not declare
 * fails with `Unsupported` before any request.
 */
export interface TokenProvider<S extends ProviderTypes = DefaultProviderTypes> {
  /** Lets the interface evolve without breaking providers written by others. */
  readonly specificationVersion: 'v1';
  readonly provider: ProviderId;
  readonly capabilities: Capabilities;
  /** Creates a token; its `secret` is set where the vendor returns the value. Never retried once it may have reached the vendor. */
  create(input: CreateTokenInput<S['createExtra']>, options?: CallOptions): TaskEither<TokenError, Token<S['extra']>>;
  get(id: string, options?: CallOptions): TaskEither<TokenError, Token<S['extra']>>;
  /**
   * Changes only the fields in `patch`. Given a token read earlier instead of
   * an id, a read-modify-write provider uses it as the base and skips its read.
   * A patch that changes nothing sends no write.
   */
  update(target: string | Token<S['extra']>, patch: TokenPatch<S['patchExtra']>, options?: CallOptions): TaskEither<TokenError, Token<S['extra']>>;
  delete(target: string | Token<S['extra']>, options?: DeleteOptions<S>): TaskEither<TokenError, void>;
  /** Replaces the token's value with a new one, returned in `secret`. */
  regenerate(target: string | Token<S['extra']>, options?: CallOptions): TaskEither<TokenError, Token<S['extra']>>;
  /** One page; pass `nextCursor` back as `cursor` for the next. */
  list(query?: ListQuery, options?: CallOptions): TaskEither<TokenError, Page<Token<S['extra']>>>;
  /** Present where the provider can support rotation by replacement. */
  readonly rotation?: RotationSupport<S>;
  /** The pre-flight checks of create and update on their own (every provider made with `defineProvider` has them). */
  readonly inputChecks?: InputChecks<S>;
  /**
   * Reads the vendor's last-use data of a token, for audits. Without it, a
   * token's `lastUsedAt` is taken as exact and `null` as unknown.
   */
  usageOf?(token: Token<S['extra']>, now: Date): TokenUsage;
  /** The configured axios instance: auth, redirect policy and redaction kept. For vendor calls we do not model. */
  http(): AxiosInstance;
  /** Aborts what is in flight and frees sockets. */
  close(): Promise<void>;
}

/** Any provider, whatever its specific types (methods are bivariant in their parameters, so every provider fits). */
export type AnyTokenProvider = TokenProvider<ProviderTypes>;
