import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { type RotationIoError, type TokenError, TokenBridgeError, TokenErrors } from '@tokenbridge/core';

/** What a {@link CliFailure} adds to its error. */
export interface FailureDetails {
  /** The configured provider it concerns. */
  readonly providerKey?: string;
  /** Lines of advice printed after the error (`hints` in `--json`). */
  readonly hints?: readonly string[];
  /** More fields for `--json` (never a secret). */
  readonly json?: Readonly<Record<string, unknown>>;
}

/** A failure the command line reports: the error, the provider it concerns, and advice. */
export class CliFailure extends TokenBridgeError {
  readonly details: FailureDetails;

  constructor(error: TokenError, details: FailureDetails = {}) {
    super(error);
    this.details = details;
  }
}

/** A mistake in the call or the configuration (exit code 2) about `path` (a flag, a section, `provider`), with advice. */
export function usageFailure(path: string, message: string, hints: readonly string[] = []): CliFailure {
  return new CliFailure(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, message, [{ path, message }]), { hints });
}

/**
 * A rotation stopped by a sink or by the journal rather than the vendor, with
 * the command line's advice: reported like a {@link CliFailure}, exit code 1.
 */
export class CliIoFailure extends Error {
  constructor(
    readonly error: RotationIoError,
    readonly details: FailureDetails = {},
  ) {
    super(error.message);
    this.name = 'CliIoFailure';
  }
}

/**
 * Runs `task` on the provider configured as `providerKey`; a failure throws a
 * {@link CliFailure}. A token that is not there is `token <id> not found on <providerKey>`.
 */
export async function perform<A>(task: TaskEither<TokenError, A>, providerKey: string, id?: string): Promise<A> {
  const result = await task();
  if (E.isRight(result)) return result.right;
  throw new CliFailure(notFoundIn(result.left, providerKey, id), { providerKey });
}

/** `error`, with the message of a missing token saying which token on which provider. */
export function notFoundIn(error: TokenError, providerKey: string, id?: string): TokenError {
  if (error._tag !== 'NotFound' || id === undefined) return error;
  return { ...error, message: `token ${id} not found on ${providerKey}` };
}
