import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { TokenError } from '../errors';
import type { CallOptions, Token } from '../model';
import type { AnyTokenProvider } from '../provider';
import type { Secret } from '../secret';
import { type JournalEntryOf, recordError } from './journal';
import { type PendingRevocation, type RotationFailure, type RotationResult, type RotationStage, type Verification, RotationError, RotationIoError, verify } from './rotate';
import { type EngineIo, deliverTo, errorFor, failureOf, iso, journaled, read, revoke, unusedLongEnough, unwind } from './rotation-io';
import { CALLER_SINK, type Plan, maxWaitOf } from './rotation-plan';
import type { SecretDelivery } from './sink';

/** Where the old token stands once the replacement is delivered. */
export interface Settled {
  readonly revoked: RotationResult['revoked'];
  readonly revokedId?: string;
  readonly pending?: PendingRevocation;
}

/** What running a planned operation did. */
export interface Executed {
  /** The new (or regenerated) token, as the vendor returned it. */
  readonly replacement: Token<object>;
  readonly verification: Verification;
  /** The specs of the sinks that received the secret, in order. */
  readonly delivered: readonly string[];
  /** The secret, when no sink got it: the caller is its one holder. */
  readonly secret?: Secret;
  readonly settled: Settled;
}

/**
 * After delivery (or at once, for a prune): revoke the old token now, when
 * due, or once unused, as planned, and close the operation. `heir` receives
 * what the old token owns, where the vendor needs that.
 */
export async function afterDelivery(
  io: EngineIo,
  provider: AnyTokenProvider,
  plan: JournalEntryOf<'planned'>,
  heir: string | Token<object> | undefined,
  deliveredAt: number,
  graceStarted: boolean,
  call: CallOptions,
  retire?: Token<object> | null,
): Promise<Settled> {
  const { record, ctx } = io;
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
    if (ctx.now() < dueAt) return { revoked: 'none', pending: { tokenId: targetId, how: r.how, dueAt: new Date(dueAt) } };
  }
  if (r.kind === 'unused') {
    // maxWait bounds the wait: past it the old token goes whatever the vendor reports, so no rotation stays open for ever.
    const latest = deliveredAt + maxWaitOf(r);
    if (!graceStarted) await record({ rotationId, step: 'grace', dueAt: iso(latest), unusedForMs: r.ms });
    const at = ctx.now();
    const old = at < latest ? await read(provider, targetId, 'revoke', call) : undefined;
    if (old && !unusedLongEnough(provider, old, r.ms, at)) return { revoked: 'none', pending: { tokenId: targetId, how: r.how, dueAt: new Date(latest), whenUnusedForMs: r.ms } };
  }
  const how = await revoke(provider, retire ?? targetId, r.how, heir, 'revoke', call);
  await record({ rotationId, step: 'revoked', tokenId: targetId, how });
  await record({ rotationId, step: 'done' });
  return { revoked: how === 'gone' ? (r.how === 'delete' ? 'deleted' : 'disabled') : how, revokedId: targetId };
}

/**
 * Runs a planned prune: journals it, then deletes the token (one already gone
 * counts as deleted). The vendor refusing gives it up (the next plan proposes
 * it again); only a crash leaves it open, for `resume` to finish.
 */
export async function executePrune(io: EngineIo, p: Plan, call: CallOptions): Promise<Settled> {
  await io.record(p.entry);
  try {
    return await afterDelivery(io, p.provider, p.entry, undefined, io.ctx.now(), false, call, p.old);
  } catch (error) {
    const cause = failureOf(error);
    if (!cause || error instanceof RotationIoError) throw error;
    const rotationId = p.entry.rotationId;
    await io.record({ rotationId, step: 'failed', stage: cause.stage, error: recordError(cause.failure) });
    await io.record({ rotationId, step: 'unwound', replacementId: null });
    throw journaled(error as Error);
  }
}

/**
 * Runs a planned rotation or declared create, journaling each step before
 * the next: create (or regenerate), verify, deliver to every sink, then
 * settle the old token. A failure before delivery gives the operation up and
 * takes its new token back; see the README's "Rotation" section.
 */
export async function execute(io: EngineIo, p: Plan, call: CallOptions): Promise<Executed> {
  const { record } = io;
  const { entry, provider } = p;
  const rotationId = entry.rotationId;
  let secret: Secret | undefined;

  /** Gives the operation up before delivery: records why, takes back its new token, and throws. */
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
  // A create whose outcome is unknown may have made the token: it is looked for by its marker and taken back.
  const replacement =
    p.input === null
      ? await vendor(provider.regenerate(p.old as Token<object>, call), 'regenerate', () => false)
      : await vendor(provider.create(p.input, call), 'create', (error) => error.outcomeUnknown === true);
  // A regenerate is recorded too ("regenerated, not delivered"): its old secret is dead from here on.
  await record({ rotationId, step: 'created', replacementId: replacement.id });
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
  const deliveredAt = io.ctx.now();
  if (p.sinks.length === 0) await record({ rotationId, step: 'delivered', sink: CALLER_SINK, at: iso(deliveredAt) });

  // The caller is the only holder of the secret when no sink got it; otherwise it is not handed around further.
  const withSecret = p.sinks.length === 0 && secret ? { secret } : {};
  try {
    const settled = await afterDelivery(io, provider, entry, replacement, deliveredAt, false, call, p.retire ?? (entry.strategy === 'dual' ? null : p.old));
    return { replacement, verification, delivered, settled, ...withSecret };
  } catch (error) {
    const cause = failureOf(error);
    if (!cause || error instanceof RotationIoError) throw error;
    await record({ rotationId, step: 'error', stage: cause.stage, error: recordError(cause.failure, secret) });
    // The replacement is delivered: the error names it, and carries its secret only when the caller is its one holder.
    const { secret: _delivered, ...named } = replacement;
    throw journaled(new RotationError(cause.failure as TokenError, cause.stage, p.sinks.length === 0 ? replacement : named, { rotationId }));
  }
}
