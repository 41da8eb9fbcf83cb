import { TokenBridgeError, TokenErrors } from './errors';
import type { ProviderId } from './model';
import { Secret } from './secret';

/**
 * Checks an adapter factory's credential option. A missing, empty or
 * non-string value throws a {@link TokenBridgeError} naming the option (never
 * its value), so misconfiguration fails at start-up rather than as a 401 later.
 */
export function requireCredential(provider: ProviderId, option: string, value: unknown): Secret {
  const ctx = { provider, operation: 'configure' as const };
  if (Secret.isSecret(value)) {
    if (value.isBlank()) throw new TokenBridgeError(TokenErrors.validation(ctx, `${option} is empty`, [{ path: option, message: 'must not be empty' }]));
    return value;
  }
  if (typeof value !== 'string') {
    throw new TokenBridgeError(
      TokenErrors.validation(ctx, `${option} is required`, [{ path: option, message: value === undefined ? 'missing' : 'expected a string or a Secret' }]),
    );
  }
  if (value.trim() === '') throw new TokenBridgeError(TokenErrors.validation(ctx, `${option} is empty`, [{ path: option, message: 'must not be empty' }]));
  if (value !== value.trim() || /[\r\n]/.test(value)) {
    throw new TokenBridgeError(
      TokenErrors.validation(ctx, `${option} has surrounding whitespace or a line break`, [{ path: option, message: 'trim the value' }]),
    );
  }
  return new Secret(value);
}

/** Checks a required string option such as `baseUrl`. */
export function requireString(provider: ProviderId, option: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new TokenBridgeError(
    TokenErrors.validation({ provider, operation: 'configure' }, `${option} is required`, [{ path: option, message: 'expected a non-empty string' }]),
  );
}
