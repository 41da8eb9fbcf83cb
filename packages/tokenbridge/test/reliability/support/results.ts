import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { TokenError } from 'tokenbridge';
import type { LeakSweep } from './sentinels';

/** Runs a task that must succeed, recording the value in `sweep`. */
export async function ok<A>(task: TaskEither<TokenError, A>, sweep?: LeakSweep): Promise<A> {
  const result = await task();
  sweep?.record(result);
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`);
  return result.right;
}

/** Runs a task that must fail, recording the error in `sweep`. */
export async function fails<A>(task: TaskEither<TokenError, A>, sweep?: LeakSweep): Promise<TokenError> {
  const result = await task();
  sweep?.record(result);
  if (E.isRight(result)) throw new Error('expected a failure, got success');
  return result.left;
}
