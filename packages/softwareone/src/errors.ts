import {
  type FieldIssue,
  type TokenErrorTag,
  type VendorErrorInfo,
  type VendorErrorInput,
  isRecord,
  nonBlank,
  readFields,
  summarizeIssues,
  textOf,
} from '@tokenbridge/core';
import { ProblemHeadC } from './codecs';

/**
 * The vendor's statuses and what they mean (the platform has no error codes
 * of its own beyond the status): one table, handed to the transport with
 * {@link parseSoftwareOneError}. Statuses not listed keep the transport's
 * default mapping (5xx → Server, other 4xx → Validation).
 */
export const STATUS_TAGS: Readonly<Record<number, TokenErrorTag>> = {
  400: 'Validation', // validation, invalid RQL ("Unknown expression group"), enable/disable in the wrong state (INF)
  401: 'Unauthorized', // missing, invalid, disabled or deleted token
  403: 'Forbidden', // authenticated, but the token's modules or account do not allow it
  404: 'NotFound',
  409: 'Conflict', // state conflict, e.g. enabling an Active token
  415: 'Validation', // wrong media type
};

const ROOT = new Set(['', '$']);

function pathOf(properties: unknown): string {
  const named = Array.isArray(properties) ? properties.map((p) => nonBlank(p)).filter((p): p is string => p !== undefined) : [nonBlank(properties)].filter((p): p is string => p !== undefined);
  return named.length > 0 ? named.join(', ') : '(root)';
}

/**
 * The field issues of a problem's `errors` — a field → messages map or a
 * list of `{message, properties, id}` — and the first item id of the list
 * form (the nearest thing to a code). Any other JSON gives none; a value of
 * an unexpected type gives what text it holds.
 */
function readErrors(errors: unknown): { issues: FieldIssue[]; code?: string } {
  if (Array.isArray(errors)) {
    const code = errors.map((item) => (isRecord(item) ? nonBlank(item['id']) : undefined)).find((id) => id !== undefined);
    const issues = errors.map((item) => ({
      path: isRecord(item) ? pathOf(item['properties']) : '(root)',
      message: textOf(item, ['message', 'detail', 'title']) ?? 'invalid',
    }));
    return { issues, ...(code !== undefined ? { code } : {}) };
  }
  if (!isRecord(errors)) return { issues: [] };
  const issues = Object.entries(errors).flatMap(([field, messages]) => {
    // A field listed without messages (null, as the platform may send) names no problem.
    if (messages === null || messages === undefined) return [];
    const path = ROOT.has(field) ? '(root)' : field;
    const list: unknown[] = Array.isArray(messages) ? messages : [messages];
    const texts = list.map((m) => textOf(m)).filter((m): m is string => m !== undefined);
    return (texts.length > 0 ? texts : ['invalid']).map((message) => ({ path, message }));
  });
  return { issues };
}

/**
 * Reads a SoftwareOne error answer: an RFC 7807 body with `title`, `detail`,
 * `traceId` and `errors` either as a field → messages map or as a list of
 * `{message, properties, id}`. Any JSON is read as far as it goes, each
 * field on its own (a null or malformed one leaves the others); a body that
 * is not JSON leaves everything to the status. The transport removes secrets.
 */
export function parseSoftwareOneError(input: VendorErrorInput): VendorErrorInfo {
  const tag = STATUS_TAGS[input.status];
  const problem = readFields(ProblemHeadC.props, input.body);
  const { issues, code } = readErrors(isRecord(input.body) ? input.body['errors'] : undefined);
  const text = nonBlank(problem.detail) ?? nonBlank(problem.title);
  const message = text === undefined ? undefined : issues.length > 0 ? `${text}: ${summarizeIssues(issues)}` : text;
  const requestId = nonBlank(problem.traceId);
  return {
    ...(tag !== undefined ? { tag } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(issues.length > 0 ? { issues } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}
