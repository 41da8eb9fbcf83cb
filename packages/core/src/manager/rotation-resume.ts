import { TokenErrors } from '../errors';
import type { Secret } from '../secret';
import type { CallOptions } from '../model';
import { type JournaledKind, recordError } from './journal';
import { newRotationId } from './marker';
import { type PendingRevocation, type RotationFailure, type RotationStage, RotationError, RotationIoError } from './rotate';
import { type EngineIo, failureOf, isJournaled, unwind } from './rotation-io';
import { CALLER_SINK, type Intent, type Plan, planOperation } from './rotation-plan';
import { afterDelivery, execute } from './rotation-run';
import type { RotationState } from './rotation-state';
import type { SecretSink, SinkResolver } from './sink';

/** What `resume` did with one unfinished rotation (or declared create or prune). */
export interface ResumedRotation {
  readonly rotationId: string;
  readonly providerKey: string;
  /** The token rotated or pruned; null for a declared create. */
  readonly oldId: string | null;
  /** What the operation does (`regenerate`: nothing to take back, and the old secret may be dead already). */
  readonly strategy: JournaledKind;
  /**
   * `finished`: the old token revoked (or kept, as planned) and the rotation closed;
   * `waiting`: its grace period has not ended;
   * `unwound`: a given-up rotation's replacement revoked (also a restart given up before delivery: `restartedAs`, `error`);
   * `restarted`: crashed before delivery, unwound, and run again as `restartedAs`;
   * `error`: a step failed; the journal holds the error and the next `resume` tries again.
   */
  readonly outcome: 'finished' | 'waiting' | 'unwound' | 'restarted' | 'error';
  readonly restartedAs?: string;
  /** The replacement that now holds the credential (`restarted`), or the one revoked (`unwound`). */
  readonly replacementId?: string;
  readonly revokedId?: string;
  readonly pending?: PendingRevocation;
  readonly error?: RotationFailure;
  /**
   * A secret regenerated again and then refused by a sink: the old secret is
   * dead and the rotation closed, so this is the only copy (store it now; the
   * CLI prints it once). Never set otherwise.
   */
  readonly secret?: Secret;
}

/** What `resume` did. */
export interface ResumeReport {
  readonly items: readonly ResumedRotation[];
}

/** Options of `resume`. */
export interface ResumeOptions extends CallOptions {
  /** Rebuilds a sink from its spec when a rotation starts again (default: the manager's). */
  readonly resolveSink?: SinkResolver;
}

