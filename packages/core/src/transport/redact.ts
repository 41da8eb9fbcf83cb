import { REDACTED_TEXT } from '../secret';

// Token values remembered per provider; the oldest are forgotten past this, so
// a provider listing many tokens over a long life does not grow without bound.
const MAX_REMEMBERED = 1000;
// Shorter values would mangle ordinary words in a message.
const MIN_LENGTH = 8;

/**
 * Removes credentials and token values from text that came from a vendor
 * (error messages, titles) before it goes into a `TokenError`: vendors
 * sometimes echo what they were sent. It knows the credential, the token
 * values this provider has returned lately, and the vendor's token patterns.
 */
export class Redactor {
  private readonly credentials: string[] = [];
  private readonly remembered = new Set<string>();

  constructor(private readonly patterns: readonly RegExp[] = []) {}

  /** Adds the credential, removed from every message for the provider's whole life. */
  addCredential(value: string): void {
    if (value.length >= MIN_LENGTH && !this.credentials.includes(value)) this.credentials.push(value);
  }

  /** Adds a token value the vendor returned, so a later error that echoes it is scrubbed too. */
  remember(value: string): void {
    if (value.length < MIN_LENGTH || this.remembered.has(value)) return;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.delete(this.remembered.values().next().value as string);
    this.remembered.add(value);
  }

  /** Returns `text` with every known secret replaced by `[REDACTED]`. */
  scrub(text: string): string {
    let out = text;
    for (const literal of [...this.credentials, ...this.remembered]) if (out.includes(literal)) out = out.split(literal).join(REDACTED_TEXT);
    for (const pattern of this.patterns) out = out.replace(globalOf(pattern), REDACTED_TEXT);
    return out;
  }
}

function globalOf(pattern: RegExp): RegExp {
  return pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}
