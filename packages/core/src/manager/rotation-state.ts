import type { JournalEntry, JournalEntryOf, RecordedError } from './journal';

/** Where a rotation (or a declaration's create or prune) stands, as its journal entries say. */
export type RotationPhase =
  /** Planned; the replacement may or may not have been created. */
  | 'planned'
  /** The replacement exists (`regenerate`: the secret was regenerated, so the old one is dead); it is not delivered everywhere yet. */
  | 'created'
  /** Delivered to every sink; the old token still has to be revoked (now, when due, or once unused). */
  | 'delivered'
  /** Finished: delivered, and the old token revoked or kept as planned. */
  | 'done'
  /** Given up before delivery; its replacement is (`unwound`) or still has to be revoked. */
  | 'failed'
  /** Unwound after a crash and started again under another id. */
  | 'restarted';

/** One rotation, folded from its journal entries. */
export interface RotationState {
  readonly rotationId: string;
  readonly plan: JournalEntryOf<'planned'>;
  readonly phase: RotationPhase;
  /** False once nothing is left to do. */
  readonly open: boolean;
  readonly replacementId: string | null;
  readonly verified: boolean;
  /** The specs of the sinks that received the secret, in order. */
  readonly delivered: readonly string[];
  /** When the last of them did (the start of the grace period). */
  readonly deliveredAt: string | null;
  /** Whether the grace period was recorded as started. */
  readonly graceStarted: boolean;
  /** When the old token is due to be revoked, for a grace period with a fixed length. */
  readonly dueAt: string | null;
  readonly revoked: readonly JournalEntryOf<'revoked'>[];
  /** The replacement was revoked because it was never delivered. */
  readonly unwound: boolean;
  readonly failure: JournalEntryOf<'failed'> | null;
  readonly restartedAs: string | null;
  /** The latest error, of a failure or of an attempt that will be repeated. */
  readonly lastError: (RecordedError & { readonly stage: string; readonly at: string }) | null;
  /** The time of its latest entry. */
  readonly updatedAt: string;
}

interface Draft {
  plan: JournalEntryOf<'planned'>;
  replacementId: string | null;
  verified: boolean;
  delivered: string[];
  deliveredAt: string | null;
  graceStarted: boolean;
  dueAt: string | null;
  revoked: JournalEntryOf<'revoked'>[];
  unwound: boolean;
  done: boolean;
  failure: JournalEntryOf<'failed'> | null;
  restartedAs: string | null;
  lastError: RotationState['lastError'];
  updatedAt: string;
}

/** True when every planned sink has the secret. A prune has no secret: only its revoke is left from the start. */
function isDelivered(d: Draft): boolean {
  return d.plan.strategy === 'prune' || (d.verified && d.plan.sinks.every((sink) => d.delivered.includes(sink)));
}

function finish(rotationId: string, d: Draft): RotationState {
  const delivered = isDelivered(d);
  const phase: RotationPhase = d.restartedAs
    ? 'restarted'
    : d.done
      ? 'done'
      : d.failure
        ? 'failed'
        : delivered
          ? 'delivered'
          : d.replacementId !== null
            ? 'created'
            : 'planned';
  const open = phase === 'restarted' || phase === 'done' ? false : phase === 'failed' ? !d.unwound : true;
  return { rotationId, ...d, phase, open, deliveredAt: delivered ? (d.deliveredAt ?? d.plan.at) : null };
}

/**
 * Folds journal entries into one state per rotation, in the order the
 * rotations were planned. Entries of a rotation with no `planned` entry are
 * ignored (a journal cut short at the front).
 */
export function rotationStates(entries: readonly JournalEntry[]): RotationState[] {
  const drafts = new Map<string, Draft>();
  for (const e of entries) {
    if (e.step === 'planned') {
      drafts.set(e.rotationId, {
        plan: e,
        replacementId: null,
        verified: false,
        delivered: [],
        deliveredAt: null,
        graceStarted: false,
        dueAt: null,
        revoked: [],
        unwound: false,
        done: false,
        failure: null,
        restartedAs: null,
        lastError: null,
        updatedAt: e.at,
      });
      continue;
    }
    const d = drafts.get(e.rotationId);
    if (!d) continue;
    d.updatedAt = e.at;
    switch (e.step) {
      case 'created':
        d.replacementId = e.replacementId;
        break;
      case 'verified':
        d.verified = true;
        break;
      case 'delivered':
        if (!d.delivered.includes(e.sink)) d.delivered.push(e.sink);
        d.deliveredAt = e.at;
        break;
      case 'grace':
        d.graceStarted = true;
        d.dueAt = e.dueAt;
        break;
      case 'revoked':
        d.revoked.push(e);
        break;
      case 'done':
        d.done = true;
        break;
      case 'error':
        d.lastError = { ...e.error, stage: e.stage, at: e.at };
        break;
      case 'failed':
        d.failure = e;
        d.lastError = { ...e.error, stage: e.stage, at: e.at };
        break;
      case 'unwound':
        d.unwound = true;
        break;
      case 'restarted':
        d.restartedAs = e.next;
        break;
      case 'adopted':
        break;
    }
  }
  return [...drafts.entries()].map(([id, d]) => finish(id, d));
}
