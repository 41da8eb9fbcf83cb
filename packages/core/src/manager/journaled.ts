import { supports } from '../capabilities';
import { TokenErrors } from '../errors';
import type { CallOptions } from '../model';
import { type RotateOptions, type RotationResult, RotationError } from './rotate';
import { type EngineContext, type EngineIo, engineIo } from './rotation-io';
import { type Intent, planOperation, revokePlanOf } from './rotation-plan';
import { type ResumeOptions, type ResumeReport, resumeAll } from './rotation-resume';
import { type Executed, type Settled, execute, executePrune } from './rotation-run';
import type { RotationState } from './rotation-state';

/**
 * The journaled engine: rotations, `resume`, and the journaled operations a
 * declaration's apply runs, each holding the journal's lock. The steps live in
 * `rotation-plan` (reading and checking), `rotation-run` (running and
 * settling), `rotation-resume` (finishing or unwinding after a crash) and
 * `dual` (the pair of a dual credential); see the README's "Rotation" section
 * for the guarantees.
 */

export type { EngineContext } from './rotation-io';

/** The engine's operations for a caller that holds the journal's lock. */
export interface LockedEngine {
  /** Every operation in the journal, folded. */
  states(): Promise<RotationState[]>;
  /** Plans and runs a rotation or declared create; see {@link execute}. */
  run(intent: Intent, call: CallOptions): Promise<Executed & { readonly rotationId: string }>;
  /** Plans and runs a prune: journaled, then the token deleted. */
  prune(intent: Intent, call: CallOptions): Promise<Settled & { readonly rotationId: string }>;
  /** Finishes or unwinds every unfinished operation. */
  resume(options: ResumeOptions): Promise<ResumeReport>;
}

/** Refuses to touch a token an unfinished operation in the journal involves. */
function refuseOpen(io: EngineIo, states: readonly RotationState[], providerKey: string, id: string): void {
  for (const s of states) {
    const involved = s.plan.oldId === id || s.plan.retireId === id || (s.replacementId === id && s.phase !== 'delivered');
    if (s.open && s.plan.providerKey === providerKey && involved) {
      const provider = io.ctx.provider(providerKey);
      throw new RotationError(
        TokenErrors.conflict({ provider: provider.provider, operation: 'rotate' }, `token ${id} has an unfinished rotation ${s.rotationId} (${s.phase}); run resume() first`),
        'check',
        undefined,
        { rotationId: s.rotationId },
      );
    }
  }
}

/** The journaled rotations and `resume`: see the README's "Rotation" section for the guarantees. */
export function rotationEngine(ctx: EngineContext) {
  const io = engineIo(ctx);

  const locked: LockedEngine = {
    states: () => io.states(),
    async run(intent, call) {
      if (intent.id !== null) refuseOpen(io, await io.states(), intent.providerKey, intent.id);
      const p = await planOperation(io, intent, call);
      return { ...(await execute(io, p, call)), rotationId: p.entry.rotationId };
    },
    async prune(intent, call) {
      if (intent.id !== null) refuseOpen(io, await io.states(), intent.providerKey, intent.id);
      const p = await planOperation(io, intent, call);
      return { ...(await executePrune(io, p, call)), rotationId: p.entry.rotationId };
    },
    resume: ({ resolveSink = ctx.resolveSink, ...call }) => resumeAll(io, resolveSink, call),
  };

  function intentOf(providerKey: string, id: string, options: RotateOptions): { intent: Intent; dryRun: boolean; call: CallOptions } {
    const { strategy: chosen, revokeOld, deliver = [], dryRun = false, ...call } = options;
    const provider = ctx.provider(providerKey);
    const strategy = chosen ?? (supports(provider.capabilities, 'regenerate') ? 'regenerate' : 'replace');
    return { intent: { providerKey, id, strategy, revoke: revokePlanOf(provider, strategy, revokeOld), sinks: deliver, restartOf: null }, dryRun, call };
  }

  async function rotate(providerKey: string, id: string, options: RotateOptions): Promise<RotationResult> {
    const { intent, dryRun, call } = intentOf(providerKey, id, options);
    return io.withLock(async () => {
      refuseOpen(io, await io.states(), providerKey, id);
      const p = await planOperation(io, intent, call);
      const strategy = intent.strategy as RotationResult['strategy'];
      const old = p.old as RotationResult['old'];
      if (dryRun) return { providerKey, strategy, dryRun, old, revoked: 'none', steps: p.steps };
      const { settled, replacement, verification, delivered, secret } = await execute(io, p, call);
      return {
        providerKey,
        strategy,
        dryRun: false,
        old,
        replacement,
        verification,
        steps: p.steps,
        rotationId: p.entry.rotationId,
        delivered,
        ...(secret ? { secret } : {}),
        ...settled,
      };
    });
  }

  return {
    rotate,
    resume: (options: ResumeOptions = {}): Promise<ResumeReport> => io.withLock(() => locked.resume(options)),
    rotations: async (all = false): Promise<RotationState[]> => {
      const list = await io.states();
      return all ? list : list.filter((s) => s.open);
    },
    /** Runs `work` holding the journal's lock, with the engine's operations. */
    exclusive: <A>(work: (engine: LockedEngine) => Promise<A>): Promise<A> => io.withLock(() => work(locked)),
  };
}

/** The engine's interface, as the token manager holds it. */
export type RotationEngine = ReturnType<typeof rotationEngine>;