/** Crashed before delivery: the secret is gone for good. Takes the new token back, then starts the operation again under a new id. */
async function restart(
  io: EngineIo,
  s: RotationState,
  resolveSink: SinkResolver | undefined,
  call: CallOptions,
  base: Omit<ResumedRotation, 'outcome'>,
  at: { stage: RotationStage },
): Promise<ResumedRotation> {
  const { record, ctx } = io;
  const rotationId = s.rotationId;
  const provider = ctx.provider(s.plan.providerKey);
  if (!s.unwound && s.phase !== 'restarted') await record({ rotationId, step: 'unwound', replacementId: await unwind(provider, s.plan, s.replacementId, true, call) });
  const stage: RotationStage = 'restart';
  at.stage = stage;
  const sinks = s.plan.sinks.filter((spec) => spec !== CALLER_SINK).map((spec) => ({ spec, sink: resolveSink?.(spec) }));
  const missing = s.plan.sinks.includes(CALLER_SINK) ? ['the caller of rotate'] : sinks.filter((x) => !x.sink).map((x) => x.spec);
  if (missing.length > 0) {
    // A regenerate may have killed the old secret already: say so rather than promise it was kept.
    const left =
      s.plan.strategy === 'regenerate'
        ? `the secret of ${s.plan.oldId ?? ''} ${s.replacementId !== null ? 'was' : 'may have been'} regenerated and never delivered: rotate it again to get a working secret`
        : 'the replacement was revoked and the old token kept';
    const error = TokenErrors.validation({ provider: provider.provider, operation: 'rotate' }, `cannot start the rotation again: no sink for ${missing.join(', ')}; ${left}`, [
      { path: 'resolveSink', message: 'rebuild each sink from its spec' },
    ]);
    await record({ rotationId, step: 'failed', stage, error: recordError(error) });
    return { ...base, outcome: 'unwound', error };
  }
  const next = s.restartedAs ?? newRotationId(ctx.now(), ctx.random);
  const intent: Intent = {
    providerKey: s.plan.providerKey,
    id: s.plan.oldId,
    strategy: s.plan.strategy,
    revoke: s.plan.revoke,
    sinks: sinks.map((x) => x.sink as SecretSink),
    restartOf: rotationId,
    rotationId: next,
    ...(s.plan.declared ? { declared: s.plan.declared } : {}),
  };
  let p: Plan;
  try {
    p = await planOperation(io, intent, call);
  } catch (error) {
    const cause = failureOf(error);
    // A permanent reason (the old token is gone, the credential may no longer create) ends it; it is unwound already.
    if (cause && !cause.failure.retryable && !(error instanceof RotationIoError)) {
      await record({ rotationId, step: 'failed', stage, error: recordError(cause.failure) });
      return { ...base, outcome: 'unwound', error: cause.failure };
    }
    throw error;
  }
  if (s.phase !== 'restarted') await record({ rotationId, step: 'restarted', next });
  try {
    const result = await execute(io, p, call);
    return { ...base, outcome: 'restarted', restartedAs: next, replacementId: result.replacement.id, ...(result.settled.pending ? { pending: result.settled.pending } : {}) };
  } catch (error) {
    const cause = failureOf(error);
    if (!cause || (error instanceof RotationIoError && cause.failure._tag === 'JournalError')) throw error;
    // Only a regenerated secret no sink took comes back with the error: it is handed on, the one copy.
    const secret = error instanceof RotationError || error instanceof RotationIoError ? error.replacement?.secret : undefined;
    if (secret) return { ...base, outcome: 'error', restartedAs: next, error: cause.failure, secret };
    // Given up before delivery (a sink refused, the vendor refused the create): its replacement is taken back and nothing is tried again.
    const again = (await io.states()).find((x) => x.rotationId === next);
    if (again && !again.open) return { ...base, outcome: 'unwound', restartedAs: next, ...(again.replacementId !== null ? { replacementId: again.replacementId } : {}), error: cause.failure };
    return { ...base, outcome: 'error', restartedAs: next, error: cause.failure };
  }
}

/** Finishes or unwinds one unfinished operation; see `TokenManager.resume`. */
export async function resumeOne(io: EngineIo, s: RotationState, resolveSink: SinkResolver | undefined, call: CallOptions): Promise<ResumedRotation> {
  const base = { rotationId: s.rotationId, providerKey: s.plan.providerKey, oldId: s.plan.oldId, strategy: s.plan.strategy };
  const rotationId = s.rotationId;
  const at: { stage: RotationStage } = { stage: 'check' };
  try {
    const provider = io.ctx.provider(s.plan.providerKey);
    if (s.phase === 'delivered') {
      at.stage = 'revoke';
      const settled = await afterDelivery(io, provider, s.plan, s.replacementId ?? undefined, Date.parse(s.deliveredAt as string), s.graceStarted, call);
      return settled.pending ? { ...base, outcome: 'waiting', pending: settled.pending } : { ...base, outcome: 'finished', ...(settled.revokedId ? { revokedId: settled.revokedId } : {}) };
    }
    at.stage = 'unwind';
    if (s.phase === 'failed') {
      const unwound = await unwind(provider, s.plan, s.replacementId, true, call);
      await io.record({ rotationId, step: 'unwound', replacementId: unwound });
      return { ...base, outcome: 'unwound', ...(unwound ? { replacementId: unwound } : {}) };
    }
    return await restart(io, s, resolveSink, call, base, at);
  } catch (error) {
    const cause = failureOf(error);
    if (!cause || cause.failure._tag === 'JournalError') throw error;
    if (!isJournaled(error)) await io.record({ rotationId, step: 'error', stage: cause.stage === 'check' ? at.stage : cause.stage, error: recordError(cause.failure) });
    return { ...base, outcome: 'error', error: cause.failure };
  }
}

/** Every unfinished operation in the journal, finished or unwound in turn; the caller holds the lock. */
export async function resumeAll(io: EngineIo, resolveSink: SinkResolver | undefined, call: CallOptions): Promise<ResumeReport> {
  const all = await io.states();
  const known = new Set(all.map((s) => s.rotationId));
  const items: ResumedRotation[] = [];
  for (const s of all) {
    // A restart recorded but never planned (the process died in between) is run under the id it was given.
    const lostRestart = s.phase === 'restarted' && s.restartedAs !== null && !known.has(s.restartedAs);
    if (s.open || lostRestart) items.push(await resumeOne(io, s, resolveSink, call));
  }
  return { items };
}
