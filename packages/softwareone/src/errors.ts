import * as E from 'fp-ts/Either';
import { type FieldIssue, type TokenErrorTag, type VendorErrorInfo, type VendorErrorInput, summarizeIssues } from '@tokenbridge/core';
import { ProblemErrorsC, ProblemHeadC } from './codecs';

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

/** The field issues of a problem's `errors`, and the first item id of the list form (the nearest thing to a code). */
function readErrors(errors: unknown): { issues: FieldIssue[]; code?: string } {
  if (errors === undefined) return { issues: [] };
  const decoded = ProblemErrorsC.decode(errors);
  if (E.isLeft(decoded)) return { issues: [] };
  const value = decoded.right;
  if (Array.isArray(value)) {
    const code = value.find((item) => item.id !== undefined)?.id;
    const issues = value.map((item) => ({ path: item.properties && item.properties.length > 0 ? item.properties.join(', ') : '(root)', message: item.message }));
    return { issues, ...(code !== undefined ? { code } : {}) };
  }
  const issues = Object.entries(value).flatMap(([path, messages]) =>
    messages.map((message) => ({ path: path === '' || path === '$' ? '(root)' : path, message })),
  );
  return { issues };
}

/**
 * Reads a SoftwareOne error answer: an RFC 7807 body with `title`, `detail`,
 * `traceId` and `errors` either as a field → messages map or as a list of
 * `{message, properties, id}`. A body that is not JSON, or not a problem,
 * leaves everything to the status. The transport removes secrets from the text.
 */
export function parseSoftwareOneError(input: VendorErrorInput): VendorErrorInfo {
  const tag = STATUS_TAGS[input.status];
  const head = ProblemHeadC.decode(input.body);
  if (E.isLeft(head)) return tag !== undefined ? { tag } : {};
  const problem = head.right;
  const { issues, code } = readErrors((input.body as { errors?: unknown }).errors);
  const text = problem.detail ?? problem.title;
  const message = text === undefined ? undefined : issues.length > 0 ? `${text}: ${summarizeIssues(issues)}` : text;
  return {
    ...(tag !== undefined ? { tag } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(issues.length > 0 ? { issues } : {}),
    ...(problem.traceId !== undefined ? { requestId: problem.traceId } : {}),
  };
}
