import { type FieldIssue, TokenBridgeError, TokenErrors } from './errors';
import type { ProviderId } from './model';
import { Secret } from './secret';

// Credentials are visible ASCII: whitespace, a zero-width or any other
// character past ASCII would go on the wire as a different credential.
const CREDENTIAL = /^[\x21-\x7e]+$/;

/** What is wrong with a credential's value (a summary and the fix), or `undefined` when it may be sent. Never describes the value itself. */
export function credentialIssue(value: string): { readonly summary: string; readonly fix: string } | undefined {
  if (value.trim() === '') return { summary: 'is empty', fix: 'must not be empty' };
  if (value !== value.trim()) return { summary: 'has surrounding whitespace or a line break', fix: 'trim the value' };
  if (!CREDENTIAL.test(value)) return { summary: 'holds whitespace, a control, zero-width or non-ASCII character', fix: 'must hold visible ASCII characters only; copy the credential again' };
  return undefined;
}

function configError(provider: ProviderId, message: string, issues: FieldIssue[]): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider, operation: 'configure' }, message, issues));
}

/**
 * Checks an adapter factory's credential option. A missing, empty or
 * non-string value, or one holding whitespace or characters past ASCII,
 * throws a {@link TokenBridgeError} naming the option (never its value), so
 * misconfiguration fails at start-up rather than as a 401 later.
 */
export function requireCredential(provider: ProviderId, option: string, value: unknown): Secret {
  if (!Secret.isSecret(value) && typeof value !== 'string') {
    throw configError(provider, `${option} is required`, [{ path: option, message: value === undefined ? 'missing' : 'expected a string or a Secret' }]);
  }
  const text = Secret.isSecret(value) ? value.reveal() : value;
  const issue = credentialIssue(text);
  if (issue !== undefined) throw configError(provider, `${option} ${issue.summary}`, [{ path: option, message: issue.fix }]);
  return Secret.isSecret(value) ? value : new Secret(text);
}

/**
 * Checks a string option that ends up in a header or a path (an environment,
 * an account id): it must match `pattern`; `expected` says what it must be.
 */
export function requireMatch(provider: ProviderId, option: string, value: unknown, pattern: RegExp, expected: string): string {
  const text = requireString(provider, option, value);
  if (!pattern.test(text)) throw configError(provider, `${option} is not valid`, [{ path: option, message: expected }]);
  return text;
}

/** Checks a required string option such as `baseUrl`. */
export function requireString(provider: ProviderId, option: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw configError(provider, `${option} is required`, [{ path: option, message: 'expected a non-empty string' }]);
}
