import axios from 'axios';
import { summarizeIssues } from '../codecs';
import { type ErrorContext, type TokenError, type TokenErrorTag, TokenErrors, errorOfTag } from '../errors';
import type { VendorErrorInfo, VendorErrorInput, VendorErrorParser } from './request';
import { type RateLimitHeaderNames, requestedWait } from './retry-after';
import { NOT_SENT_CODES } from './retry-policy';

/**
 * What went wrong, as a {@link TokenError}: an answer that is not a 2xx
 * (status, headers and what the adapter's parser read from the body) and a
 * request that got no answer (connection errors). Pure: the caller has
 * parsed the body and the wait headers.
 */

/** The tag a status gives when the vendor's body names none. */
export function tagForStatus(status: number): TokenErrorTag {
  if (status >= 300 && status < 400) return 'Network';
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
    case 410:
      return 'NotFound';
    case 409:
    case 412:
      return 'Conflict';
    case 429:
      return 'RateLimited';
  }
  if (status === 408 || status >= 500) return 'Server';
  return 'Validation';
}

/** The adapter's reading of an error answer; a parser that throws (a bug) reads as nothing, so the status still speaks. */
export function vendorInfo(parser: VendorErrorParser | undefined, input: VendorErrorInput): VendorErrorInfo {
  try {
    return parser?.(input) ?? {};
  } catch {
    return {};
  }
}

/** An answer that is not a 2xx, as {@link errorOfAnswer} needs it. */
export interface FailedAnswer {
  readonly status: number;
  /** Lower-cased response headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether there was a body that was not JSON (a proxy's error page). */
  readonly notJson: boolean;
  /** The redirect target of a 3xx. */
  readonly location?: URL;
  /** What the adapter's parser read from the body. */
  readonly info: VendorErrorInfo;
  /** The header carrying the vendor's request id. */
  readonly requestIdHeader?: string;
  /** The wait the answer asked for (a 429's or 503's `Retry-After` or reset header). */
  readonly waitMs?: number;
}

/**
 * The error an answer that is not a 2xx stands for: the vendor's tag, code
 * and message where its body gave them, else the status's. A 3xx is a
 * `Network` error coded `REDIRECT`, never worth repeating.
 */
export function errorOfAnswer(ctx: ErrorContext, answer: FailedAnswer): TokenError {
  const { status, headers, info } = answer;
  const tag = info.tag ?? tagForStatus(status);
  const requestId = info.requestId ?? (answer.requestIdHeader ? headers[answer.requestIdHeader.toLowerCase()] : undefined);
  const issues = info.issues;
  const detail = info.message !== undefined ? info.message : defaultMessage(status, answer.location, answer.notJson);
  const message = issues && issues.length > 0 && info.message === undefined ? `${detail}: ${summarizeIssues(issues)}` : detail;
  return errorOfTag(tag, ctx, message, {
    status,
    ...(info.code !== undefined ? { vendorCode: info.code } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(issues ? { issues } : {}),
    ...(info.currentVersion !== undefined ? { currentVersion: info.currentVersion } : {}),
    ...(answer.waitMs !== undefined ? { retryAfterMs: answer.waitMs } : {}),
    ...(info.retryable !== undefined ? { retryable: info.retryable } : {}),
    ...(status >= 300 && status < 400 ? { code: 'REDIRECT', retryable: false } : {}),
  });
}

/** What the adapter tells classification about its vendor. */
export interface ErrorSources {
  readonly parseError?: VendorErrorParser;
  readonly requestIdHeader?: string;
  readonly rateLimitHeaders?: RateLimitHeaderNames;
}

/** An answer that is not a 2xx, as it came. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (`''` when it was not text). */
  readonly text: string;
  /** The body's JSON, or `undefined`. */
  readonly parsed: unknown;
  readonly location?: URL;
}

/**
 * Classifies an answer at `nowMs` (a date in `Retry-After` is read against
 * it): the adapter's parser, the wait asked for, then {@link errorOfAnswer}.
 * The parser's reading and the wait come back too, for the retry decision.
 */
export function classifyAnswer(
  ctx: ErrorContext,
  sources: ErrorSources,
  nowMs: number,
  answer: RawAnswer,
): { readonly error: TokenError; readonly info: VendorErrorInfo; readonly waitMs: number | undefined } {
  const { status, headers, parsed, location } = answer;
  const info = vendorInfo(sources.parseError, { status, body: parsed, headers, ...(location ? { location } : {}) });
  const waitMs = requestedWait(status, headers, nowMs, sources.rateLimitHeaders);
  const error = errorOfAnswer(ctx, {
    status,
    headers,
    notJson: parsed === undefined && answer.text !== '',
    ...(location ? { location } : {}),
    info,
    ...(sources.requestIdHeader !== undefined ? { requestIdHeader: sources.requestIdHeader } : {}),
    ...(waitMs !== undefined ? { waitMs } : {}),
  });
  return { error, info, waitMs };
}

function defaultMessage(status: number, location: URL | undefined, notJson: boolean): string {
  if (status >= 300 && status < 400) {
    return location
      ? `redirected (${status}) to ${location.origin}; not followed, so the credential stays here (check baseUrl)`
      : `redirected (${status}) without a target`;
  }
  return `HTTP ${status}${notJson ? ' (the body was not JSON, e.g. a proxy error page)' : ''}`;
}

/** A request that got no answer, by its system error code. */
export interface FailureInfo {
  readonly code: string;
  /** The connection was never made, so the server cannot have acted. */
  readonly notSent: boolean;
  /** The answer passed the size limit. */
  readonly tooLarge: boolean;
}

/** Reads what axios (or Node beneath it) threw. */
export function classifyFailure(error: unknown): FailureInfo {
  const code = (axios.isAxiosError(error) ? error.code : (error as { code?: unknown } | undefined)?.code) ?? 'UNKNOWN';
  const message = error instanceof Error ? error.message : '';
  const tooLarge = code === 'ERR_BAD_RESPONSE' && message.startsWith('maxContentLength');
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const effective = typeof cause === 'string' && code === 'UNKNOWN' ? cause : String(code);
  return { code: effective, notSent: NOT_SENT_CODES.has(effective), tooLarge };
}

const NETWORK_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  ERR_BAD_RESPONSE: 'connection dropped while reading the answer',
};

/** The `Network` error of a request that got no answer. */
export function networkError(ctx: ErrorContext, failure: FailureInfo): TokenError {
  const what = NETWORK_DESCRIPTIONS[failure.code] ?? 'network failure';
  return TokenErrors.network(ctx, `${what} (${failure.code})`, { code: failure.code });
}
