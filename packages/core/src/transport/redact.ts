import { REDACTED_TEXT } from '../secret';

/**
 * Removes credentials and token values from text that came from a vendor
 * (error messages, titles) before it goes into a `TokenError`. Vendors
 * sometimes echo what they were sent.
 */
export class Redactor {
  private readonly literals: string[] = [];

  constructor(private readonly patterns: readonly RegExp[] = []) {}

  /** Adds a literal value to remove (the credential). Very short values are skipped: they would mangle ordinary words. */
  addLiteral(value: string): void {
    if (value.length >= 8 && !this.literals.includes(value)) this.literals.push(value);
  }

  /** Returns `text` with every known secret replaced by `[REDACTED]`. */
  scrub(text: string): string {
    let out = text;
    for (const literal of this.literals) out = out.split(literal).join(REDACTED_TEXT);
    for (const pattern of this.patterns) out = out.replace(globalOf(pattern), REDACTED_TEXT);
    return out;
  }
}

function globalOf(pattern: RegExp): RegExp {
  return pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}
