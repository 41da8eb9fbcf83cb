import * as E from 'fp-ts/Either';
import { TokenBridgeError, type Secret, type SecretDelivery, type SecretSink } from '@tokenbridge/core';
import { invalidSink, sinkError } from './errors';

/**
 * Hands the secret to a function of yours (a secret manager's SDK, a
 * database). `name` makes its spec, `callback:<name>`, which `resume` needs to
 * find it again through the manager's `resolveSink`. A throw or rejection is
 * a `SinkError` naming only the error's class: its message could hold anything.
 *
 * @example
 * const sink = callbackSink('vault', async (secret, { providerKey }) => vault.write(`kv/${providerKey}`, secret.reveal()));
 */
export function callbackSink(name: string, deliver: (secret: Secret, delivery: SecretDelivery) => void | Promise<void>): SecretSink {
  if (typeof name !== 'string' || name.trim() === '') throw new TokenBridgeError(invalidSink('name', 'a callback sink needs a name', 'a non-empty name, used in its spec'));
  const spec = `callback:${name}`;
  return {
    spec,
    deliver: (secret, delivery) => async () => {
      try {
        await deliver(secret, delivery);
        return E.right(undefined);
      } catch (error) {
        const kind = error instanceof Error ? error.name : typeof error;
        return E.left(sinkError(spec, 'callback', `callback ${name} failed (${kind})`));
      }
    },
  };
}
