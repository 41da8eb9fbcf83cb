import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { supports } from '../capabilities';
import { type TokenError, TokenBridgeError } from '../errors';
import { listAll } from '../list-all';
import type { CallOptions, Token } from '../model';
import type { AnyTokenProvider } from '../provider';
import type { Secret } from '../secret';
import { usageOf } from './audit';
import type { JournalEntry, JournalEntryOf, RotationJournal, UnstampedEntry } from './journal';
import { markerText, parseMarkedName } from './marker';
import { type RevokeHow, type RotationFailure, type RotationStage, RotationError, RotationIoError } from './rotate';
import { type RotationState, rotationStates } from './rotation-state';
import type { SecretDelivery, SecretSink, SinkError, SinkResolver } from './sink';

/**
 * What every part of the journaled engine shares: the journal and clock, and
 * the vendor and sink calls each step makes. Planning, running, resuming and
 * the declarations' apply are built on it.
 */

/** What the journaled rotations need from the token manager. */
export interface EngineContext {
  readonly journal: RotationJournal;
  readonly now: () => number;
  readonly random: () => number;
  readonly provider: (key: string) => AnyTokenProvider;
  readonly resolveSink?: SinkResolver;
}

/** The engine's journal access. */
export interface EngineIo {
  readonly ctx: EngineContext;
  /** Appends an entry, stamped with the time unless it has one; a failure is a {@link RotationIoError}. */
  record(entry: UnstampedEntry): Promise<void>;
  /** Every rotation in the journal, folded. */
  states(): Promise<RotationState[]>;
  /** Runs `work` holding the journal's lock. */
  withLock<A>(work: () => Promise<A>): Promise<A>;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isLive = (token: Token<object>): boolean => token.status === 'active' || token.status === 'unknown';

export function engineIo(ctx: EngineContext): EngineIo {
  const { journal, now } = ctx;
  return {
    ctx,
    async record(entry) {
      if (entry.step === 'error' && (await repeats(journal, entry))) return;
      const written = await journal.append({ ...entry, at: entry.at ?? iso(now()) } as JournalEntry)();
      if (E.isLeft(written)) throw new RotationIoError(written.left, 'journal', entry.rotationId);
    },
    async states() {
      const entries = await journal.read()();
      if (E.isLeft(entries)) throw new RotationIoError(entries.left, 'journal');
      return rotationStates(entries.right);
    },
    async withLock(work) {
      const lease = await journal.lock()();
      if (E.isLeft(lease)) throw new RotationIoError(lease.left, 'journal');
      try {
        return await work();
      } finally {
        await lease.right.release();
      }
    },
  };
}

/**
 * True when the rotation's latest entry already records this failure (the
 * same stage and error tag): a step that fails the same way on every
 * `resume` is journaled once, while a different failure, or any progress in
 * between, is recorded. The journal's first record of it keeps its time.
 */
async function repeats(journal: RotationJournal, entry: Pick<JournalEntryOf<'error'>, 'rotationId' | 'stage' | 'error'>): Promise<boolean> {
  const entries = await journal.read()();
  if (E.isLeft(entries)) throw new RotationIoError(entries.left, 'journal', entry.rotationId);
  const last = [...entries.right].reverse().find((e) => e.rotationId === entry.rotationId);
  return last?.step === 'error' && last.stage === entry.stage && last.error._tag === entry.error._tag;
}

/** A marker on an error already written to the journal as the rotation's failure, so `resume` does not record it twice. */
const JOURNALED = Symbol('journaled');
export function journaled<T extends Error>(error: T): T {
  Object.defineProperty(error, JOURNALED, { value: true });
  return error;
}
export function isJournaled(error: unknown): boolean {
  return (error as { [JOURNALED]?: boolean } | undefined)?.[JOURNALED] === true;
}

/** The vendor, sink or journal failure an error thrown here carries. */
export function failureOf(error: unknown): { failure: RotationFailure; stage: RotationStage } | undefined {
  if (error instanceof RotationError) return { failure: error.error, stage: error.stage };
  if (error instanceof RotationIoError) return { failure: error.failure, stage: error.stage };
  if (TokenBridgeError.isInstance(error)) return { failure: error.error, stage: 'check' };
  return undefined;
}

/** The error of a failure at `stage`; `replacement` (with its secret) goes into it as the one copy left, when given. */
export function errorFor(failure: RotationFailure, stage: RotationStage, rotationId: string, replacement?: Token<object>): Error {
  return failure._tag === 'SinkError' || failure._tag === 'JournalError'
    ? new RotationIoError(failure, stage, rotationId, replacement)
    : new RotationError(failure, stage, replacement, { rotationId });
}

/** Live tokens whose name has the marker text and passes `keep`. */
export async function findMarked(provider: AnyTokenProvider, text: string, keep: (name: string) => boolean, stage: RotationStage, call: CallOptions): Promise<Token<object>[]> {
  const found: Token<object>[] = [];
  try {
    for await (const token of listAll(provider, { nameContains: text }, call)) if (isLive(token) && keep(token.name)) found.push(token);
  } catch (error) {
    if (TokenBridgeError.isInstance(error)) throw new RotationError(error.error, stage);
    throw error;
  }
  return found;
}

/** The token `target` names, or `undefined` when the vendor has none. */
export async function read(provider: AnyTokenProvider, target: string | Token<object>, stage: RotationStage, call: CallOptions): Promise<Token<object> | undefined> {
  if (typeof target !== 'string') return target;
  const got = await provider.get(target, call)();
  if (E.isRight(got)) return got.right;
  if (got.left._tag === 'NotFound') return undefined;
  throw new RotationError(got.left, stage);
}

/** Revokes `target`; a token already gone counts as revoked. `heir` receives what the token owns, where the vendor needs that. */
export async function revoke(
  provider: AnyTokenProvider,
  target: string | Token<object>,
  how: RevokeHow,
  heir: string | Token<object> | undefined,
  stage: RotationStage,
  call: CallOptions,
): Promise<'deleted' | 'disabled' | 'gone'> {
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
export async function unwind(provider: AnyTokenProvider, plan: JournalEntryOf<'planned'>, replacementId: string | null, search: boolean, call: CallOptions): Promise<string | null> {
  // A regenerated secret replaced the old one in place, and a prune made nothing: there is nothing to take back.
  if (plan.strategy === 'regenerate' || plan.strategy === 'prune') return null;
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

/**
 * True when the vendor's evidence shows `token` unused for at least `ms`:
 * never used, or its latest possible use (`latest`, a coarse bucket's end)
 * `ms` or longer ago. No evidence (`unknown`) is not evidence of disuse.
 */
export function unusedLongEnough(provider: AnyTokenProvider, token: Token<object>, ms: number, at: number): boolean {
  const usage = usageOf(provider, token, at);
  return usage.kind === 'never' || (usage.kind === 'used' && at - usage.latest.getTime() >= ms);
}

/** A sink's answer; one that breaks its contract and rejects is reported as a failure, without its details. */
export async function deliverTo(sink: SecretSink, secret: Secret, delivery: SecretDelivery): Promise<E.Either<SinkError, void>> {
  try {
    return await sink.deliver(secret, delivery)();
  } catch {
    return E.left({ _tag: 'SinkError', sink: sink.spec, reason: 'io', message: 'the sink failed unexpectedly', retryable: false });
  }
}
