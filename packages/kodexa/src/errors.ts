import * as E from 'fp-ts/Either';
import { type FieldIssue, type TokenErrorTag, type VendorErrorInfo, type VendorErrorInput, summarizeIssues } from '@tokenbridge/core';
import { type KodexaErrorBody, KodexaErrorIssuesC, KodexaErrorScalarsC } from './codecs';

/**
 * Kodexa's error answers -> {@link VendorErrorInfo}. Kodexa has no error
 * codes, only statuses; its bodies are the legacy `ExceptionResponse`, a
 * Zalando problem (401/403) or, on the v2 API, RFC 9457 problem details.
 */

/** The tag of each status the vendor notes list; other statuses fall back to the transport's mapping. */
const STATUS_TAGS: Readonly<Record<number, TokenErrorTag>> = {
  400: 'Validation',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'Conflict',
  422: 'Validation',
  429: 'RateLimited',
};

// Spring Security sends an unauthenticated browser-style request to its login
// page (or an OAuth entry point) instead of answering 401.
const LOGIN_PATH = /\/(login|signin|sign-in|oauth2?|sso)(\/|$)/i;

// What a Kodexa server answers (as a 500) when SQL names a column it lacks: the query was bad, not the server.
const BAD_QUERY = /column .* does not exist|SQLSTATE/i;

function nonBlank(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Decodes the parts of a body independently, so one malformed part does not hide the others. */
function readBody(body: unknown): KodexaErrorBody {
  const scalars = KodexaErrorScalarsC.decode(body);
  const issues = KodexaErrorIssuesC.decode(body);
  return { ...(E.isRight(scalars) ? scalars.right : {}), ...(E.isRight(issues) ? issues.right : {}) };
}

/** Field issues from a legacy `errors` map or a v2 list of problem items (warnings left out). */
export function issuesOf(body: KodexaErrorBody): FieldIssue[] {
  const errors = body.errors;
  if (errors === null || errors === undefined) return [];
  if (!Array.isArray(errors)) return Object.entries(errors).map(([path, message]) => ({ path, message }));
  return errors
    .filter((item) => item.severity?.toLowerCase() !== 'warning')
    .map((item) => ({
      path: nonBlank(item.field) ?? nonBlank(item.path) ?? nonBlank(item.pointer) ?? '(body)',
      message: nonBlank(item.message) ?? nonBlank(item.detail) ?? 'invalid',
    }));
}

/**
 * The request id for Kodexa's support desk: the legacy `incidentId`, a
 * `traceId`, or the problem's `instance` — unless that is merely the API
 * path of the request (as Spring fills it in), which identifies nothing.
 */
export function requestIdOf(body: KodexaErrorBody): string | undefined {
  const instance = nonBlank(body.instance);
  return nonBlank(body.incidentId) ?? nonBlank(body.traceId) ?? (instance !== undefined && !instance.startsWith('/api/') ? instance : undefined);
}

function loginRedirect(input: VendorErrorInput): VendorErrorInfo | undefined {
  if (input.status < 300 || input.status >= 400 || input.location === undefined || !LOGIN_PATH.test(input.location.pathname)) return undefined;
  return {
    tag: 'Unauthorized',
    message: `redirected (${input.status}) to a login page on ${input.location.origin}: Kodexa did not accept the API key; check apiKey and baseUrl`,
  };
}

/** Reads a Kodexa error answer. Never throws. */
export function parseKodexaError(input: VendorErrorInput): VendorErrorInfo {
  const redirect = loginRedirect(input);
  if (redirect !== undefined) return redirect;
  const body = readBody(input.body);
  const text = nonBlank(body.detail) ?? nonBlank(body.message) ?? nonBlank(body.title);
  const issues = issuesOf(body);
  const requestId = requestIdOf(body);
  const type = nonBlank(body.type);
  const badQuery = input.status === 500 && text !== undefined && BAD_QUERY.test(text);
  const tag = badQuery ? 'Validation' : STATUS_TAGS[input.status];
  const message = badQuery ? `Kodexa could not run the list query: ${text}` : text;
  return {
    ...(tag !== undefined ? { tag } : {}),
    ...(message !== undefined ? { message: issues.length > 0 ? `${message}: ${summarizeIssues(issues)}` : message } : {}),
    ...(issues.length > 0 ? { issues } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(type !== undefined && type !== 'about:blank' ? { code: type } : {}),
  };
}
