import * as E from 'fp-ts/Either';
import { TokenBridgeError, TokenErrors, type TokenError } from '../../errors';
import type { CallOptions, Token, TokenPatch } from '../../model';
import type { AnyTokenProvider } from '../../provider';
import type { Secret } from '../../secret';
import type { LockedEngine } from '../journaled';
import { type PendingRevocation, type RotationFailure, RotationIoError } from '../rotate';
import { failureOf } from '../rotation-io';
import type { SecretSink, SinkResolver } from '../sink';
import { type FieldChange, type ObservedToken, type Plan, type PlanAction, type PlanActionKind, decodePlan } from './plan-model';
import { type DeclarationContext, readLive } from './planner';
import { type ProviderView, candidates, observe, providerView, unfinishedOf } from './view';

/** Options of `apply`. */
export interface ApplyOptions extends CallOptions {
  /** Rebuilds each sink from its spec (default: the manager's `resolveSink`). */
  readonly resolveSink?: SinkResolver;
}

/** What apply did with one action of the plan. */
export interface AppliedAction {
  readonly action: PlanAction;
  /** `skipped`: not attempted (its provider could not be read again, or the journal failed before it). */
  readonly outcome: 'done' | 'failed' | 'skipped';
  /** The token that now holds the credential (created, updated, the replacement), or the one deleted. */
  readonly tokenId?: string;
  /** The journal's id of the operation (creates, rotations, replacements, deletes). */
  readonly rotationId?: string;
  /** The sinks that received the new secret, in order. */
  readonly delivered?: readonly string[];
  /** The new secret, when the action named no sink: handed back here once (it prints redacted). */
  readonly secret?: Secret;
  /** An old token kept through its grace period: `resume()` revokes it when due. */
  readonly pending?: PendingRevocation;
  readonly revokedId?: string;
  readonly error?: RotationFailure;
}

/** What apply did: `applied` when every action was done. */
export interface ApplyResult {
  readonly status: 'applied' | 'failed';
  readonly actions: readonly AppliedAction[];
}

/** One way the live state differs from what a plan's action was computed from. */
export interface PlanChange {
  /** The action's position in `plan.actions`; null for an unfinished operation. */
  readonly action: number | null;
  readonly kind: PlanActionKind | null;
  readonly providerKey: string;
  readonly name: string;
  /**
   * `appeared`: a token of the name now exists; `gone`: a token the plan saw is gone;
   * `changed`: a token's fields differ (see `fields`); `unfinished`: an operation
   * in the journal is unfinished (`rotationId`): `resume()` first.
   */
  readonly what: 'appeared' | 'gone' | 'changed' | 'unfinished';
  readonly tokenId?: string;
  readonly rotationId?: string;
  readonly fields?: ReadonlyArray<{ readonly field: string; readonly planned: unknown; readonly now: unknown }>;
}

/**
 * The plan no longer describes the live state (or the journal holds an
 * unfinished operation): nothing was done. A `Conflict`; `changes` lists
 * what differs. Plan again.
 */
export class StalePlanError extends TokenBridgeError {
  constructor(readonly changes: readonly PlanChange[]) {
    const shown = changes
      .slice(0, 5)
      .map((c) => `${c.providerKey} "${c.name}": ${c.what}${c.fields ? ` (${c.fields.map((f) => f.field).join(', ')})` : ''}`)
      .join('; ');
    super(TokenErrors.conflict({ provider: 'tokenbridge', operation: 'apply' }, `the live state changed since the plan, so nothing was applied: ${shown}${changes.length > 5 ? ` (and ${changes.length - 5} more)` : ''}; plan again`));
    this.name = 'StalePlanError';
  }
}

