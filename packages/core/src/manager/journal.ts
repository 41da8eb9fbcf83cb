import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { TokenError } from '../errors';
import { REDACTED_TEXT, type Secret } from '../secret';
import type { SinkError } from './sink';

/**
 * The rotation journal's record format. Each step of a rotation is appended
 * before the next one starts, so a process that dies part-way leaves enough
 * to finish or unwind what it did. No entry ever holds a secret: ids, names,
 * spec strings, due times and redacted error summaries only.
 */

/** How the old token is revoked. */
export const RevokeHowC = t.union([t.literal('delete'), t.literal('disable')]);

/** When the old token is revoked, as the journal holds it. */
export const RevokePlanC = t.union([
  t.type({ kind: t.literal('never') }),
  /** As soon as the replacement is delivered. */
  t.type({ kind: t.literal('now'), how: RevokeHowC }),
  /** `ms` after the replacement is delivered. */
  t.type({ kind: t.literal('after'), how: RevokeHowC, ms: t.number }),
  /** Once the vendor reports the old token unused for `ms`, and `maxMs` after delivery at the latest (absent in older journals: the default). */
  t.intersection([t.type({ kind: t.literal('unused'), how: RevokeHowC, ms: t.number }), t.partial({ maxMs: t.number })]),
]);
/** See {@link RevokePlanC}. */
export type RevokePlan = t.TypeOf<typeof RevokePlanC>;

/** What the journal keeps of an error: its tag and message (both free of secrets) and a few details. */
export const RecordedErrorC = t.intersection([
  t.type({ _tag: t.string, message: t.string, retryable: t.boolean }),
  t.partial({ status: t.number, vendorCode: t.string, requestId: t.string, outcomeUnknown: t.boolean, reason: t.string, code: t.string, exitCode: t.number }),
]);
/** See {@link RecordedErrorC}. */
export type RecordedError = t.TypeOf<typeof RecordedErrorC>;

const nullableString = t.union([t.string, t.null]);
const entry = <S extends string, P extends t.Props>(step: S, props: P) => t.type({ rotationId: t.string, at: t.string, step: t.literal(step), ...props });

/**
 * What a journaled operation does: a rotation (`replace`, `regenerate`,
 * `dual`), or for declarations the creation of a declared token (`create`)
 * and the deletion of an undeclared one (`prune`).
 */
export const JournaledKindC = t.union([t.literal('replace'), t.literal('regenerate'), t.literal('dual'), t.literal('create'), t.literal('prune')]);
/** See {@link JournaledKindC}. */
export type JournaledKind = t.TypeOf<typeof JournaledKindC>;

/** A declared expiry: a lifetime from creation (`after`, ms), a fixed date (`at`, ISO), or none. */
export const ExpiryC = t.union([
  t.type({ kind: t.literal('after'), ms: t.number }),
  t.type({ kind: t.literal('at'), at: t.string }),
  t.type({ kind: t.literal('never') }),
]);
/** See {@link ExpiryC}. */
export type Expiry = t.TypeOf<typeof ExpiryC>;

/**
 * The fields a declaration gives a token it creates, or a replacement it
 * makes: the name without marker, and the description, vendor attributes and
 * expiry where declared. Plain JSON and free of secrets, so the journal can
 * hold it and a restart after a crash creates the same token.
 */
export const DeclaredFieldsC = t.intersection([
  t.type({ name: t.string }),
  t.partial({ description: nullableString, extra: t.UnknownRecord, expires: ExpiryC }),
]);
/** See {@link DeclaredFieldsC}. */
export type DeclaredFields = t.TypeOf<typeof DeclaredFieldsC>;

