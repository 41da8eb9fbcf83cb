import { inspect } from 'node:util';

const REDACTED = '[REDACTED]';

/**
 * Holds a credential or token value so that it cannot be printed by accident.
 *
 * The value lives in a `#private` field: spreading, `structuredClone`,
 * `JSON.stringify`, `util.inspect` (at any depth), string conversion and
 * template literals all see only `[REDACTED]`. Call {@link Secret.reveal} at
 * the one place the value is really needed.
 *
 * @example
 * const s = new Secret(process.env.DATOCMS_TOKEN ?? '');
 * console.log(`${s}`);     // [REDACTED]
 * sendHeader(s.reveal());  // the value
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** Returns the wrapped value. Never log it. */
  reveal(): string {
    return this.#value;
  }

  /** True when the wrapped value is empty or only whitespace. */
  isBlank(): boolean {
    return this.#value.trim() === '';
  }

  /** Compares with another secret or string in time independent of where they differ. */
  equals(other: Secret | string): boolean {
    const a = Buffer.from(this.#value);
    const b = Buffer.from(typeof other === 'string' ? other : other.reveal());
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
    return diff === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }

  /** True for a `Secret` from any copy of this package. */
  static isSecret(value: unknown): value is Secret {
    return value instanceof Secret || (typeof value === 'object' && value !== null && (value as { [SECRET_MARK]?: unknown })[SECRET_MARK] === true);
  }
}

const SECRET_MARK = Symbol.for('tokenbridge.Secret');
Object.defineProperty(Secret.prototype, SECRET_MARK, { value: true });

/** The text that stands in for every redacted value. */
export const REDACTED_TEXT = REDACTED;
