import type { FieldIssue } from '../errors';
import { describeActual } from '../codecs';

/**
 * Checks of the extra headers a caller passes (the factory's `headers` and a
 * call's `headers`). Values are never echoed in an issue: a header may carry
 * a credential.
 */

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A value is visible ASCII, spaces and tabs: CR, LF or NUL would be a header
// injection, and anything past ASCII goes on the wire as something else.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** True when `value` can go on the wire as a header value as it is. */
export function isHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}

/**
 * Headers that frame or route the request (the library and Node set them);
 * a caller's value would be silently dropped or break the request.
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/**
 * Problems with `headers` as extra request headers: not an object of strings,
 * a malformed name or value, or a reserved header (framing headers, and
 * `credentialHeader`, which only the provider's credential fills).
 */
export function headerIssues(headers: unknown, path: string, credentialHeader?: string): FieldIssue[] {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return [{ path, message: `expected an object of header names to strings, got ${describeActual(headers)}` }];
  }
  const credential = credentialHeader?.toLowerCase();
  return Object.entries(headers).flatMap(([name, value]): FieldIssue[] => {
    if (!HEADER_NAME.test(name)) return [{ path, message: 'a header name holds characters a header name cannot' }];
    const lower = name.toLowerCase();
    if (lower === credential) return [{ path: `${path}.${name}`, message: 'is the credential header, which only the provider sets (pass the credential to the factory)' }];
    if (RESERVED_HEADERS.has(lower)) return [{ path: `${path}.${name}`, message: 'is set by the HTTP layer and cannot be overridden' }];
    if (typeof value !== 'string') return [{ path: `${path}.${name}`, message: `expected a string, got ${describeActual(value)}` }];
    return isHeaderValue(value) ? [] : [{ path: `${path}.${name}`, message: 'must hold only visible ASCII, spaces and tabs (no line breaks, NUL or other control characters)' }];
  });
}

/** `headers` with lower-cased names, the form the transport compares and sends. */
export function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

/** The headers a transport puts on its requests, worked out once (names lower-cased). */
export interface RequestHeaders {
  /** What the library sets: the vendor's headers (`Accept`, version headers), never the credential header. */
  readonly library: Readonly<Record<string, string>>;
  /** What every request to the provider carries: the User-Agent, under the caller's headers, under the library's. */
  readonly fixed: Readonly<Record<string, string>>;
  /** What the escape hatch adds to a request to the provider's origin that does not set it already: the User-Agent and the caller's headers. */
  readonly escapeHatch: Readonly<Record<string, string>>;
  /** What a followed redirect carries: the library's headers and the library's User-Agent. */
  readonly redirect: Readonly<Record<string, string>>;
  /** The only header names a followed redirect may carry (Node adds its own `Host` and the like). */
  readonly redirectAllowed: ReadonlySet<string>;
}

/** Works out a transport's {@link RequestHeaders}. */
export function requestHeaders(
  credentialHeader: string,
  vendorHeaders: Readonly<Record<string, string>>,
  callerHeaders: Readonly<Record<string, string>>,
  userAgent: string,
): RequestHeaders {
  const library = lowerKeys(vendorHeaders);
  delete library[credentialHeader.toLowerCase()];
  const caller = lowerKeys(callerHeaders);
  return {
    library,
    fixed: { 'user-agent': userAgent, ...caller, ...library },
    escapeHatch: { 'user-agent': userAgent, ...caller },
    redirect: { accept: 'application/json', 'user-agent': userAgent, ...library },
    redirectAllowed: new Set([...Object.keys(library), 'accept', 'user-agent', 'accept-encoding']),
  };
}