/** Every kind of journal entry, discriminated on `step`. */
export const JournalEntryC = t.union([
  t.intersection([
    entry('planned', {
      providerKey: t.string,
      provider: t.string,
      strategy: JournaledKindC,
      /** The token being rotated (`regenerate`: also the one that gets the new secret; `prune`: the one deleted); null for `create`. */
      oldId: nullableString,
      /** The new token's name, carrying the rotation marker; null for `regenerate` and `prune`. */
      name: nullableString,
      revoke: RevokePlanC,
      /** The specs of the sinks, in delivery order. */
      sinks: t.array(t.string),
      /** `dual`: the logical credential both tokens belong to. */
      credentialId: nullableString,
      /** `dual`: the older token of the pair, revoked once the replacement is delivered. */
      retireId: nullableString,
      /** The rotation this one starts again after a crash. */
      restartOf: nullableString,
    }),
    /** A declaration's fields for the new token (a declared create, or a replacement that brings a token in line). */
    t.partial({ declared: DeclaredFieldsC }),
  ]),
  /** `dual`: the existing token was renamed to carry the credential's marker. */
  entry('adopted', { tokenId: t.string, name: t.string }),
  entry('created', { replacementId: t.string }),
  entry('verified', { status: t.string }),
  entry('delivered', { sink: t.string }),
  /** The grace period started: the old token is revoked at `dueAt`, or once unused for `unusedForMs` (and at `dueAt` at the latest). */
  entry('grace', { dueAt: nullableString, unusedForMs: t.union([t.number, t.null]) }),
  entry('revoked', { tokenId: t.string, how: t.union([t.literal('deleted'), t.literal('disabled'), t.literal('gone')]) }),
  entry('done', {}),
  /** A step failed; the rotation stays open and `resume` tries again. */
  entry('error', { stage: t.string, error: RecordedErrorC }),
  /** The rotation was given up: its replacement is unwound and it is not started again. */
  entry('failed', { stage: t.string, error: RecordedErrorC }),
  /** The replacement (null: none was found) was revoked because it was never delivered. */
  entry('unwound', { replacementId: nullableString }),
  /** The rotation was started again as `next`, after its replacement was unwound. */
  entry('restarted', { next: t.string }),
]);
/** One line of the journal. */
export type JournalEntry = t.TypeOf<typeof JournalEntryC>;
/** The `step` values of {@link JournalEntry}. */
export type JournalStep = JournalEntry['step'];
/** The entry of one step. */
export type JournalEntryOf<S extends JournalStep> = Extract<JournalEntry, { step: S }>;
/** An entry whose time the journal's writer fills in. */
export type UnstampedEntry = JournalEntry extends infer U ? (U extends JournalEntry ? Omit<U, 'at'> & { readonly at?: string } : never) : never;

/** A journal's failure. Never holds entries' content beyond a line number. */
export interface JournalError {
  readonly _tag: 'JournalError';
  /** `locked`: another live process holds the journal; `corrupt`: an entry could not be read; `unsafe-target`: a symlink or a file others may write. */
  readonly reason: 'io' | 'locked' | 'corrupt' | 'unsafe-target';
  readonly message: string;
  readonly retryable: boolean;
  /** The system error code. */
  readonly code?: string;
  /** The 1-based line of a corrupt entry. */
  readonly line?: number;
}

/** Exclusive use of a journal, until released. */
export interface JournalLease {
  /** Gives the journal up. Never rejects. */
  release(): Promise<void>;
}

/**
 * Where rotations record their steps. The default is a JSON-lines file
 * (`fileJournal` in `@tokenbridge/rotation`); a database can implement the
 * same three operations.
 */
export interface RotationJournal {
  /** Stores one entry durably: it resolves only once the entry would survive the process dying. */
  append(entry: JournalEntry): TaskEither<JournalError, void>;
  /** Every entry, oldest first. */
  read(): TaskEither<JournalError, readonly JournalEntry[]>;
  /**
   * Exclusive use: rotations and `resume` hold it while they work, so a
   * `resume` never mistakes a rotation running elsewhere for one that crashed.
   * Within a process callers wait their turn; another live process holding it
   * is a `locked` error at once.
   */
  lock(): TaskEither<JournalError, JournalLease>;
}

/**
 * What the journal keeps of a vendor, sink or journal failure. Their messages
 * are free of secrets by contract; `secret`, when given, is scrubbed as well.
 */
export function recordError(error: TokenError | SinkError | JournalError, secret?: Secret): RecordedError {
  const value = secret?.reveal();
  const message = value ? error.message.split(value).join(REDACTED_TEXT) : error.message;
  const out: { -readonly [K in keyof RecordedError]: RecordedError[K] } = { _tag: error._tag, message, retryable: error.retryable };
  if ('status' in error && error.status !== undefined) out.status = error.status;
  if ('vendorCode' in error && error.vendorCode !== undefined) out.vendorCode = error.vendorCode;
  if ('requestId' in error && error.requestId !== undefined) out.requestId = error.requestId;
  if ('outcomeUnknown' in error && error.outcomeUnknown) out.outcomeUnknown = true;
  if ('reason' in error) out.reason = error.reason;
  if ('code' in error && error.code !== undefined) out.code = error.code;
  if ('exitCode' in error && error.exitCode !== undefined) out.exitCode = error.exitCode;
  return out;
}

/** Decodes one parsed journal line, or `undefined` when it is not an entry. */
export function decodeJournalEntry(value: unknown): JournalEntry | undefined {
  const decoded = JournalEntryC.decode(value);
  return E.isRight(decoded) ? decoded.right : undefined;
}
