import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { TokenError, TransportEvent, TransportHooks } from '@tokenbridge/core';

/** Keeps what a test produced, so it can be swept for secrets afterwards. */
export interface Recorder {
  record(value: unknown): void;
}

/** Runs a task that must succeed and returns its value; a failure throws, naming its tag and message. */
export async function succeeds<A>(task: TaskEither<TokenError, A>, recorder?: Recorder): Promise<A> {
  const result = await task();
  recorder?.record(result);
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`);
  return result.right;
}

/** Runs a task that must fail and returns its error; a success throws. */
export async function fails<A>(task: TaskEither<TokenError, A>, recorder?: Recorder): Promise<TokenError> {
  const result = await task();
  recorder?.record(result);
  if (E.isRight(result)) throw new Error('expected a failure, got success');
  return result.left;
}

/** Transport hooks that keep every event of all four hooks in `events`, for a test to sweep or inspect. */
export function recordingHooks(events: TransportEvent[] = []): { readonly events: TransportEvent[]; readonly hooks: TransportHooks } {
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  return { events, hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push } };
}
