import { isRecord } from './messages';

/**
 * Thrown when a seed, fault or control input is malformed. Messages name the
 * offending field but never echo its value, since seeds may carry secrets.
 */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** The value as a JSON object, or an {@link InvalidInputError} naming `what`. */
export function requireRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidInputError(`${what} must be a JSON object`);
  return value;
}

/** `record[key]` when it is a string or absent; throws on any other type. */
export function optionalString(record: Record<string, unknown>, key: string, what: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidInputError(`${what}.${key} must be a string`);
  return value;
}

/** `record[key]` when it is a string, null or absent; throws on any other type. */
export function optionalNullableString(
  record: Record<string, unknown>,
  key: string,
  what: string,
): string | null | undefined {
  return record[key] === null ? null : optionalString(record, key, what);
}

/** `record[key]` when it is a non-empty string; throws otherwise. */
export function requiredString(record: Record<string, unknown>, key: string, what: string): string {
  const value = optionalString(record, key, what);
  if (value === undefined || value === '') throw new InvalidInputError(`${what}.${key} is required`);
  return value;
}

/** `record[key]` when it is a finite number or absent; throws on any other type. */
export function optionalNumber(record: Record<string, unknown>, key: string, what: string): number | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`${what}.${key} must be a finite number`);
  }
  return value;
}

/** `record[key]` when it is a boolean or absent; throws on any other type. */
export function optionalBoolean(record: Record<string, unknown>, key: string, what: string): boolean | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidInputError(`${what}.${key} must be a boolean`);
  return value;
}

/** `record[key]` when it is an object of string values or absent; throws otherwise. */
export function optionalStringMap(
  record: Record<string, unknown>,
  key: string,
  what: string,
): Record<string, string> | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  const map = requireRecord(value, `${what}.${key}`);
  for (const [name, entry] of Object.entries(map)) {
    if (typeof entry !== 'string') throw new InvalidInputError(`${what}.${key}.${name} must be a string`);
  }
  return map as Record<string, string>;
}

/** Throws unless `value` is an integer within `[min, max]`. */
export function requireIntegerInRange(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(`${what} must be an integer from ${min} to ${max}`);
  }
}
