import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { type JournalEntry, type RotationJournal, type SecretSink, type SinkError, memoryJournal } from '@tokenbridge/core';

/** A sink that keeps what it receives, or fails like a refusing target. */
export function recordingSink(spec: string, fail = false) {
  const received: string[] = [];
  const sink: SecretSink = {
    spec,
    deliver: (secret) =>
      TE.fromIOEither(() => {
        if (fail) return E.left<SinkError, void>({ _tag: 'SinkError', sink: spec, reason: 'io', message: 'target refused', retryable: true });
        received.push(secret.reveal());
        return E.right(undefined);
      }),
  };
  return { sink, received, last: () => received[received.length - 1] };
}

/**
 * A journal that stops answering right after it stores an entry of `step`
 * (the `nth` one), or just before with `before`: the process froze there.
 */
export function freezingJournal(step: JournalEntry['step'], nth = 1, before = false) {
  const inner = memoryJournal();
  let seen = 0;
  let frozen = false;
  const journal: RotationJournal = {
    ...inner,
    append: (entry) => async () => {
      if (frozen) return new Promise(() => undefined);
      if (before && entry.step === step && ++seen === nth) {
        frozen = true;
        return new Promise(() => undefined);
      }
      const written = await inner.append(entry)();
      if (!before && entry.step === step && ++seen === nth) {
        frozen = true;
        return new Promise(() => undefined);
      }
      return written;
    },
  };
  return { journal, entries: inner.entries, isFrozen: () => frozen };
}

/** Waits (a bounded number of turns of the event loop) until `condition` holds. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}
