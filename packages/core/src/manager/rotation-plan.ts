import { supports } from '../capabilities';
import { type ErrorContext, TokenErrors } from '../errors';
import type { CallOptions, CreateTokenInput, Token } from '../model';
import type { AnyTokenProvider } from '../provider';
import { parseDuration } from './duration';
import { dualPair } from './dual';
import type { DeclaredFields, JournalEntryOf, JournaledKind, RevokePlan } from './journal';
import { markName, newRotationId } from './marker';
import { DEFAULT_MAX_WAIT, type RevokeHow, type RevokeOld, type RotationStrategy, RotationError, invalidOption, preflight, replacementExpiry, run } from './rotate';
import { type EngineIo, iso } from './rotation-io';
import type { SecretSink } from './sink';

/** The sink recorded when a rotation names none: the secret goes back to the caller of `rotate`, and cannot be delivered again. */
export const CALLER_SINK = 'caller:';

/** What a journaled operation is asked to do, before anything is read. */
export interface Intent {
  readonly providerKey: string;
  /** The token rotated or pruned; null for a declared create. */
  readonly id: string | null;
  readonly strategy: JournaledKind;
  readonly revoke: RevokePlan;
  readonly sinks: readonly SecretSink[];
  readonly restartOf: string | null;
  readonly rotationId?: string;
  /** A declaration's fields for the new token, over what is copied from the old one. */
  readonly declared?: DeclaredFields;
}

/** An operation planned: everything read, nothing written. */
export interface Plan {
  readonly entry: JournalEntryOf<'planned'>;
  readonly provider: AnyTokenProvider;
  /** The token rotated or pruned; null for a create. */
  readonly old: Token<object> | null;
  /** The new token's create input; null for `regenerate` and `prune`. */
  readonly input: CreateTokenInput<object> | null;
  readonly adopt: { readonly id: string; readonly name: string } | null;
  readonly retire: Token<object> | null;
  readonly sinks: readonly SecretSink[];
  readonly steps: readonly string[];
}

function unsupported(provider: AnyTokenProvider, feature: string, message: string): RotationError {
  return new RotationError(TokenErrors.unsupported({ provider: provider.provider, operation: 'rotate' }, feature, message), 'check');
}

/** The create input of a new token: what is copied from `copy`, with the declaration's fields over it. */
function inputOf(copy: CreateTokenInput<object> | null, declared: DeclaredFields | undefined): CreateTokenInput<object> {
  const description = declared?.description !== undefined ? declared.description : copy?.description;
  const extra = copy?.extra !== undefined || declared?.extra !== undefined ? { ...copy?.extra, ...declared?.extra } : undefined;
  return { name: declared?.name ?? copy?.name ?? '', ...(description !== undefined ? { description } : {}), ...(extra !== undefined ? { extra } : {}) };
}

/** The new token's expiry: as declared, else (a replacement) as long from now as the old token's lifetime. */
function expiryOf(provider: AnyTokenProvider, declared: DeclaredFields | undefined, source: Token<object> | null, now: number): { expiresAt?: Date } {
  if (!provider.capabilities.create.fields.includes('expiresAt')) return {};
  const expires = declared?.expires;
  if (expires === undefined) {
    const copied = source ? replacementExpiry(source, now) : undefined;
    return copied ? { expiresAt: copied } : {};
  }
  if (expires.kind === 'never') return {};
  return { expiresAt: expires.kind === 'after' ? new Date(now + expires.ms) : new Date(expires.at) };
}

function revokeStep(strategy: JournaledKind, plan: RevokePlan, old: Token<object> | null, retire: Token<object> | null): string | undefined {
  if (strategy === 'create' || strategy === 'prune' || old === null) return undefined;
  const text = (id: string, how: RevokeHow): string => `${how} ${id}`;
  if (plan.kind === 'never') return strategy === 'regenerate' ? 'nothing to revoke' : `keep the old token ${old.id}`;
  if (strategy === 'dual') return retire ? `${text(retire.id, plan.how)} (the older token of the pair)` : 'keep both tokens: the pair is complete now';
  if (plan.kind === 'now') return `${text(old.id, plan.how)} at once`;
  if (plan.kind === 'after') return `${text(old.id, plan.how)} ${plan.ms} ms after delivery (resume() does it when due)`;
  return `${text(old.id, plan.how)} once unused for ${plan.ms} ms, ${maxWaitOf(plan)} ms after delivery at the latest (resume() checks)`;
}

