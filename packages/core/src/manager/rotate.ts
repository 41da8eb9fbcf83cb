import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { supports } from '../capabilities';
import { type ErrorContext, type TokenError, TokenBridgeError, TokenErrors } from '../errors';
import type { CallOptions, CreateTokenInput, ProviderTypes, Token } from '../model';
import type { AnyTokenProvider, CredentialCheck, RotationSupport } from '../provider';
import type { Secret } from '../secret';
import type { Duration } from './duration';
import type { JournalError } from './journal';
import type { SecretSink, SinkError } from './sink';

/**
 * How to rotate: a new token that replaces the old (`replace`), the vendor's
 * own regenerate action (`regenerate`), or two tokens per logical credential
 * used alternately, each rotation replacing the older (`dual`).
 */
export type RotationStrategy = 'replace' | 'regenerate' | 'dual';

/** How an old token is revoked. */
export type RevokeHow = 'delete' | 'disable';

/**
 * What to do with the old token once the replacement is delivered (`replace`
 * only): keep it (`never`), revoke it at once (`delete`, `disable`), after a
 * grace period (`{ after: '24h' }`), or once the vendor's last-use data shows
 * it unused for a while (`{ whenUnusedFor: '1h' }`), and at `maxWait` after
 * delivery at the latest (default {@link DEFAULT_MAX_WAIT}). `how` defaults
 * to `delete`. Both wait for `resume()` to run: the journal holds the due time.
 *
 * `whenUnusedFor` means the same on every vendor: the provider's `usageOf`
 * gives the latest moment its evidence allows the token to have been used
 * (a coarse bucket counts at its end), and the token is revoked once that
 * moment is `whenUnusedFor` past; "never used" is revoked at once, "unknown"
 * waits. A provider without `usageOf` reports no last use: `Unsupported`
 * before anything is read.
 */
export type RevokeOld =
  | 'never'
  | RevokeHow
  | { readonly after: Duration; readonly how?: RevokeHow }
  | { readonly whenUnusedFor: Duration; readonly maxWait?: Duration; readonly how?: RevokeHow };

/** How long `{ whenUnusedFor }` waits at most, after delivery, before revoking a token still in use. */
export const DEFAULT_MAX_WAIT = '30d';

/** Options of {@link TokenManager.rotate}. */
export interface RotateOptions extends CallOptions {
  /** Default: `regenerate` where the provider has it, else `replace`. */
  readonly strategy?: RotationStrategy;
  /** Default `never` (`dual`: `delete`, applied to the older token of the pair): revoking is the caller's explicit choice. */
  readonly revokeOld?: RevokeOld;
  /**
   * Where the new secret goes, in order. The rotation counts as delivered, and
   * the old token may be revoked, only once every sink succeeded.
   */
  readonly deliver?: readonly SecretSink[];
  /** Report what would happen, writing nothing (the old token is still read). */
  readonly dryRun?: boolean;
}

/** How the new secret was checked. */
export type Verification = CredentialCheck | { readonly status: 'skipped'; readonly reason: string };

/** A finished (or planned) rotation. */
export interface RotationResult {
  readonly providerKey: string;
  readonly strategy: RotationStrategy;
  readonly dryRun: boolean;
  /** The token as it was before. */
  readonly old: Token<object>;
  /** The replacement (or the regenerated token); absent on a dry run. */
  readonly replacement?: Token<object>;
  /** The new secret. It is returned here once; store it now. */
  readonly secret?: Secret;
  readonly verification?: Verification;
  /** What happened to the old token (`dual`: to the older token of the pair). */
  readonly revoked: 'none' | 'deleted' | 'disabled';
  /** The steps taken, or on a dry run the steps that would be taken. */
  readonly steps: readonly string[];
  /** The journal's id of this rotation (journaled rotations only). */
  readonly rotationId?: string;
  /** The specs of the sinks that received the secret, in order. */
  readonly delivered?: readonly string[];
  /** The token revoked (`dual`: the older of the pair, which may not be `old`). */
  readonly revokedId?: string;
  /** A revocation still to come: `resume()` carries it out when due. */
  readonly pending?: PendingRevocation;
}

/** An old token kept through a grace period. */
export interface PendingRevocation {
  readonly tokenId: string;
  readonly how: RevokeHow;
  /** When it is due (a fixed grace period), or due at the latest (`whenUnusedFor`'s `maxWait`). */
  readonly dueAt?: Date;
  /** How long the vendor must report it unused first (before `dueAt`). */
  readonly whenUnusedForMs?: number;
}

/** The step a rotation stopped at. */
export type RotationStage = 'check' | 'read' | 'plan' | 'adopt' | 'create' | 'regenerate' | 'verify' | 'deliver' | 'revoke' | 'unwind' | 'restart' | 'journal';

