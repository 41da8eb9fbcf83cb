import { REDACTED_TEXT } from '../secret';

// Token values remembered per provider; the oldest are forgotten past this, so
// a provider listing many tokens over a long life does not grow without bound.
const MAX_REMEMBERED = 1000;
// Shorter values would mangle ordinary words in a message.
const MIN_LENGTH = 8;
// Errors and events are shallow; anything deeper than this is not ours and is cut.
const MAX_DEPTH = 8;

/**
 * Removes credentials and token values from what leaves the transport:
 * vendors and proxies sometimes echo what they were sent, in any field. It
 * knows the credential, the token values this provider has returned lately,
 * and the vendor's token patterns.
 *
 * It runs once, over the finished error or event ({@link scrubDeep}), so
 * every string in it — nested, in arrays, and object keys — is covered
 * whichever field an adapter's parser put vendor text in.
 */
export class Redactor {
  private readonly credentials: string[] = [];
  private readonly remembered = new Set<string>();
  // Every known literal by its first MIN_LENGTH characters: a string is scanned once, whatever the number remembered.
  private readonly byPrefix = new Map<string, Set<string>>();

  constructor(private readonly patterns: readonly RegExp[] = []) {}

  /** Adds the credential, removed from every message for the provider's whole life. */
  addCredential(value: string): void {
    if (value.length < MIN_LENGTH || this.credentials.includes(value)) return;
    this.credentials.push(value);
    this.index(value);
  }

  /** Adds a token value the vendor returned, so a later error that echoes it is scrubbed too. */
  remember(value: string): void {
    if (value.length < MIN_LENGTH || this.remembered.has(value)) return;
    if (this.remembered.size >= MAX_REMEMBERED) {
      const oldest = this.remembered.values().next().value as string;
      this.remembered.delete(oldest);
      if (!this.credentials.includes(oldest)) this.byPrefix.get(oldest.slice(0, MIN_LENGTH))?.delete(oldest);
    }
    this.remembered.add(value);
    this.index(value);
  }

  /** Returns `text` with every known secret replaced by `[REDACTED]`; anything but a string comes back as it is. */
  scrub<T>(text: T): T {
    if (typeof text !== 'string' || text.length < MIN_LENGTH) return text;
    let out: string = text;
    // The longest first, so a secret that holds another is replaced whole.
    for (const literal of this.literalsIn(text).sort((a, b) => b.length - a.length)) out = out.split(literal).join(REDACTED_TEXT);
    for (const pattern of this.patterns) out = out.replace(globalOf(pattern), REDACTED_TEXT);
    return out as T;
  }

  private index(value: string): void {
    const prefix = value.slice(0, MIN_LENGTH);
    const bucket = this.byPrefix.get(prefix) ?? new Set<string>();
    bucket.add(value);
    this.byPrefix.set(prefix, bucket);
  }

  /** The known literals that occur in `text`. */
  private literalsIn(text: string): string[] {
    const found = new Set<string>();
    for (let i = 0; i + MIN_LENGTH <= text.length; i++) {
      const bucket = this.byPrefix.get(text.slice(i, i + MIN_LENGTH));
      if (bucket) for (const literal of bucket) if (text.startsWith(literal, i)) found.add(literal);
    }
    return [...found];
  }

  /**
   * A copy of `value` with every string scrubbed: fields, array items and
   * object keys, at any depth. Plain data only (what errors and events hold);
   * other objects (a `Date`, a class instance) are kept as they are. Never
   * throws, whatever it is given.
   */
  scrubDeep<T>(value: T): T {
    try {
      return this.walk(value, 0, new WeakSet()) as T;
    } catch {
      // A hostile getter or proxy: give back nothing of it rather than risk a secret.
      return (typeof value === 'string' ? REDACTED_TEXT : undefined) as T;
    }
  }

  private walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (typeof value !== 'object' || value === null) return value;
    // A cycle (the ancestors are in `seen`) or runaway nesting is not data an error or event holds.
    if (seen.has(value) || depth >= MAX_DEPTH) return REDACTED_TEXT;
    const proto = Object.getPrototypeOf(value) as unknown;
    const isArray = Array.isArray(value);
    if (!isArray && proto !== Object.prototype && proto !== null) return value;
    seen.add(value);
    try {
      if (isArray) return value.map((item) => this.walk(item, depth + 1, seen));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.scrub(key)] = this.walk(item, depth + 1, seen);
      return out;
    } finally {
      seen.delete(value);
    }
  }
}

function globalOf(pattern: RegExp): RegExp {
  return pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}