function compare(action: PlanAction, index: number, now: readonly ObservedToken[]): PlanChange[] {
  const at = { action: index, kind: action.kind, providerKey: action.providerKey, name: action.name };
  const changes: PlanChange[] = [];
  const planned = new Map(action.fingerprint.map((t) => [t.id, t]));
  for (const token of now) {
    const before = planned.get(token.id);
    if (!before) {
      changes.push({ ...at, what: 'appeared', tokenId: token.id });
      continue;
    }
    const fields = (Object.keys(token) as Array<keyof ObservedToken>)
      .filter((k) => JSON.stringify(token[k]) !== JSON.stringify(before[k]))
      .map((k) => ({ field: k, planned: before[k], now: token[k] }));
    if (fields.length > 0) changes.push({ ...at, what: 'changed', tokenId: token.id, fields });
  }
  for (const id of planned.keys()) if (!now.some((t) => t.id === id)) changes.push({ ...at, what: 'gone', tokenId: id });
  return changes;
}

/** What the action's fingerprint covers, as it is now. */
function observedNow(view: ProviderView, action: PlanAction): ObservedToken[] {
  if (action.kind === 'delete') {
    const token = view.tokens.get(action.tokenId);
    return token ? [observe(view.provider, token)] : [];
  }
  return candidates(view, action.name).map((t) => observe(view.provider, t));
}

/** The patch an update's changes make. */
function patchOf(changes: readonly FieldChange[], token: Token<object>, provider: AnyTokenProvider): TokenPatch<Record<string, unknown>> {
  const extra: Record<string, unknown> = {};
  let patch: { -readonly [K in keyof TokenPatch<Record<string, unknown>>]: TokenPatch<Record<string, unknown>>[K] } = {};
  for (const change of changes) {
    if (change.field === 'description') patch.description = change.to as string | null;
    else if (change.field === 'expiresAt') patch.expiresAt = change.to === null ? null : new Date(change.to as string);
    else if (change.field.startsWith('extra.')) extra[change.field.slice('extra.'.length)] = change.to;
  }
  if (Object.keys(extra).length > 0) patch = { ...patch, extra };
  // The token was just read: a write since then is a Conflict, not an overwrite.
  if (provider.capabilities.update.optimisticLocking && token.version !== null) patch.ifVersion = token.version;
  return patch;
}

function sinksOf(action: PlanAction, resolveSink: SinkResolver | undefined): SecretSink[] {
  if (action.kind === 'update' || action.kind === 'delete') return [];
  return action.deliver.map((spec) => resolveSink?.(spec) as SecretSink);
}

/** Runs one action; a failure is its outcome, except the journal's, which stops the apply. */
async function run(engine: LockedEngine, view: ProviderView, action: PlanAction, sinks: SecretSink[], call: CallOptions): Promise<AppliedAction> {
  const provider = view.provider;
  const key = action.providerKey;
  try {
    switch (action.kind) {
      case 'update': {
        const token = view.tokens.get(action.tokenId) as Token<object>;
        const updated = await provider.update(token, patchOf(action.changes, token, provider), call)();
        if (E.isLeft(updated)) return { action, outcome: 'failed', tokenId: action.tokenId, error: updated.left };
        return { action, outcome: 'done', tokenId: action.tokenId };
      }
      case 'delete': {
        const pruned = await engine.prune({ providerKey: key, id: action.tokenId, strategy: 'prune', revoke: { kind: 'now', how: 'delete' }, sinks: [], restartOf: null }, call);
        return { action, outcome: 'done', tokenId: action.tokenId, rotationId: pruned.rotationId };
      }
      default: {
        const create = action.kind === 'create';
        const done = await engine.run(
          {
            providerKey: key,
            id: create ? null : action.tokenId,
            strategy: create ? 'create' : action.strategy,
            revoke: create ? { kind: 'never' } : action.revoke,
            sinks,
            restartOf: null,
            ...(action.fields ? { declared: action.fields } : {}),
          },
          call,
        );
        const { pending, revokedId } = done.settled;
        return {
          action,
          outcome: 'done',
          tokenId: done.replacement.id,
          rotationId: done.rotationId,
          delivered: done.delivered,
          ...(done.secret ? { secret: done.secret } : {}),
          ...(pending ? { pending } : {}),
          ...(revokedId ? { revokedId } : {}),
        };
      }
    }
  } catch (error) {
    const cause = failureOf(error);
    if (!cause || (error instanceof RotationIoError && cause.failure._tag === 'JournalError')) throw error;
    return { action, outcome: 'failed', ...(action.kind !== 'create' ? { tokenId: action.tokenId } : {}), error: cause.failure };
  }
}

