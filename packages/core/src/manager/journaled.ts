import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { supports } from '../capabilities';
import { type ErrorContext, type TokenError, TokenBridgeError, TokenErrors } from '../errors';
import { listAll } from '../list-all';
import type { CallOptions, CreateTokenInput, Token } from '../model';
import type { AnyTokenProvider } from '../provider';
import type { Secret } from '../secret';
import { usageOf } from './audit';
import { parseDuration } from './duration';
import { type JournalEntry, type JournalEntryOf, type RevokePlan, type RotationJournal, type UnstampedEntry, recordError } from './journal';
import { ADOPTED_ID, credentialText, markName, markerText, newRotationId, parseMarkedName } from './marker';
import {
  type PendingRevocation,
  type RevokeHow,
  type RevokeOld,
  type RotateOptions,
  type RotationFailure,
  type RotationResult,
  type RotationStage,
  type RotationStrategy,
  type Verification,
  RotationError,
  RotationIoError,
  invalidOption,
  preflight,
  replacementExpiry,
  run,
  verify,
} from './rotate';
import { type RotationState, rotationStates } from './rotation-state';
import type { SecretDelivery, SecretSink, SinkError, SinkResolver } from './sink';

/** The sink recorded when a rotation names none: the secret goes back to the caller of `rotate`, and cannot be delivered again. */
export const CALLER_SINK = 'caller:';

