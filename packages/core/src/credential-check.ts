import type { TaskEither } from 'fp-ts/TaskEither';
import type { TokenError } from './errors';
import { neverRejects, unexpectedError } from './guard';
import type { CallOptions } from './model';
import type { CredentialCheck } from './provider';
import type { Secret } from './secret';
import type { OperationContext, Transport } from './transport/transport';

/**
 * Runs `check` on a short-lived transport that authenticates with `secret`
 * instead of the provider's own credential, for `RotationSupport.verifyCredential`.
 */
export function checkCredential(
  transport: Transport,
  secret: Secret,
  options: CallOptions | undefined,
  check: (op: OperationContext) => TaskEither<TokenError, CredentialCheck>,
): TaskEither<TokenError, CredentialCheck> {
  // A secret the transport refuses (withCredential throws on one it cannot send) is a typed error too.
  return neverRejects(
    async () => {
      const temporary = transport.withCredential(secret);
      try {
        return await temporary.run('rotate', options, check)();
      } finally {
        await temporary.close();
      }
    },
    (thrown) => transport.redact(unexpectedError({ provider: transport.provider, operation: 'rotate' }, thrown)),
  );
}
