import {
  type FieldIssue,
  type VendorErrorInfo,
  type VendorErrorInput,
  errorInfo,
  isRecord,
  nonBlank,
  readFields,
  textOf,
} from '@tokenbridge/core';
import { KodexaErrorScalarsC } from './codecs';

/**
 * Kodexa's error answers -> {@link VendorErrorInfo}. Kodexa has no error
 * codes, only statuses, and each status means what the transport's status
 * mapping says (but a 500 about a bad query, below); its bodies are the legacy `ExceptionResponse`, a
 * Zalando `ThrowableProblem` (401/403) or, on the v2 API, RFC 9457 problem
 * details. Any JSON at all is read as far as it goes, each part on its own,
 * so one malformed part never hides the others (and nothing throws).
 */

// Spring Security sends an unauthenticated browser-style request to its login
// page (or an OAuth entry point) instead of answering 401.
const LOGIN_PATH = /\/(login|signin|sign-in|oauth2?|sso)(\/|$)/i;

// What a Kodexa server answers (as a 500) when SQL names a column it lacks: the query was bad, not the server.
const BAD_QUERY = /column .* does not exist|SQLSTATE/i;

type Scalars = ReturnType<typeof readScalars>;

function readScalars(body: unknown) {
  return readFields(KodexaErrorScalarsC.props, body);
}

// Where a field error names its field, and says what is wrong, in the forms seen.
const ITEM_PATH_KEYS = ['field', 'path', 'pointer'] as const;
const ITEM_MESSAGE_KEYS = ['message', 'defaultMessage', 'detail', 'code'] as const;

function itemIssue(item: unknown, path: string | undefined): FieldIssue | undefined {
  if (isRecord(item) && textOf(item['severity'])?.toLowerCase() === 'warning') return undefined;
  const named = isRecord(item) ? ITEM_PATH_KEYS.map((key) => nonBlank(item[key])).find((p) => p !== undefined) : undefined;
  return { path: path ?? named ?? '(body)', message: textOf(item, ITEM_MESSAGE_KEYS) ?? 'invalid' };
}

/**
 * Field issues from a legacy `errors` map (each value a message, a list of
 * messages or an object) or a v2 list of problem items (warnings left out).
 * Any other JSON gives none.
 */
export function issuesOf(errors: unknown): FieldIssue[] {
  const issues = Array.isArray(errors)
    ? errors.map((item) => itemIssue(item, undefined))
    : isRecord(errors)
      ? Object.entries(errors).map(([path, value]) => itemIssue(value, path === '' ? '(body)' : path))
      : [];
  return issues.filter((issue): issue is FieldIssue => issue !== undefined);
}

/**
 * The request id for Kodexa's support desk: the legacy `incidentId`, a
 * `traceId`, or the problem's `instance` — unless that is merely the API
 * path of the request (as Spring fills it in), which identifies nothing.
 */
export function requestIdOf(body: Scalars): string | undefined {
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
  const body = readScalars(input.body);
  const text = nonBlank(body.detail) ?? nonBlank(body.message) ?? nonBlank(body.title);
  const type = nonBlank(body.type);
  const badQuery = input.status === 500 && text !== undefined && BAD_QUERY.test(text);
  return errorInfo({
    ...(badQuery ? { tag: 'Validation', text: `Kodexa could not run the list query: ${text}` } : { text }),
    issues: issuesOf(isRecord(input.body) ? input.body['errors'] : undefined),
    requestId: requestIdOf(body),
    code: type !== 'about:blank' ? type : undefined,
  });
}