/** What `resume` did with one unfinished rotation. */
export interface ResumedRotation {
  readonly rotationId: string;
  readonly providerKey: string;
  readonly oldId: string;
  /**
   * `finished`: the old token revoked (or kept, as planned) and the rotation closed;
   * `waiting`: its grace period has not ended;
   * `unwound`: a given-up rotation's replacement revoked;
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

/** What the journaled rotations need from the token manager. */
export interface EngineContext {
  readonly journal: RotationJournal;
  readonly now: () => number;
  readonly random: () => number;
  readonly provider: (key: string) => AnyTokenProvider;
  readonly resolveSink?: SinkResolver;
}

/** What a rotation is asked to do, before anything is read. */
interface Intent {
  readonly providerKey: string;
  readonly id: string;
  readonly strategy: RotationStrategy;
  readonly revoke: RevokePlan;
  readonly sinks: readonly SecretSink[];
  readonly restartOf: string | null;
  readonly rotationId?: string;
}

/** A rotation planned: everything read, nothing written. */
interface Plan {
  readonly entry: JournalEntryOf<'planned'>;
  readonly provider: AnyTokenProvider;
  readonly old: Token<object>;
  readonly input: CreateTokenInput<object> | null;
  readonly adopt: { readonly id: string; readonly name: string } | null;
  readonly retire: Token<object> | null;
  readonly sinks: readonly SecretSink[];
  readonly steps: readonly string[];
}

/** Where the old token stands once the replacement is delivered. */
interface Settled {
  readonly revoked: RotationResult['revoked'];
  readonly revokedId?: string;
  readonly pending?: PendingRevocation;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isLive = (token: Token<object>): boolean => token.status === 'active' || token.status === 'unknown';

/** A marker on an error already written to the journal as the rotation's failure, so `resume` does not record it twice. */
const JOURNALED = Symbol('journaled');
function journaled<T extends Error>(error: T): T {
  Object.defineProperty(error, JOURNALED, { value: true });
  return error;
}

/** The vendor, sink or journal failure an error thrown here carries. */
function failureOf(error: unknown): { failure: RotationFailure; stage: RotationStage } | undefined {
  if (error instanceof RotationError) return { failure: error.error, stage: error.stage };
  if (error instanceof RotationIoError) return { failure: error.failure, stage: error.stage };
  if (TokenBridgeError.isInstance(error)) return { failure: error.error, stage: 'check' };
  return undefined;
}

function errorFor(failure: RotationFailure, stage: RotationStage, rotationId: string, replacement?: Token<object>): Error {
  return failure._tag === 'SinkError' || failure._tag === 'JournalError'
    ? new RotationIoError(failure, stage, rotationId)
    : new RotationError(failure, stage, replacement, { rotationId });
}

/** The journaled rotations and `resume`: see the README's "Rotation" section for the guarantees. */
export function rotationEngine(ctx: EngineContext) {
  const { journal, now } = ctx;

  async function record(entry: UnstampedEntry): Promise<void> {
    const written = await journal.append({ ...entry, at: entry.at ?? iso(now()) } as JournalEntry)();
    if (E.isLeft(written)) throw new RotationIoError(written.left, 'journal', entry.rotationId);
  }

  async function withLock<A>(work: () => Promise<A>): Promise<A> {
    const lease = await journal.lock()();
    if (E.isLeft(lease)) throw new RotationIoError(lease.left, 'journal');
    try {
      return await work();
    } finally {
      await lease.right.release();
    }
  }

  async function states(): Promise<RotationState[]> {
    const entries = await journal.read()();
    if (E.isLeft(entries)) throw new RotationIoError(entries.left, 'journal');
    return rotationStates(entries.right);
  }

  /** Live tokens whose name has the marker text and passes `keep`. */
  async function findMarked(provider: AnyTokenProvider, text: string, keep: (name: string) => boolean, stage: RotationStage, call: CallOptions): Promise<Token<object>[]> {
    const found: Token<object>[] = [];
    try {
      for await (const token of listAll(provider, { nameContains: text }, call)) if (isLive(token) && keep(token.name)) found.push(token);
    } catch (error) {
      if (TokenBridgeError.isInstance(error)) throw new RotationError(error.error, stage);
      throw error;
    }
    return found;
  }

  async function read(provider: AnyTokenProvider, target: string | Token<object>, stage: RotationStage, call: CallOptions): Promise<Token<object> | undefined> {
    if (typeof target !== 'string') return target;
    const got = await provider.get(target, call)();
    if (E.isRight(got)) return got.right;
    if (got.left._tag === 'NotFound') return undefined;
    throw new RotationError(got.left, stage);
  }

  /** Revokes `target`; a token already gone counts as revoked. `heir` receives what the token owns, where the vendor needs that. */
  async function revoke(provider: AnyTokenProvider, target: string | Token<object>, how: RevokeHow, heir: string | Token<object> | undefined, stage: RotationStage, call: CallOptions): Promise<'deleted' | 'disabled' | 'gone'> {
    const id = typeof target === 'string' ? target : target.id;
    const settle = async (task: TaskEither<TokenError, unknown>, done: 'deleted' | 'disabled'): Promise<'deleted' | 'disabled' | 'gone'> => {
      const result = await task();
      if (E.isRight(result)) return done;
      if (result.left._tag === 'NotFound') return 'gone';
      throw new RotationError(result.left, stage);
    };
    if (how === 'disable') return settle(provider.update(id, { status: 'disabled' }, call), 'disabled');
    const transfer = provider.rotation?.deleteOptionsFor;
    if (transfer && heir !== undefined) {
      const [old, replacement] = [await read(provider, target, stage, call), await read(provider, heir, stage, call)];
      if (!old) return 'gone';
      if (replacement) return settle(provider.delete(old, { ...call, ...transfer(old, replacement) }), 'deleted');
    }
    return settle(provider.delete(id, call), 'deleted');
  }

  /** Revokes a replacement that was never delivered: by id, or found by its rotation marker. Returns its id, or null when there was none. */
  async function unwind(provider: AnyTokenProvider, plan: JournalEntryOf<'planned'>, replacementId: string | null, search: boolean, call: CallOptions): Promise<string | null> {
    // A regenerated secret replaced the old one in place: there is nothing to take back.
    if (plan.strategy === 'regenerate') return null;
    const how: RevokeHow = supports(provider.capabilities, 'delete') ? 'delete' : 'disable';
    if (replacementId !== null) {
      await revoke(provider, replacementId, how, undefined, 'unwind', call);
      return replacementId;
    }
    if (!search) return null;
    const found = await findMarked(provider, markerText(plan.rotationId, plan.credentialId ?? undefined), (name) => parseMarkedName(name).rotationId === plan.rotationId, 'unwind', call);
    for (const token of found) await revoke(provider, token, how, undefined, 'unwind', call);
    return found[0]?.id ?? null;
  }

  function unusedLongEnough(provider: AnyTokenProvider, token: Token<object>, ms: number): boolean {
    const at = now();
    const usage = usageOf(provider, token, at);
    return usage.kind === 'never' || (usage.kind === 'used' && at - usage.latest.getTime() >= ms);
  }

  /** After delivery: revoke the old token now, when due, or once unused, as planned, and close the rotation. */
  async function afterDelivery(
    provider: AnyTokenProvider,
    plan: JournalEntryOf<'planned'>,
    replacement: string | Token<object>,
    deliveredAt: number,
    graceStarted: boolean,
    call: CallOptions,
    retire?: Token<object> | null,
  ): Promise<Settled> {
    const r = plan.revoke;
    const rotationId = plan.rotationId;
    const targetId = plan.strategy === 'dual' ? plan.retireId : plan.oldId;
    if (r.kind === 'never' || targetId === null) {
      await record({ rotationId, step: 'done' });
      return { revoked: 'none' };
    }
    if (r.kind === 'after') {
      const dueAt = deliveredAt + r.ms;
      if (!graceStarted) await record({ rotationId, step: 'grace', dueAt: iso(dueAt), unusedForMs: null });
      if (now() < dueAt) return { revoked: 'none', pending: { tokenId: targetId, how: r.how, dueAt: new Date(dueAt) } };
    }
    if (r.kind === 'unused') {
      if (!graceStarted) await record({ rotationId, step: 'grace', dueAt: null, unusedForMs: r.ms });
      const old = await read(provider, targetId, 'revoke', call);
      if (old && !unusedLongEnough(provider, old, r.ms)) return { revoked: 'none', pending: { tokenId: targetId, how: r.how, whenUnusedForMs: r.ms } };
    }
    const how = await revoke(provider, retire ?? targetId, r.how, replacement, 'revoke', call);
    await record({ rotationId, step: 'revoked', tokenId: targetId, how });
    await record({ rotationId, step: 'done' });
    return { revoked: how === 'gone' ? (r.how === 'delete' ? 'deleted' : 'disabled') : how, revokedId: targetId };
  }

  async function plan(intent: Intent, call: CallOptions): Promise<Plan> {
    const provider = ctx.provider(intent.providerKey);
    const { strategy, revoke: revokePlan } = intent;
    preflight(provider, strategy, revokePlan.kind === 'never' ? undefined : revokePlan.how);
    const specs = intent.sinks.map((sink) => sink.spec);
    if (new Set(specs).size !== specs.length) throw invalidOption(provider, 'deliver', 'a sink is listed twice', 'each sink receives the secret once');
    const opCtx: ErrorContext = { provider: provider.provider, operation: 'rotate' };
    const old = await run(provider.get(intent.id, call), 'read');
    if (revokePlan.kind === 'unused' && !provider.usageOf && old.lastUsedAt === null) {
      throw new RotationError(TokenErrors.unsupported(opCtx, 'whenUnusedFor', `${provider.provider} reports no last use of token ${old.id}; use a fixed grace period ({ after })`), 'check');
    }
    const rotationId = intent.rotationId ?? newRotationId(now(), ctx.random);
    const maxName = provider.capabilities.limits.nameMaxLength;
    let input: CreateTokenInput<object> | null = null;
    let adopt: Plan['adopt'] = null;
    let retire: Token<object> | null = null;
    let credentialId: string | null = null;
    if (strategy !== 'regenerate' && provider.rotation) {
      let source = old;
      if (strategy === 'dual') {
        const parsed = parseMarkedName(old.name);
        credentialId = parsed.credentialId ?? rotationId;
        const cred = credentialId;
        const members = parsed.credentialId
          ? await findMarked(provider, credentialText(cred), (name) => parseMarkedName(name).credentialId === cred, 'plan', call)
          : [old];
        if (!members.some((m) => m.id === old.id)) {
          throw new RotationError(TokenErrors.conflict(opCtx, `token ${old.id} is not a live member of dual credential ${cred}; rotate the newest live one`), 'plan');
        }
        if (members.length > 2) {
          throw new RotationError(TokenErrors.conflict(opCtx, `more than two live tokens carry dual credential ${cred} (${members.map((m) => m.id).join(', ')}); revoke the extra ones first`), 'plan');
        }
        const order = (t: Token<object>): string => parseMarkedName(t.name).rotationId ?? ADOPTED_ID;
        const sorted = [...members].sort((a, b) => order(a).localeCompare(order(b)));
        source = sorted[sorted.length - 1] as Token<object>;
        retire = sorted.length === 2 ? (sorted[0] as Token<object>) : null;
        if (!parsed.credentialId) {
          if (!provider.capabilities.update.fields.includes('name')) {
            throw new RotationError(TokenErrors.unsupported(opCtx, 'name', `${provider.provider} cannot rename a token, so it cannot join a dual credential`), 'check');
          }
          adopt = { id: old.id, name: markName(old.name, ADOPTED_ID, maxName, cred) };
        }
      }
      const expiresAt = provider.capabilities.create.fields.includes('expiresAt') ? replacementExpiry(source, now()) : undefined;
      const copy = provider.rotation.replacementInput(source);
      input = { ...copy, name: markName(copy.name, rotationId, maxName, credentialId ?? undefined), ...(expiresAt ? { expiresAt } : {}) };
    }
    const revokeText = (id: string, how: RevokeHow): string => `${how} ${id}`;
    const steps = [
      ...(adopt ? [`rename ${old.id} to "${adopt.name}" so it is found as the older token of its dual credential`] : []),
      input ? `create a replacement named "${input.name}"${input.expiresAt ? ` expiring ${input.expiresAt.toISOString()}` : ''}` : `regenerate the secret of ${old.id} with the vendor's own action (the old secret stops working at once)`,
      'verify the new secret with an authenticated read',
      specs.length > 0 ? `deliver it to ${specs.join(', ')}` : 'hand it back to the caller',
      revokePlan.kind === 'never'
        ? strategy === 'regenerate'
          ? 'nothing to revoke'
          : `keep the old token ${old.id}`
        : strategy === 'dual'
          ? retire
            ? `${revokeText(retire.id, revokePlan.how)} (the older token of the pair)`
            : 'keep both tokens: the pair is complete now'
          : revokePlan.kind === 'now'
            ? `${revokeText(old.id, revokePlan.how)} at once`
            : revokePlan.kind === 'after'
              ? `${revokeText(old.id, revokePlan.how)} ${revokePlan.ms} ms after delivery (resume() does it when due)`
              : `${revokeText(old.id, revokePlan.how)} once unused for ${revokePlan.ms} ms (resume() checks)`,
    ];
    const entry: JournalEntryOf<'planned'> = {
      rotationId,
      at: iso(now()),
      step: 'planned',
      providerKey: intent.providerKey,
      provider: provider.provider,
      strategy,
      oldId: old.id,
      name: input?.name ?? null,
      revoke: revokePlan,
      sinks: specs.length > 0 ? specs : [CALLER_SINK],
      credentialId,
      retireId: retire?.id ?? null,
      restartOf: intent.restartOf,
    };
    return { entry, provider, old, input, adopt, retire, sinks: intent.sinks, steps };
  }

  async function execute(p: Plan, call: CallOptions): Promise<RotationResult> {
    const { entry, provider } = p;
    const rotationId = entry.rotationId;
    let secret: Secret | undefined;

    /** Gives the rotation up before delivery: records why, takes back its replacement, and throws. */
    async function abandon(stage: RotationStage, failure: RotationFailure, replacement: Token<object> | null, search: boolean): Promise<never> {
      await record({ rotationId, step: 'failed', stage, error: recordError(failure, secret) });
      try {
        const unwound = await unwind(provider, entry, replacement?.id ?? null, search, call);
        await record({ rotationId, step: 'unwound', replacementId: unwound });
      } catch (error) {
        if (error instanceof RotationIoError) throw error;
        // Left for resume, which retries the unwind; the caller hears of the first failure.
        const cause = failureOf(error);
        if (cause) await record({ rotationId, step: 'error', stage: 'unwind', error: recordError(cause.failure, secret) });
      }
      // A regenerated secret has replaced the old one already: it is handed back, the only copy there is.
      throw journaled(errorFor(failure, stage, rotationId, entry.strategy === 'regenerate' ? (replacement ?? undefined) : undefined));
    }

    async function vendor<A>(task: TaskEither<TokenError, A>, stage: RotationStage, search: (error: TokenError) => boolean): Promise<A> {
      const result = await task();
      if (E.isLeft(result)) return abandon(stage, result.left, null, search(result.left));
      return result.right;
    }

    await record(entry);
    if (p.adopt) {
      await vendor(provider.update(p.adopt.id, { name: p.adopt.name }, call), 'adopt', () => false);
      await record({ rotationId, step: 'adopted', tokenId: p.adopt.id, name: p.adopt.name });
    }
    // A create whose outcome is unknown may have made a replacement: it is looked for by its marker and taken back.
    const replacement =
      p.input === null
        ? await vendor(provider.regenerate(p.old, call), 'regenerate', () => false)
        : await vendor(provider.create(p.input, call), 'create', (error) => error.outcomeUnknown === true);
    if (p.input !== null) await record({ rotationId, step: 'created', replacementId: replacement.id });
    secret = replacement.secret;

    let verification: Verification;
    try {
      verification = await verify(provider, replacement, call, 'verify');
    } catch (error) {
      const cause = failureOf(error);
      if (!cause) throw error;
      return abandon('verify', cause.failure, replacement, false);
    }
    await record({ rotationId, step: 'verified', status: verification.status });

    const delivery: SecretDelivery = { rotationId, providerKey: entry.providerKey, provider: provider.provider, tokenId: replacement.id, tokenName: replacement.name };
    const delivered: string[] = [];
    for (const sink of p.sinks) {
      const result = await deliverTo(sink, secret as Secret, delivery);
      if (E.isLeft(result)) return abandon('deliver', result.left, replacement, false);
      await record({ rotationId, step: 'delivered', sink: sink.spec });
      delivered.push(sink.spec);
    }
    const deliveredAt = now();
    if (p.sinks.length === 0) await record({ rotationId, step: 'delivered', sink: CALLER_SINK, at: iso(deliveredAt) });

    const base = { providerKey: entry.providerKey, strategy: entry.strategy, dryRun: false, old: p.old, replacement, verification, steps: p.steps, rotationId, delivered };
    // The caller is the only holder of the secret when no sink got it; otherwise it is not handed around further.
    const withSecret = p.sinks.length === 0 && secret ? { secret } : {};
    let settled: Settled;
    try {
      settled = await afterDelivery(provider, entry, replacement, deliveredAt, false, call, p.retire ?? (entry.strategy === 'dual' ? null : p.old));
    } catch (error) {
      const cause = failureOf(error);
      if (!cause || error instanceof RotationIoError) throw error;
      await record({ rotationId, step: 'error', stage: cause.stage, error: recordError(cause.failure, secret) });
      // The replacement is delivered: the error names it, and carries its secret only when the caller is its one holder.
      const { secret: _delivered, ...named } = replacement;
      throw journaled(new RotationError(cause.failure as TokenError, cause.stage, p.sinks.length === 0 ? replacement : named, { rotationId }));
    }
    return { ...base, ...withSecret, ...settled };
  }

  function intentOf(providerKey: string, id: string, options: RotateOptions): { intent: Intent; dryRun: boolean; call: CallOptions } {
    const { strategy: chosen, revokeOld, deliver = [], dryRun = false, ...call } = options;
    const provider = ctx.provider(providerKey);
    const strategy = chosen ?? (supports(provider.capabilities, 'regenerate') ? 'regenerate' : 'replace');
    return { intent: { providerKey, id, strategy, revoke: revokePlanOf(provider, strategy, revokeOld), sinks: deliver, restartOf: null }, dryRun, call };
  }

  async function rotate(providerKey: string, id: string, options: RotateOptions): Promise<RotationResult> {
    const { intent, dryRun, call } = intentOf(providerKey, id, options);
    return withLock(async () => {
      for (const s of await states()) {
        const involved = s.plan.oldId === id || s.plan.retireId === id || (s.replacementId === id && s.phase !== 'delivered');
        if (s.open && s.plan.providerKey === providerKey && involved) {
          const provider = ctx.provider(providerKey);
          throw new RotationError(
            TokenErrors.conflict({ provider: provider.provider, operation: 'rotate' }, `token ${id} has an unfinished rotation ${s.rotationId} (${s.phase}); run resume() first`),
            'check',
            undefined,
            { rotationId: s.rotationId },
          );
        }
      }
      const p = await plan(intent, call);
      if (dryRun) return { providerKey, strategy: intent.strategy, dryRun, old: p.old, revoked: 'none', steps: p.steps };
      return execute(p, call);
    });
  }

  async function resumeOne(s: RotationState, resolveSink: SinkResolver | undefined, call: CallOptions): Promise<ResumedRotation> {
    const base = { rotationId: s.rotationId, providerKey: s.plan.providerKey, oldId: s.plan.oldId };
    const rotationId = s.rotationId;
    let stage: RotationStage = 'check';
    try {
      const provider = ctx.provider(s.plan.providerKey);
      if (s.phase === 'delivered') {
        stage = 'revoke';
        const settled = await afterDelivery(provider, s.plan, s.replacementId as string, Date.parse(s.deliveredAt as string), s.graceStarted, call);
        return settled.pending ? { ...base, outcome: 'waiting', pending: settled.pending } : { ...base, outcome: 'finished', ...(settled.revokedId ? { revokedId: settled.revokedId } : {}) };
      }
      stage = 'unwind';
      if (s.phase === 'failed') {
        const unwound = await unwind(provider, s.plan, s.replacementId, true, call);
        await record({ rotationId, step: 'unwound', replacementId: unwound });
        return { ...base, outcome: 'unwound', ...(unwound ? { replacementId: unwound } : {}) };
      }
      // Crashed before delivery: the secret is gone for good. Take the replacement back, then start again.
      if (!s.unwound && s.phase !== 'restarted') await record({ rotationId, step: 'unwound', replacementId: await unwind(provider, s.plan, s.replacementId, true, call) });
      stage = 'restart';
      const sinks = s.plan.sinks.filter((spec) => spec !== CALLER_SINK).map((spec) => ({ spec, sink: resolveSink?.(spec) }));
      const missing = s.plan.sinks.includes(CALLER_SINK) ? ['the caller of rotate'] : sinks.filter((x) => !x.sink).map((x) => x.spec);
      if (missing.length > 0) {
        const error = TokenErrors.validation({ provider: provider.provider, operation: 'rotate' }, `cannot start the rotation again: no sink for ${missing.join(', ')}; the replacement was revoked and the old token kept`, [
          { path: 'resolveSink', message: 'rebuild each sink from its spec' },
        ]);
        await record({ rotationId, step: 'failed', stage, error: recordError(error) });
        return { ...base, outcome: 'unwound', error };
      }
      const next = s.restartedAs ?? newRotationId(now(), ctx.random);
      const intent: Intent = {
        providerKey: s.plan.providerKey,
        id: s.plan.oldId,
        strategy: s.plan.strategy,
        revoke: s.plan.revoke,
        sinks: sinks.map((x) => x.sink as SecretSink),
        restartOf: rotationId,
        rotationId: next,
      };
      let p: Plan;
      try {
        p = await plan(intent, call);
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
        const result = await execute(p, call);
        return { ...base, outcome: 'restarted', restartedAs: next, ...(result.replacement ? { replacementId: result.replacement.id } : {}), ...(result.pending ? { pending: result.pending } : {}) };
      } catch (error) {
        const cause = failureOf(error);
        if (!cause || error instanceof RotationIoError && cause.failure._tag === 'JournalError') throw error;
        return { ...base, outcome: 'error', restartedAs: next, error: cause.failure };
      }
    } catch (error) {
      const cause = failureOf(error);
      if (!cause || cause.failure._tag === 'JournalError') throw error;
      if (!(error as { [JOURNALED]?: boolean })[JOURNALED]) await record({ rotationId, step: 'error', stage: cause.stage === 'check' ? stage : cause.stage, error: recordError(cause.failure) });
      return { ...base, outcome: 'error', error: cause.failure };
    }
  }

  async function resume(options: ResumeOptions = {}): Promise<ResumeReport> {
    const { resolveSink = ctx.resolveSink, ...call } = options;
    return withLock(async () => {
      const all = await states();
      const known = new Set(all.map((s) => s.rotationId));
      const items: ResumedRotation[] = [];
      for (const s of all) {
        // A restart recorded but never planned (the process died in between) is run under the id it was given.
        const lostRestart = s.phase === 'restarted' && s.restartedAs !== null && !known.has(s.restartedAs);
        if (s.open || lostRestart) items.push(await resumeOne(s, resolveSink, call));
      }
      return { items };
    });
  }

  async function rotations(all = false): Promise<RotationState[]> {
    const list = await states();
    return all ? list : list.filter((s) => s.open);
  }

  return { rotate, resume, rotations };
}

/** The engine's interface, as the token manager holds it. */
export type RotationEngine = ReturnType<typeof rotationEngine>;

/** A sink's answer; one that breaks its contract and rejects is reported as a failure, without its details. */
async function deliverTo(sink: SecretSink, secret: Secret, delivery: SecretDelivery): Promise<E.Either<SinkError, void>> {
  try {
    return await sink.deliver(secret, delivery)();
  } catch {
    return E.left({ _tag: 'SinkError', sink: sink.spec, reason: 'io', message: 'the sink failed unexpectedly', retryable: false });
  }
}

/** The journal's revoke plan for the caller's `revokeOld`. */
function revokePlanOf(provider: AnyTokenProvider, strategy: RotationStrategy, revokeOld: RevokeOld | undefined): RevokePlan {
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
  if ('whenUnusedFor' in revokeOld) return { kind: 'unused', how, ms: ms(revokeOld.whenUnusedFor, 'revokeOld.whenUnusedFor') };
  throw invalidOption(provider, 'revokeOld', 'revokeOld is not understood', "expected 'never', 'delete', 'disable', { after } or { whenUnusedFor }");
}

