/**
 * Building SoftwareOne's RQL query strings. The filter is a bare expression in
 * the query string (`?and(eq(status,Active),ilike(name,*ci*))&limit=50`),
 * never a named parameter; the server percent-decodes each `&`-separated part
 * before parsing it.
 */

/** A literal the server reads as data inside an RQL string literal. */
export interface RqlLiteral {
  /** The literal with its delimiters, ready for an expression (not yet percent-encoded). */
  readonly text: string;
  /**
   * Whether the literal had to widen the value (a `"` became the `*` wildcard
   * because the value holds both quote characters, which no RQL literal can
   * carry), so the server's answer is a superset to narrow on the client.
   */
  readonly widened: boolean;
}

/**
 * The `ilike` pattern matching `value` anywhere in a field, literally: `\` and
 * the wildcard `*` are backslash-escaped, and the value is wrapped in `*…*`.
 *
 * An RQL string literal is delimited by `"` or `'` and ends at the first
 * delimiter character (a backslash does not protect it), so the delimiter is
 * chosen per value: `"` unless the value holds one, else `'`. A value holding
 * both cannot be expressed; each `"` then becomes `*` and the literal is marked
 * {@link RqlLiteral.widened}.
 */
export function containsPattern(value: string): RqlLiteral {
  const escaped = value.replace(/[\\*]/g, (c) => `\\${c}`);
  if (!escaped.includes('"')) return { text: `"*${escaped}*"`, widened: false };
  if (!escaped.includes("'")) return { text: `'*${escaped}*'`, widened: false };
  return { text: `"*${escaped.replace(/"/g, '*')}*"`, widened: true };
}

// Left readable: RQL syntax and unreserved characters. Everything else in an
// expression (space, quotes, backslash, &, =, +, %, #, non-ASCII) is
// percent-encoded so it reaches the RQL parser as data after decoding.
const RQL_SAFE = /[A-Za-z0-9\-._~(),*]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes an RQL expression for the query string, keeping its syntax readable. */
export function encodeRqlExpression(expression: string): string {
  let out = '';
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws); it becomes U+FFFD.
  for (const char of expression.replace(LONE_SURROGATE, '\uFFFD')) out += RQL_SAFE.test(char) ? char : encodeURIComponent(char);
  return out;
}