function refuse(message: string, path: string, detail: string): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider: 'tokenbridge', operation: 'apply' }, message, [{ path, message: detail }]));
}

/**
 * Applies a plan holding the journal's lock: reads the live state again and
 * refuses ({@link StalePlanError}) if any action's fingerprint no longer
 * matches or the journal holds an unfinished operation; then runs each action
 * (creates, rotations, replacements and prunes journaled, every new secret
 * delivered before the operation counts as done). A failing action or
 * provider is reported and the others go on.
 */
export async function applyPlan(ctx: DeclarationContext, engine: (work: (locked: LockedEngine) => Promise<ApplyResult>) => Promise<ApplyResult>, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { resolveSink = ctx.resolveSink, ...call } = options;
  const decoded = decodePlan(plan);
  if (E.isLeft(decoded)) throw new TokenBridgeError(decoded.left);
  const actions = decoded.right.actions;
  actions.forEach((action, i) => {
    if (!ctx.provider(action.providerKey)) throw refuse(`the plan names a provider that is not configured: "${action.providerKey}"`, `actions[${i}].providerKey`, `expected one of: ${ctx.names.join(', ')}`);
    const missing = action.kind === 'update' || action.kind === 'delete' ? [] : action.deliver.filter((spec) => !resolveSink?.(spec));
    if (missing.length > 0) throw refuse(`no sink can be made for ${missing.join(', ')}; nothing was applied`, `actions[${i}].deliver`, 'give apply (or the manager) a resolveSink that knows these specs');
  });
  const sinks = actions.map((action) => sinksOf(action, resolveSink));
  const keys = [...new Set(actions.map((a) => a.providerKey))];

  return engine(async (locked) => {
    const states = await locked.states();
    const live = await readLive(ctx, keys, call);
    const views = new Map<string, ProviderView | TokenError>();
    for (const key of keys) {
      const read = live.get(key);
      views.set(key, Array.isArray(read) ? providerView(key, ctx.provider(key) as AnyTokenProvider, read, states) : (read as TokenError));
    }
    const changes: PlanChange[] = [];
    // Any unfinished operation on a provider the plan covers: its outcome is not in the plan, so resume() goes first.
    const covered = new Set([...decoded.right.providers.map((p) => p.key), ...keys]);
    for (const s of unfinishedOf(states).filter((u) => covered.has(u.plan.providerKey))) {
      changes.push({ action: null, kind: null, providerKey: s.plan.providerKey, name: s.plan.name ?? s.plan.oldId ?? '', what: 'unfinished', rotationId: s.rotationId });
    }
    actions.forEach((action, i) => {
      const view = views.get(action.providerKey);
      if (view && 'tokens' in view) changes.push(...compare(action, i, observedNow(view, action)));
    });
    if (changes.length > 0) throw new StalePlanError(changes);

    const done: AppliedAction[] = [];
    for (const [i, action] of actions.entries()) {
      const view = views.get(action.providerKey) as ProviderView | TokenError;
      if (!('tokens' in view)) {
        done.push({ action, outcome: 'skipped', error: view });
        continue;
      }
      try {
        done.push(await run(locked, view, action, sinks[i] ?? [], call));
      } catch (error) {
        if (!(error instanceof RotationIoError)) throw error;
        // The journal failed: nothing more can be recorded, so nothing more is done.
        done.push({ action, outcome: 'failed', error: error.failure });
        for (const rest of actions.slice(i + 1)) done.push({ action: rest, outcome: 'skipped', error: error.failure });
        break;
      }
    }
    return { status: done.every((a) => a.outcome === 'done') ? 'applied' : 'failed', actions: done };
  });
}
