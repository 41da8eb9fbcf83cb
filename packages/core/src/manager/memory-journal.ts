import * as TE from 'fp-ts/TaskEither';
import type { JournalEntry, JournalError, JournalLease, RotationJournal } from './journal';

/**
 * A queue of holders: `acquire` resolves once every earlier holder released.
 * The in-process half of a journal's lock.
 */
export function lockQueue(): { acquire(): Promise<JournalLease> } {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire: () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const granted = tail.then(() => ({ release: async () => release() }));
      tail = tail.then(() => released);
      return granted;
    },
  };
}

/**
 * A journal held in memory: what the token manager uses when it is given
 * none. Grace periods and `resume` work within the process; nothing survives
 * it dying (use `fileJournal` from `@tokenbridge/rotation` for that).
 */
export function memoryJournal(initial: readonly JournalEntry[] = []): RotationJournal & { readonly entries: readonly JournalEntry[] } {
  const entries: JournalEntry[] = [...initial];
  const queue = lockQueue();
  return {
    entries,
    append: (entry) => TE.fromIO(() => void entries.push(entry)),
    read: () => TE.fromIO(() => [...entries]),
    lock: () => TE.rightTask<JournalError, JournalLease>(() => queue.acquire()),
  };
}