/** Reads what an operation needs and checks it can run, writing nothing; throws a {@link RotationError} at `check`, `read` or `plan`. */
export async function planOperation(io: EngineIo, intent: Intent, call: CallOptions): Promise<Plan> {
  const { ctx } = io;
  const provider = ctx.provider(intent.providerKey);
  const { strategy, revoke: revokePlan, declared } = intent;
  const caps = provider.capabilities;
  if (strategy === 'create') {
    if (!supports(caps, 'create') || declared === undefined) throw unsupported(provider, 'create', `${provider.provider} cannot create a token`);
  } else if (strategy === 'prune') {
    if (!supports(caps, 'delete')) throw unsupported(provider, 'delete', `${provider.provider} cannot delete a token`);
  } else {
    preflight(provider, strategy, revokePlan.kind === 'never' ? undefined : revokePlan.how);
  }
  const specs = intent.sinks.map((sink) => sink.spec);
  if (new Set(specs).size !== specs.length) throw invalidOption(provider, 'deliver', 'a sink is listed twice', 'each sink receives the secret once');
  const opCtx: ErrorContext = { provider: provider.provider, operation: 'rotate' };
  // Whether a provider reports last use is what it is, not what one token happens to show: decided before any read.
  if (revokePlan.kind === 'unused' && !provider.usageOf) {
    throw new RotationError(TokenErrors.unsupported(opCtx, 'whenUnusedFor', `${provider.provider} reports no last use of its tokens; use a fixed grace period ({ after })`), 'check');
  }
  const old = intent.id === null ? null : await run(provider.get(intent.id, call), 'read');
  const now = ctx.now();
  const rotationId = intent.rotationId ?? newRotationId(now, ctx.random);
  const maxName = caps.limits.nameMaxLength;
  let input: CreateTokenInput<object> | null = null;
  let pair: Awaited<ReturnType<typeof dualPair>> | null = null;
  if (strategy === 'create') {
    input = inputOf(null, declared);
  } else if (old && strategy !== 'regenerate' && strategy !== 'prune' && provider.rotation) {
    pair = strategy === 'dual' ? await dualPair(provider, old, rotationId, call) : null;
    input = inputOf(provider.rotation.replacementInput(pair?.source ?? old), declared);
  }
  if (input) {
    const expiry = expiryOf(provider, declared, pair?.source ?? old, now);
    input = { ...input, name: markName(input.name, rotationId, maxName, pair?.credentialId), ...expiry };
  }
  const retire = pair?.retire ?? null;
  const adopt = pair?.adopt ?? null;
  const revokeText = revokeStep(strategy, revokePlan, old, retire);
  const steps =
    strategy === 'prune'
      ? [`delete ${old?.id ?? ''} ("${old?.name ?? ''}"), which no entry declares`]
      : [
          ...(adopt ? [`rename ${adopt.id} to "${adopt.name}" so it is found as the older token of its dual credential`] : []),
          input
            ? `create ${old ? 'a replacement' : 'a token'} named "${input.name}"${input.expiresAt ? ` expiring ${input.expiresAt.toISOString()}` : ''}`
            : `regenerate the secret of ${old?.id ?? ''} with the vendor's own action (the old secret stops working at once)`,
          'verify the new secret with an authenticated read',
          specs.length > 0 ? `deliver it to ${specs.join(', ')}` : 'hand it back to the caller',
          ...(revokeText ? [revokeText] : []),
        ];
  const entry: JournalEntryOf<'planned'> = {
    rotationId,
    at: iso(now),
    step: 'planned',
    providerKey: intent.providerKey,
    provider: provider.provider,
    strategy,
    oldId: old?.id ?? null,
    name: input?.name ?? null,
    revoke: revokePlan,
    sinks: strategy === 'prune' ? [] : specs.length > 0 ? specs : [CALLER_SINK],
    credentialId: pair?.credentialId ?? null,
    retireId: retire?.id ?? null,
    restartOf: intent.restartOf,
    ...(declared ? { declared } : {}),
  };
  return { entry, provider, old, input, adopt, retire, sinks: intent.sinks, steps };
}

/** The longest an `unused` plan waits after delivery (older journals hold none: the default). */
export function maxWaitOf(plan: Extract<RevokePlan, { kind: 'unused' }>): number {
  return plan.maxMs ?? parseDuration(DEFAULT_MAX_WAIT, 'maxWait');
}

/** The journal's revoke plan for the caller's `revokeOld`. */
export function revokePlanOf(provider: AnyTokenProvider, strategy: RotationStrategy, revokeOld: RevokeOld | undefined): RevokePlan {
  if (strategy === 'dual') {
    if (revokeOld === undefined || revokeOld === 'delete' || revokeOld === 'disable') return { kind: 'now', how: revokeOld ?? 'delete' };
    throw invalidOption(provider, 'revokeOld', 'a dual rotation revokes the older token of the pair as soon as the new one is delivered', "use 'delete' or 'disable'");
  }
  if (revokeOld === undefined || revokeOld === 'never') return { kind: 'never' };
  if (revokeOld === 'delete' || revokeOld === 'disable') return { kind: 'now', how: revokeOld };
  const how = revokeOld.how ?? 'delete';
  if (how !== 'delete' && how !== 'disable') throw invalidOption(provider, 'revokeOld.how', 'revokeOld.how is not delete or disable', "expected 'delete' or 'disable'");
  const ms = (value: unknown, path: string): number => {
    try {
      return parseDuration(value as string, path);
    } catch {
      throw invalidOption(provider, path, `${path} is not a duration`, 'expected milliseconds or a number with a unit: ms, s, m, h, d, w (e.g. 24h)');
    }
  };
  if ('after' in revokeOld) return { kind: 'after', how, ms: ms(revokeOld.after, 'revokeOld.after') };
  if ('whenUnusedFor' in revokeOld) {
    const unused = ms(revokeOld.whenUnusedFor, 'revokeOld.whenUnusedFor');
    const maxMs = ms(revokeOld.maxWait ?? DEFAULT_MAX_WAIT, 'revokeOld.maxWait');
    if (maxMs < unused) throw invalidOption(provider, 'revokeOld.maxWait', 'revokeOld.maxWait is shorter than whenUnusedFor', 'at least whenUnusedFor: it bounds the wait for the token to go unused');
    return { kind: 'unused', how, ms: unused, maxMs };
  }
  throw invalidOption(provider, 'revokeOld', 'revokeOld is not understood', "expected 'never', 'delete', 'disable', { after } or { whenUnusedFor }");
}
