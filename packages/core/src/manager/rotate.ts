import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { supports } from '../capabilities';
import { type ErrorContext, type TokenError, TokenBridgeError, TokenErrors } from '../errors';
import type { CallOptions, CreateTokenInput, ProviderTypes, Token } from '../model';
import type { AnyTokenProvider, CredentialCheck, RotationSupport } from '../provider';
import type { Secret } from '../secret';

/** How to rotate: a new token that replaces the old, or the vendor's own regenerate action. */
export type RotationStrategy = 'replace' | 'regenerate';

/** What to do with the old token once the replacement works (`replace` only). */
export type RevokeOld = 'never' | 'delete' | 'disable';

/** Options of {@link TokenManager.rotate}. */
export interface RotateOptions extends CallOptions {
  /** Default: `regenerate` where the provider has it, else `replace`. */
  readonly strategy?: RotationStrategy;
  /** Default `never`: revoking is the caller's explicit choice. */
  readonly revokeOld?: RevokeOld;
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
  /** What happened to the old token. */
  readonly revoked: 'none' | 'deleted' | 'disabled';
  /** The steps taken, or on a dry run the steps that would be taken. */
  readonly steps: readonly string[];
}

/** The step a rotation stopped at. */
export type RotationStage = 'check' | 'read' | 'create' | 'regenerate' | 'verify' | 'revoke';

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
    /**
     * At stage `create`: the name the replacement was being created under.
     * When the error's `outcomeUnknown` is set, a token of this name may
     * exist: list by it before rotating again.
     */
    readonly replacementName?: string,
  ) {
    super(error);
    this.name = 'RotationError';
  }
}

async function run<A>(task: TaskEither<TokenError, A>, stage: RotationStage, replacement?: Token<object>, replacementName?: string): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new RotationError(result.left, stage, replacement, replacementName);
  return result.right;
}

function check(condition: boolean, ctx: ErrorContext, feature: string, message: string): void {
  if (!condition) throw new RotationError(TokenErrors.unsupported(ctx, feature, message), 'check');
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
  const { strategy: chosen, revokeOld = 'never', dryRun = false, ...call } = options;
  const caps = provider.capabilities;
  const strategy: RotationStrategy = chosen ?? (supports(caps, 'regenerate') ? 'regenerate' : 'replace');
  const ctx: ErrorContext = { provider: provider.provider, operation: 'rotate' };

  // Every capability is checked before anything is written.
  if (strategy === 'regenerate') {
    check(supports(caps, 'regenerate'), ctx, 'regenerate', `${provider.provider} has no regenerate action; use strategy 'replace'`);
    if (revokeOld !== 'never') {
      throw new RotationError(
        TokenErrors.validation(ctx, 'revokeOld applies to replace only: regenerate already invalidates the old secret', [
          { path: 'revokeOld', message: "must be 'never' with strategy 'regenerate'" },
        ]),
        'check',
      );
    }
  } else {
    if (revokeOld === 'delete') check(supports(caps, 'delete'), ctx, 'delete', `${provider.provider} cannot delete the old token`);
    if (revokeOld === 'disable') check(caps.update.fields.includes('status'), ctx, 'status', `${provider.provider} cannot disable a token`);
  }

  const support = provider.rotation;
  if (strategy === 'replace' && (!support || !supports(caps, 'create'))) {
    throw new RotationError(TokenErrors.unsupported(ctx, 'replace', `${provider.provider} cannot create a replacement`), 'check');
  }

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
  revokeOld: RevokeOld,
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

  const replacement = await run(provider.create(input, call), 'create', undefined, input.name);
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

async function verify(provider: AnyTokenProvider, token: Token<object>, call: CallOptions, stage: RotationStage): Promise<Verification> {
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
