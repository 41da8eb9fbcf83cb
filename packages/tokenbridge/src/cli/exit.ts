import { type TokenError, TokenBridgeError, TokenErrors } from '@tokenbridge/core';

/** Exit codes, so scripts can tell failures apart. */
export const EXIT = {
  ok: 0,
  /** Network, server, rate limit, conflict, decode, or some providers failing. */
  failure: 1,
  /** Bad arguments, bad input, an unknown provider, missing configuration, an unsupported request. */
  usage: 2,
  notFound: 3,
  /** The vendor rejected the credential or the permission. */
  auth: 4,
  /** `plan`: changes are pending (0 means none, 1 that something needs a person). */
  changes: 5,
} as const;

/** The exit code for a failure. */
export function exitCodeFor(error: TokenError): number {
  switch (error._tag) {
    case 'NotFound':
      return EXIT.notFound;
    case 'Unauthorized':
    case 'Forbidden':
      return EXIT.auth;
    case 'Validation':
    case 'Unsupported':
      return EXIT.usage;
    default:
      return EXIT.failure;
  }
}

/** A mistake in how the command was called (exit code 2), naming `what` (a flag, an argument, a variable). */
export function usageError(what: string, message: string): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `${what} ${message}`, [{ path: what, message }]));
}