/**
 * A rotation that stopped part-way. `replacement` (with its secret) is set when
 * a new token or secret already exists, so it is never lost; the old token is
 * revoked only after every earlier stage succeeded.
 */
export class RotationError extends TokenBridgeError {
  constructor(
    error: TokenError,
    readonly stage: RotationStage,
    readonly replacement?: Token<object>,
    details: {
      /**
       * At stage `create`: the name the replacement was being created under.
       * When the error's `outcomeUnknown` is set, a token of this name may
       * exist: list by it before rotating again.
       */
      readonly replacementName?: string;
      /** The journal's id of the rotation, when it was journaled. */
      readonly rotationId?: string;
    } = {},
  ) {
    super(error);
    this.name = 'RotationError';
    if (details.replacementName !== undefined) this.replacementName = details.replacementName;
    if (details.rotationId !== undefined) this.rotationId = details.rotationId;
  }

  /** See the constructor's `details`. */
  readonly replacementName?: string;
  /** The journal's id of the rotation, when it was journaled. */
  readonly rotationId?: string;
}

/**
 * A rotation stopped by a sink or by its journal rather than by the vendor.
 * A sink's failure never carries the target's content or a command's output;
 * the one secret it can hold is `replacement`'s (see there), which no message,
 * `toJSON` or journal entry shows.
 */
export class RotationIoError extends Error {
  constructor(
    readonly failure: SinkError | JournalError,
    readonly stage: RotationStage,
    readonly rotationId?: string,
    /**
     * Set when a sink failed after a `regenerate`: the token with its new
     * secret. The old secret is dead already and the rotation is closed, so
     * this is the only copy there is: store it now (the CLI prints it once).
     */
    readonly replacement?: Token<object>,
  ) {
    super(`${failure._tag === 'SinkError' ? `sink ${failure.sink}` : 'rotation journal'}: ${failure.message}`);
    this.name = 'RotationIoError';
  }

  toJSON(): { name: string; message: string; stage: RotationStage; rotationId?: string; failure: SinkError | JournalError } {
    return { name: this.name, message: this.message, stage: this.stage, ...(this.rotationId !== undefined ? { rotationId: this.rotationId } : {}), failure: this.failure };
  }
}

/** Why a rotation stopped: the vendor, a sink, or the journal. */
export type RotationFailure = TokenError | SinkError | JournalError;

/** Runs a provider call, throwing a {@link RotationError} at `stage` when it fails. */
export async function run<A>(
  task: TaskEither<TokenError, A>,
  stage: RotationStage,
  replacement?: Token<object>,
  details?: ConstructorParameters<typeof RotationError>[3],
): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new RotationError(result.left, stage, replacement, details);
  return result.right;
}

function check(condition: boolean, ctx: ErrorContext, feature: string, message: string): void {
  if (!condition) throw new RotationError(TokenErrors.unsupported(ctx, feature, message), 'check');
}

/** A `Validation` failure of the rotation's options, before anything is read or written. */
export function invalidOption(provider: AnyTokenProvider, path: string, message: string, detail: string): RotationError {
  return new RotationError(TokenErrors.validation({ provider: provider.provider, operation: 'rotate' }, message, [{ path, message: detail }]), 'check');
}

/**
 * Checks, before anything is written, that `provider` can rotate with
 * `strategy` and revoke `how`; throws a {@link RotationError} at `check`.
 */
export function preflight(provider: AnyTokenProvider, strategy: RotationStrategy, how: RevokeHow | undefined): void {
  const caps = provider.capabilities;
  const ctx: ErrorContext = { provider: provider.provider, operation: 'rotate' };
  if (strategy === 'regenerate') {
    check(supports(caps, 'regenerate'), ctx, 'regenerate', `${provider.provider} has no regenerate action; use strategy 'replace'`);
    if (how !== undefined) throw invalidOption(provider, 'revokeOld', 'revokeOld applies to replace only: regenerate already invalidates the old secret', "must be 'never' with strategy 'regenerate'");
    return;
  }
  if (how === 'delete') check(supports(caps, 'delete'), ctx, 'delete', `${provider.provider} cannot delete the old token`);
  if (how === 'disable') check(caps.update.fields.includes('status'), ctx, 'status', `${provider.provider} cannot disable a token`);
  if (!provider.rotation || !supports(caps, 'create')) {
    throw new RotationError(TokenErrors.unsupported(ctx, 'replace', `${provider.provider} cannot create a replacement`), 'check');
  }
}

