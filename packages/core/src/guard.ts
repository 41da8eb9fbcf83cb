import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { type ErrorContext, type TokenError, TokenBridgeError, TokenErrors, isTokenError } from './errors';

/**
 * The last resort behind the promise that a `TaskEither` of this library
 * never rejects and the Promise facade throws only `TokenBridgeError`: a
 * throw that escaped everything else (a bug, a hostile getter in the input)
 * becomes a typed error. It names only the kind of the thrown value, never
 * its message, which could hold anything.
 */

/** The typed error standing for an unexpected throw `thrown` in `ctx`. */
export function unexpectedError(ctx: ErrorContext, thrown: unknown, tag: 'Validation' | 'Decode' = 'Decode'): TokenError {
  if (TokenBridgeError.isInstance(thrown)) return thrown.error;
  if (isTokenError(thrown)) return thrown;
  const kind = thrown instanceof Error ? thrown.name : typeof thrown;
  const message =
    tag === 'Validation'
      ? `the input could not be read (${kind} thrown while checking it)`
      : `unexpected failure in ${ctx.provider} ${ctx.operation} (${kind}); this is a bug in tokenbridge or the adapter, please report it`;
  return tag === 'Validation' ? TokenErrors.validation(ctx, message, [{ path: '(input)', message }]) : TokenErrors.decode(ctx, message, [], { retryable: false });
}

/** `task` as a `TaskEither` that never rejects: a throw becomes `onThrow(thrown)`. */
export function neverRejects<A>(task: () => Promise<E.Either<TokenError, A>>, onThrow: (thrown: unknown) => TokenError): TaskEither<TokenError, A> {
  return async () => {
    try {
      return await task();
    } catch (thrown) {
      return E.left(onThrow(thrown));
    }
  };
}