/** Where the replacement's expiry lands: as long from now as the old token's lifetime, never the old date itself. */
export function replacementExpiry(old: Token<object>, now: number): Date | undefined {
  if (old.expiresAt === null) return undefined;
  const lifetime = old.createdAt ? old.expiresAt.getTime() - old.createdAt.getTime() : old.expiresAt.getTime() - now;
  return lifetime > 0 ? new Date(now + lifetime) : undefined;
}

/** Rotates one token; see {@link TokenManager.rotate}. */
export async function rotateToken(
  providerKey: string,
  provider: AnyTokenProvider,
  id: string,
  options: RotateOptions,
  now: () => number,
): Promise<RotationResult> {
  const { strategy: chosen, revokeOld = 'never', dryRun = false, deliver: _deliver, ...call } = options;
  const strategy = chosen ?? (supports(provider.capabilities, 'regenerate') ? 'regenerate' : 'replace');
  if (strategy === 'dual' || typeof revokeOld === 'object') throw invalidOption(provider, 'strategy', 'dual rotation and grace periods need a journal', 'use the token manager');
  // Every capability is checked before anything is written.
  preflight(provider, strategy, revokeOld === 'never' ? undefined : revokeOld);
  const support = provider.rotation;

  const old = await run(provider.get(id, call), 'read');
  return strategy === 'regenerate' || !support
    ? regenerate(providerKey, provider, old, dryRun, call)
    : replace(providerKey, provider, support, old, revokeOld, dryRun, call, now());
}

async function regenerate(providerKey: string, provider: AnyTokenProvider, old: Token<object>, dryRun: boolean, call: CallOptions): Promise<RotationResult> {
  const steps = [`regenerate the secret of ${old.id} with the vendor's own action (the old secret stops working at once)`, 'verify the new secret with an authenticated read'];
  const base = { providerKey, strategy: 'regenerate' as const, old, revoked: 'none' as const };
  if (dryRun) return { ...base, dryRun, steps };
  const regenerated = await run(provider.regenerate(old, call), 'regenerate');
  const verification = await verify(provider, regenerated, call, 'verify');
  return { ...base, dryRun, replacement: regenerated, ...secretOf(regenerated), verification, steps };
}

async function replace(
  providerKey: string,
  provider: AnyTokenProvider,
  support: RotationSupport<ProviderTypes>,
  old: Token<object>,
  revokeOld: 'never' | RevokeHow,
  dryRun: boolean,
  call: CallOptions,
  now: number,
): Promise<RotationResult> {
  const expiresAt = provider.capabilities.create.fields.includes('expiresAt') ? replacementExpiry(old, now) : undefined;
  const input: CreateTokenInput<object> = { ...support.replacementInput(old), ...(expiresAt ? { expiresAt } : {}) };
  const steps = [
    `create a replacement named "${input.name}"${expiresAt ? ` expiring ${expiresAt.toISOString()}` : ''}`,
    'verify the new secret with an authenticated read',
    revokeOld === 'delete' ? `delete the old token ${old.id}` : revokeOld === 'disable' ? `disable the old token ${old.id}` : `keep the old token ${old.id}`,
  ];
  const base = { providerKey, strategy: 'replace' as const, old };
  if (dryRun) return { ...base, dryRun, steps, revoked: 'none' };

  const replacement = await run(provider.create(input, call), 'create', undefined, { replacementName: input.name });
  const verification = await verify(provider, replacement, call, 'verify');
  let revoked: RotationResult['revoked'] = 'none';
  if (revokeOld === 'delete') {
    await run(provider.delete(old, { ...call, ...(support.deleteOptionsFor?.(old, replacement) ?? {}) }), 'revoke', replacement);
    revoked = 'deleted';
  } else if (revokeOld === 'disable') {
    await run(provider.update(old.id, { status: 'disabled' }, call), 'revoke', replacement);
    revoked = 'disabled';
  }
  return { ...base, dryRun, replacement, ...secretOf(replacement), verification, revoked, steps };
}

/** Checks that the new token's secret authenticates; a missing secret is a `Decode` failure. */
export async function verify(provider: AnyTokenProvider, token: Token<object>, call: CallOptions, stage: RotationStage): Promise<Verification> {
  const ctx: ErrorContext = { provider: provider.provider, operation: 'rotate' };
  if (!token.secret) {
    throw new RotationError(
      TokenErrors.decode(ctx, 'the vendor returned no secret for the new token, so it cannot be used or checked; the old token was left alone'),
      stage,
      token,
    );
  }
  if (!provider.rotation) return { status: 'skipped', reason: `${provider.provider} offers no credential check` };
  return run(provider.rotation.verifyCredential(token.secret, call), stage, token);
}

function secretOf(token: Token<object>): { secret?: Secret } {
  return token.secret ? { secret: token.secret } : {};
}
